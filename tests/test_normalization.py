"""Normalization: Unicode repair, tone style, desegmentation, titles, boilerplate."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.documents import build_document
from tomtat.models import Article
from tomtat.normalization import (
    CleanText,
    canonical_tones,
    desegment,
    is_segmented,
    looks_like_legacy_encoding,
    looks_like_legacy_sentence,
    normalize_article,
    to_nfc,
)
from tomtat.normalization.unicode import normalize_whitespace

# --- Unicode ---------------------------------------------------------------------------------


def test_to_nfc_composes_nfd_text():
    nfd = unicodedata.normalize("NFD", "Người dân Hà Nội")
    assert nfd != "Người dân Hà Nội"
    assert to_nfc(nfd) == "Người dân Hà Nội"


def test_to_nfc_reattaches_marks_the_tokenizer_split_off():
    # VN-MDS *.tok.txt split NFD syllables at the mark: "cươ ̀ ng" is "cường"
    broken = "tăng cươ \u0300 ng hợp tác, kinh tê \u0301 - xa \u0303 hội, nga \u0300 y mai"
    assert to_nfc(broken) == "tăng cường hợp tác, kinh tế - xã hội, ngày mai"


def test_to_nfc_drops_a_second_tone_on_a_toned_vowel():
    # an input method's double keystroke: "ế" and another acute, shown as "đế́n"
    assert to_nfc("Đoàn đế\u0301n nơi lúc 7 giờ, ngươ\u0300i dân chờ sẵn.") == (
        "Đoàn đến nơi lúc 7 giờ, người dân chờ sẵn."
    )
    assert to_nfc("a\u0301\u0301") == "á"
    assert to_nfc("ñ và n\u0303") == "ñ và ñ"  # a mark on a consonant is not a second tone


def test_to_nfc_moves_tone_typed_on_the_wrong_vowel():
    assert to_nfc("ngươì điêù mơí") == "người điều mới"


def test_to_nfc_drops_invisible_characters_and_lookalike_letters():
    assert to_nfc("Ðà\u200b Nẵng\ufeff") == "Đà Nẵng"


def test_a_zero_width_space_between_words_is_a_space():
    # web pages separate words with U+200B; deleting it glued "Cát" and "Tường"
    assert to_nfc("huyện Cát\u200bTường, ngày\u200b3/10") == "huyện Cát Tường, ngày 3/10"
    nfd = unicodedata.normalize("NFD", "Cầu Bến Lội\u200bđổ sập")
    assert to_nfc(nfd) == "Cầu Bến Lội đổ sập"
    # joiners, BOM and soft hyphens join or mean nothing: removed
    assert to_nfc("bảo\u00adhiểm Cát\u200cTường\u200d\u2060\ufeff") == "bảohiểm CátTường"
    clean = normalize_article("Cầu Bến Lội ở huyện Cát\u200bTường đổ sập lúc 8h sáng 3/10.")
    assert "Cát Tường" in clean.text


def test_normalize_whitespace():
    text = "  Dòng\u00a0một \t  tiếp\r\n\r\n  Dòng hai  \r\n\n"
    assert normalize_whitespace(text) == "Dòng một tiếp\nDòng hai"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoà bình", "hòa bình"),
        ("thuỷ điện", "thủy điện"),
        ("sức khoẻ", "sức khỏe"),
        ("Hoà", "Hòa"),
        ("HOÀ", "HÒA"),
        ("tuỳ", "tùy"),
        ("huỷ_bỏ", "hủy_bỏ"),  # a joiner ends the syllable too
        ("hòa thủy khỏe", "hòa thủy khỏe"),  # already canonical
        ("hoàng huỳnh khoét", "hoàng huỳnh khoét"),  # closed syllables: one style only
        ("quý quỳ", "quý quỳ"),  # "qu" + y is not the uy rime
        ("ngoài khuya", "ngoài khuya"),
        ("của mùa", "của mùa"),
    ],
)
def test_canonical_tones(text, expected):
    assert canonical_tones(text) == expected


@given(st.text())
def test_canonical_tones_preserves_length_and_is_idempotent(text):
    text = unicodedata.normalize("NFC", text)
    once = canonical_tones(text)
    assert len(once) == len(text)
    assert canonical_tones(once) == once


@given(st.text(alphabet="hoaàáuyỳýeèẻkqHOÀ _.", max_size=40))
def test_canonical_tones_on_vietnamese_like_text(text):
    once = canonical_tones(text)
    assert len(once) == len(text)
    assert canonical_tones(once) == once
    assert canonical_tones(once.replace("òa", "oà")) == once


# --- segmentation detection and desegmentation ----------------------------------------------


def test_is_segmented():
    assert is_segmented("Điện_Kremlin nói rằng không có thỏa_thuận nào được ký .")
    assert is_segmented("Nga hợp_tác quốc_phòng")
    assert not is_segmented("Điện Kremlin nói rằng không có thỏa thuận nào được ký.")
    long_raw = "Dự án AtFarm_S đoạt giải nhất cuộc thi khởi nghiệp năm nay. " * 3
    assert not is_segmented(long_raw + "Nhóm dự kiến hoàn vốn sau hai năm rưỡi. " * 5)


@pytest.mark.parametrize(
    ("segmented", "expected"),
    [
        ("Điện_Kremlin nói , không .", "Điện Kremlin nói, không."),
        ("ông Kim_Jong-un thăm Nga", "ông Kim Jong-un thăm Nga"),
        (
            '" Không , hai bên không ký thỏa_thuận " , ông nói .',
            '"Không, hai bên không ký thỏa thuận", ông nói.',
        ),
        (
            "Nga - Triều ' không ký thỏa_thuận ' trong chuyến thăm",
            "Nga - Triều 'không ký thỏa thuận' trong chuyến thăm",
        ),
        ('cũng " khá rắc_rối " .', 'cũng "khá rắc rối".'),
        ("“ Ưu_tiên hàng_đầu ” , ông nói !", "“Ưu tiên hàng đầu”, ông nói!"),
        (
            "Tổng_thống Putin ( phải ) và ông Kim [ trái ]",
            "Tổng thống Putin (phải) và ông Kim [trái]",
        ),
        ("hôm 13 / 9 lúc 12 : 30", "hôm 13/9 lúc 12:30"),
        ("quần_đảo Senkaku / Điếu_Ngư", "quần đảo Senkaku/Điếu Ngư"),
        ("tăng 5 % , tỷ_số 2 - 1", "tăng 5%, tỷ số 2-1"),
        ("quốc_tế ._Phát_ngôn_viên nói", "quốc tế. Phát ngôn viên nói"),
        ("Mỹ , Pháp … để trao kiến_nghị", "Mỹ, Pháp… để trao kiến nghị"),
        ("Tại_sao lại không nhỉ ? Đó là láng_giềng", "Tại sao lại không nhỉ? Đó là láng giềng"),
    ],
)
def test_desegment(segmented, expected):
    text, _ = desegment(segmented)
    assert text == expected


def test_desegment_keeps_a_dash_between_words():
    text, _ = desegment("quan_hệ Nga - Triều và xung_đột Nga - Ukraine")
    assert text == "quan hệ Nga - Triều và xung đột Nga - Ukraine"


def test_desegment_pairs_quotes_per_paragraph():
    text, _ = desegment('ông nói " có " .\n" Không " , bà đáp .')
    assert text == 'ông nói "có".\n"Không", bà đáp.'


def test_desegment_joins_point_at_former_underscores():
    text, joins = desegment('Điện_Kremlin nói , " Không có thỏa_thuận " .')
    assert text == 'Điện Kremlin nói, "Không có thỏa thuận".'
    assert joins == frozenset({4, 32})
    assert all(text[i] == " " for i in joins)


def _rebuild(clean: CleanText) -> str:
    """The clean text with its joins written back as underscores."""
    return "".join("_" if i in clean.joins else ch for i, ch in enumerate(clean.text))


def test_joins_are_the_words_of_the_segmented_input():
    source = (
        "Nga hợp_tác quốc_phòng toàn_diện với Triều_Tiên Tổng_tham_mưu_trưởng Nga Gerasimov "
        'xác_nhận Moskva đã thiết_lập hợp_tác " toàn_diện " với Bình_Nhưỡng . Thanh_Tâm '
        "( Theo Reuters )"
    )
    clean = normalize_article(source)
    assert all(clean.text[i] == " " for i in clean.joins)
    rebuilt = _rebuild(clean)
    assert rebuilt == (
        'Tổng_tham_mưu_trưởng Nga Gerasimov xác_nhận Moskva đã thiết_lập hợp_tác "toàn_diện" '
        "với Bình_Nhưỡng."
    )


def test_raw_text_is_not_desegmented():
    raw = "Nhóm AtFarm_S giới thiệu hệ thống SACS_V20 tại cuộc thi , hôm qua."
    clean = normalize_article(raw + " Nhóm dự kiến hoàn vốn sau hai năm.")
    assert not clean.segmented
    assert clean.joins == frozenset()
    assert "AtFarm_S" in clean.text
    assert "SACS_V20" in clean.text


# --- titles ------------------------------------------------------------------------------------


def test_glued_title_of_segmented_one_line_text():
    clean = normalize_article(
        "Báo Mỹ nói ông Kim_Jong-un sắp gặp ông Putin tại Nga Lãnh_đạo Triều_Tiên Kim_Jong-un "
        "được cho là sẽ tới Nga tháng này . Ông Kim_Jong-un được cho là sẽ di_chuyển bằng tàu . "
        "Giới_chức Nga gọi đây là tin giả , trong khi lãnh_đạo Mỹ im_lặng ."
    )
    assert clean.title == "Báo Mỹ nói ông Kim Jong-un sắp gặp ông Putin tại Nga"
    assert clean.text.startswith("Lãnh đạo Triều Tiên Kim Jong-un được cho là sẽ tới Nga")


def test_glued_title_before_a_sentence_opener():
    clean = normalize_article(
        "Djokovic bảo vệ thành công chức vô địch Thượng Hải Masters Mọi thứ đã diễn ra rất suôn "
        "sẻ với Djokovic trong trận chung kết. Anh thắng 2-0 sau hai giờ thi đấu."
    )
    assert clean.title == "Djokovic bảo vệ thành công chức vô địch Thượng Hải Masters"
    assert clean.text.startswith("Mọi thứ đã diễn ra")


def test_glued_title_of_raw_text_between_two_names_the_article_writes_apart():
    # raw text has no "Kim_Jong-un Nhà_Trắng" joins: the later sentences show where each
    # name ends and starts
    clean = normalize_article(
        "Mỹ - Hàn 'không nhượng bộ' trước sức ép của ông Kim Jong-un Nhà Trắng cho biết "
        "Washington và Seoul sẽ tiếp tục tập trận chung bất chấp cảnh báo từ Bình Nhưỡng. Phát "
        "ngôn viên Nhà Trắng Karine Jean-Pierre nói rằng các cuộc tập trận mang tính phòng thủ. "
        "Theo bà, ông Kim Jong-un đã nhiều lần đe dọa nhưng Mỹ không thay đổi kế hoạch."
    )
    assert clean.title == "Mỹ - Hàn 'không nhượng bộ' trước sức ép của ông Kim Jong-un"
    assert clean.text.startswith("Nhà Trắng cho biết Washington")


@pytest.mark.parametrize(
    ("text", "body_start"),
    [
        (  # raw paragraphs: the first one is a single sentence
            "Lật xe khách trên đèo Bảo Lộc, hai người tử vong Rạng sáng 12/3, một xe khách "
            "giường nằm chở 30 hành khách bị lật khi đổ đèo Bảo Lộc (tỉnh Lâm Đồng).\n"
            "Lực lượng cứu hộ đã đưa các nạn nhân đến bệnh viện.\n"
            "Nguyên nhân vụ tai nạn đang được điều tra.",
            "Rạng sáng 12/3, một xe khách",
        ),
        (  # segmented, one line
            "Lật xe_khách trên đèo Bảo_Lộc , hai người tử_vong Sáng 12/3 , một xe_khách "
            "giường_nằm chở 30 hành_khách bị lật khi đổ đèo Bảo_Lộc ( tỉnh Lâm_Đồng ) . "
            "Lực_lượng cứu_hộ đã đưa các nạn_nhân đến bệnh_viện .",
            "Sáng 12/3, một xe khách",
        ),
    ],
)
def test_glued_title_with_a_comma_before_a_dated_lead(text, body_start):
    clean = normalize_article(text)
    assert clean.title == "Lật xe khách trên đèo Bảo Lộc, hai người tử vong"
    assert clean.text.startswith(body_start)


@pytest.mark.parametrize(
    "text",
    [
        "Cố vấn an ninh quốc gia Mỹ Jake Sullivan hôm 5-9 cho rằng Triều Tiên sẽ phải trả giá. "
        "Ông nói thêm rằng Mỹ theo dõi sát.",
        "Cố_vấn an_ninh quốc_gia Mỹ Jake_Sullivan hôm 5-9 cho rằng Triều_Tiên sẽ phải trả_giá . "
        "Ông nói thêm rằng Mỹ theo_dõi sát .",
        "Người phát ngôn Bộ Ngoại giao Trung Quốc Hoa Xuân Oánh hôm nay cho biết Bắc Kinh phản "
        "đối. Bà nói thêm.",
        "Tổng thống Nga Vladimir Putin đã gặp nhà lãnh đạo Triều Tiên Kim Jong Un vào ngày 13/9 "
        "tại vùng Amur. Cuộc gặp kéo dài 5 giờ.",
        "Tổng thống Nga Vladimir Putin đã gặp nhà lãnh đạo Triều Tiên Kim Jong Un vào ngày 13/9 "
        "tại vùng Amur.\nCuộc gặp kéo dài 5 giờ.",
        # a lead opening with "Chiều 4/11," is no title, and the article writes "Thủ Dầu Một"
        "Chiều 4/11, Đội Cảnh sát giao thông, Công an TP Thủ Dầu Một (tỉnh Bình Dương) đã công "
        "bố quyết định xử phạt 27 người. Công an TP Thủ Dầu Một cho biết nhóm này đua xe.",
        # past a comma only a lead-like opener ("Rạng sáng 12/3,") starts the body
        "Á hậu Thảo Nhi Lê sinh ra và lớn lên ở Đức, cô theo học ngành Thời trang bán lẻ tại Đại "
        "học Reutlingen. Sau khi về nước, cô mở một thương hiệu thời trang dành cho phái đẹp.",
        # two names in a row, but nothing else says that a sentence starts at the second
        "Bộ trưởng Quốc phòng Hàn Quốc Lee Jong-sup cho biết Seoul sẽ tăng cường phòng thủ. Bộ "
        "trưởng Lee Jong-sup nói thêm rằng Hàn Quốc sẽ hợp tác chặt chẽ với Mỹ.",
        # a first paragraph ending with a colon introduces what follows
        "Phó Trưởng ban Tuyên giáo Quận ủy Hai Bà Trưng Nguyễn Duy Hưng:\nTiếp tục quán triệt tới "
        "đảng viên ở cơ sở.\nQuận Hai Bà Trưng đã tổ chức hội nghị.",
    ],
)
def test_no_title_split_in_an_ordinary_first_sentence(text):
    clean = normalize_article(text)
    assert clean.title is None
    assert clean.text.split(" ")[:3] == text.replace("_", " ").split(" ")[:3]


def test_title_line_of_raw_paragraphs():
    clean = normalize_article(
        "Giá xăng giảm lần thứ ba liên tiếp\nBộ Công Thương chiều nay giảm giá xăng 500 đồng.\n"
        "Đây là lần giảm thứ ba trong tháng."
    )
    assert clean.title == "Giá xăng giảm lần thứ ba liên tiếp"
    assert clean.text == (
        "Bộ Công Thương chiều nay giảm giá xăng 500 đồng.\nĐây là lần giảm thứ ba trong tháng."
    )


def test_first_paragraph_with_final_punctuation_is_not_a_title():
    text = "Bộ Công Thương chiều nay giảm giá xăng.\nĐây là lần giảm thứ ba trong tháng."
    clean = normalize_article(text)
    assert clean.title is None
    assert clean.text == text


def test_given_title_is_stripped_from_the_body():
    clean = normalize_article(
        "Phe đối lập Campuchia lại biểu tình phản đối chính phủ Hàng nghìn người xuống đường "
        "sáng nay. Cảnh sát được triển khai.",
        title="Phe đối_lập Campuchia lại biểu_tình phản_đối chính_phủ",
    )
    assert clean.title == "Phe đối lập Campuchia lại biểu tình phản đối chính phủ"
    assert clean.text == "Hàng nghìn người xuống đường sáng nay. Cảnh sát được triển khai."


def test_given_title_matches_across_case_punctuation_and_tone_style():
    clean = normalize_article(
        "CAMPUCHIA: PHE ĐỐI LẬP HOÀ GIẢI\nHai bên đã gặp nhau sáng nay.",
        title="Campuchia - phe đối lập hòa giải",
    )
    assert clean.text == "Hai bên đã gặp nhau sáng nay."
    assert clean.title == "Campuchia - phe đối lập hòa giải"


def test_given_title_not_repeated_leaves_the_body_alone():
    body = "Hai bên đã gặp nhau sáng nay. Cuộc gặp kéo dài hai giờ."
    clean = normalize_article(body, title="Campuchia: phe đối lập hòa giải")
    assert clean.text == body


# --- boilerplate -------------------------------------------------------------------------------


def test_caption_paragraph_with_credit_is_removed():
    clean = normalize_article(
        "Bộ Công Thương giảm giá xăng 500 đồng.\n"
        "Người dân đổ xăng tại một cửa hàng ở Hà Nội. Ảnh: Ngọc Thành\n"
        "Đây là lần giảm thứ ba trong tháng.\n"
        "Một trạm xăng ở TP.HCM sáng nay (Ảnh: Reuters)\n"
        "Giá dầu cũng giảm nhẹ."
    )
    assert clean.text == (
        "Bộ Công Thương giảm giá xăng 500 đồng.\nĐây là lần giảm thứ ba trong tháng.\n"
        "Giá dầu cũng giảm nhẹ."
    )
    assert "Người dân đổ xăng tại một cửa hàng ở Hà Nội. Ảnh: Ngọc Thành" in clean.removed


def test_a_credit_line_takes_a_caption_above_it_but_not_a_finished_long_sentence():
    e5 = (
        "Giá xăng E5 RON 92 cũng tăng 700 đồng mỗi lít, lên 23.100 đồng, theo thông báo "
        "của liên bộ Công Thương và Bộ Tài chính."
    )
    lead = "Từ 15 giờ chiều 21/10, giá xăng RON 95 tăng thêm 850 đồng mỗi lít."
    last = "Đây là lần tăng giá thứ ba liên tiếp trong tháng 10."
    for credit in ("Đồ họa: Thanh Hà", "Ảnh: Minh Khang"):
        clean = normalize_article(f"{lead}\n{e5}\n{credit}\n{last}")
        assert clean.text == f"{lead}\n{e5}\n{last}", credit  # the 28 words stay
    # a caption line, short or long without a final stop, still goes with its credit
    for caption in (
        "Người dân đổ xăng tại một cửa hàng ở Hà Nội",
        "Các đồng chí lãnh đạo Đảng, Nhà nước và các đại biểu tại phiên bế mạc Hội nghị "
        "Trung ương 5 khóa XIII",
    ):
        clean = normalize_article(f"{lead}\n{caption}\nẢnh: Minh Khang\n{last}")
        assert clean.text == f"{lead}\n{last}"


def test_reader_calls_contact_lines_and_lone_credits_are_removed():
    body = "Chiều 21/10, liên bộ điều chỉnh giá bán lẻ xăng dầu.\nGiá dầu diesel giữ nguyên."
    for line in (
        "Mời quý độc giả đón đọc các tin tức kinh tế mới nhất trên chuyên trang của chúng tôi.",
        "Liên hệ đường dây nóng: 0912 345 678 hoặc email toasoan@kinhteso.vn",
        "Thực hiện: Nhóm PV Kinh tế",
        "Cửa hàng xăng dầu trên phố Trần Duy Hưng đông người. Ảnh chụp màn hình",
    ):
        assert normalize_article(f"{body}\n{line}").text == body, line
    # an agency credit goes on after a slash: "/Weibo" opened the next sentence
    glued = "Trang Twitter của đài (thứ 3 từ trên xuống). Ảnh: SCMP/Weibo Twitter của CCTV dẫn tin."
    assert normalize_article(f"{body}\n{glued}").text == f"{body}\nTwitter của CCTV dẫn tin."


def test_caption_in_one_line_text_with_credit_glued_to_the_next_sentence():
    clean = normalize_article(
        "Hội nghị khai mạc sáng nay. Ông An phát biểu tại hội nghị sáng 5/9. Ảnh: TTXVN Hội "
        "nghị đã thông qua nghị quyết mới. Đại biểu Lê Bình trao đổi bên lề - Ảnh: Trương Hải "
        "Tùng Trước đó các đại biểu đã thảo luận."
    )
    assert clean.text == (
        "Hội nghị khai mạc sáng nay. Hội nghị đã thông qua nghị quyết mới. Trước đó các đại "
        "biểu đã thảo luận."
    )


_CRASH_REPORT = (
    "Sáng nay, một xe tải chở cát lật nghiêng trên quốc lộ 1 đoạn qua huyện Kỳ Anh. Tài xế "
    "chỉ bị thương nhẹ.\n"
    "Hiện trường vụ tai nạn.\n"
    "Lực lượng chức năng phân luồng suốt hai giờ, xe cộ ùn tắc kéo dài vài cây số.\n"
    "Ông Lê Văn Hòa phát biểu tại buổi họp.\n"
    "Theo ông Hòa, đoạn đường này thường xảy ra tai nạn vào mùa mưa. Huyện sẽ lắp thêm biển "
    "cảnh báo."
)


def test_bare_caption_paragraph_without_credit_is_removed():
    clean = normalize_article(_CRASH_REPORT)
    assert "Hiện trường vụ tai nạn." not in clean.text
    assert "Ông Lê Văn Hòa phát biểu" not in clean.text
    assert clean.removed == ["Hiện trường vụ tai nạn.", "Ông Lê Văn Hòa phát biểu tại buổi họp."]
    assert clean.text.startswith("Sáng nay, một xe tải")
    assert "Lực lượng chức năng phân luồng" in clean.text


def test_sentences_index_the_text_left_after_a_bare_caption():
    doc = build_document(Article(text=_CRASH_REPORT))
    assert [s.text[:8] for s in doc.sentences] == [
        "Sáng nay",
        "Tài xế c",
        "Lực lượn",
        "Theo ông",
        "Huyện sẽ",
    ]
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    "short",
    [
        "Vụ việc đang được điều tra.",  # an aspect marker
        "Đội tuyển thắng 2-0.",  # a number
        "Hai người bị thương.",
        "Nguyên nhân vụ cháy, theo chính quyền, là chập điện.",  # clause commas
        "Ai chịu trách nhiệm?",
    ],
)
def test_short_news_sentence_paragraph_is_kept(short):
    text = _CRASH_REPORT.replace("Hiện trường vụ tai nạn.", short)
    assert short in normalize_article(text).text


def test_short_paragraphs_that_are_not_captions_are_kept():
    # the first paragraph is the lead; items of a list follow its colon
    text = (
        "Mưa lớn ở miền Trung.\n"
        "Trung tâm dự báo khuyến cáo người dân vùng trũng thấp như sau:\n"
        "Di chuyển tài sản lên cao.\n"
        "Gia cố nhà cửa trước đêm nay.\n"
        "Mưa sẽ kéo dài đến hết tuần, lượng mưa phổ biến 100-200 mm. Các hồ chứa phải xả lũ."
    )
    assert normalize_article(text).text == text
    # one sentence per line: a short line says nothing about photos
    one_per_line = (
        "Bão vào bờ.\nHai tàu cá mất liên lạc.\nLực lượng cứu hộ ra khơi.\nTàu cá mắc cạn."
    )
    assert normalize_article(one_per_line).text == one_per_line
    # a one-line news item with a verb of change, between paragraphs, is news
    items = (
        "Giá nhiên liệu trong nước được điều chỉnh từ 15 giờ chiều nay. Xăng RON95 lên 23.500 "
        "đồng/lít.\nGiá xăng tăng mạnh.\nCác cây xăng đông khách từ sáng, nhiều nơi xếp hàng dài. "
        "Liên bộ cho biết sẽ tiếp tục theo dõi thị trường."
    )
    assert normalize_article(items).text == items


def test_caption_glued_to_a_dateline_is_removed():
    clean = normalize_article(
        "Xe tải lật trên quốc lộ 1 khiến hai người bị thương. Hiện trường vụ tai nạn Sáng 12/3, "
        "một xe tải chở cát lật nghiêng khi vào cua. Tài xế khai bị buồn ngủ."
    )
    assert clean.text == (
        "Xe tải lật trên quốc lộ 1 khiến hai người bị thương. Sáng 12/3, một xe tải chở cát lật "
        "nghiêng khi vào cua. Tài xế khai bị buồn ngủ."
    )
    assert clean.removed == ["Hiện trường vụ tai nạn"]
    segmented = normalize_article(
        "Đoàn cứu_hộ tới nơi . Ngôi nhà bị sập sau trận mưa Tối qua ( 31/10 ) , hai người "
        "được đưa ra khỏi đống đổ_nát ."
    )
    assert segmented.text == (
        "Đoàn cứu hộ tới nơi. Tối qua (31/10), hai người được đưa ra khỏi đống đổ nát."
    )


def test_a_capitalized_time_word_inside_a_sentence_is_not_a_glued_caption():
    text = "Trận đấu diễn ra vào Chiều 12/3, trên sân Mỹ Đình. Hai đội hòa 1-1."
    assert normalize_article(text).text == text
    # a connective that lost its comma opens the sentence; no caption is glued to it
    for opener in ("Theo đó", "Trong khi đó", "Tuy nhiên", "Còn tại Hà Nội", "Cụ thể"):
        text = f"Bộ Y tế họp khẩn. {opener} Sáng 12/3, đoàn kiểm tra tới bệnh viện tỉnh."
        assert normalize_article(text).text == text


def test_credit_fused_with_the_next_word_by_the_segmenter():
    clean = normalize_article(
        "Bão số 3 đã vào đất_liền . Người_dân chằng_chống nhà_cửa ở Nghệ_An . Ảnh : KCNA_Mỹ "
        "cho_biết sẵn_sàng hỗ_trợ . Đoàn cứu_hộ tới hiện_trường . Ảnh : Reuters_Nữ "
        "phát_ngôn_viên nói thêm ."
    )
    assert clean.text == (
        "Bão số 3 đã vào đất liền. Mỹ cho biết sẵn sàng hỗ trợ. Nữ phát ngôn viên nói thêm."
    )
    assert _rebuild(clean) == (
        "Bão số 3 đã vào đất_liền. Mỹ cho_biết sẵn_sàng hỗ_trợ. Nữ phát_ngôn_viên nói thêm."
    )


def test_illustration_credit_at_the_start():
    clean = normalize_article(
        "Ảnh minh họa Giá vàng hôm nay tăng mạnh lên 70 triệu đồng/lượng. Nhiều người đi mua."
    )
    assert clean.text == "Giá vàng hôm nay tăng mạnh lên 70 triệu đồng/lượng. Nhiều người đi mua."


@pytest.mark.parametrize(
    "byline",
    [
        "Vũ Anh (Theo Interfax, Reuters)",
        "Ngọc Ánh (Theo Reuters)",
        "Theo VnExpress",
        "(Theo Tuổi Trẻ)",
        "PV",
        "NGUYỆT PHƯƠNG",
        "Kiệt Linh - (tổng hợp)",
        "Thu Linh/VOV online",
        "Nguồn: [Link nguồn]Nguồn: [Link nguồn]",
    ],
)
def test_byline_and_source_lines_at_the_end_are_removed(byline):
    body = "Ông Kim rời Bình Nhưỡng sáng nay. Chuyến đi kéo dài ba ngày."
    assert normalize_article(body + "\n" + byline).text == body
    assert normalize_article(body + " " + byline).text == body


def test_segmented_byline_glued_to_the_last_sentence():
    clean = normalize_article(
        'Hàn_Quốc bày_tỏ " quan_ngại sâu_sắc " . Vũ_Anh ( Theo Interfax , Reuters )'
    )
    assert clean.text == 'Hàn Quốc bày tỏ "quan ngại sâu sắc".'
    assert clean.removed == ["Vũ Anh (Theo Interfax, Reuters)"]


@pytest.mark.parametrize(
    "tag",
    [
        "(TNO)", "(TNO) -", "(GDVN) -", "(Dân trí) -", "(VTC News) -", "TTO -", "VOV.VN -",
        "TPO -", "NLĐO -", "Kinhtedothi -", "Baoquocte.vn -", "TinTheThao.com.vn -",
        "HÀ NỘI -", "TP.HCM -", "TP HCM –", "Hà Nội (TTXVN) -", "Washington (AFP) -",
    ],
)  # fmt: skip
def test_outlet_tag_at_the_start_is_removed(tag):
    clean = normalize_article(
        f"{tag} Chiều 5/9, Công an TP.HCM bắt hai nghi phạm. Vụ việc đang điều tra."
    )
    assert clean.text == "Chiều 5/9, Công an TP.HCM bắt hai nghi phạm. Vụ việc đang điều tra."


@pytest.mark.parametrize(
    "text",
    [
        "VIỆT NAM - Thái Lan: trận cầu quyết định ngôi đầu bảng.",  # two sides, no dateline
        "ASEAN - Nhật Bản ký hiệp định hợp tác kinh tế mới.",
        "Việt Nam - Nhật Bản ký kết hiệp định thương mại.",
        "Ông Nguyễn Bá Hùng - Cục trưởng Cục Công nghệ thông tin cho biết như vậy.",
        "TP. Hồ Chí Minh - Cần Thơ: tuyến cao tốc mới thông xe.",
    ],
)
def test_a_sentence_opening_like_a_tag_is_kept(text):
    assert normalize_article(text).text == text


def test_a_word_segmented_dateline_is_removed():
    clean = normalize_article("HÀ_NỘI - Chiều 5/9 , Công_an bắt hai nghi_phạm . Vụ_việc đang xét .")
    assert clean.text == "Chiều 5/9, Công an bắt hai nghi phạm. Vụ việc đang xét."


def test_a_removed_caption_leaves_no_lone_period():
    clean = normalize_article(
        "Mưa lớn kéo dài khiến nhiều tuyến phố ở Hà Nội ngập sâu.\n"
        "Nhiều phương tiện chết máy giữa đường (Ảnh minh họa: Nguyễn Hải).\n"
        "Người dân phải dắt bộ xe qua đoạn ngập sâu hơn nửa mét."
    )
    assert clean.text == (
        "Mưa lớn kéo dài khiến nhiều tuyến phố ở Hà Nội ngập sâu.\n"
        "Người dân phải dắt bộ xe qua đoạn ngập sâu hơn nửa mét."
    )


def test_read_more_lines_and_empty_brackets_are_removed():
    clean = normalize_article(
        "Bộ Giáo dục công bố đề minh họa. Thí sinh có thể tải về ( ) tại website [ ].\n"
        "Xem thêm: Đề minh họa môn Toán năm nay\n"
        ">> Đáp án đề minh họa môn Văn\n"
        "TIN LIÊN QUAN\n"
        "Video: Thí sinh ôn thi\n"
        "Clip: Hướng dẫn làm bài\n"
        "Đọc thêm: Lịch thi chính thức\n"
        "Kỳ thi diễn ra vào cuối tháng 6."
    )
    assert clean.text == (
        "Bộ Giáo dục công bố đề minh họa. Thí sinh có thể tải về tại website.\n"
        "Kỳ thi diễn ra vào cuối tháng 6."
    )


def test_related_list_glued_in_one_line_text():
    clean = normalize_article(
        "Giá vàng tăng mạnh trong phiên sáng. >> Giá vàng lập đỉnh mới >> Nhà đầu tư đổ xô mua "
        "vàng Theo các chuyên gia, giá còn tăng. Giới đầu tư tỏ ra thận trọng."
    )
    assert clean.text == (
        "Giá vàng tăng mạnh trong phiên sáng. Theo các chuyên gia, giá còn tăng. Giới đầu tư tỏ "
        "ra thận trọng."
    )


_BRIDGE = (
    "Cầu Phú Lâm ở huyện Châu Thành đổ sập chiều 9/4 khi hai xe tải chở cát đang qua cầu.\n"
    "Cây cầu được xây năm 1995 và đã được cảnh báo xuống cấp từ năm ngoái."
)
_LATER = "Bộ Giao thông vận tải đã yêu cầu rà soát toàn bộ cầu yếu ở các tỉnh phía Nam."


@pytest.mark.parametrize(
    "heading",
    [
        "Tin liên quan:",
        "TIN LIÊN QUAN",
        "Xem thêm:",
        "Bài liên quan",
        "Tin cùng chuyên mục",
        "Đọc thêm:",
        "Có thể bạn quan tâm",
        "Tin mới nhất",
        "Video đang được xem nhiều:",
    ],
)
@pytest.mark.parametrize("bullet", ["", "- ", "• "])
def test_related_headlines_listed_under_a_heading_line_are_removed(heading, bullet):
    headlines = [
        "Sập cầu Ghềnh sau khi bị sà lan tông, đường sắt Bắc Nam tê liệt",
        "Vì sao nhiều cây cầu yếu vẫn chưa được sửa chữa?",
        "Cần Thơ cấm xe tải trên 10 tấn qua cầu Cái Răng",
    ]
    listed = "\n".join(bullet + h for h in headlines)
    clean = normalize_article(f"{_BRIDGE}\n{heading}\n{listed}\n{_LATER}")
    assert clean.text == f"{_BRIDGE}\n{_LATER}"
    assert headlines[0] in [r.lstrip("-• ") for r in clean.removed]
    # at the end of the article too
    assert normalize_article(f"{_BRIDGE}\n{heading}\n{listed}").text == _BRIDGE


def test_headlines_run_into_one_last_line_under_a_heading_are_removed():
    run_on = (
        "Quyết tâm hoàn thành toàn bộ dự án đường dây 500kV mạch 3 trong tháng 7/2022 Công ty "
        "mẹ Viglacera tăng 133% lợi nhuận Bầu Đức sẽ rót thêm 1.300 tỷ đồng vào dự án nuôi heo "
        "Giá xăng dầu đồng loạt giảm mạnh từ 15h chiều nay"
    )
    clean = normalize_article(f"{_BRIDGE}\nBài viết liên quan\n{run_on}")
    assert clean.text == _BRIDGE


def test_a_read_more_line_with_its_headline_takes_only_bulleted_headlines_after_it():
    # "Xem thêm: X" names its headline: bulleted ones may follow, but an unbulleted short
    # paragraph is a subheading of the article
    clean = normalize_article(
        f"{_BRIDGE}\nXem thêm: Hàng loạt cầu yếu chờ sửa chữa\n- Hai xe tải rơi xuống sông Vàm "
        f"Cỏ\nKhẩn trương cứu hộ\n{_LATER}"
    )
    assert clean.text == f"{_BRIDGE}\nKhẩn trương cứu hộ\n{_LATER}"


def test_list_heading_words_opening_a_sentence_are_content():
    text = (
        "Tin mới nhất từ hiện trường cho biết 5 người đã được cứu sống.\n"
        "Có thể bạn quan tâm đến diễn biến mới: mực nước sông đang lên."
    )
    clean = normalize_article(f"{text}\nTin mới nhất:\nCứu hộ xuyên đêm tại cầu Phú Lâm")
    assert clean.text == text


@pytest.mark.parametrize(
    "bar",
    [
        "Chia sẻ Facebook | Bình luận (12)",
        "Bình luận (3) | Chia sẻ",
        "Thích 25 · Chia sẻ · Lưu",
        "Facebook Zalo Twitter In bài Gửi email",
        "Xem bình luận",
        "Tags: sập cầu, cầu Phú Lâm, Châu Thành",
        "Từ khóa: sập cầu, cầu yếu",
        "Theo dõi Báo Mới trên Google News",
    ],
)
def test_share_bars_and_tag_lines_are_removed(bar):
    mention = "Ông Phạm Văn Đức đăng trên Facebook rằng cây cầu đã rung lắc từ nhiều tháng nay."
    body = f"{_BRIDGE}\n{mention}"
    assert normalize_article(f"{body}\n{bar}").text == body
    assert normalize_article(f"{_BRIDGE}\n{bar}\n{mention}").text == body
    assert normalize_article(f"{body.replace(chr(10), ' ')} {bar}").text == body.replace("\n", " ")


def test_a_source_inside_a_sentence_is_content():
    text = (
        "Theo Reuters, ông Kim sẽ tới Nga vào tuần tới. Ông sẽ gặp Tổng thống Putin theo lời "
        "mời của Điện Kremlin (theo hãng tin TASS)."
    )
    assert normalize_article(text).text == text


def test_raw_text_passes_through_apart_from_spacing():
    text = (
        "Ông Kim cho biết, mối quan hệ với Nga là “ưu tiên hàng đầu” của đất nước ông.\n"
        "“Có một số hạn chế nhất định,” ông nói."
    )
    assert normalize_article(text).text == text
    assert normalize_article(text.replace(" ", "  ").replace("\n", "\r\n\r\n")).text == text


# --- robustness --------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_article_never_raises(text):
    clean = normalize_article(text)
    assert all(clean.text[i] == " " for i in clean.joins)
    assert "\n\n" not in clean.text
    assert clean.text == clean.text.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aăâbcdđeêghikoôơuưy ÁẢẠÀĐĂ_.,:;!?\"'()-/\n“”0123456789", max_size=300))
def test_normalize_article_never_raises_on_vietnamese_like_text(text):
    clean = normalize_article(text, title=text[:20] or None)
    assert all(clean.text[i] == " " for i in clean.joins)


_WORD = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyÁÀẢĐ", min_size=1, max_size=6)
_TOKEN = st.lists(_WORD, min_size=1, max_size=3).map("_".join)
_PUNCT = st.sampled_from([",", ".", ":", '"', "'", "(", ")", "-", "?", "!", "Ảnh :", "Theo"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_TOKEN, _TOKEN, _TOKEN, _PUNCT), min_size=5, max_size=80))
def test_segmented_output_has_no_underscore_between_letters(tokens):
    source = " ".join(tokens)
    clean = normalize_article(source)
    if clean.segmented:
        assert not re.search(r"[^\W_]_[^\W_]", clean.text)
        assert "_" not in clean.text
        assert all(clean.text[i] == " " for i in clean.joins)


def test_a_lone_paragraph_above_a_credit_is_the_article_not_a_caption():
    body = "Hôm nay trời đẹp và mọi người đi chơi rất đông ở công viên trung tâm."
    clean = normalize_article(f"Tiêu đề\n\n{body}\n\nẢnh: Hoàng Hà\n")
    assert body in clean.text and "Hoàng Hà" not in clean.text
    # with more body elsewhere, the short paragraph above the credit is its caption
    more = "Lễ hội kéo dài ba ngày với nhiều hoạt động văn hóa đặc sắc dành cho du khách."
    clean = normalize_article(f"Tiêu đề\n\n{more}\n\nDu khách chụp ảnh bên hồ.\nẢnh: Hoàng Hà\n")
    assert more in clean.text and "chụp ảnh" not in clean.text


def test_links_emails_and_handles_keep_their_underscores():
    raw = (
        "Công an quận 1 đề nghị ai có thông tin liên hệ qua email tin_bao@congan.gov.vn hoặc "
        "tài khoản @cong_an_q1 trên mạng xã hội. Thông tin chi tiết đăng tại "
        "https://congan.gov.vn/tin_tuc/vu_an_123.html ngày 5/3."
    )
    assert not is_segmented(raw)  # three addresses do not make raw text segmented
    segmented = "Liên_hệ qua email tin_bao@congan.gov.vn . Chi_tiết tại www.congan.gov.vn/tin_tuc ."
    assert is_segmented(segmented)
    for text in (raw, segmented):
        clean = normalize_article(text).text
        for address in ("tin_bao@congan.gov.vn", "congan.gov.vn/tin_tuc"):
            assert address in clean, clean
    assert "@cong_an_q1" in normalize_article(raw).text
    assert desegment(segmented)[0].startswith("Liên hệ qua email tin_bao@congan.gov.vn. Chi tiết")


def test_the_paragraph_above_a_stock_illustration_line_is_content():
    text = (
        "Khoảng 2 giờ sáng 3/10, một đám cháy lớn bùng phát tại chợ Bình Tây, quận 6.\n"
        "Ông Nguyễn Văn Tám, tiểu thương, cho biết hàng hóa trị giá 500 triệu đồng bị thiêu rụi.\n"
        "Ảnh minh họa: Internet\n"
        "Nguyên nhân vụ cháy đang được điều tra."
    )
    clean = normalize_article(text).text
    assert "500 triệu đồng" in clean and "Internet" not in clean
    # a real photo credit on its own line still takes the caption paragraph above it
    captioned = normalize_article(text.replace("Ảnh minh họa: Internet", "Ảnh: Hữu Khoa")).text
    assert "500 triệu đồng" not in captioned and "Hữu Khoa" not in captioned


# --- legacy font encodings -------------------------------------------------------------------

# Written for these tests: a sentence typed with a VNI font, then read as Unicode.
VNI_TEXT = (
    "Ñaây laø moät baøi baùo veà vuï saït lôõ ñaát ôû huyeän Soâng Maây, khieán boán ngöôøi "
    "cheát vaø hai ngöôøi maát tích trong ñeâm qua taïi xaõ Phuù Vaân."
)
# The same kind of damage from TCVN3 (ABC): toned vowels became Latin-1 signs.
TCVN3_TEXT = (
    "Hµ Néi: b¸o c¸o cña tØnh cho biÕt trËn s¹t lë ®Êt lµm bèn ng­êi chÕt vµ hai ng­êi mÊt "
    "tÝch trong ®ªm qua t¹i x· Phó V©n, huyÖn S«ng M©y, lùc l­îng cøu hé ®· cã mÆt."
)


@pytest.mark.parametrize("text", [VNI_TEXT, TCVN3_TEXT])
def test_text_in_a_legacy_font_encoding_is_recognized(text):
    assert looks_like_legacy_encoding(text)


@pytest.mark.parametrize(
    ("sentence", "legacy"),
    [
        (VNI_TEXT, True),
        (TCVN3_TEXT, True),
        ("Thủ môn Thomas Müller và tiền đạo Peña cùng François đến Hà Nội.", False),
        ("Chỉ số bụi mịn đạt 85 µg/m3, gấp đôi ngưỡng của WHO.", False),
        ("Ông nói: “über cool” là cách người trẻ ở Berlin khen một món ăn.", False),
    ],
)
def test_one_sentence_in_a_legacy_font_encoding_is_recognized(sentence, legacy):
    assert looks_like_legacy_sentence(sentence) is legacy


def test_vietnamese_with_foreign_names_is_not_legacy_encoding():
    text = (
        "Thủ môn Thomas Müller và tiền đạo Peña cùng François đến Hà Nội hôm 13/9 để dự giải "
        "giao hữu, theo thông báo của ban tổ chức được công bố sáng nay tại sân Mỹ Đình."
    )
    assert not looks_like_legacy_encoding(text)
    assert not looks_like_legacy_encoding("Ñaây laø moät baøi.")  # too short to judge


@pytest.mark.parametrize(
    "text",
    [
        "Đội hình xuất phát của Đức gồm Neuer, Rüdiger, Gündoğan, Müller, Kimmich, Sané, "
        "Füllkrug, Havertz, Wirtz, Musiala; Na Uy có Ødegaard, Østigård, Sørloth, Haaland. "
        "Trận đấu diễn ra tại Düsseldorf tối nay và được phát sóng trực tiếp trên truyền hình.",
        "Chỉ số bụi mịn tại Hà Nội sáng nay đạt 85 µg/m3, cao gấp nhiều lần ngưỡng 15 µg/m3 "
        "của WHO; tại TP.HCM là 40 µg/m3, người dân được khuyến cáo hạn chế ra đường.",
    ],
)
def test_a_short_brief_full_of_foreign_names_or_units_is_vietnamese(text):
    assert not looks_like_legacy_encoding(text)


def test_a_rule_drawn_with_dashes_parts_byline_and_related_list_from_the_text():
    text = (
        "Lễ tổng kết cuộc thi được tổ chức tại TP.HCM sáng 2-11. Cô Hòa giành giải nhất. "
        "QUỐC LINH ------------------------------------ * Tin bài liên quan:"
    )
    clean = normalize_article(text)
    assert clean.text == text[: text.index(" QUỐC LINH")]
    assert "QUỐC LINH" in clean.removed
