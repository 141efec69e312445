"""``.md`` files are read as Markdown: the text a reader sees, the leading heading as title."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
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
    (
        'Xem [bài gốc](https://a.vn/x "tiêu đề") hoặc [bài khác][1].\n\n[1]: https://a.vn/y',
        "Xem bài gốc hoặc bài khác.",
    ),
    # CommonMark: a reference without a definition is no link
    ("Xem [bài khác][2].", "Xem [bài khác][2]."),
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
    # CommonMark: a link definition cannot interrupt a paragraph, so a blank line before it
    ('Một.\n\n[1]: https://a.vn/x "Nguồn"\n[ảnh]: /img/a.jpg\nHai.', ["Một.", "Hai."]),
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


# --------------------------------------------------------------------------- CommonMark

COMMONMARK = [
    # nested lists, a lazy line and a second paragraph of an item
    (
        "- Một\n  - Hai\n    tiếp hai\n      1. Ba\n\n  Đoạn của một\n- Bốn",
        ["Một", "Hai", "tiếp hai", "Ba", "Đoạn của một", "Bốn"],
    ),
    # full, collapsed and shortcut references; a definition may wrap its title
    (
        "Theo [Bộ Y tế][byt], [WHO][] và [CDC].\n\n[byt]: https://moh.gov.vn\n"
        '[who]: <https://who.int>\n[CDC]:\n  https://cdc.gov\n  "Trung tâm"',
        ["Theo Bộ Y tế, WHO và CDC."],
    ),
    # an HTML block keeps the text it shows, not its tags, comments or scripts
    (
        '<div class="sapo">\n<p>Đoạn trong HTML &amp; thẻ.</p>\n</div>\n\n'
        "<script>\nvar a = 1;\n</script>\n\nSau.",
        ["Đoạn trong HTML & thẻ.", "Sau."],
    ),
    ("<!--\nQuảng cáo\n\ngiữa bài\n-->\nSau.", ["Sau."]),
    # an indented code block goes; an indented line inside a paragraph is text
    (
        "Trước.\n\n    mã thụt lề\n\n    dòng hai\n\nSau.\n    vẫn là đoạn",
        ["Trước.", "Sau.", "vẫn là đoạn"],
    ),
    # escapes and entities are the characters themselves
    (
        "\\[không phải liên kết\\](x) \\`mã\\` a\\\\b &lt;b&gt; &quot;trích&quot;",
        ['[không phải liên kết](x) `mã` a\\b <b> "trích"'],
    ),
    (
        "1\\. Không phải danh sách.\n\\- Cũng không.\n\\> Không trích.",
        ["1. Không phải danh sách.", "- Cũng không.", "> Không trích."],
    ),
    # word-segmented text: "_" inside a word is no emphasis, only around one
    (
        "Chủ_tịch Kim_Jong-un ký thỏa_thuận __hợp_tác__ và _kinh_tế_ ; snake_case_name.",
        ["Chủ_tịch Kim_Jong-un ký thỏa_thuận hợp_tác và kinh_tế ; snake_case_name."],
    ),
    # a fence inside a list item, a rule between items
    ("- Mục.\n\n  ```\n  mã\n  ```\n\n- - -\n- Mục hai.", ["Mục.", "Mục hai."]),
]


@pytest.mark.parametrize(("markdown", "lines"), COMMONMARK)
def test_commonmark_blocks(markdown: str, lines: list[str]) -> None:
    assert [line for line in text_of(markdown).split("\n") if line] == lines


def test_blocks_keep_their_lines_and_blank_lines() -> None:
    markdown = (
        "# Tiêu đề\n\nThứ tư, 13/9/2023, 11:39 (GMT+7)\n\nĐoạn một dòng một\ndòng hai.\n\n\n"
        "> Trích một.\n>\n> Trích hai.\n\n```\nmã\n\nmã\n```\n\nCuối."
    )
    article = markdown_article(markdown, "a", "a.md")
    assert article.title == "Tiêu đề"
    assert article.published == datetime(2023, 9, 13, 11, 39, tzinfo=timezone(timedelta(hours=7)))
    assert article.text == (
        "\n\n\nĐoạn một dòng một\ndòng hai.\n\n\nTrích một.\n\nTrích hai.\n\n\nCuối."
    )


def test_dateline_under_the_title_is_its_own_line() -> None:
    article = markdown_article("# Tiêu đề\n13/9/2023 11:39\nThân bài.", "a", "a.md")
    assert (article.title, article.published) == ("Tiêu đề", datetime(2023, 9, 13, 11, 39))
    assert article.text == "\nThân bài."


# --------------------------------------------------------------------------- front matter

FRONT = """---
title: "Bão số 3 đổ bộ Quảng Ninh"
date: "Thứ tư, 13/9/2023 - 11:39"
source: VnExpress
url: https://vnexpress.net/bao-so-3.html
tags: [bão, thời tiết]
---
# Bão số 3 đổ bộ  Quảng Ninh

Người dân được sơ tán.
"""


def test_front_matter_gives_title_date_source_and_url() -> None:
    warnings: list[str] = []
    article = markdown_article(FRONT, "a", "a.md", warnings=warnings)
    assert article.title == "Bão số 3 đổ bộ Quảng Ninh"
    assert article.published == datetime(2023, 9, 13, 11, 39)
    assert (article.source, article.url) == ("VnExpress", "https://vnexpress.net/bao-so-3.html")
    # the heading that repeats the title is not text; the metadata is none either
    assert [line for line in article.text.split("\n") if line] == ["Người dân được sơ tán."]
    assert not warnings


def test_front_matter_in_a_file(tmp_path: Path) -> None:
    (tmp_path / "bao.md").write_text(FRONT, encoding="utf-8")
    [article] = read_path(tmp_path / "bao.md")
    assert (article.id, article.title) == ("bao", "Bão số 3 đổ bộ Quảng Ninh")
    assert article.published == datetime(2023, 9, 13, 11, 39)


def test_front_matter_title_wins_over_another_heading_which_is_no_text() -> None:
    article = markdown_article("---\ntitle: Tựa gốc\n---\n# Tựa khác\nThân.", "a", "a.md")
    assert article.title == "Tựa gốc"
    assert article.text.split("\n") == ["Thân."]
    # kept as text, the headline was glued to the lead: "Mưa lớn … liền Chiều ngày 4/10, …"
    lead = "Chiều ngày 4/10, một trận mưa lớn kéo dài hơn hai giờ đã khiến nhiều phố ngập sâu."
    for title in ("Bão số 5", "Mưa lớn ở Hà Nội"):
        markdown = (
            f'---\ntitle: "{title}"\n---\n\n'
            "# Mưa lớn ở Hà Nội khiến hàng nghìn người dân bị kẹt xe nhiều giờ liền\n\n"
            f"{lead}\n\nTheo Trung tâm Dự báo, lượng mưa đo được tại Láng đạt 120 mm.\n"
        )
        (document,), _ = build_documents([markdown_article(markdown, "a", "a.md")])
        assert document.sentences[0].text == lead


@pytest.mark.parametrize(
    ("front", "published"),
    [
        ("date: 2023-09-13", datetime(2023, 9, 13)),
        ("date: 2023-09-13 11:39:00", datetime(2023, 9, 13, 11, 39)),
        (
            "published: 2023-09-13T11:39:00+07:00",
            datetime(2023, 9, 13, 11, 39, tzinfo=timezone(timedelta(hours=7))),
        ),
        ("pubDate: Wed, 13 Sep 2023 04:39:00 GMT", datetime(2023, 9, 13, 4, 39, tzinfo=UTC)),
        ('date: "2023-09-13T11:39:00Z"', datetime(2023, 9, 13, 11, 39, tzinfo=UTC)),
    ],
)
def test_front_matter_dates(front: str, published: datetime) -> None:
    article = markdown_article(f"---\n{front}\n---\nThân bài.", "a", "a.md")
    assert article.published == published
    assert article.text == "Thân bài."


def test_front_matter_date_wins_over_a_dateline() -> None:
    markdown = "---\ndate: 2023-09-14\n---\n# Tựa\n13/9/2023 11:39\nThân bài."
    article = markdown_article(markdown, "a", "a.md")
    assert article.published == datetime(2023, 9, 14)
    assert article.text == "\nThân bài."  # the dateline is still no text


def test_front_matter_values_of_the_wrong_type_are_ignored() -> None:
    warnings: list[str] = []
    markdown = (
        "---\ntitle: 123\ndate: không phải ngày\nsource: [a, b]\nurl: 5\n---\n"
        "# Tựa bài\n13/9/2023 11:39\nThân bài."
    )
    article = markdown_article(markdown, "a", "a.md", warnings=warnings)
    assert (article.title, article.source, article.url) == ("Tựa bài", None, None)
    assert article.published == datetime(2023, 9, 13, 11, 39)
    assert warnings == [
        'a.md: unreadable front matter date "không phải ngày" (dated by its dateline instead)'
    ]
    assert markdown_article("---\ndate: 20230913\n---\nThân.", "a", "a.md").published is None


@pytest.mark.parametrize(
    ("front", "warned"),
    [
        ("title: [không đóng\nngoặc", True),
        ("title: a\n  b: c", True),
        ("date: 2023-02-30", True),  # PyYAML cannot build the date: the block is unreadable
        ("- danh sách", False),  # YAML, but no mapping: nothing to take from it
        ("chữ", False),
    ],
)
def test_bad_or_odd_front_matter_is_skipped_not_fatal(front: str, warned: bool) -> None:
    markdown = f"---\n{front}\n---\n# Tựa bài\nThân bài."
    warnings: list[str] = []
    article = markdown_article(markdown, "a", "a.md", warnings=warnings)
    assert (article.title, article.text, article.published) == ("Tựa bài", "Thân bài.", None)
    assert [("front matter is not valid YAML" in w) for w in warnings] == [True] * warned
    assert markdown_article(markdown, "a", "a.md").text == "Thân bài."  # no list: silent


def test_bad_yaml_warning_names_the_line() -> None:
    warnings: list[str] = []
    markdown_article("---\ntitle: a\ndate: [x\n---\nThân.", "a", "a.md", warnings=warnings)
    assert warnings == [
        "a.md: line 3: front matter is not valid YAML "
        "(expected ',' or ']', but got '<stream end>'; ignored)"
    ]


@pytest.mark.parametrize(
    ("markdown", "lines"),
    [
        # no closing fence: the "---" is a rule and the rest is text
        ("---\ntitle: Tựa\n\nThân bài.", ["title: Tựa", "Thân bài."]),
        # not at the very start: a rule and a heading, not front matter
        ("\n---\ntitle: Tựa\n---\nThân bài.", ["title: Tựa", "Thân bài."]),
    ],
)
def test_no_front_matter_without_its_fences(markdown: str, lines: list[str]) -> None:
    article = markdown_article(markdown, "a", "a.md")
    assert article.title is None
    assert [line for line in article.text.split("\n") if line] == lines


# --------------------------------------------------------------------------- a real article

VNEXPRESS = """---
title: Hà Nội thí điểm phân loại rác tại nguồn ở 4 quận
pubDate: 2024-06-05 08:30:00+07:00
source: VnExpress
url: https://vnexpress.net/ha-noi-thi-diem-phan-loai-rac-4761234.html
---

# Hà Nội thí điểm phân loại rác tại nguồn ở 4 quận

Thứ tư, 5/6/2024, 08:30 (GMT+7)

**Từ tháng 7, người dân 4 quận nội thành phải phân loại rác thành ba nhóm trước khi \
đưa cho đơn vị thu gom, theo [kế hoạch][kh] của UBND thành phố.**

<!-- quảng cáo -->

![Công nhân thu gom rác trên phố Hàng Bài](https://i.vnecdn.net/rac.jpg "Ảnh: Giang Huy")

Theo _Sở Tài nguyên và Môi trường_, các quận được chọn gồm:

1. Hoàn Kiếm, Ba Đình;
2. Đống Đa và Hai Bà Trưng.

> "Phân loại rác không khó, cái khó là thói quen", ông Nguyễn Văn A, tổ trưởng dân phố \
phường Hàng Bạc, nói.

Mỗi hộ được phát miễn phí hai thùng rác có nắp, chi phí khoảng `12 tỷ đồng` do \
ngân sách thành phố chi trả.

***

*Giang Huy*

[kh]: https://hanoi.gov.vn/ke-hoach-123
"""


def test_realistic_vietnamese_article(tmp_path: Path) -> None:
    (tmp_path / "rac.md").write_text(VNEXPRESS, encoding="utf-8")
    result = read_inputs([tmp_path])
    [article] = result.articles
    assert article.title == "Hà Nội thí điểm phân loại rác tại nguồn ở 4 quận"
    assert article.published == datetime(2024, 6, 5, 8, 30, tzinfo=timezone(timedelta(hours=7)))
    assert article.source == "VnExpress"
    assert article.url == "https://vnexpress.net/ha-noi-thi-diem-phan-loai-rac-4761234.html"
    assert [line for line in article.text.split("\n") if line] == [
        "Từ tháng 7, người dân 4 quận nội thành phải phân loại rác thành ba nhóm trước khi "
        "đưa cho đơn vị thu gom, theo kế hoạch của UBND thành phố.",
        "Theo Sở Tài nguyên và Môi trường, các quận được chọn gồm:",
        "Hoàn Kiếm, Ba Đình;",
        "Đống Đa và Hai Bà Trưng.",
        '"Phân loại rác không khó, cái khó là thói quen", ông Nguyễn Văn A, tổ trưởng dân phố '
        "phường Hàng Bạc, nói.",
        "Mỗi hộ được phát miễn phí hai thùng rác có nắp, chi phí khoảng 12 tỷ đồng do "
        "ngân sách thành phố chi trả.",
        "Giang Huy",
    ]
    [document], dropped = build_documents(result.articles)
    assert not dropped and not result.warnings
    for sentence in document.sentences:
        assert document.text[sentence.start : sentence.end] == sentence.text
        assert not any(mark in sentence.text for mark in ("**", "](", "---", "<!--", "`"))


def test_read_path_reports_bad_front_matter_as_a_warning(tmp_path):
    from tomtat.readers.files import read_path

    path = tmp_path / "bao.md"
    path.write_text(
        "---\ntitle: Bão số 5\ndate: [oops\n---\n\nBão số 5 đổ bộ vào bờ biển lúc 3 giờ sáng.\n",
        encoding="utf-8",
    )
    warnings: list[str] = []
    [article] = read_path(path, warnings=warnings)
    assert article.text.strip() == "Bão số 5 đổ bộ vào bờ biển lúc 3 giờ sáng."
    assert len(warnings) == 1 and "front matter is not valid YAML" in warnings[0]
