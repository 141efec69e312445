"""Sentence splitting and sentence-level boilerplate detection."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.segmentation import is_boilerplate_sentence, split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ngày 13/9, ông Kim đến Nga. Ông Putin đón tiếp.",
            ["Ngày 13/9, ông Kim đến Nga.", "Ông Putin đón tiếp."],
        ),
        (
            "Có 5.000 người tham gia hôm 20.10 tại TP.HCM. Tỷ lệ đạt 3,5%. Đây là kỷ lục.",
            ["Có 5.000 người tham gia hôm 20.10 tại TP.HCM.", "Tỷ lệ đạt 3,5%.", "Đây là kỷ lục."],
        ),
        (
            "Công an TP. HCM cho biết vụ việc. Công an Tp. Thủ Đức vào cuộc.",
            ["Công an TP. HCM cho biết vụ việc.", "Công an Tp. Thủ Đức vào cuộc."],
        ),
        (
            "GS. Nguyễn Văn A và PGS.TS. Trần B dự họp. Họ đồng ý.",
            ["GS. Nguyễn Văn A và PGS.TS. Trần B dự họp.", "Họ đồng ý."],
        ),
        (
            "Quan chức U.S. Army và ông Nguyễn V. An đến. Ông Ô. Ba ở lại.",
            ["Quan chức U.S. Army và ông Nguyễn V. An đến.", "Ông Ô. Ba ở lại."],
        ),
        (  # "tư" is a word, not an abbreviation: "đầu tư.", "thứ tư.", "ngã tư."
            "Tỉnh trao giấy chứng nhận đầu tư. Cuối năm, nhà máy khởi công. Họp vào thứ Tư. "
            "Xe dừng ở ngã tư. Đường thông. Đại hội TW. Nguyễn và T.Ư. Đoàn dự họp.",
            [
                "Tỉnh trao giấy chứng nhận đầu tư.",
                "Cuối năm, nhà máy khởi công.",
                "Họp vào thứ Tư.",
                "Xe dừng ở ngã tư.",
                "Đường thông.",
                "Đại hội TW. Nguyễn và T.Ư. Đoàn dự họp.",
            ],
        ),
        (
            "Họ bán rau, củ, quả v.v. Giá đều tăng.",
            ["Họ bán rau, củ, quả v.v.", "Giá đều tăng."],
        ),
        (
            "Mỹ, Pháp, Anh… để trao kiến nghị. Giá tăng... so với trước.",
            ["Mỹ, Pháp, Anh… để trao kiến nghị.", "Giá tăng... so với trước."],
        ),
        (
            "“Dân chủ muôn năm”… Nhà chức trách triển khai cảnh sát.",
            ["“Dân chủ muôn năm”…", "Nhà chức trách triển khai cảnh sát."],
        ),
        (
            '"Chúng tôi không gây hấn. Chúng tôi luôn thảo luận công khai", ông nói. Ông ấy cười.',
            [
                '"Chúng tôi không gây hấn. Chúng tôi luôn thảo luận công khai", ông nói.',
                "Ông ấy cười.",
            ],
        ),
        (
            '"Chúng tôi không gây hấn. Chúng tôi luôn thảo luận công khai". Ông nói thêm rằng '
            "sẽ đi.",
            [
                '"Chúng tôi không gây hấn. Chúng tôi luôn thảo luận công khai".',
                "Ông nói thêm rằng sẽ đi.",
            ],
        ),
        (
            "Ông Kim nói quan hệ với Nga là “ưu tiên hàng đầu.” Ông cũng ca ngợi Nga.",
            ["Ông Kim nói quan hệ với Nga là “ưu tiên hàng đầu.”", "Ông cũng ca ngợi Nga."],
        ),
        (
            "Ông nói: “Nga tuân thủ. Nhưng có những điều cần bàn.” Sau đó ông rời đi.",
            ["Ông nói: “Nga tuân thủ. Nhưng có những điều cần bàn.”", "Sau đó ông rời đi."],
        ),
        (
            "Thật sao? Đúng vậy! Anh ấy đến. Đây là năm 2019. 5 người đã chết.",
            ["Thật sao?", "Đúng vậy!", "Anh ấy đến.", "Đây là năm 2019.", "5 người đã chết."],
        ),
        (
            "1. Thay vì lo lắng, các em cần ôn tập. 2. Tự kiểm tra lại. 2.1. Làm đề.",
            ["1. Thay vì lo lắng, các em cần ôn tập.", "2. Tự kiểm tra lại.", "2.1. Làm đề."],
        ),
        (
            "Theo Điều 256. Tội mua dâm thì bị phạt. Ông A. Đồng ý.",
            ["Theo Điều 256. Tội mua dâm thì bị phạt.", "Ông A. Đồng ý."],
        ),
        (
            "Hợp tác chuyển giao vũ khí\nQuá trình chuẩn bị bắt đầu. Đến Ấn Độ. Ở Đà Nẵng.",
            [
                "Hợp tác chuyển giao vũ khí",
                "Quá trình chuẩn bị bắt đầu.",
                "Đến Ấn Độ.",
                "Ở Đà Nẵng.",
            ],
        ),
        (
            "Ông hỏi (ai đến?). Bà trả lời. - Đây là gạch đầu dòng.",
            ["Ông hỏi (ai đến?).", "Bà trả lời.", "- Đây là gạch đầu dòng."],
        ),
        ("  Câu có khoảng trắng.   \n\n  ./.  \n", ["Câu có khoảng trắng."]),
        ("", []),
    ],
)
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_spans_index_the_original_text():
    text = "Dòng một. Dòng hai!\n  Đoạn hai mở đầu. Kết thúc  "
    spans = split_sentences(text)
    assert spans == [(0, 9), (10, 19), (22, 38), (39, 47)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAbĐđêÊ .!?…\"“”'()\n0123456789,TP", max_size=200))
def test_span_invariants(text):
    spans = split_sentences(text)
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        piece = text[a:b]
        assert "\n" not in piece
        assert piece == piece.strip()
        last = b


@pytest.mark.parametrize(
    "sentence",
    [
        "Ảnh: Reuters",
        "(Ảnh: AFP)",
        "Tổng thống Putin bắt tay ông Kim hôm 13/9. Ảnh: KCNA",
        "Người dân chờ xe buýt - Ảnh: Trương Hải Tùng",
        "Ảnh minh họa",
        "Vũ Anh (Theo Interfax, Reuters)",
        "Ngọc Ánh (Theo Reuters)",
        "Theo VnExpress",
        "(Theo Tuổi Trẻ)",
        "PV",
        "NGUYỆT PHƯƠNG",
        "Thu Linh/VOV online",
        "Nguồn: [Link nguồn]",
        "Nguồn: Tổng cục Thống kê",
        "Xem thêm: Giá vàng hôm nay",
        "Đọc thêm: Lịch thi",
        ">> Nhà đầu tư đổ xô mua vàng",
        "TIN LIÊN QUAN",
        "Video: Thí sinh ôn thi",
        "Clip: Hướng dẫn làm bài",
        "Tin, ảnh: Gia Bách",
        "Thực hiện: Đinh Giang",
        "(TNO)",
        "( )",
        "./.",
        "HL Email Print Góp ý",
        "* Tin bài liên quan:",
        "Bản quyền thuộc về VOV.",
        "© Bản quyền thuộc về Báo Tuổi Trẻ.",
        "Ghi rõ nguồn khi phát hành lại thông tin từ website này.",
        "Cấm sao chép dưới mọi hình thức nếu không có sự chấp thuận bằng văn bản.",
        "Độc giả có thể gửi thông tin, hình ảnh về vụ việc qua email toasoan@example.vn.",
        "Bạn đọc có thông tin phản ánh xin gửi về chuyên mục Pháp luật của báo.",
        "Hotline: 0988 000 000 | Email: toasoan@example.vn",
    ],
)
def test_boilerplate_sentences(sentence):
    assert is_boilerplate_sentence(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Theo Reuters, ông Kim sẽ tới Nga vào tuần tới.",
        "Theo ông Sullivan, Mỹ đang tiếp tục siết chặt ngành công nghiệp quốc phòng Nga.",
        "Hãng thông tấn Hàn Quốc Yonhap dẫn nguồn tình báo cho biết Nga sẽ tập trận.",
        "Ông Kim cho biết, mối quan hệ với Nga là “ưu tiên hàng đầu”.",
        "Washington đang quan sát",
        "Phản ứng của Nga",
        "Bức ảnh cho thấy hai nhà lãnh đạo bắt tay.",
        "Nguồn tin cho biết cuộc gặp sẽ diễn ra vào tháng 9.",
        "Người xem video có thể bình luận trực tiếp.",
        "Tổng thống Nga Vladimir Putin đón ông Kim tại sân bay vũ trụ.",
        "Bản quyền tác giả là vấn đề được Quốc hội quan tâm.",
        "Bạn đọc gửi nhiều ý kiến về vụ việc, cho rằng cần xử lý nghiêm.",
        "Email của ông Clinton bị lộ ra ngoài.",
        "Điện thoại của nạn nhân bị mất.",
    ],
)
def test_content_sentences(sentence):
    assert not is_boilerplate_sentence(sentence)
