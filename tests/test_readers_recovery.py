"""Damage a reader survives: bad JSON Lines lines, unreadable dates, stray or cut UTF-8
bytes, mojibake, and whole-stream decoding for line-oriented input (``decode_lines``)."""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.documents import build_documents
from tomtat.errors import InputError
from tomtat.readers import (
    articles_from_json_text,
    decode_bytes,
    decode_lines,
    read_inputs,
    read_path,
    read_stdin,
)
from tomtat.readers.mojibake import repair_mojibake

VIETNAMESE = (
    "Bão số 3 đổ bộ vào Quảng Ninh, Hải Phòng.\n"
    "Người dân được sơ tán khẩn cấp; hơn 50.000 hộ ở vùng trũng đã di dời.\n"
    "Ủy ban nhân dân tỉnh yêu cầu trường học nghỉ, tàu thuyền ở lại nơi trú ẩn."
)
# Letters whose UTF-8 holds a byte cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D).
UNDEFINED_IN_CP1252 = "Đồng Nai: ờ ọ ỏ ề Á Í Ý."
UNDECODABLE = (
    "cannot decode bytes as UTF-8, UTF-16 or cp1258 "
    "(a legacy VNI or TCVN3 file? convert it to Unicode first)"
)


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def line(text: str, **fields: object) -> str:
    return json.dumps({"text": text, **fields}, ensure_ascii=False)


def as_cp1252_by_a_browser(text: str) -> str:
    """UTF-8 bytes read as windows-1252 the WHATWG way: undefined bytes become C1 controls."""
    return "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8")
    )


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_skips_a_broken_line_and_keeps_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", f"{line('Một.')}\n{{not json\n{line('Hai.')}\n")
    result = read_inputs([path])
    assert [(a.id, a.text) for a in result.articles] == [("feed-1", "Một."), ("feed-3", "Hai.")]
    assert result.warnings == [
        f"{path}:2: column 2: invalid JSON "
        "(expecting property name enclosed in double quotes) (skipped)"
    ]


def test_jsonl_skips_an_invalid_article_and_reports_every_bad_line_in_order(
    tmp_path: Path,
) -> None:
    content = "\n".join(['{"title": "x"}', line("Một."), '{"text": "a', '"chuỗi"'])
    path = write(tmp_path / "feed.jsonl", content)
    result = read_inputs([path])
    assert [a.text for a in result.articles] == ["Một."]
    assert result.warnings == [
        f'{path}:1: missing required field "text" (skipped)',
        f"{path}:3: column 10: invalid JSON (unterminated string) (skipped)",
        f"{path}:4: expected a JSON object, got string (skipped)",
    ]


def test_jsonl_with_no_usable_line_is_an_error_naming_the_first(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", '{not json\n{"title": "x"}\n[1]\n')
    with pytest.raises(InputError) as info:
        read_inputs([path])
    assert info.value.problem == (
        "line 1, column 2: invalid JSON (expecting property name enclosed in double quotes)"
        " (and 2 more bad lines)"
    )


def test_a_file_skipped_in_a_folder_gets_one_warning(tmp_path: Path) -> None:
    # a repaired stray byte, then no usable article: only the reason for skipping is shown
    title = json.dumps({"title": VIETNAMESE}, ensure_ascii=False).encode()
    stray = title.replace("Bão".encode(), "Bão".encode() + b"\xff")
    write(tmp_path / "a.json", stray)
    write(tmp_path / "b.jsonl", "{oops\n[2]\n")
    write(tmp_path / "c.txt", "Hai.")
    result = read_inputs([tmp_path])
    assert [a.text for a in result.articles] == ["Hai."]
    assert result.warnings == [
        f'{tmp_path / "a.json"}: missing required field "text" (skipped)',
        f"{tmp_path / 'b.jsonl'}: line 1, column 2: invalid JSON "
        "(expecting property name enclosed in double quotes) (and 1 more bad line) (skipped)",
    ]


def test_unreadable_published_keeps_the_article_undated(tmp_path: Path) -> None:
    content = f"{line('Một.', published='hôm kia')}\n{line('Hai.', published='13/9/2023 11:39')}"
    path = write(tmp_path / "feed.jsonl", content)
    result = read_inputs([path])
    assert [(a.text, a.published) for a in result.articles] == [
        ("Một.", None),
        ("Hai.", datetime(2023, 9, 13, 11, 39)),
    ]
    assert result.warnings == [f'{path}:1: unreadable published date "hôm kia" (read as undated)']


def test_unreadable_published_falls_back_to_the_dateline(tmp_path: Path) -> None:
    text = "Tiêu đề bài viết\n15/11/2026 08:30\nNội dung bài viết ở đây."
    path = write(tmp_path / "a.json", line(text, published="32/13/2026 25:61"))
    result = read_inputs([path])
    assert result.articles[0].published == datetime(2026, 11, 15, 8, 30)
    assert result.warnings == [
        f'{path}: unreadable published date "32/13/2026 25:61" (dated by its dateline instead)'
    ]


def test_a_number_that_is_no_plausible_date_is_an_unreadable_date(tmp_path: Path) -> None:
    # -5 or a count is no Unix time: read silently it would date the article 1969
    rows = [
        line("Cầu Bến Lội đổ sập sáng 3/10.", published=-5),
        line("Hai xe tải rơi xuống sông.", published=12345),
        line("Đã trục vớt một xe tải.", published=20261003),
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(rows))
    result = read_inputs([path])
    assert [a.published for a in result.articles] == [None, None, datetime(2026, 10, 3)]
    assert result.warnings == [
        f'{path}:1: unreadable published date "-5" (read as undated)',
        f'{path}:2: unreadable published date "12345" (read as undated)',
    ]


def test_single_json_object_with_a_bad_date_is_kept_and_the_date_shortened(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "a.json", line("Một.", published="ngày\n" * 40))
    result = read_inputs([path])
    assert [(a.text, a.published) for a in result.articles] == [("Một.", None)]
    shown = " ".join(["ngày"] * 40)[:59] + "…"
    assert result.warnings == [f'{path}: unreadable published date "{shown}" (read as undated)']


def test_published_of_the_wrong_type_still_skips_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", f"{line('Một.', published=[2023])}\n{line('Hai.')}")
    result = read_inputs([path])
    assert [a.text for a in result.articles] == ["Hai."]
    assert result.warnings == [
        f'{path}:1: field "published" must be a date string or a number, not array (skipped)'
    ]


def test_json_list_skips_a_bad_item(tmp_path: Path) -> None:
    path = write(tmp_path / "list.json", json.dumps([{"text": "Một."}, {"text": 3}]))
    result = read_inputs([path])
    assert [(a.id, a.text) for a in result.articles] == [("list-1", "Một.")]
    assert result.warnings == [f'{path}:2: field "text" must be a string, not number (skipped)']


def test_stdin_json_lines_skip_a_bad_line() -> None:
    data = f"{line('Một.')}\n{line('Hai.')}\n{{oops\n".encode()
    result = read_inputs(["-"], stdin=io.BytesIO(data))
    assert [a.text for a in result.articles] == ["Một.", "Hai."]
    assert result.warnings == [
        "<stdin>:3: column 2: invalid JSON "
        "(expecting property name enclosed in double quotes) (skipped)"
    ]


def test_without_a_warnings_list_the_first_bad_line_still_fails_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", f"{line('Một.')}\n{line('Hai.', published='x')}")
    with pytest.raises(InputError, match=r"line 2: published: cannot parse date 'x'"):
        read_path(path)
    notes: list[str] = []
    assert len(read_path(path, warnings=notes)) == 2
    assert notes == [f'{path}:2: unreadable published date "x" (read as undated)']


def test_a_line_separator_inside_a_json_string_is_no_line_break() -> None:
    text = line("Một\u2028câu.") + "\n" + line("Hai\x85câu.") + "\n"
    articles = articles_from_json_text(text, "a.jsonl", lines=True, warnings=[])
    assert [a.text for a in articles] == ["Một\u2028câu.", "Hai\x85câu."]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"text": "a\tb"}', "line 1, column 12: invalid JSON (invalid control character)"),
        (
            '{"text": "a",\n "title": "Tiêu}',
            "line 2, column 11: invalid JSON (unterminated string)",
        ),
        ('{"text": "a"} {"text": "b"}', "line 1, column 15: invalid JSON (extra data)"),
    ],
)
def test_json_errors_read_line_column_then_reason(tmp_path: Path, content, problem) -> None:
    with pytest.raises(InputError) as info:
        read_inputs([write(tmp_path / "a.json", content)])
    assert info.value.problem == problem


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=30), st.just('{"text": "a"}')), max_size=6))
def test_random_json_lines_with_warnings_only_raise_input_error(rows: list[str]) -> None:
    warnings: list[str] = []
    try:
        articles = articles_from_json_text(
            "\n".join(rows), "r.jsonl", lines=True, warnings=warnings
        )
    except InputError as error:
        assert error.origin == "r.jsonl"
    else:
        assert articles and all(w.startswith("r.jsonl") for w in warnings)


# --------------------------------------------------------------------------- damaged UTF-8


def test_a_stray_byte_is_replaced_with_a_warning(tmp_path: Path) -> None:
    data = VIETNAMESE.encode()
    at = data.index(b" ", 30)
    path = write(tmp_path / "a.txt", data[:at] + b"\xff" + data[at:])
    result = read_inputs([path])
    assert result.articles[0].text == data[:at].decode() + "\ufffd" + data[at:].decode()
    assert result.warnings == [f"{path}: 1 invalid UTF-8 byte at offset {at} (replaced)"]


def test_several_bad_bytes_list_the_first_offsets() -> None:
    raw = b"A\x80B\x80C\x80\x80D\x80 " + ((VIETNAMESE + "\n") * 8).encode()
    warnings: list[str] = []
    text = decode_bytes(raw, "x", warnings=warnings)
    assert text.startswith("A\ufffdB\ufffdC\ufffd\ufffdD\ufffd ")
    assert warnings == ["x: 5 invalid UTF-8 bytes at offsets 1, 3, 5, … (replaced)"]


def test_a_character_cut_off_at_the_end_is_dropped(tmp_path: Path) -> None:
    data = VIETNAMESE.encode() + "ẩ".encode()[:2]
    path = write(tmp_path / "a.txt", data)
    result = read_inputs([path])
    assert result.articles[0].text == VIETNAMESE
    assert result.warnings == [
        f"{path}: 2 invalid UTF-8 bytes at offset {len(data) - 2} "
        "(a character cut off at the end; dropped)"
    ]


def test_a_bom_file_with_a_bad_byte_gives_file_offsets() -> None:
    data = b"\xef\xbb\xbf" + "Hà Nội".encode() + b"\xfe" + " mưa to.".encode()
    warnings: list[str] = []
    assert decode_bytes(data, "x", warnings=warnings) == "Hà Nội\ufffd mưa to."
    assert warnings == ["x: 1 invalid UTF-8 byte at offset 12 (replaced)"]


def test_without_a_warnings_list_damaged_utf8_is_named_not_called_legacy() -> None:
    data = VIETNAMESE.encode() + b"\xff"
    with pytest.raises(InputError) as info:
        decode_bytes(data, "x")
    assert info.value.problem == "damaged UTF-8: 1 invalid byte"


def test_legacy_files_keep_their_diagnosis_even_with_a_warnings_list(tmp_path: Path) -> None:
    tcvn3 = b"b\xb8o c\xb8o c\xf1a t\xd8nh bi\xd5t tr\xcbn s\xb9t \xae\xcat " * 10
    with pytest.raises(InputError) as info:
        read_inputs([write(tmp_path / "a.txt", tcvn3)])
    assert info.value.problem == UNDECODABLE


def test_cp1258_is_still_cp1258_with_a_warnings_list() -> None:
    text = "Hà Nô\u0323i mưa to"  # cp1258 writes the dot below of "ộ" as a combining mark
    warnings: list[str] = []
    assert decode_bytes(text.encode("cp1258"), "x", warnings=warnings) == text
    assert warnings == []


def test_a_mostly_ascii_file_with_one_cp1252_letter_is_not_called_utf8() -> None:
    warnings: list[str] = []
    assert decode_bytes(b"Cafe cr\xe8me, 13/9", "x", warnings=warnings) == "Cafe crème, 13/9"
    assert warnings == []


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_with_warnings_only_raise_input_error(data: bytes) -> None:
    warnings: list[str] = []
    try:
        read_stdin(io.BytesIO(data), warnings=warnings)
    except InputError as error:
        assert error.origin == "<stdin>"
    assert all(w.startswith("<stdin>") for w in warnings)


# --------------------------------------------------------------------------- mojibake


def test_cp1252_mojibake_is_repaired_exactly(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", as_cp1252_by_a_browser(VIETNAMESE))
    result = read_inputs([path])
    assert result.articles[0].text == VIETNAMESE
    assert result.warnings == [f"{path}: repaired mojibake (UTF-8 read as cp1252)"]
    documents, dropped = build_documents(result.articles)
    assert documents and not dropped  # no longer taken for VNI/TCVN3


def test_browser_cp1252_mojibake_round_trips_undefined_bytes() -> None:
    repaired = repair_mojibake(as_cp1252_by_a_browser(UNDEFINED_IN_CP1252))
    assert repaired is not None
    assert (repaired.text, repaired.note) == (
        UNDEFINED_IN_CP1252,
        "repaired mojibake (UTF-8 read as cp1252)",
    )


def test_latin1_mojibake_is_repaired() -> None:
    repaired = repair_mojibake(UNDEFINED_IN_CP1252.encode().decode("latin-1"))
    assert repaired is not None
    assert (repaired.text, repaired.note) == (
        UNDEFINED_IN_CP1252,
        "repaired mojibake (UTF-8 read as Latin-1)",
    )


def test_characters_cp1252_lost_stay_lost() -> None:
    mojibake = "Tỉnh Đồng Nai, người dân".encode().decode("cp1252", errors="replace")
    repaired = repair_mojibake(mojibake)
    assert repaired is not None
    assert repaired.text == "Tỉnh \ufffdồng Nai, ngư\ufffdi dân"
    assert repaired.note == (
        "repaired mojibake (UTF-8 read as cp1252); 2 characters lost before, shown as \ufffd"
    )


def test_mojibake_json_file_is_repaired(tmp_path: Path) -> None:
    content = as_cp1252_by_a_browser(line(VIETNAMESE, title="Bão số 3"))
    path = write(tmp_path / "a.json", content)
    result = read_inputs([path])
    assert (result.articles[0].title, result.articles[0].text) == ("Bão số 3", VIETNAMESE)


@pytest.mark.parametrize(
    "text",
    [
        VIETNAMESE,
        "plain ASCII text",
        "café crème, naïve Müller, Ødegaard",  # Latin-1 letters, not UTF-8 bytes
        "Ã©tÃ© franÃ§ais",  # French mojibake: round trips, but holds no Vietnamese
        "Hà Nội".encode().decode("cp1252") + " ÿ",  # ÿ is 0xFF: never in UTF-8
        "Ráº¡ng sÃ¡ng, một",  # a real Vietnamese letter among the mojibake
    ],
)
def test_text_that_is_not_vietnamese_mojibake_is_left_alone(text: str) -> None:
    assert repair_mojibake(text) is None


def test_mojibake_in_some_paragraphs_is_repaired_paragraph_by_paragraph(tmp_path: Path) -> None:
    # a page pasted together: one paragraph once read as cp1252, the others fine
    good = "Sáng 15/11, lực lượng cứu hộ đã tìm thấy hai nạn nhân mất tích."
    damaged = "Tỉnh Đồng Nai, người dân vẫn chờ tin."
    text = f"{VIETNAMESE}\n{as_cp1252_by_a_browser(damaged)}\n\n{good}\n"
    path = write(tmp_path / "a.txt", text)
    result = read_inputs([path])
    assert result.articles[0].text == f"{VIETNAMESE}\n{damaged}\n\n{good}\n"
    paragraphs = sum(1 for line in text.splitlines() if line.strip())
    note = f"repaired mojibake (UTF-8 read as cp1252) in 1 of {paragraphs} paragraphs"
    assert result.warnings == [f"{path}: {note}"]
    lost = "Tỉnh Đồng Nai, người dân".encode().decode("cp1252", errors="replace")
    repaired = repair_mojibake(f"{good}\n{lost}")
    assert repaired is not None
    assert repaired.text == f"{good}\nTỉnh \ufffdồng Nai, ngư\ufffdi dân"
    assert repaired.note == (
        "repaired mojibake (UTF-8 read as cp1252) in 1 of 2 paragraphs; "
        "2 characters lost before, shown as \ufffd"
    )
    assert repair_mojibake(f"{good}\n{VIETNAMESE}") is None


def test_without_a_warnings_list_mojibake_is_left_as_read() -> None:
    mojibake = as_cp1252_by_a_browser(VIETNAMESE)
    assert decode_bytes(mojibake.encode(), "x") == mojibake


# --------------------------------------------------------------------------- decode_lines


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_decode_lines_reads_utf16_json_lines_like_utf8(encoding: str) -> None:
    stories = [{"id": f"s{n}", "documents": [{"text": f"Bài {n}: {VIETNAMESE}"}]} for n in (1, 2)]
    content = "".join(json.dumps(s, ensure_ascii=False) + "\r\n" for s in stories)
    lines = decode_lines(content.encode(encoding), "b.jsonl")
    assert [json.loads(row) for row in lines if row.strip()] == stories


@pytest.mark.parametrize("data", [b"", b" \n\n", b"\xef\xbb\xbf", "\n".encode("utf-16")])
def test_decode_lines_of_blank_input_is_empty(data: bytes) -> None:
    assert decode_lines(data, "b.jsonl") == []


def test_decode_lines_keeps_line_numbers_and_reports_repairs() -> None:
    data = f"{line(VIETNAMESE)}\n\n{line(VIETNAMESE)}".encode() + b"\xff\n"
    warnings: list[str] = []
    lines = decode_lines(data, "b.jsonl", warnings=warnings)
    assert [n for n, row in enumerate(lines, start=1) if row.strip()] == [1, 3]
    assert warnings == [f"b.jsonl: 1 invalid UTF-8 byte at offset {len(data) - 2} (replaced)"]


def test_decode_lines_raises_for_binary_input() -> None:
    with pytest.raises(InputError, match="input looks binary"):
        decode_lines(b"\x00\x01\x02\x03" * 10, "b.jsonl")


def test_ascii_json_lines_with_a_stray_byte_keep_every_line() -> None:
    # json.dumps writes \u escapes: no valid multi-byte character vouches for UTF-8
    lines = [
        json.dumps({"id": f"s{k}", "text": f"Tin ngắn số {k} về thời tiết."}) for k in range(50)
    ]
    data = ("\n".join(lines) + "\n").encode()
    at = data.index(b"Tin", len(lines[0]) + 5)
    damaged = data[:at] + b"\xff" + data[at:]
    notes: list[str] = []
    decoded = decode_lines(damaged, "c.jsonl", warnings=notes)
    assert len([line for line in decoded if line]) == 50
    assert "\ufffd" in decoded[1] and "ÿ" not in "".join(decoded)
    assert notes == [f"c.jsonl: 1 invalid UTF-8 byte at offset {at} (replaced)"]
