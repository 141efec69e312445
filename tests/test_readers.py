"""Tests for tomtat.readers: every input format, encoding, error path, date form and URL case."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tomtat.errors import InputError
from tomtat.readers import (
    ReadResult,
    article_from_html,
    article_from_mapping,
    articles_from_json_text,
    decode_bytes,
    fetch_url,
    parse_published,
    read_inputs,
    read_path,
    read_stdin,
    split_dateline,
)
from tomtat.readers.dates import local_time, published_out_of_range

ICT = timezone(timedelta(hours=7))

VIETNAMESE = (
    "Bão số 3 đổ bộ vào Quảng Ninh, Hải Phòng.\n"
    "Người dân được sơ tán khẩn cấp; hơn 50.000 hộ ở vùng trũng đã di dời.\n"
    "Ủy ban nhân dân tỉnh yêu cầu trường học nghỉ, tàu thuyền ở lại nơi trú ẩn."
)

PARAGRAPHS = [
    "Chiều 7/9, bão Yagi với sức gió mạnh cấp 12 đã đổ bộ vào đất liền Quảng Ninh, Hải Phòng.",
    "Theo Trung tâm Dự báo khí tượng thủy văn quốc gia, lúc 13 giờ tâm bão nằm trên vùng ven "
    "biển Quảng Ninh.",
    "Hàng nghìn cây xanh bị quật đổ, nhiều nhà dân bị tốc mái. Chính quyền địa phương đã sơ "
    "tán hơn 50.000 người.",
    "Dự báo trong 24 giờ tới, bão tiếp tục di chuyển theo hướng Tây và suy yếu thành áp thấp.",
]
TITLE = "Bão số 3 đổ bộ vào Quảng Ninh"
UNDECODABLE = (
    "cannot decode bytes as UTF-8, UTF-16 or cp1258 "
    "(a legacy VNI or TCVN3 file? convert it to Unicode first)"
)

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>{TITLE} - Tin Tức</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="Tin Tức">
<meta property="article:published_time" content="2024-09-07T13:00:00+07:00">
</head><body>
<header><nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a>
<a href="/the-gioi">Thế giới</a></nav></header>
<article>
<h1>{TITLE}</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</article>
<footer><p>© 2024 Tin Tức. Giấy phép số 123/GP-BTTTT.</p></footer>
</body></html>
"""


# --------------------------------------------------------------------------- helpers

# cp1258 has letters with circumflex, breve and horn (â ê ô ă ơ ư) precomposed, but writes
# the five tone marks as separate combining characters after the vowel.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def to_cp1258(text: str) -> bytes:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in parts if c not in TONE_MARKS)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        out.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(out).encode("cp1258")


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def input_error(call, *args, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        call(*args, **kwargs)
    return info.value


# --------------------------------------------------------------------------- plain text


@pytest.mark.parametrize("suffix", [".txt", ".md", ".TXT"])
def test_text_file_is_one_article(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path / f"bao-so-3{suffix}", VIETNAMESE)
    [article] = read_path(path)
    assert article.text == VIETNAMESE
    assert article.id == "bao-so-3"
    assert article.origin == str(path)
    assert (article.title, article.lead, article.source, article.url) == (None,) * 4
    assert article.published is None


def test_crlf_newlines_become_lf(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", VIETNAMESE.replace("\n", "\r\n").encode())
    assert read_path(path)[0].text == VIETNAMESE


def test_a_txt_file_holding_a_web_page_is_read_as_html(tmp_path: Path) -> None:
    [article] = read_path(write(tmp_path / "bao-so-3.txt", NEWS_PAGE))
    assert (article.id, article.title, article.source) == ("bao-so-3", TITLE, "Tin Tức")
    assert article.text == "\n".join(PARAGRAPHS)
    assert article.published == datetime(2024, 9, 7, 13, 0, tzinfo=ICT)
    # tags inside plain text (a scraper's dump) give the text they show
    dump = f"{TITLE}<br>\n{PARAGRAPHS[0]}&nbsp;<b>Ảnh</b>: <i>TTXVN</i>\n{PARAGRAPHS[1]}"
    [plain] = read_path(write(tmp_path / "dump.txt", dump))
    assert plain.text == f"{TITLE}\n{PARAGRAPHS[0]}\xa0Ảnh: TTXVN\n{PARAGRAPHS[1]}"
    [piped] = read_stdin(io.BytesIO(dump.encode()))
    assert piped.text == plain.text


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    [plain] = read_path(write(tmp_path / "story", VIETNAMESE))
    assert (plain.id, plain.text) == ("story", VIETNAMESE)
    [page] = read_path(write(tmp_path / "page.xhtml", NEWS_PAGE))
    assert (page.id, page.title) == ("page", TITLE)
    [first, second] = read_path(write(tmp_path / "feed.ndjson", '{"text": "a"}\n{"text": "b"}'))
    assert [first.text, second.text] == ["a", "b"]


# --------------------------------------------------------------------------- datelines

TITLE_LINE = "Sạt lở vùi lấp 7 ngôi nhà ở huyện Sông Mây"
BODY = "Khoảng 23 giờ đêm 14/11, một khối đất đá lớn đổ xuống thôn Khe Lau.\n\nHai người mất tích."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # as sites print it under the title
        (
            f"{TITLE_LINE}\nChủ nhật, 15/11/2026, 06:00 (GMT+7)\n\n{BODY}",
            datetime(2026, 11, 15, 6, 0, tzinfo=ICT),
        ),
        (f"{TITLE_LINE}\n\nCập nhật: 15/11/2026 08:30\n\n{BODY}", datetime(2026, 11, 15, 8, 30)),
        (f"{TITLE_LINE}\nNgày 15 tháng 11 năm 2026\n{BODY}", datetime(2026, 11, 15)),
        (
            f"{TITLE_LINE}\n2026-11-15T08:30:00+07:00\n{BODY}",
            datetime(2026, 11, 15, 8, 30, tzinfo=ICT),
        ),
        # at the end, after the byline
        (
            f"{TITLE_LINE}\n\n{BODY}\n\nMinh Châu\n15/11/2026 17:40\n",
            datetime(2026, 11, 15, 17, 40),
        ),
        # decomposed diacritics (NFD), zero-width spaces, bullets, year first
        (
            unicodedata.normalize(
                "NFD", f"{TITLE_LINE}\nCập nhật lúc 10:20 ngày 17 tháng 11 năm 2026\n{BODY}"
            ),
            datetime(2026, 11, 17, 10, 20),
        ),
        (f"{TITLE_LINE}\nChủ nhật,\u200b 15/11/2026 • 06:00\n{BODY}", datetime(2026, 11, 15, 6, 0)),
        (f"{TITLE_LINE}\n2026/11/15 · 08:30\n{BODY}", datetime(2026, 11, 15, 8, 30)),
        (
            unicodedata.normalize("NFD", f"{TITLE_LINE}\nThứ bảy, 14-11-2026 - 23:50\n{BODY}"),
            datetime(2026, 11, 14, 23, 50),
        ),
        # the outlet's name before the weekday, the section beside the date
        (f"{TITLE_LINE}\nDân trí Chủ nhật, 15/11/2026 - 06:00\n{BODY}", datetime(2026, 11, 15, 6)),
        (
            f"{TITLE_LINE}\nVnExpress - Thứ bảy, 14/11/2026, 23:50 (GMT+7)\n{BODY}",
            datetime(2026, 11, 14, 23, 50, tzinfo=ICT),
        ),
        (
            f"{TITLE_LINE}\nThứ hai, 16/11/2026 08:30 | Xã hội\n{BODY}",
            datetime(2026, 11, 16, 8, 30),
        ),
        (f"{TITLE_LINE}\nThời sự | 16/11/2026 08:30\n{BODY}", datetime(2026, 11, 16, 8, 30)),
    ],
)
def test_dateline_is_the_publication_time_and_leaves_the_text(
    text: str, expected: datetime
) -> None:
    body, published = split_dateline(text)
    assert published == expected
    # every other line is kept as it was
    kept = [line for line in text.splitlines() if line.strip() and "2026" not in line]
    assert [line for line in body.splitlines() if line.strip()] == kept
    # the lines around it keep their breaks: the title stays a line of its own
    assert body.splitlines()[0] == text.splitlines()[0]


@pytest.mark.parametrize(
    "text",
    [
        f"{TITLE_LINE}\n\n{BODY}",
        # a date inside a sentence, or a line with other words, is news, not a dateline
        f"{TITLE_LINE}\nNgày 15/11/2026, mưa lớn gây sạt lở.\n{BODY}",
        f"{TITLE_LINE}\nHà Nội, ngày 15 tháng 11 năm 2026\n{BODY}",
        f"{TITLE_LINE}\nTheo kế hoạch, thứ hai 16/11/2026\n{BODY}",
        f"{TITLE_LINE}\nHọp báo | 15/11/2026 | 16/11/2026\n{BODY}",
        # no year: cannot be placed in time
        f"{TITLE_LINE}\n15/11 08:30\n{BODY}",
        # two dates on one line: which one is meant?
        f"{TITLE_LINE}\n15/11/2026 - 16/11/2026\n{BODY}",
        # deep in the body (fifth line of text), not where a dateline stands
        f"{TITLE_LINE}\na.\nb.\nc.\n15/11/2026\nd.\ne.\nf.",
        # a text that is only a date keeps it (it is then too short to summarize anyway)
        "15/11/2026 08:30",
        "0912345678\nSố điện thoại đường dây nóng.",
        # dates listed after a colon are a schedule, at the end as at the start
        f"{TITLE_LINE}\n{BODY}\nCác trận còn lại:\nThứ bảy, 21/11/2026, 19:30\n"
        "Thứ ba, 24/11/2026, 20:00\n",
        f"{TITLE_LINE}\nLịch thi đấu:\n21/11/2026 19:30\n{BODY}",
        # a date line at the end that is not the very last line
        f"{TITLE_LINE}\n\n{BODY}\n\nĐoạn cuối.\n\n15/11/2026 17:40\nMinh Châu\n",
    ],
)
def test_no_dateline(text: str) -> None:
    assert split_dateline(text) == (text, None)


def test_first_of_several_datelines_wins_and_all_are_removed() -> None:
    text = f"{TITLE_LINE}\nĐăng: 15/11/2026 06:00\nCập nhật: 16/11/2026 09:15\n{BODY}"
    body, published = split_dateline(text)
    assert published == datetime(2026, 11, 15, 6, 0)
    assert body == f"{TITLE_LINE}\n\n\n{BODY}"


def test_a_page_without_date_markup_takes_its_printed_dateline() -> None:
    body = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
    page = (
        f"<!doctype html><html><head><title>{TITLE_LINE}</title></head><body>"
        f"<nav>Trang chủ | Thời sự</nav><article><h1>{TITLE_LINE}</h1>"
        f"<p>Chủ nhật, 15/11/2026, 06:00 (GMT+7)</p>{body}</article>"
        "<footer>Bản quyền</footer></body></html>"
    )
    article = article_from_html(page, "sat-lo.html")
    assert article.published == datetime(2026, 11, 15, 6, 0, tzinfo=ICT)
    assert article.text.startswith("Khoảng 23 giờ") and "2026" not in article.text
    # date markup, where the page has it, stays first
    meta = '<meta property="article:published_time" content="2026-11-16T07:00:00+07:00">'
    marked = page.replace("</head>", meta + "</head>")
    assert article_from_html(marked, "sat-lo.html").published == datetime(
        2026, 11, 16, 7, 0, tzinfo=ICT
    )


def test_plain_text_inputs_read_their_dateline(tmp_path: Path) -> None:
    text = f"{TITLE_LINE}\nChủ nhật, 15/11/2026, 06:00 (GMT+7)\n\n{BODY}"
    when = datetime(2026, 11, 15, 6, 0, tzinfo=ICT)
    for path in (write(tmp_path / "a.txt", text), write(tmp_path / "a.unknown", text)):
        [article] = read_path(path)
        assert (article.published, article.text) == (when, split_dateline(text)[0])
    [piped] = read_stdin(io.BytesIO(text.encode()))
    assert piped.published == when
    # a JSON article's "published" field comes first; without one, the dateline gives it
    [obj] = articles_from_json_text(json.dumps({"text": text}), "a.json")
    assert (obj.published, obj.text) == (when, split_dateline(text)[0])
    [obj] = articles_from_json_text(json.dumps({"text": text, "published": "16/11/2026"}), "b")
    assert (obj.published, obj.text) == (datetime(2026, 11, 16), split_dateline(text)[0])


def test_a_word_segmented_dateline_is_read_and_dropped(tmp_path: Path) -> None:
    # pyvi/VnCoreNLP output: the dateline is segmented like the rest of the file
    text = (
        "Lũ_quét ở xã Nậm_Khê\nThứ_bảy , 14 / 11 / 2026 - 07 : 45\n\n"
        "Lũ_quét bất_ngờ đổ về xã Nậm_Khê , huyện Mường_Hòa lúc 3h sáng .\n"
        "Chính_quyền huyện đã huy_động 200 bộ_đội tìm_kiếm hai người mất_tích .\n"
    )
    body, published = split_dateline(text)
    assert published == datetime(2026, 11, 14, 7, 45)
    assert "2026" not in body and body.startswith("Lũ_quét ở xã Nậm_Khê\n")
    [article] = read_path(write(tmp_path / "lu-quet.txt", text))
    assert article.published == datetime(2026, 11, 14, 7, 45)
    # at the end too, and "Cập_nhật" is a label once desegmented
    tail = f"{text}Cập_nhật : 15 / 11 / 2026 08 : 30\n".replace(
        "Thứ_bảy , 14 / 11 / 2026 - 07 : 45\n", "a .\nb .\n"
    )
    assert split_dateline(tail)[1] == datetime(2026, 11, 15, 8, 30)


def test_a_time_joined_to_the_date_by_a_dash_is_local_time() -> None:
    # "-07:45" right after the date is the time, not a UTC offset of -07:45
    for value in (
        "14/11/2026-07:45",
        "14-11-2026-07:45",
        "14/11/2026-0745",
        "Thứ bảy, 14/11/2026-07:45",
    ):
        result = parse_published(value)
        assert result == datetime(2026, 11, 14, 7, 45) and result.tzinfo is None, value
    text = f"{TITLE_LINE}\nThứ bảy, 14/11/2026-07:45\n\n{BODY}"
    assert split_dateline(text)[1] == datetime(2026, 11, 14, 7, 45)
    # a real offset, after a time or in ISO 8601, is still one
    west = timezone(-timedelta(hours=7))
    for value in ("2026-11-14T07:45:00-07:00", "14/11/2026 07:45 -07:00", "14/11/2026 07:45 -0700"):
        assert parse_published(value) == datetime(2026, 11, 14, 7, 45, tzinfo=west), value
    assert parse_published("2026-11-14T07:45:00+07:00") == datetime(2026, 11, 14, 7, 45, tzinfo=ICT)
    assert parse_published("14/11/2026-25:45") is None


# --------------------------------------------------------------------------- JSON


def test_json_object_with_all_fields(tmp_path: Path) -> None:
    obj = {
        "id": 42,
        "title": " Bão số 3 ",
        "lead": "Chiều 7/9, bão đổ bộ.",
        "text": VIETNAMESE,
        "source": "VnExpress",
        "url": "https://vnexpress.net/bao-so-3-4789.html",
        "published": "2024-09-07T13:00:00+07:00",
        "category": "thời sự",  # unknown keys are ignored
    }
    path = write(tmp_path / "one.json", json.dumps(obj, ensure_ascii=False))
    [article] = read_path(path)
    assert article.id == "42"
    assert article.title == "Bão số 3"
    assert article.lead == "Chiều 7/9, bão đổ bộ."
    assert article.text == VIETNAMESE
    assert article.source == "VnExpress"
    assert article.url == "https://vnexpress.net/bao-so-3-4789.html"
    assert article.published == datetime(2024, 9, 7, 13, 0, tzinfo=ICT)
    assert article.origin == str(path)


def test_json_object_without_id_uses_stem(tmp_path: Path) -> None:
    [article] = read_path(write(tmp_path / "mot-bai.json", '{"text": "Nội dung."}'))
    assert article.id == "mot-bai"


def test_json_list_numbers_items(tmp_path: Path) -> None:
    path = write(tmp_path / "cum.json", json.dumps([{"text": "a"}, {"text": "b", "id": "x"}]))
    articles = read_path(path)
    assert [a.id for a in articles] == ["cum-1", "x"]
    assert [a.origin for a in articles] == [f"{path}:1", f"{path}:2"]


def test_jsonl_skips_blank_lines_and_numbers_by_line(tmp_path: Path) -> None:
    path = write(tmp_path / "cum.jsonl", '{"text": "a"}\n\n{"text": "b"}\n')
    articles = read_path(path)
    assert [a.text for a in articles] == ["a", "b"]
    assert [a.origin for a in articles] == [f"{path}:1", f"{path}:3"]
    assert [a.id for a in articles] == ["cum-1", "cum-3"]


def test_one_line_jsonl_still_numbered(tmp_path: Path) -> None:
    [article] = read_path(write(tmp_path / "cum.jsonl", '{"text": "a"}\n'))
    assert (article.id, article.origin) == ("cum-1", f"{tmp_path / 'cum.jsonl'}:1")


def test_json_file_holding_json_lines_is_detected(tmp_path: Path) -> None:
    articles = read_path(write(tmp_path / "cum.json", '{"text": "a"}\n{"text": "b"}\n'))
    assert [a.text for a in articles] == ["a", "b"]


def test_abmusu_aliases_and_batch(tmp_path: Path) -> None:
    batch = {
        "id": "cluster_7",
        "single_documents": [
            {"title": "T1", "anchor_text": "Sapo 1", "raw_text": "Thân bài 1"},
            {"title": "T2", "anchor_text": "Sapo 2", "raw_text": "Thân bài 2"},
        ],
        "summary": "ignored",
    }
    articles = read_path(write(tmp_path / "c.json", json.dumps(batch)))
    assert [(a.id, a.title, a.lead, a.text) for a in articles] == [
        ("cluster_7-1", "T1", "Sapo 1", "Thân bài 1"),
        ("cluster_7-2", "T2", "Sapo 2", "Thân bài 2"),
    ]


def test_a_json_file_may_hold_the_body_the_service_takes(tmp_path: Path) -> None:
    body = {"articles": [{"id": "a1", "text": "Thân bài 1"}, {"id": "b7", "text": "Thân bài 2"}]}
    articles = read_path(write(tmp_path / "posted.json", json.dumps(body)))
    assert [(a.id, a.text) for a in articles] == [("a1", "Thân bài 1"), ("b7", "Thân bài 2")]


def test_a_blank_publication_date_is_no_date() -> None:
    warnings: list[str] = []
    article = article_from_mapping({"text": "Một.", "published": "  "}, "o", "d", warnings=warnings)
    assert article.published is None and warnings == []


def test_text_wins_over_raw_text_alias() -> None:
    article = article_from_mapping({"text": "chính", "raw_text": "phụ"}, "o", "d")
    assert (article.text, article.id, article.origin) == ("chính", "d", "o")


def test_mapping_published_forms() -> None:
    stamp = article_from_mapping({"text": "a", "published": 1694580000}, "o", "d")
    assert stamp.published == datetime(2023, 9, 13, 4, 40, tzinfo=UTC)
    vietnamese = article_from_mapping({"text": "a", "published": "13/9/2023 11:39"}, "o", "d")
    assert vietnamese.published == datetime(2023, 9, 13, 11, 39)
    empty = article_from_mapping({"text": "a", "published": ""}, "o", "d")
    assert empty.published is None


def test_html_markup_in_json_fields_is_read_as_the_text_it_shows() -> None:
    obj = {
        "title": "Sập cầu &quot;Bến Lội&quot; ở <i>Cát Tường</i>",
        "lead": "<b>Hai người chết</b> khi cầu đổ&nbsp;sập sáng 3/10.",
        "text": "<p>Cầu Bến Lội ở huyện Cát Tường đổ sập lúc 8h sáng 3/10 khi ba xe tải "
        "đang đi\nqua.</p><p>Cây cầu được xây năm 1998, ông Đức nói với <b>PV</b>.<br>"
        'Giá sửa chữa ước &lt; 5 tỷ đồng.</p><figure><img src="cau.jpg">'
        "<figcaption>Hiện trường. Ảnh: Hải Nam</figcaption></figure>"
        "<script>var x = 1;</script><p>Lực lượng cứu hộ đang trục vớt hai xe tải.</p>",
    }
    article = article_from_mapping(obj, "h.jsonl:1", "h-1")
    assert article.title == 'Sập cầu "Bến Lội" ở Cát Tường'
    assert article.lead == "Hai người chết khi cầu đổ\xa0sập sáng 3/10."
    assert article.text == (
        "Cầu Bến Lội ở huyện Cát Tường đổ sập lúc 8h sáng 3/10 khi ba xe tải đang đi qua.\n"
        "Cây cầu được xây năm 1998, ông Đức nói với PV.\n"
        "Giá sửa chữa ước < 5 tỷ đồng.\n"
        "Lực lượng cứu hộ đang trục vớt hai xe tải."
    )
    # plain text with a "<" or an "&" is no markup: left exactly as written
    plain = {
        "title": "Lãi suất < 5%",
        "text": "Giá xăng < 25.000 đồng/lít, AT&T và R&D;\nx <a và b> y.",
    }
    kept = article_from_mapping(plain, "p.json", "p")
    assert (kept.title, kept.text) == (plain["title"], plain["text"])
    # markup and nothing else is an empty text
    assert (
        "is empty"
        in input_error(article_from_mapping, {"text": "<p> </p><img src=x>"}, "o", "d").problem
    )


@pytest.mark.parametrize(
    ("obj", "problem"),
    [
        ({"title": "x"}, 'missing required field "text"'),
        ({"text": None}, 'missing required field "text"'),
        ({"text": 5}, 'field "text" must be a string, not number'),
        ({"text": "  \n"}, 'field "text" is empty'),
        ({"text": "a", "title": ["x"]}, 'field "title" must be a string, not array'),
        ({"text": "a", "lead": 1}, 'field "lead" must be a string, not number'),
        ({"text": "a", "anchor_text": {}}, 'field "lead" must be a string, not object'),
        ({"text": "a", "source": True}, 'field "source" must be a string, not boolean'),
        ({"text": "a", "id": True}, 'field "id" must be a string or a number, not boolean'),
        ({"text": "a", "id": [1]}, 'field "id" must be a string or a number, not array'),
        ({"text": "a", "published": "hôm qua"}, "published: cannot parse date 'hôm qua'"),
        ({"text": "a", "published": [2023]}, 'field "published" must be a date string'),
        (["text"], "expected a JSON object, got array"),
    ],
)
def test_article_from_mapping_rejects(obj: object, problem: str) -> None:
    error = input_error(article_from_mapping, obj, "feed.json:2", "feed-2")
    assert error.origin == "feed.json:2"
    assert error.problem.startswith(problem)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("a.jsonl", '{"text": "a"}\n{"text": "b"}\n{"title": 1}', 'line 3: missing required field'),
        ("a.jsonl", '{"text": "a"}\n\n{"text": "b",}', "line 3, column 14: invalid JSON (expect"),
        ("a.json", '{\n  "text": "a",\n  "id": 1,\n}', "line 4, column 1: invalid JSON ("),
        ("a.json", '{"text": "a\tb"}', "line 1, column 12: invalid JSON (invalid control char"),
        ("a.json", '{"text": "a",\n "title": "b}', "line 2, column 11: invalid JSON (unterminated"),
        ("a.json", '[{"text": "a"}, {"text": 3}]', 'item 2: field "text" must be a string, not'),
        ("a.json", "[]", "JSON list is empty"),
        ("a.json", "42", "expected a JSON object or a list of objects, got number"),
        ("a.json", '{"documents": {"text": "a"}}', 'field "documents" must be a list, not object'),
        ("a.json", '{"text": "a", "published": "32/13/2023"}', "published: cannot parse date"),
        ("a.jsonl", "\n\n  \n", "file is empty"),
    ],
)  # fmt: skip
def test_bad_json_files_name_the_file(
    tmp_path: Path, name: str, content: str, problem: str
) -> None:
    path = write(tmp_path / name, content)
    error = input_error(read_path, path)
    assert error.origin == str(path)
    assert error.problem.startswith(problem), error.problem
    assert str(error).startswith(f"{path}: ")


# --------------------------------------------------------------------------- HTML


def test_html_file_extracts_text_title_date_site(tmp_path: Path) -> None:
    path = write(tmp_path / "bao.html", NEWS_PAGE)
    [article] = read_path(path)
    assert article.id == "bao"
    assert article.title == TITLE
    assert article.text == "\n".join(PARAGRAPHS)  # headline not repeated, nav/footer gone
    assert article.source == "Tin Tức"
    assert article.published == datetime(2024, 9, 7, 13, 0, tzinfo=ICT)
    assert article.origin == str(path)


def test_html_short_news_page_is_not_dropped() -> None:
    page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3])
    article = article_from_html(page + "</article></body></html>", "short.htm")
    assert article.text.splitlines() == PARAGRAPHS[:3]


def test_html_keeps_url_argument() -> None:
    article = article_from_html(NEWS_PAGE, "x.html", url="https://example.vn/a.html")
    assert article.url == "https://example.vn/a.html"


@pytest.mark.parametrize(
    "page",
    ["<html><body></body></html>", "<html><head><script>var a = 1;</script></head></html>"],
)
def test_html_without_text_is_an_error(tmp_path: Path, page: str) -> None:
    path = write(tmp_path / "empty.htm", page)
    error = input_error(read_path, path)
    assert (error.origin, error.problem) == (str(path), "no article text found in HTML")


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: s.encode("utf-8-sig"),
        lambda s: s.encode("utf-16"),  # with BOM, native order
        lambda s: b"\xff\xfe" + s.encode("utf-16-le"),
        lambda s: b"\xfe\xff" + s.encode("utf-16-be"),
        lambda s: s.encode("utf-16-le"),  # no BOM: found from the NUL pattern
        lambda s: s.encode("utf-16-be"),
        to_cp1258,
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1258"],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, encode) -> None:
    data = encode(VIETNAMESE)
    path = write(tmp_path / "a.txt", data)
    [article] = read_path(path)
    assert unicodedata.normalize("NFC", article.text) == VIETNAMESE
    assert unicodedata.normalize("NFC", decode_bytes(data, "x")) == VIETNAMESE


def test_cp1258_fixture_really_is_cp1258() -> None:
    data = to_cp1258(VIETNAMESE)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b"\xec" in data  # combining acute accent, the cp1258 way of writing "á"
    assert decode_bytes(data, "x") != VIETNAMESE  # decomposed tone marks: not NFC yet


def test_cp1258_html_and_json(tmp_path: Path) -> None:
    [page] = read_path(write(tmp_path / "p.html", to_cp1258(NEWS_PAGE.replace("utf-8", "x"))))
    assert unicodedata.normalize("NFC", page.text) == "\n".join(PARAGRAPHS)
    obj = json.dumps({"text": VIETNAMESE}, ensure_ascii=False)
    [article] = read_path(write(tmp_path / "a.json", to_cp1258(obj)))
    assert unicodedata.normalize("NFC", article.text) == VIETNAMESE


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "file is empty"),
        (b" \n\t\r\n", "file is empty"),
        (b"\xef\xbb\xbf", "file is empty"),
        ("  \n".encode("utf-16"), "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "file looks binary (not text)"),
        (bytes(range(256)) * 4, "file looks binary (not text)"),
        (b"abc\x01\x02\x03\x04def\x05\x06", "file looks binary (not text)"),
        (b"%PDF-1.4\n\x00\x01\x02\xff\xfe binary", "file looks binary (not text)"),
        (b"\xa4\xa6\xa8\xb1\xbc\xbd\xbe\xa9 " * 20, UNDECODABLE),
        (b"abc \x81\x8d\x8e\x8f", UNDECODABLE),
        # TCVN3 bytes ("báo cáo của tỉnh ..."): mostly signs once read as cp1258
        (b"b\xb8o c\xb8o c\xf1a t\xd8nh bi\xd5t tr\xcbn s\xb9t \xae\xcat " * 10, UNDECODABLE),
    ],
)  # fmt: skip
def test_undecodable_files(tmp_path: Path, data: bytes, problem: str) -> None:
    path = write(tmp_path / "bad.txt", data)
    error = input_error(read_path, path)
    assert (error.origin, error.problem) == (str(path), problem)


# --------------------------------------------------------------------------- size limits


def test_too_large_file_is_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk

    def must_not_open(*args, **kwargs):
        raise AssertionError("the file was opened despite its size")

    monkeypatch.setattr(Path, "open", must_not_open)
    error = input_error(read_path, path)
    assert error.problem == "file is too large (50.0 MB; limit 10.0 MB)"
    assert error.origin == str(path)


def test_max_bytes_is_respected(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "x" * 2000)
    error = input_error(read_path, path, max_bytes=1000)
    assert error.problem == "file is too large (2.0 KB; limit 1.0 KB)"
    assert read_path(path, max_bytes=2000)[0].text == "x" * 2000


def test_too_large_stdin() -> None:
    error = input_error(read_inputs, ["-"], stdin=io.BytesIO(b"x" * 101), max_bytes=100)
    assert (error.origin, error.problem) == (
        "<stdin>",
        "input is too large (over the 100 bytes limit)",
    )


# --------------------------------------------------------------------------- paths & directories


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.txt"
    error = input_error(read_inputs, [missing])
    assert (error.origin, error.problem) == (str(missing), "no such file or directory")
    error = input_error(read_path, tmp_path / "a.txt" / "b.txt")
    assert error.problem == "no such file or directory"


def test_read_path_on_directory(tmp_path: Path) -> None:
    assert input_error(read_path, tmp_path).problem == "is a directory, not a file"


def make_tree(root: Path) -> None:
    write(root / "b.txt", "Bài B.")
    write(root / "a.md", "Bài A.")
    write(root / "c.html", NEWS_PAGE)
    write(root / "d.json", '[{"text": "D1"}, {"text": "D2"}]')
    write(root / "e.jsonl", '{"text": "E1"}\n')
    write(root / "f.htm", NEWS_PAGE.replace(TITLE, "Tin khác"))
    write(root / "notes.csv", "a,b\n")  # unsupported: ignored
    write(root / "scan.pdf", b"%PDF-1.4\x00\x01")  # unsupported: ignored
    write(root / ".hidden.txt", "Ẩn.")  # hidden: ignored
    write(root / "._a.txt", b"\x00\x05\x16\x07Mac OS X")  # macOS resource fork: ignored
    write(root / "sub" / "g.txt", "Bài G.")
    write(root / "sub" / "deeper" / "h.txt", "Bài H.")
    write(root / ".git" / "i.txt", "Không phải bài.")


def test_directory_lists_supported_files_sorted(tmp_path: Path) -> None:
    make_tree(tmp_path)
    result = read_inputs([tmp_path])
    assert isinstance(result, ReadResult)
    assert [a.id for a in result.articles] == ["a", "b", "c", "d-1", "d-2", "e-1", "f"]
    assert result.warnings == []
    assert result.articles[0].origin == str(tmp_path / "a.md")


def test_directory_recursive(tmp_path: Path) -> None:
    make_tree(tmp_path)
    result = read_inputs([str(tmp_path)], recursive=True)
    assert [a.id for a in result.articles] == ["a", "b", "c", "d-1", "d-2", "e-1", "f", "h", "g"]
    assert result.articles[-1].origin == str(tmp_path / "sub" / "g.txt")
    assert result.articles[-2].origin == str(tmp_path / "sub" / "deeper" / "h.txt")


def test_empty_directory(tmp_path: Path) -> None:
    write(tmp_path / "notes.csv", "a,b")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "x.txt", "only found recursively")
    error = input_error(read_inputs, [tmp_path])
    assert error.origin == str(tmp_path)
    assert error.problem == (
        "no .txt, .md, .html, .json or .jsonl files found (it has subfolders: use --recursive)"
    )
    assert len(read_inputs([tmp_path], recursive=True).articles) == 1
    (tmp_path / "sub" / "x.txt").unlink()
    (tmp_path / "sub").rmdir()
    (tmp_path / ".git").mkdir()  # hidden folders are never read: no hint
    error = input_error(read_inputs, [tmp_path])
    assert error.problem == "no .txt, .md, .html, .json or .jsonl files found"


def test_directory_skips_bad_file_with_warning(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", VIETNAMESE)
    bad = write(tmp_path / "bad.json", '{"title": "no text"}')
    result = read_inputs([tmp_path])
    assert [a.id for a in result.articles] == ["good"]
    assert result.warnings == [f'{bad}: missing required field "text" (skipped)']


def test_directory_warnings_for_each_kind_of_bad_file(tmp_path: Path) -> None:
    write(tmp_path / "ok.md", "Tốt.")
    write(tmp_path / "empty.txt", "")
    write(tmp_path / "binary.txt", b"\x00\x01\x02\x03" * 10)
    write(tmp_path / "big.txt", "x" * 500)
    write(tmp_path / "nohtml.html", "<html><body></body></html>")
    write(tmp_path / "lines.jsonl", '{"text": "a"}\n{"text": }\n')
    write(tmp_path / "nolines.jsonl", '{"text": }\n')
    result = read_inputs([tmp_path], max_bytes=400)
    assert [a.id for a in result.articles] == ["lines-1", "ok"]
    assert result.warnings == [
        f"{tmp_path / 'big.txt'}: file is too large (500 bytes; limit 400 bytes) (skipped)",
        f"{tmp_path / 'binary.txt'}: file looks binary (not text) (skipped)",
        f"{tmp_path / 'empty.txt'}: file is empty (skipped)",
        f"{tmp_path / 'lines.jsonl'}:2: column 10: invalid JSON (expecting value) (skipped)",
        f"{tmp_path / 'nohtml.html'}: no article text found in HTML (skipped)",
        f"{tmp_path / 'nolines.jsonl'}: line 1, column 10: invalid JSON (expecting value)"
        " (skipped)",
    ]


def test_explicit_bad_file_raises_even_next_to_good_ones(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", VIETNAMESE)
    bad = write(tmp_path / "bad.txt", "")
    error = input_error(read_inputs, [good, bad])
    assert error.origin == str(bad)


def test_mixed_inputs_keep_order_and_rename_duplicate_ids(tmp_path: Path) -> None:
    write(tmp_path / "dir" / "a.txt", "Một.")
    other = write(tmp_path / "a.md", "Hai.")
    result = read_inputs([tmp_path / "dir", other, "-"], stdin=io.BytesIO(b"Ba."))
    assert [a.text for a in result.articles] == ["Một.", "Hai.", "Ba."]
    assert [a.id for a in result.articles] == ["a", "a-2", "stdin"]
    assert result.warnings == [f"{other}: duplicate id 'a' renamed to 'a-2'"]


@pytest.mark.parametrize("recursive", [False, True])
def test_a_broken_link_in_a_folder_is_named(tmp_path: Path, recursive: bool) -> None:
    write(tmp_path / "a.txt", VIETNAMESE)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "moved-away.txt")
    result = read_inputs([tmp_path], recursive=recursive)
    assert [a.id for a in result.articles] == ["a"]
    assert result.warnings == [f"{tmp_path / 'gone.txt'}: broken link (skipped)"]


def test_a_file_or_folder_named_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path / "dir" / "a.txt", VIETNAMESE)
    again = tmp_path / "dir" / ".." / "dir" / "a.txt"
    result = read_inputs([path, path, again, tmp_path / "dir", f"{tmp_path}/dir/"])
    # the file inside the folder is the third reading of it: kept apart by the text check
    assert [a.id for a in result.articles] == ["a", "a-2"]
    assert result.warnings[:3] == [
        f"{path}: given twice (read once)",
        f"{again}: given twice (read once)",
        f"{tmp_path}/dir/: given twice (read once)",
    ]


def test_no_inputs_gives_empty_result() -> None:
    assert read_inputs([]) == ReadResult([], [])


# --------------------------------------------------------------------------- stdin


def read_stdin_bytes(data: bytes) -> list:
    return read_inputs(["-"], stdin=io.BytesIO(data)).articles


def test_stdin_plain_text() -> None:
    [article] = read_stdin_bytes(VIETNAMESE.encode("utf-16"))
    assert (article.text, article.id, article.origin) == (VIETNAMESE, "stdin", "<stdin>")


def test_stdin_text_starting_with_bracket_is_not_json() -> None:
    [article] = read_stdin_bytes("[Video] Bão số 3 đổ bộ {trực tiếp}".encode())
    assert article.text == "[Video] Bão số 3 đổ bộ {trực tiếp}"


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Mưa lớn gây ngập\ndate: 2024-10-14\n---\n\nChiều 14/10, mưa **lớn** kéo dài"
        " khiến phố [Hà Nội](https://example.vn) ngập.\n\n- Nhiều xe chết máy.\n",
        "# Mưa lớn gây ngập\n\nChiều 14/10, mưa **lớn** kéo dài khiến phố [Hà Nội](https://example.vn)"
        " ngập.\n\n- Nhiều xe chết máy.\n",
    ],
)
def test_stdin_markdown_is_read_as_markdown(text: str) -> None:
    (article,) = read_stdin(io.BytesIO(text.encode()))
    assert article.title == "Mưa lớn gây ngập"
    assert [line for line in article.text.split("\n") if line] == [
        "Chiều 14/10, mưa lớn kéo dài khiến phố Hà Nội ngập.",
        "Nhiều xe chết máy.",
    ]


@pytest.mark.parametrize(
    "text", ["#MeToo lan rộng tại Hàn Quốc.", "Giá xăng tăng **mạnh** từ chiều nay.\n---\n"]
)
def test_stdin_text_with_markdown_signs_inside_stays_plain(text: str) -> None:
    (article,) = read_stdin(io.BytesIO(text.encode()))
    assert article.text == text  # read as it is: no heading, no front matter


def test_stdin_json_forms() -> None:
    [one] = read_stdin_bytes(b'{"text": "a", "id": "x"}')
    assert (one.id, one.origin) == ("x", "<stdin>")
    listed = read_stdin_bytes(b'  [{"text": "a"}, {"text": "b"}]')
    assert [(a.id, a.origin) for a in listed] == [
        ("stdin-1", "<stdin>:1"),
        ("stdin-2", "<stdin>:2"),
    ]
    lines = read_stdin_bytes(b'{"text": "a"}\n{"text": "b"}\n')
    assert [a.text for a in lines] == ["a", "b"]
    batch = read_stdin_bytes(b'{"id": "c1", "documents": [{"text": "a"}, {"raw_text": "b"}]}')
    assert [(a.id, a.text) for a in batch] == [("c1-1", "a"), ("c1-2", "b")]


def test_stdin_broken_json_is_an_error() -> None:
    error = input_error(read_stdin_bytes, b'[{"text": "a"},\n {"text": "b"]')
    assert error.origin == "<stdin>"
    assert error.problem == "line 2, column 14: invalid JSON (expecting ',' delimiter)"


def test_stdin_html() -> None:
    [article] = read_stdin_bytes(NEWS_PAGE.encode())
    assert (article.id, article.title, article.origin) == ("stdin", TITLE, "<stdin>")
    assert article.text.splitlines() == PARAGRAPHS


def test_stdin_empty_and_binary() -> None:
    assert input_error(read_stdin_bytes, b"").problem == "input is empty"
    assert (
        input_error(read_stdin_bytes, b"\x00\x01\xff" * 9).problem
        == "input looks binary (not text)"
    )


def test_stdin_defaults_to_sys_stdin_buffer(monkeypatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO("Tin mới.".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    [article] = read_inputs(["-"]).articles
    assert article.text == "Tin mới."


# --------------------------------------------------------------------------- robustness


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_only_raise_input_error(data: bytes) -> None:
    for call in (lambda: decode_bytes(data, "x"), lambda: read_stdin_bytes(data)):
        try:
            call()
        except InputError as error:
            assert error.origin in ("x", "<stdin>")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".json", ".jsonl", ".html", ""])
)
def test_random_files_only_raise_input_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = write(tmp_path / f"f{suffix}", data)
    try:
        articles = read_path(path)
    except InputError as error:
        assert error.origin == str(path)
    else:
        assert articles and all(a.text.strip() for a in articles)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
article_keys = st.sampled_from(
    [
        "id",
        "title",
        "lead",
        "text",
        "raw_text",
        "anchor_text",
        "source",
        "url",
        "published",
        "documents",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(article_keys, json_values, max_size=6))
def test_random_article_objects_only_raise_input_error(obj: dict) -> None:
    try:
        articles = articles_from_json_text(json.dumps(obj), "r.json")
    except InputError as error:
        assert error.origin == "r.json"
    else:
        assert all(isinstance(a.text, str) and a.text.strip() for a in articles)
        assert all(isinstance(a.id, str) and a.id for a in articles)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text_as_json_only_raises_input_error(text: str) -> None:
    try:
        articles_from_json_text(text, "r.json")
    except InputError as error:
        assert error.origin == "r.json"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.integers(), st.floats(), st.none()))
def test_parse_published_never_raises(value) -> None:
    result = parse_published(value)
    assert result is None or isinstance(result, datetime)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-09-13", datetime(2023, 9, 13)),
        ("2023-09-13T11:39:00+07:00", datetime(2023, 9, 13, 11, 39, tzinfo=ICT)),
        ("2023-09-13T04:39:00Z", datetime(2023, 9, 13, 4, 39, tzinfo=UTC)),
        ("2023-09-13 11:39", datetime(2023, 9, 13, 11, 39)),
        ("2024-09-07T13:00:00+0700", datetime(2024, 9, 7, 13, 0, tzinfo=ICT)),
        ("2023/09/13", datetime(2023, 9, 13)),
        ("13/9/2023 11:39", datetime(2023, 9, 13, 11, 39)),
        ("13/09/2023", datetime(2023, 9, 13)),
        ("1/2/2023", datetime(2023, 2, 1)),  # day first, always
        ("Thứ 6, 11:03, 20/05/2016", datetime(2016, 5, 20, 11, 3)),
        ("Thứ sáu, 20/5/2016 - 11:03", datetime(2016, 5, 20, 11, 3)),
        ("Chủ nhật, 20/5/2016, 11:03 (GMT+7)", datetime(2016, 5, 20, 11, 3, tzinfo=ICT)),
        ("Thứ Bảy, 7/9/2024, 13:05 (GMT+7)", datetime(2024, 9, 7, 13, 5, tzinfo=ICT)),
        ("20-05-2016 11:03", datetime(2016, 5, 20, 11, 3)),
        ("20.05.2016 11:03:45", datetime(2016, 5, 20, 11, 3, 45)),
        ("11:03 20/05/2016", datetime(2016, 5, 20, 11, 3)),
        ("20/05/2016 11:03 AM", datetime(2016, 5, 20, 11, 3)),
        ("20/05/2016 11:03 PM", datetime(2016, 5, 20, 23, 3)),
        ("20/05/2016 12:15 AM", datetime(2016, 5, 20, 0, 15)),
        ("20/05/2016 11:03 SA", datetime(2016, 5, 20, 11, 3)),
        ("20/05/2016 02:15 CH", datetime(2016, 5, 20, 14, 15)),
        ("20/05/2016 12:15 CH", datetime(2016, 5, 20, 12, 15)),
        ("20/05/2016 11h03", datetime(2016, 5, 20, 11, 3)),
        ("T6, 20/05/2016", datetime(2016, 5, 20)),
        ("Cập nhật: 20/05/2016 11:03 GMT+07:00", datetime(2016, 5, 20, 11, 3, tzinfo=ICT)),
        ("20/05/2016 11:03 +07:00", datetime(2016, 5, 20, 11, 3, tzinfo=ICT)),
        ("Thứ năm, ngày 13 tháng 9 năm 2023", datetime(2023, 9, 13)),
        ("13 tháng 9 năm 2023", datetime(2023, 9, 13)),
        ("13 tháng 9, 2023 10:05", datetime(2023, 9, 13, 10, 5)),
        (unicodedata.normalize("NFD", "Thứ sáu, 20/5/2016 - 11:03"), datetime(2016, 5, 20, 11, 3)),
        ("Wed, 13 Sep 2023 11:39:00 +0700", datetime(2023, 9, 13, 11, 39, tzinfo=ICT)),
        (1694580000, datetime(2023, 9, 13, 4, 40, tzinfo=UTC)),
        (1694580000.5, datetime(2023, 9, 13, 4, 40, 0, 500000, tzinfo=UTC)),
        (1694580000123, datetime(2023, 9, 13, 4, 40, 0, 123000, tzinfo=UTC)),  # milliseconds
        ("1694580000", datetime(2023, 9, 13, 4, 40, tzinfo=UTC)),
        (datetime(2020, 1, 2, 3, 4), datetime(2020, 1, 2, 3, 4)),
    ],
)
def test_parse_published(value, expected: datetime) -> None:
    result = parse_published(value)
    assert result == expected
    assert (
        result.tzinfo is None
        if expected.tzinfo is None
        else result.utcoffset() == expected.utcoffset()
    )


@pytest.mark.parametrize(
    "value",
    [
        None, "", "   ", "hôm qua", "32/13/2016", "29/02/2023", "20/05/2016 và 21/05/2016",
        "abc 20/05/2016", "11:03", True, float("nan"), float("inf"), 10**30,
        "-2020-01-01", "+2020-01-01T00:00", "−2020-01-01",  # signed years: not 2020
    ],
)  # fmt: skip
def test_parse_published_rejects(value) -> None:
    assert parse_published(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00+07:00",  # a CMS's "no date": year 0 in UTC
        "0001-01-01T05:00:00+07:00",
        "9999-12-31T20:00:00-05:00",  # year 10000 in Vietnam time
        "0001-01-01",
        "1799-12-31",
        datetime(1, 1, 1, tzinfo=ICT),
    ],
)
def test_publication_times_out_of_range_are_no_publication_times(value) -> None:
    assert parse_published(value) is None
    assert published_out_of_range(value)


def test_the_ends_of_the_range_are_read() -> None:
    assert parse_published("1800-01-01") == datetime(1800, 1, 1)
    late = parse_published("9999-12-31T23:59:00+07:00")
    assert late == datetime(9999, 12, 31, 23, 59, tzinfo=ICT)
    assert not published_out_of_range("9999-12-31T23:59:00+07:00")
    assert not published_out_of_range("hôm qua")  # unreadable, not out of range


def test_local_time_holds_the_ends_of_datetime() -> None:
    assert local_time(datetime(1, 1, 1, tzinfo=ICT)) == datetime(1, 1, 1)
    assert local_time(datetime(1, 1, 1, 3, tzinfo=UTC)) == datetime(1, 1, 1, 10)
    west = datetime(9999, 12, 31, 20, tzinfo=timezone(timedelta(hours=-5)))
    assert local_time(west) == datetime.max
    east = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))
    assert local_time(east) == datetime.min
    assert local_time(datetime(2023, 9, 13, 4, 40, tzinfo=UTC)) == datetime(2023, 9, 13, 11, 40)


def test_json_date_out_of_range_is_a_warning_or_a_named_error() -> None:
    line = '{"id": "x", "text": "Mưa lớn gây ngập.", "published": "0001-01-01T00:00:00+07:00"}'
    warnings: list[str] = []
    (article,) = articles_from_json_text(line, "p.jsonl", warnings=warnings)
    assert article.published is None
    assert warnings == [
        'p.jsonl: published date "0001-01-01T00:00:00+07:00" out of range (years 1800–9999)'
        " (read as undated)"
    ]
    with pytest.raises(InputError, match=r"published: time 0001-01-01T00:00:00\+07:00 out of"):
        articles_from_json_text(line, "p.jsonl")


def test_a_number_is_a_date_only_when_it_can_be_one() -> None:
    # 8 digits: YYYYMMDD, as the string; not 1970-08-23 in Unix seconds
    assert parse_published(20261003) == parse_published("20261003") == datetime(2026, 10, 3)
    # Unix seconds or milliseconds between 1990 and 2100, nothing else
    assert parse_published(1789525800) == datetime(2026, 9, 16, 2, 30, tzinfo=UTC)
    assert parse_published(1789525800000) == datetime(2026, 9, 16, 2, 30, tzinfo=UTC)
    assert parse_published("1789525800") == datetime(2026, 9, 16, 2, 30, tzinfo=UTC)
    for value in (-5, 0, 12345, 20261399, 99999999, 1.5, 4_200_000_000, -1789525800, "123456789"):
        assert parse_published(value) is None, value


# --------------------------------------------------------------------------- URLs


class NewsHandler(BaseHTTPRequestHandler):
    """A tiny news site: each path exercises one fetch case."""

    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {
        "/thoi-su/bao-so-3-4789123.html": (
            200,
            {"Content-Type": "text/html; charset=utf-8"},
            NEWS_PAGE.encode(),
        ),
        "/plain": (200, {"Content-Type": "text/plain; charset=utf-8"}, VIETNAMESE.encode()),
        "/no-type": (200, {}, NEWS_PAGE.encode()),
        "/cp1258": (200, {"Content-Type": "text/html; charset=windows-1258"}, to_cp1258(NEWS_PAGE)),
        "/wrong-charset": (
            200,
            {"Content-Type": "text/html; charset=iso-8859-1"},
            NEWS_PAGE.encode(),
        ),
        "/report.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4\x00"),
        "/feed.json": (200, {"Content-Type": "application/json"}, b'[{"text": "M\xe1\xbb\x99t."}]'),
        "/empty-page": (200, {"Content-Type": "text/html"}, b"<html><body></body></html>"),
        "/redirect": (302, {"Location": "/thoi-su/bao-so-3-4789123.html"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/to-ftp": (302, {"Location": "ftp://127.0.0.1:9/page.html"}, b""),
        "/": (200, {"Content-Type": "text/html"}, NEWS_PAGE.encode()),
        "/tin/b%C3%A3o-s%E1%BB%91-3.html": (200, {"Content-Type": "text/plain"}, b"Tin."),
    }

    def do_GET(self) -> None:
        try:
            if self.path == "/slow":
                time.sleep(1.5)
                self._send(200, {"Content-Type": "text/html"}, NEWS_PAGE.encode())
            elif self.path == "/trickle":  # each byte in time, the whole page far too late
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(20):
                    self.wfile.write(b"<p>x</p>")
                    time.sleep(0.1)
            elif self.path == "/big":  # honest Content-Length over the limit
                self._send(200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 5000 + b"</p>")
            elif self.path == "/big-unannounced":  # no Content-Length: found while reading
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<p>" + b"x" * 5000 + b"</p>")
            elif self.path in self.routes:
                self._send(*self.routes[self.path])
            else:
                self._send(404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), NewsHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_html_page(site: str) -> None:
    url = f"{site}/thoi-su/bao-so-3-4789123.html"
    article = fetch_url(url, timeout=5, max_bytes=1_000_000)
    assert article.text.splitlines() == PARAGRAPHS
    assert article.title == TITLE
    assert article.id == "bao-so-3-4789123"
    assert (article.url, article.origin, article.source) == (url, url, "Tin Tức")  # site name
    assert article.published == datetime(2024, 9, 7, 13, 0, tzinfo=ICT)


def test_fetch_through_read_inputs(site: str) -> None:
    url = f"{site}/thoi-su/bao-so-3-4789123.html"
    result = read_inputs([url, f"{site}/plain"])
    assert [a.id for a in result.articles] == ["bao-so-3-4789123", "plain"]


def test_fetch_plain_text(site: str) -> None:
    article = fetch_url(f"{site}/plain", timeout=5, max_bytes=1_000_000)
    assert (article.text, article.title, article.id) == (VIETNAMESE, None, "plain")
    assert article.source == "127.0.0.1"  # no site name on the page: the host


def test_fetch_follows_redirects(site: str) -> None:
    article = fetch_url(f"{site}/redirect", timeout=5, max_bytes=1_000_000)
    assert article.url == f"{site}/thoi-su/bao-so-3-4789123.html"
    assert (article.origin, article.id) == (f"{site}/redirect", "redirect")
    assert article.title == TITLE


def test_fetch_without_content_type_sniffs(site: str) -> None:
    assert fetch_url(f"{site}/no-type", timeout=5, max_bytes=1_000_000).title == TITLE


def test_fetch_charsets(site: str) -> None:
    legacy = fetch_url(f"{site}/cp1258", timeout=5, max_bytes=1_000_000)
    assert unicodedata.normalize("NFC", legacy.text).splitlines() == PARAGRAPHS
    mislabeled = fetch_url(f"{site}/wrong-charset", timeout=5, max_bytes=1_000_000)
    assert mislabeled.text.splitlines() == PARAGRAPHS  # valid UTF-8 beats a wrong header


def test_fetch_vietnamese_path(site: str) -> None:
    article = fetch_url(f"{site}/tin/bão-số-3.html", timeout=5, max_bytes=1000)
    assert (article.text, article.id) == ("Tin.", "bão-số-3")


def test_single_bare_input_is_not_split_into_characters(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Một.")
    assert [a.text for a in read_inputs(str(path)).articles] == ["Một."]


def test_fetch_site_root_gets_host_based_id(site: str) -> None:
    article = fetch_url(f"{site}/", timeout=5, max_bytes=1_000_000)
    assert article.id.startswith("127.0.0.1-") and len(article.id) == len("127.0.0.1-") + 8
    assert article.id == fetch_url(f"{site}/", timeout=5, max_bytes=1_000_000).id  # stable


@pytest.mark.parametrize(
    ("path", "kwargs", "problem"),
    [
        ("/missing", {}, "HTTP 404"),
        ("/loop", {}, "HTTP 302 (too many redirects)"),
        ("/to-ftp", {}, "a redirect leads to an address that is not http(s)://"),
        ("/report.pdf", {}, "not an HTML page (content type application/pdf)"),
        (
            "/feed.json",
            {},
            "not an HTML page (content type application/json); "
            "tomtat reads JSON articles from files and request bodies, not URLs",
        ),
        ("/empty-page", {}, "no article text found in HTML"),
        ("/big", {"max_bytes": 1000}, "page is too large (5.0 KB; limit 1.0 KB)"),
        ("/big-unannounced", {"max_bytes": 1000}, "page is too large (over the 1.0 KB limit)"),
        ("/slow", {"timeout": 0.5}, "timed out after 0.5 s"),
        ("/trickle", {"timeout": 0.5}, "timed out after 0.5 s"),
    ],
)
def test_fetch_errors(site: str, path: str, kwargs: dict, problem: str) -> None:
    url = f"{site}{path}"
    options = {"timeout": 5.0, "max_bytes": 1_000_000, **kwargs}
    error = input_error(read_inputs, [url], **options)
    # "timed out": the slow server's whole page, had the fetch waited for it, would be read
    assert (error.origin, error.problem) == (url, problem)


@pytest.mark.parametrize(
    ("url", "problem"),
    [  # urllib reported these as a failed connection ("Name or service not known")
        ("http://user:pass@127.0.0.1:9/a.html", "a user name or password in it"),
        ("http://127.0.0.1:99999/a.html", "Port out of range"),
    ],
)
def test_fetch_names_what_is_wrong_with_an_address(url: str, problem: str) -> None:
    error = input_error(fetch_url, url, timeout=2, max_bytes=1000)
    assert error.origin == url and error.problem.startswith("invalid URL (")
    assert problem in error.problem


def test_fetch_connection_refused() -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x"
    error = input_error(fetch_url, url, timeout=2, max_bytes=1000)
    assert error.origin == url
    assert error.problem.startswith("cannot connect (")


# --------------------------------------------------------------------------- import cost


@pytest.mark.parametrize(
    ("imported", "heavy"),
    [
        ("tomtat.readers", ("trafilatura", "urllib.request", "lxml")),
        ("tomtat.cli, tomtat.readers", ("markdown_it", "mdit_py_plugins", "yaml")),
    ],
)
def test_import_does_not_load_heavy_readers(imported: str, heavy: tuple[str, ...]) -> None:
    code = f"import sys, {imported}; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "[]"


def test_jsonl_of_stories_points_to_batch(tmp_path: Path) -> None:
    stories = '{"id": "s1", "documents": [{"text": "a"}]}\n{"id": "s2", "documents": []}\n'
    with pytest.raises(InputError, match=r"line 1 is a story.*tomtat batch"):
        read_path(write(tmp_path / "stories.jsonl", stories))


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), float("inf"), "10"])
def test_a_timeout_must_be_positive_seconds(timeout):
    with pytest.raises(ValueError, match="positive number of seconds"):
        read_inputs(["http://127.0.0.1:9/a.html"], timeout=timeout)
