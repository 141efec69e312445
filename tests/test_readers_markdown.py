"""``.md`` files are read as Markdown: the text a reader sees, the leading heading as title."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tomtat.documents import build_documents
from tomtat.readers import read_inputs, read_path
from tomtat.readers.markdown import markdown_article

NEWS = """# Khu chợ tạm Bến Sương đón tiểu thương

*Thứ tư, 18/03/2026, 07:00*

Sáng 18/3, **khu chợ tạm** cho tiểu thương chợ Bến Sương chính thức hoạt động sau 10 ngày \
thi công, theo [UBND thị trấn](https://thanhkhe.example.vn/tin_(2026)).

![Tiểu thương dọn hàng](anh.jpg)

- Khu chợ tạm có 45 ki-ốt được dựng bằng khung thép.
- Mỗi ki-ốt rộng khoảng 6 m2 và có đồng hồ điện riêng.

> "Chúng tôi mong sớm xây lại chợ mới", ông Trần Hữu Thọ nói.
"""


def text_of(markdown: str) -> str:
    return markdown_article(markdown, "a", "a.md").text


def test_news_markdown_file(tmp_path: Path) -> None:
    path = tmp_path / "tin.md"
    path.write_text(NEWS, encoding="utf-8")
    [article] = read_path(path)
    assert (article.id, article.title) == ("tin", "Khu chợ tạm Bến Sương đón tiểu thương")
    assert article.published == datetime(2026, 3, 18, 7, 0)
    assert [line for line in article.text.split("\n") if line] == [
        "Sáng 18/3, khu chợ tạm cho tiểu thương chợ Bến Sương chính thức hoạt động sau 10 "
        "ngày thi công, theo UBND thị trấn.",
        "Khu chợ tạm có 45 ki-ốt được dựng bằng khung thép.",
        "Mỗi ki-ốt rộng khoảng 6 m2 và có đồng hồ điện riêng.",
        '"Chúng tôi mong sớm xây lại chợ mới", ông Trần Hữu Thọ nói.',
    ]


def test_summary_sentences_hold_no_markup(tmp_path: Path) -> None:
    (tmp_path / "tin.md").write_text(NEWS, encoding="utf-8")
    result = read_inputs([tmp_path])
    [document], dropped = build_documents(result.articles)
    assert not dropped and not result.warnings
    assert document.title == "Khu chợ tạm Bến Sương đón tiểu thương"
    for sentence in document.sentences:
        assert document.text[sentence.start : sentence.end] == sentence.text
        assert not any(mark in sentence.text for mark in ("**", "](", "![", "# ", "> ", "- "))


INLINE = [
    (
        "Chữ **đậm**, *nghiêng*, __đậm__, _nghiêng_, ~~gạch~~, ***cả hai***.",
        "Chữ đậm, nghiêng, đậm, nghiêng, gạch, cả hai.",
    ),
    ("Lồng **_nhau_** và *__nhau__*.", "Lồng nhau và nhau."),
    ('Xem [bài gốc](https://a.vn/x "tiêu đề") hoặc [bài khác][1].', "Xem bài gốc hoặc bài khác."),
    (
        "Địa chỉ <https://a.vn/x>, lệnh `tomtat batch`.",
        "Địa chỉ https://a.vn/x, lệnh tomtat batch.",
    ),
    ("Dòng có ảnh ![ảnh](a.jpg) giữa câu.", "Dòng có ảnh  giữa câu."),
    ('Chữ<br>có <span class="x">thẻ</span> HTML.', "Chữ\ncó thẻ HTML."),
    (
        "Ký tự \\*không\\* nhấn, \\# không tiêu đề, \\_x\\_.",
        "Ký tự *không* nhấn, # không tiêu đề, _x_.",
    ),
    # word-segmented text keeps its joiners; arithmetic and brackets stay
    ("Ký thỏa_thuận hợp_tác; 5 * 3 = 15; [Video] a > b.",) * 2,
    ("[Video]: Cảnh sát có mặt.",) * 2,
    ("Dòng ngắt cứng\\\nở cuối.", "Dòng ngắt cứng\nở cuối."),
]


@pytest.mark.parametrize(("markdown", "text"), INLINE)
def test_inline_markup(markdown: str, text: str) -> None:
    assert text_of(markdown) == text


BLOCKS = [
    ("1. Một.\n2) Hai.\n+ Ba.\n* Bốn.\n   - Năm.", ["Một.", "Hai.", "Ba.", "Bốn.", "Năm."]),
    ("> Trích.\n> > Lồng.\n>Sát.", ["Trích.", "Lồng.", "Sát."]),
    ("> - Trích danh sách.", ["Trích danh sách."]),
    (
        "Trước.\n```python\nprint('mã')\n```\nSau.\n~~~~\nmã\n~~~\n~~~~\nCuối.",
        ["Trước.", "Sau.", "Cuối."],
    ),
    ("Trước.<!-- ghi chú\nnhiều dòng -->\nSau.", ["Trước.", "Sau."]),
    ("Một.\n\n---\n* * *\n___\nHai.", ["Một.", "Hai."]),
    ('Một.\n[1]: https://a.vn/x "Nguồn"\n[ảnh]: /img/a.jpg\nHai.', ["Một.", "Hai."]),
    ("Một.\n[![ảnh](a.jpg)](https://a.vn)\nHai.", ["Một.", "Hai."]),
    (
        "Mở đầu.\n## Tiểu mục ##\nNội dung.\nTiểu mục hai\n------\nTiếp.",
        ["Mở đầu.", "Tiểu mục", "Nội dung.", "Tiểu mục hai", "Tiếp."],
    ),
    ("Chưa đóng\n```\nmã mãi", ["Chưa đóng"]),
]


@pytest.mark.parametrize(("markdown", "lines"), BLOCKS)
def test_block_markup(markdown: str, lines: list[str]) -> None:
    assert [line for line in text_of(markdown).split("\n") if line] == lines


@pytest.mark.parametrize(
    ("markdown", "title", "first"),
    [
        ("# Tiêu đề #\n\nThân bài.", "Tiêu đề", "Thân bài."),
        ("\n<!-- x -->\n![ảnh](a.jpg)\n# Tiêu đề **đậm**\nThân bài.", "Tiêu đề đậm", "Thân bài."),
        ("Tiêu đề gạch dưới\n=====\nThân bài.", "Tiêu đề gạch dưới", "Thân bài."),
        ("## Không phải tiêu đề\nThân bài.", None, "Không phải tiêu đề"),
        ("Thân bài trước.\n# Tiêu đề muộn", None, "Thân bài trước."),
        ("#hashtag không phải tiêu đề.", None, "#hashtag không phải tiêu đề."),
    ],
)
def test_title_is_a_leading_level_one_heading(markdown: str, title, first: str) -> None:
    article = markdown_article(markdown, "a", "a.md")
    assert article.title == title
    assert next(line for line in article.text.split("\n") if line) == first


def test_plain_text_in_a_md_file_is_unchanged() -> None:
    text = "Bão số 3 đổ bộ vào Quảng Ninh.\nNgười dân được sơ tán (khẩn cấp)."
    assert text_of(text) == text
