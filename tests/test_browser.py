"""The web pages in a real browser: Debian's chromium, driven headless by Playwright.

Starts ``tomtat serve`` on a free port with a temporary SQLite database, then pastes the
example story into the summarize page, clicks a citation and checks that the source
article opens with the supporting sentence highlighted; and does the same through the
stories page after posting the articles to the API. Set ``TOMTAT_SCREENSHOT=1`` to write
the screenshots in ``docs/`` (off by default so test runs do not change the tree).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tomtat.readers import read_inputs
from tomtat.rendering.stories import display_date

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
        allow_module_level=True,
    )
try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:
    pytest.skip(
        "browser tests need Playwright (pip install playwright; the browser is Debian's)",
        allow_module_level=True,
    )

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sat-lo-song-may"
DOCS = ROOT / "docs"
SCREENSHOTS = os.environ.get("TOMTAT_SCREENSHOT") == "1"
PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
SLOW = 90_000  # ms: the first summary loads models and may share 2 cores with other tests


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a ``tomtat serve`` process with an empty SQLite store."""
    tmp = tmp_path_factory.mktemp("serve")
    port = _free_port()
    log = (tmp / "serve.log").open("w+", encoding="utf-8")
    command = [sys.executable, "-c", "from tomtat.cli import main; main()", "serve"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    command += ["--db", f"sqlite:///{tmp / 'tomtat.sqlite'}"]
    command += ["--allow-private-urls"]  # the example site below is served on 127.0.0.1
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=tmp, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"tomtat serve exited with {process.returncode}:\n{log.read()}")
            try:
                with urllib.request.urlopen(f"{base}/docs", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail("tomtat serve did not answer on /docs within 60 s")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def example_site() -> Iterator[str]:
    """Base URL of a loopback web server serving the example folder (a "news site")."""
    handler = functools.partial(_QuietHandler, directory=str(EXAMPLE))
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site.server_address[1]}"
    site.shutdown()
    site.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _articles() -> list:
    articles = read_inputs([EXAMPLE]).articles
    assert len(articles) == 5
    return articles


def _pasted_text() -> str:
    """The example articles as a user pastes them: one after another, ``---`` between."""
    parts = ["\n".join(p for p in (a.title, a.lead, a.text) if p) for a in _articles()]
    return "\n---\n".join(parts)


def _fold(text: str) -> str:
    """Compare texts as a reader would: NFC, no case, no word-segmentation underscores."""
    text = unicodedata.normalize("NFC", text).replace("_", " ").lower()
    return " ".join(re.findall(r"\w+", text))


def _no_horizontal_scroll(page: Page) -> None:
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide at {PHONE['width']}px"
    page.set_viewport_size(DESKTOP)


def _check_highlight(page: Page, cited: str, *, exact: bool = False) -> None:
    """The article panel is open and the cited sentence is marked and scrolled into view;
    ``exact``: the marked span is the sentence itself (offsets into the stored text)."""
    panel = page.locator("#panel")
    expect(panel).to_be_visible()
    mark = page.locator("#panel-body mark")
    expect(mark).to_have_count(1)
    expect(mark).to_be_visible()
    expect(mark).to_be_in_viewport()
    marked = mark.inner_text()
    if exact:
        assert _fold(marked) == _fold(cited), (cited, marked)
    else:
        assert _fold(cited) in _fold(marked) or _fold(marked) in _fold(cited), (cited, marked)


def test_summarize_page_highlights_cited_sentence(server: str, page: Page) -> None:
    page.goto(f"{server}/")
    expect(page.locator("h1")).to_contain_text("Tóm tắt")

    page.get_by_role(
        "button", name="Tóm tắt", exact=True
    ).click()  # nothing given: a message, no call
    expect(page.locator("#error")).to_be_visible()
    expect(page.locator("#error")).to_contain_text("bài báo")

    page.locator("#articles").fill(_pasted_text())
    page.get_by_role("button", name="Tóm tắt", exact=True).click()
    first = page.locator("#summary .sentence").first
    expect(first).to_be_visible(timeout=SLOW)
    expect(page.locator("#error")).to_be_hidden()
    expect(page.locator("#sources li")).to_have_count(5)
    summary = page.locator("#summary").inner_text()
    assert "Sông Mây" in summary and "[1]" in summary

    cited = first.inner_text()
    page.locator("#summary .cite").first.click()
    _check_highlight(page, cited)
    if SCREENSHOTS:
        page.screenshot(path=str(DOCS / "screenshot-summarize.png"))

    _no_horizontal_scroll(page)  # with the article panel open
    page.keyboard.press("Escape")
    expect(page.locator("#panel")).to_be_hidden()
    _no_horizontal_scroll(page)


def _story_count(server: str) -> int:
    with urllib.request.urlopen(f"{server}/api/stories?limit=1000", timeout=60) as response:
        return len(json.load(response)["stories"])


def test_summarize_page_reads_files_and_urls(server: str, example_site: str, page: Page) -> None:
    stories = _story_count(server)
    page.goto(f"{server}/")
    page.locator("#files").set_input_files(
        [EXAMPLE / "01-tin-nhanh.txt", EXAMPLE / "04-phat-thanh.json"]
    )
    expect(page.locator("#file-list li")).to_have_count(2)
    page.locator("#urls").fill(f"{example_site}/03-bao-dien-tu.html")
    page.get_by_role("button", name="Tóm tắt", exact=True).click()
    expect(page.locator("#summary .sentence").first).to_be_visible(timeout=SLOW)
    expect(page.locator("#error")).to_be_hidden()
    sources = page.locator("#sources li")
    expect(sources).to_have_count(3)
    expect(sources.nth(1)).to_contain_text("Tìm thấy thêm một nạn nhân")  # the JSON's title

    for n in range(page.locator("#summary .cite").count()):
        page.locator("#summary .cite").nth(n).click()
        expect(page.locator("#panel mark")).to_be_visible()
        page.keyboard.press("Escape")
    assert _story_count(server) == stories  # the URL was read, not stored


def test_stories_list_shows_more_on_request(server: str, page: Page) -> None:
    asked: list[int] = []

    def answer(route: Any) -> None:  # a store of 105 stories, without storing them
        offset = int(parse_qs(urlsplit(route.request.url).query)["offset"][0])
        asked.append(offset)
        stories = [
            {"id": f"s{n}", "title": f"Câu chuyện {n}", "size": 1, "documents": [f"a{n}"]}
            for n in range(offset, min(offset + 100, 105))
        ]
        route.fulfill(json={"stories": stories})

    page.route("**/api/stories?*", answer)
    page.goto(f"{server}/stories")
    expect(page.locator("#stories li")).to_have_count(100)
    more = page.locator("#more-stories")
    more.click()
    expect(page.locator("#stories li")).to_have_count(105)
    expect(page.locator("#stories li").last).to_contain_text("Câu chuyện 104")
    expect(more).to_be_hidden()
    assert asked == [0, 100]


def test_times_with_an_offset_are_shown_in_vietnam_time(server: str, page: Page) -> None:
    page.goto(f"{server}/stories")
    for value, shown in [
        ("2024-11-14T23:00:00+07:00", "14/11/2024 23:00"),
        ("2024-11-14T23:00:00", "14/11/2024 23:00"),  # naive: Vietnam time already
        ("2026-11-22T23:16:40.217166+00:00", "23/11/2026 06:16"),
        ("2024-11-14T20:30:00-05:00", "15/11/2024 08:30"),
        ("2024-11-14T17:10:00Z", "15/11/2024 00:10"),
        ("2024-11-14", "14/11/2024"),
        ("2024-11-14T00:00:00", "14/11/2024"),
    ]:
        assert page.evaluate(f"formatDate({value!r})") == shown, value


def _post(url: str, body: object) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.load(response)


def test_stories_page_shows_story_with_highlighted_citation(server: str, page: Page) -> None:
    articles = [
        {
            "id": a.id,
            "title": a.title,
            "lead": a.lead,
            "text": a.text,
            "source": a.source,
            "url": a.url,
            "published": a.published.isoformat() if a.published else None,
        }
        for a in _articles()
    ]
    added = _post(f"{server}/api/articles", articles)["articles"]
    assert len(added) == 5

    page.goto(f"{server}/stories")
    link = page.locator("#stories .story-link").first
    expect(link).to_be_visible()
    expect(page.locator("#stories li").first).to_contain_text("bài")
    _no_horizontal_scroll(page)

    link.click()
    expect(page).to_have_url(re.compile(r"/stories/[^/]+$"))
    first = page.locator("#story-summary .sentence").first
    expect(first).to_be_visible(timeout=SLOW)
    expect(page.locator("#timeline li").first).to_be_visible()
    expect(page.locator("#timeline time").first).not_to_be_empty()
    expect(page.locator("#story-sources li").first).to_be_visible()
    # dates read as in the Markdown digest (rendering.stories.display_date)
    for iso, precision, part in [
        ("2023-09-04", "day", None),
        ("--09-04", "day", None),
        ("2023-07", "month", None),
        ("2022", "year", "late"),
        ("--09", "month", "early"),
    ]:
        shown = page.evaluate(f"timelineDate({iso!r}, {part or ''!r})")
        assert shown == display_date({"date": iso, "precision": precision, "part": part})

    cited = first.inner_text()
    page.locator("#story-summary .cite").first.click()
    _check_highlight(page, cited, exact=True)
    if SCREENSHOTS:
        page.screenshot(path=str(DOCS / "screenshot-stories.png"))
    _no_horizontal_scroll(page)


def test_stories_page_add_form(server: str, page: Page) -> None:
    pasted = (
        "Giá vàng miếng tăng mạnh phiên sáng nay\n\n"
        "Giá vàng miếng sáng nay tăng mạnh. Người dân xếp hàng mua vàng từ sớm. "
        "Ngân hàng Nhà nước cho biết sẽ theo dõi sát thị trường vàng."
    )
    page.goto(f"{server}/stories")
    page.locator("#add summary").click()
    page.get_by_role("button", name="Thêm", exact=True).click()  # nothing given
    expect(page.locator("#error")).to_be_visible()
    page.locator("#add-text").fill(pasted)
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.locator("#status")).to_contain_text("Đã thêm 1 bài")
    expect(page.locator("#error")).to_be_hidden()
    expect(page.locator("#stories li", has_text="Giá vàng")).to_contain_text("1 bài")


def test_article_text_is_shown_as_text_never_as_html(server: str, page: Page) -> None:
    markup = "<img src=x onerror=window.pwned=1><b>đậm</b>"
    # tags in a title are read as the text they show; escaped, they are the title's text
    escaped = markup.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    article = {
        "title": f"Tiêu đề {escaped}",
        "source": f"Báo {markup}",
        "text": "Học sinh nghỉ học vì rét đậm. Nhiệt độ xuống dưới 10 độ C ở vùng núi. "
        "Các trường được phép cho học sinh nghỉ khi trời quá lạnh.",
    }
    _post(f"{server}/api/articles", article)
    page.goto(f"{server}/stories")
    item = page.locator("#stories li", has_text="Tiêu đề")
    expect(item).to_contain_text(markup)
    item.locator(".story-link").click()
    expect(page.locator("#story-title")).to_contain_text(markup)
    page.locator("#story-sources button.link").first.click()
    expect(page.locator("#panel-title")).to_contain_text(markup)
    expect(page.locator("#panel-meta")).to_contain_text(markup)
    assert page.locator("main img, #panel img, b").count() == 0
    assert page.evaluate("window.pwned") is None


def test_citations_mark_the_sentence_after_emoji(server: str, page: Page) -> None:
    # the service counts code points, JavaScript strings count 🔥 as two units
    text = (
        "🔥🔥 Tối 14/10, một vụ cháy lớn xảy ra tại chung cư mini ở quận Thanh Xuân, Hà Nội 😢. "
        "Lực lượng cứu hỏa đã có mặt sau 10 phút và khống chế đám cháy sau 2 giờ. "
        "Vụ cháy làm 3 người bị thương 𠀀, được đưa đến bệnh viện cấp cứu kịp thời. "
        "Nguyên nhân vụ cháy đang được cơ quan chức năng điều tra làm rõ."
    )
    article = {"id": "chay-em", "title": "Cháy chung cư mini ở Thanh Xuân", "text": text,
               "published": "2024-10-14T22:00:00+07:00"}  # fmt: skip
    (story_id,) = {a["story"] for a in _post(f"{server}/api/articles", article)["articles"]}
    page.goto(f"{server}/stories/{story_id}")
    sentences = page.locator("#story-summary .sentence")
    expect(sentences.first).to_be_visible(timeout=SLOW)
    assert sentences.count() >= 3
    for k in range(sentences.count()):
        cited = sentences.nth(k).inner_text()
        page.locator("#story-summary .cite").nth(k).click()
        mark = page.locator("#panel-body mark")
        expect(mark).to_have_count(1)
        assert mark.inner_text() == cited
        page.locator("#panel .close").click()
    # the summarize page converts the same way; spans past the text are no span
    convert = "([t, a, b]) => spanInText(t, {start: a, end: b})"
    assert page.evaluate(convert, ["🔥ab😢c", 1, 3]) == {"start": 2, "end": 4}
    assert page.evaluate(convert, ["🔥ab😢c", 3, 5]) == {"start": 4, "end": 7}
    assert page.evaluate(convert, ["🔥ab", 1, 4]) is None
    assert page.evaluate(convert, ["abc", 1, 2]) == {"start": 1, "end": 2}
