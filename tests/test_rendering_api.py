"""The public surface: JSON and Markdown renderings, input types of ``summarize``, ``Budget``
validation, and a light ``import tomtat``."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

import tomtat
from tomtat import Article, Budget, InputError, Summary, summarize
from tomtat.errors import TomtatError
from tomtat.rendering import FORMATS, render
from tomtat.summarizers import DEFAULT_METHOD

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sat-lo-song-may"

RAIN = "Mưa lớn kéo dài ba ngày khiến nhiều xã ở huyện Sông Mây chìm trong nước lũ."
BODY = "Lực lượng cứu hộ đã tìm thấy thi thể ông Hà Văn Tính dưới lớp đất đá dày gần 3 m."
ROAD = "Tỉnh lộ 719 đã thông xe hoàn toàn từ chiều ngày 16/11 sau nhiều ngày bị chia cắt."


@pytest.fixture(scope="module")
def example() -> Summary:
    return summarize([EXAMPLE], budget=180)


# -- JSON ------------------------------------------------------------------------------------


def test_json_has_exactly_the_documented_keys(example):
    data = json.loads(render(example, "json"))
    assert set(data) == {"summary", "sentences", "documents", "method", "budget", "warnings"}
    assert data["summary"] == example.text == " ".join(s["text"] for s in data["sentences"])
    assert data["method"] == DEFAULT_METHOD
    assert data["budget"] == {"limit": 180, "unit": "syllables"}
    assert isinstance(data["warnings"], list)
    assert data["sentences"]
    for s in data["sentences"]:
        assert set(s) == {"text", "sources"}
        assert isinstance(s["text"], str) and s["text"]
        assert s["sources"]
        for c in s["sources"]:
            assert set(c) == {"document", "start", "end"}
            assert isinstance(c["document"], str)
            assert isinstance(c["start"], int) and isinstance(c["end"], int)
    assert len(data["documents"]) == 5
    for d in data["documents"]:
        assert set(d) == {"id", "title", "source", "url", "published"}
        if d["published"] is not None:
            datetime.fromisoformat(d["published"])


def test_json_offsets_index_the_document_text(example):
    data = json.loads(render(example, "json"))
    texts = {d.id: d.text for d in example.documents}
    assert [d["id"] for d in data["documents"]] == [d.id for d in example.documents]
    for s in data["sentences"]:
        first = s["sources"][0]
        assert texts[first["document"]][first["start"] : first["end"]] == s["text"]


def test_json_keeps_vietnamese_readable(example):
    out = render(example, "json")
    assert "\\u" not in out
    assert "Sông Mây" in out


def test_json_of_a_summary_with_published_times(example):
    data = json.loads(render(example, "json"))
    published = {d["id"]: d["published"] for d in data["documents"]}
    assert published["03-bao-dien-tu"] == "2026-11-15T08:30:00+07:00"
    assert published["phat-thanh-1"] == "2026-11-16T07:15:00"


# -- Markdown --------------------------------------------------------------------------------


def split_markdown(md: str) -> tuple[str, list[str]]:
    assert md.startswith("## Tóm tắt\n"), md
    body, _, rest = md.partition("## Nguồn")
    assert rest, md
    sources = rest.split("## Cảnh báo")[0]
    items = [line for line in sources.splitlines() if re.match(r"\d+\. ", line)]
    return body, items


def assert_markdown_citations(summary: Summary) -> None:
    md = render(summary, "markdown")
    body, items = split_markdown(md)
    numbers = [int(line.split(".", 1)[0]) for line in items]
    assert numbers == list(range(1, len(summary.documents) + 1)), items
    used = [int(k) for k in re.findall(r"\[(\d+)\]", body)]
    assert used, body
    assert set(used) <= set(numbers), (used, numbers)
    # each sentence is followed by the numbers of exactly the documents it cites
    number = {d.id: i + 1 for i, d in enumerate(summary.documents)}
    for s in summary.sentences:
        refs = "".join(f"[{number[c.document]}]" for c in s.sources)
        assert f"{s.text} {refs}" in body


def test_markdown_numbers_sources_and_cites_existing_ones(example):
    assert_markdown_citations(example)
    md = render(example, "markdown")
    for d in example.documents:
        assert (d.title or d.id) in md


def test_markdown_of_an_empty_summary_still_lists_sources():
    summary = summarize([RAIN, BODY], budget=1)
    assert summary.sentences == [] and summary.warnings
    md = render(summary, "markdown")
    body, items = split_markdown(md)
    assert not re.search(r"\[\d+\]", body)
    assert [line.split(".")[0] for line in items] == ["1", "2"]
    assert "## Cảnh báo" in md


def test_markdown_links_only_web_urls_and_keeps_them_whole():
    articles = [
        {"text": RAIN, "url": "javascript:alert(document.cookie)"},
        {"text": BODY, "url": "https://example.vn/a b<c>"},
    ]
    _, items = split_markdown(render(summarize(articles), "markdown"))
    assert "`javascript:alert(document.cookie)`" in items[0] and "<javascript" not in items[0]
    assert items[1].endswith("<https://example.vn/a%20b%3Cc%3E>")


def test_markdown_numbers_are_consecutive_when_ids_collide_after_renaming():
    summary = summarize(
        [{"id": "a", "text": RAIN}, {"id": "a", "text": BODY}, {"id": "a-2", "text": ROAD}]
    )
    ids = [d.id for d in summary.documents]
    assert len(set(ids)) == len(ids), ids
    assert_markdown_citations(summary)


def test_markdown_bracketed_numbers_in_article_text_are_not_citations():
    summary = summarize(["Theo báo cáo [12], lượng mưa tại trạm Sông Mây trong 48 giờ đạt 420 mm."])
    body, items = split_markdown(render(summary, "markdown"))
    used = {int(k) for k in re.findall(r"\[(\d+)\]", body)}
    assert used <= set(range(1, len(items) + 1)), (used, items)


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        ("2026-11-15T06:00:00+07:00", "15/11/2026 06:00"),
        ("2026-11-15T06:00:00", "15/11/2026 06:00"),  # naive: already Vietnam time
        # a UTC feed time is the next morning in Vietnam, not the evening before
        ("2025-11-14T23:00:00+00:00", "15/11/2025 06:00"),
        (datetime(2025, 11, 14, 23, 0, tzinfo=UTC), "15/11/2025 06:00"),
        ("hôm qua", "hôm qua"),  # not ISO: shown as given
    ],
)
def test_publication_times_read_in_vietnam_time(moment, shown):
    from tomtat.rendering.markdown import display_published

    assert display_published(moment) == shown


def test_markdown_lists_an_untitled_article_by_its_opening_words():
    text = (
        "Theo báo cáo [12] của trạm khí tượng, lượng mưa tại Sông Mây trong 48 giờ qua "
        "đạt 420 mm, cao nhất kể từ năm 2009."
    )
    summary = summarize([{"id": "tram-mua", "text": text}])
    assert summary.documents[0].title is None
    _, items = split_markdown(render(summary, "markdown"))
    opening = "Theo báo cáo \\[12\\] của trạm khí tượng, lượng mưa tại Sông…"  # 12 words
    assert items == [f"1. `tram-mua` “{opening}”"]


def test_markdown_shows_an_articles_own_markup_as_written():
    from markdown_it import MarkdownIt

    from tomtat.rendering.markdown import escape_markdown
    from tomtat.rendering.stories import story_markdown

    said = (
        "1. Lãnh đạo Cty A_B*C cho biết giá tăng 5*3 lần, xem [12] và `mã` trong báo cáo "
        "~~cũ~~ của nhóm M&A | phụ lục."
    )
    text = said + " Hàng nghìn hộ dân đã được hỗ trợ khẩn cấp trong đêm qua."
    summary = summarize(
        [{"id": "bai`1", "title": "Giá *điện* tăng", "source": "Báo_X", "text": text}],
        budget=100,
    )
    story = {
        "title": "Giá *điện* tăng",
        "documents": ["bai`1"],
        "sentences": summary.to_dict()["sentences"],
        "timeline": [],
        "sources": [{"id": "bai`1", "title": None, "source": "Báo_X"}],
    }
    html = MarkdownIt("commonmark").enable("strikethrough").enable("table")
    for rendered in (html.render(render(summary, "markdown")), html.render(story_markdown(story))):
        paragraphs = re.findall(r"<p>(.*?)</p>", rendered, re.S)
        body = next(p for p in paragraphs if "Lãnh đạo" in p)
        assert body.startswith(said.replace("&", "&amp;"))  # no list, no markup: as written
        assert "<" not in body
        assert "Báo_X" in rendered
    assert "<strong>Giá *điện* tăng</strong>" in html.render(render(summary, "markdown"))
    assert "<code>bai`1</code>" in html.render(story_markdown(story))
    assert html.render(escape_markdown("a <b>đậm</b> &amp; ## b")) == (
        "<p>a &lt;b&gt;đậm&lt;/b&gt; &amp;amp; ## b</p>\n"
    )


def test_every_format_renders_and_unknown_format_is_rejected(example):
    for fmt in FORMATS:
        assert render(example, fmt).strip()
    assert render(example, "text") == example.text
    with pytest.raises(ValueError):
        render(example, "html")


# -- input types -----------------------------------------------------------------------------


def test_summarize_accepts_every_input_type_together(tmp_path):
    file = EXAMPLE / "04-phat-thanh.json"
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "bai-a.txt").write_text(RAIN + " " + BODY, encoding="utf-8")
    (folder / "README.md").write_text("Not an article: notes about this folder.", encoding="utf-8")
    inputs = [
        ROAD,
        {"text": BODY, "id": "dict-1", "source": "Báo A", "published": "2026-11-16T08:00:00"},
        file,
        folder,
        Article(text=RAIN + " " + ROAD, id="article-1", source="Báo B"),
    ]
    summary = summarize(inputs, budget=400)
    ids = [d.id for d in summary.documents]
    assert len(ids) == len(set(ids)) == 5, ids
    assert {"dict-1", "phat-thanh-1", "bai-a", "article-1"} <= set(ids)
    by_id = {d.id: d for d in summary.documents}
    assert by_id["dict-1"].source == "Báo A"
    assert by_id["dict-1"].published == datetime(2026, 11, 16, 8, 0)
    assert by_id["article-1"].source == "Báo B"
    assert by_id["phat-thanh-1"].source == "Đài Phát thanh Lâm Hà"
    cited = {c.document for s in summary.sentences for c in s.sources}
    assert cited <= set(ids)
    assert "Not an article" not in summary.text


@pytest.mark.parametrize(
    "item",
    [
        pytest.param(RAIN + " " + BODY, id="str"),
        pytest.param({"text": RAIN + " " + BODY}, id="dict"),
        pytest.param(EXAMPLE / "01-tin-nhanh.txt", id="path-file"),
        pytest.param(EXAMPLE, id="path-folder"),
        pytest.param(Article(text=RAIN + " " + BODY, id="x"), id="article"),
    ],
)
def test_summarize_accepts_each_input_type(item):
    summary = summarize([item], budget=60)
    assert summary.sentences
    for s in summary.sentences:
        c = s.sources[0]
        doc = next(d for d in summary.documents if d.id == c.document)
        assert doc.text[c.start : c.end] == s.text


def test_summarize_accepts_a_generator():
    summary = summarize(t for t in (RAIN, BODY))
    assert len(summary.documents) == 2


@pytest.mark.parametrize(
    "bad",
    [
        {"title": "Không có nội dung"},
        {"text": ""},
        {"text": None},
        {"text": 12},
        {"raw": RAIN},
    ],
)
def test_dict_without_usable_text_raises_input_error(bad):
    with pytest.raises(InputError) as info:
        summarize([bad])
    assert '"text"' in str(info.value)
    assert isinstance(info.value, TomtatError)


def test_missing_path_raises_input_error(tmp_path):
    with pytest.raises(InputError):
        summarize([tmp_path / "khong-co.txt"])


def test_unsupported_item_type_is_a_type_error():
    with pytest.raises(TypeError):
        summarize([42])


def test_a_bare_string_is_one_article_not_its_characters():
    summary = summarize(RAIN + " " + BODY)
    assert len(summary.documents) == 1


# -- Budget ----------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["chars", "Syllables", "tokens", ""])
def test_budget_rejects_unknown_unit(unit):
    with pytest.raises(ValueError, match="unit"):
        Budget(100, unit)


@pytest.mark.parametrize("limit", [0, -1, -180])
def test_budget_rejects_non_positive_limit(limit):
    with pytest.raises(ValueError):
        Budget(limit, "syllables")


def test_summarize_rejects_bad_budget_before_work():
    with pytest.raises(ValueError):
        summarize([RAIN], budget=0)
    with pytest.raises(ValueError):
        summarize([RAIN], unit="chars")  # type: ignore[arg-type]


@pytest.mark.parametrize("unit", ["syllables", "words", "sentences"])
def test_budget_accepts_the_three_units(unit):
    b = Budget(1, unit)
    assert b.to_dict() == {"limit": 1, "unit": unit}


# -- import cost -----------------------------------------------------------------------------

HEAVY = ("numpy", "scipy", "sklearn", "pyvi", "trafilatura")


def test_import_tomtat_does_not_load_heavy_dependencies():
    code = (
        "import sys, json, tomtat\n"
        "from tomtat import Article, Budget, Summary, TomtatError\n"
        "print(json.dumps(sorted(m for m in sys.modules)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    loaded = json.loads(proc.stdout)
    heavy = [m for m in loaded if m.split(".")[0] in HEAVY]
    assert not heavy, heavy


def test_lazy_api_names_resolve():
    assert callable(tomtat.summarize)
    assert callable(tomtat.summarize_documents)
    assert callable(tomtat.build_documents)
    with pytest.raises(AttributeError):
        _ = tomtat.no_such_name


def test_article_to_dict_reads_back_as_the_same_article():
    from datetime import datetime, timedelta, timezone

    from tomtat.models import Article
    from tomtat.readers import article_from_mapping

    article = Article(
        text="Nội dung bài.",
        id="a1",
        title="Tiêu đề",
        lead="Sa-pô.",
        source="Báo A",
        url="https://example.vn/a1",
        published=datetime(2026, 11, 15, 8, 30, tzinfo=timezone(timedelta(hours=7))),
        origin="x.json",
    )
    again = article_from_mapping(article.to_dict(), "x.json", "1")
    assert again == article


def test_a_dict_with_an_unreadable_date_is_kept_undated_with_a_warning():
    # as in files read by the command line: a bad date is no reason to lose the article
    summary = summarize(
        [
            {"text": RAIN, "published": "2026-11-15T08:00"},
            {"text": BODY, "published": "32/13/2026"},
        ],
        budget=400,
    )
    assert [d.published for d in summary.documents] == [datetime(2026, 11, 15, 8), None]
    assert 'unreadable published date "32/13/2026" (read as undated)' in summary.warnings[0]
    assert summary.warnings[0].startswith("<input 2>: ")
    assert "Hà Văn Tính" in summary.text


def test_a_str_is_fetched_only_when_it_is_nothing_but_an_address(monkeypatch):
    from tomtat import api, readers

    fetched: list[list[str]] = []

    def fake_read_inputs(names, **_options):  # type: ignore[no-untyped-def]
        fetched.append(list(names))
        return readers.ReadResult([Article(BODY, id="u")], [])

    monkeypatch.setattr(readers, "read_inputs", fake_read_inputs)
    pasted = f"https://baomoi.vn/bai-bao-so-1.html\n{BODY}"
    articles, _ = api.to_articles([pasted, f"http://x {BODY}", " https://example.vn/a.html\n"])
    assert fetched == [["https://example.vn/a.html"]]
    assert [a.text for a in articles[:2]] == [pasted, f"http://x {BODY}"]
    assert summarize([pasted]).text  # summarized, not fetched


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": None}, "Article.text must be str, not NoneType"),
        ({"text": 5}, "Article.text must be str, not int"),
        ({"text": BODY, "published": "13/9/2023"}, "Article.published must be datetime"),
        ({"text": BODY, "title": 7}, "Article.title must be str or None, not int"),
    ],
)
def test_a_mistyped_article_field_is_a_type_error_naming_it(fields, message):
    with pytest.raises(TypeError, match=re.escape(message)):
        summarize([Article(**fields)])
