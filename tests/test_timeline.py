"""Timeline: date expressions found and resolved in Vietnamese text, and the dated, cited,
de-duplicated timeline built from a story's documents (hand-built ones and the seeds)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from itertools import combinations, pairwise
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tomtat.documents import build_documents
from tomtat.models import Article, Document, Sentence
from tomtat.readers import read_inputs
from tomtat.scoring.representation import Cluster
from tomtat.selection import near_duplicates
from tomtat.timeline import DateMention, TimelineEntry, build_timeline, find_dates
from tomtat.timeline.clock import EventClock, event_clock

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
PUB = datetime(2023, 9, 14, 9, 30)  # a Thursday


def only(text: str, published: datetime | None = None) -> DateMention:
    """The single date mention in ``text``, checked to slice back to its expression."""
    mentions = find_dates(text, published)
    assert len(mentions) == 1, (text, mentions)
    m = mentions[0]
    assert text[m.start : m.end] == m.expression
    return m


# -- explicit dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expression", "iso"),
    [
        ("Ông Putin gặp ông Kim hôm 13/9 tại Amur.", "hôm 13/9", "2023-09-13"),
        ("Cháu bé được sinh ra ngày 12/9 tại bệnh viện.", "ngày 12/9", "2023-09-12"),
        ("Ngày 4-9, Nhà Trắng cảnh báo.", "Ngày 4-9", "2023-09-04"),
        ("Đội sẽ về nước ngày 13.10 tới.", "ngày 13.10 tới", "2023-10-13"),
        ("Văn bản ký 13/9/2021 có hiệu lực.", "13/9/2021", "2021-09-13"),
        ("ngày 13 tháng 9 năm 2021", "ngày 13 tháng 9 năm 2021", "2021-09-13"),
        ("Vụ cháy xảy ra rạng sáng 13/9.", "rạng sáng 13/9", "2023-09-13"),
        ("Tòa sơ thẩm ngày 18.8.2010 tuyên án.", "ngày 18.8.2010", "2010-08-18"),
        ("Sáng thứ Hai (11/9), ông Kim lên tàu.", "thứ Hai (11/9)", "2023-09-11"),
        ("Thứ Hai, 11/9, ông Kim lên tàu.", "Thứ Hai, 11/9", "2023-09-11"),
        ("Bắc Kinh hôm nay (22/10) chỉ trích Tokyo.", "hôm nay (22/10)", "2023-10-22"),
        ("Biểu tình trong đêm 18 và 19/10.", "đêm 18 và 19/10", "2023-10-18"),
        ("Hôm 13/9 năm ngoái, hai bên đàm phán.", "Hôm 13/9 năm ngoái", "2022-09-13"),
        ("Bộ trưởng thăm Bình Nhưỡng hồi tháng 7.", "tháng 7", "2023-07"),
        ("Cuộc gặp ở Vladivostok hồi tháng 4/2019.", "tháng 4/2019", "2019-04"),
        ("Cuộc gặp ở Vladivostok hồi tháng 4-2019.", "tháng 4-2019", "2019-04"),
        ("Tháng 9 năm 2012, Nhật Bản quốc hữu hóa đảo.", "Tháng 9 năm 2012", "2012-09"),
        ("Giải đấu vào tháng 12.2013.", "tháng 12.2013", "2013-12"),
        ("Ngoại trưởng sẽ tới vào khoảng tháng Mười.", "tháng Mười", "2023-10"),
        ("Một quan chức hồi tháng 11 năm ngoái cho biết.", "tháng 11 năm ngoái", "2022-11"),
        ("Năm 2017, Hội đồng Bảo an áp đặt trừng phạt.", "Năm 2017", "2017"),
        ("Dự án hoàn thành cuối năm 2019.", "cuối năm 2019", "2019"),
    ],
)
def test_explicit_dates(text, expression, iso):
    m = only(text, PUB)
    assert (m.expression, m.iso) == (expression, iso)
    assert m.year_known


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("hôm 13/9", "--09-13", "day"),
        ("ngày 4-9", "--09-04", "day"),
        ("tháng 7", "--07", "month"),
        ("tháng Tư", "--04", "month"),
    ],
)
def test_no_year_anywhere_keeps_the_year_unknown(text, iso, precision):
    # the year stated elsewhere in the text is not borrowed
    text = f"Sự kiện diễn ra {text} ở Nga. Năm 2019 hai bên đã gặp nhau."
    m = find_dates(text, None)[0]
    assert (m.iso, m.precision) == (iso, precision)
    assert m.year is None and not m.year_known and not m.relative


def test_iso_renderings():
    def mention(year, month, day, precision):
        return DateMention(0, 1, "x", year, month, day, precision, year is not None, False)

    assert mention(2023, 9, 13, "day").iso == "2023-09-13"
    assert mention(2023, 9, None, "month").iso == "2023-09"
    assert mention(2023, None, None, "year").iso == "2023"
    assert mention(None, 9, 13, "day").iso == "--09-13"
    assert mention(None, 9, None, "month").iso == "--09"
    unresolved = mention(None, None, None, "day")
    assert unresolved.iso is None and not unresolved.resolved


def test_day_and_month_ranges_are_validated():
    for text in ("ngày 32/13", "ngày 31/2", "hôm 0/5", "ngày 15/0", "tháng 13", "tháng 0"):
        assert find_dates(text, PUB) == [], text
    assert only("ngày 29/2/2024").iso == "2024-02-29"
    assert find_dates("ngày 29/2/2023") == []
    # year unknown: 29/2 may be a leap day, and the inferred year must then be a leap year
    assert only("ngày 29/2").iso == "--02-29"
    assert only("ngày 29/2", datetime(2024, 1, 10)).iso == "2024-02-29"  # near ahead
    assert only("ngày 29/2", datetime(2024, 3, 10)).iso == "2024-02-29"
    assert only("ngày 29/2 tới", datetime(2023, 3, 5)).iso == "2024-02-29"


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Ngày 29/2, các bộ trưởng đã họp trù bị.", datetime(2026, 1, 10)),
        ("Ngày 29/2, họp.", datetime(2023, 3, 5)),  # 2024 is a year ahead: not near
        ("Ngày 29/2 tới, họp.", datetime(2026, 1, 10)),  # 2028 is no coming 29/2
        ("Hôm 29/2 năm ngoái, họp.", datetime(2026, 1, 10)),
    ],
)
def test_a_29_february_missing_from_the_known_year_is_no_date(text, published):
    # not "--02-29" with year_known false: the year is known, the day does not exist in it
    assert find_dates(text, published) == []


# -- year inference ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "iso"),
    [
        ("ngày 28/12", datetime(2024, 1, 2), "2023-12-28"),  # across the new year, backwards
        ("ngày 2/1", datetime(2023, 12, 28), "2024-01-02"),  # and forwards when it is near
        ("ngày 20/6", datetime(2024, 1, 10), "2023-06-20"),  # far ahead: the past is likelier
        ("ngày 20/6 tới.", datetime(2024, 1, 10), "2024-06-20"),  # unless the text says "tới"
        ("hồi tháng 12", datetime(2024, 1, 10), "2023-12"),
        ("tháng 12", datetime(2023, 9, 10), "2023-12"),
        ("tháng 2", datetime(2023, 12, 20), "2024-02"),
        ("ngày 16/10 vừa qua", datetime(2023, 10, 10), "2022-10-16"),
        # "tới"/"qua" as verbs ("came to", "via") are no hints
        ("Ông Kim hôm 12/9 tới Nga bằng tàu.", datetime(2023, 9, 14), "2023-09-12"),
        ("Họ trao đổi hôm 13/9 qua điện thoại.", datetime(2023, 9, 10), "2023-09-13"),
        # "từ ... đến nay" (since ... until now) looks back, however near the month ahead is
        ("Nga kiểm tra từ tháng 1 đến nay.", datetime(2013, 10, 31), "2013-01"),
    ],
)
def test_year_comes_from_publication(text, published, iso):
    m = only(text, published)
    assert m.iso == iso and m.year_known


NOV19 = datetime(2026, 11, 19, 9, 0)  # a Thursday


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # news reports the past: a day/month more than a quarter ahead is last year's
        ("Đêm 12/3, xảy ra cháy.", "2026-03-12"),  # 113 days ahead
        ("Ngày 21/2, hai bên ký hợp đồng.", "2026-02-21"),  # 94 days ahead
        ("Ngày 18/2, hai bên ký hợp đồng.", "2027-02-18"),  # 91 days ahead: near enough
        ("Ngày 20/1, hai bên ký hợp đồng.", "2027-01-20"),
        ("Tháng 3, dự án khởi công.", "2026-03"),  # months share the quarter
        ("Tháng 2, dự án khởi công.", "2027-02"),
        # unless the sentence says it is to come
        ("Đêm 12/3 tới, đoàn đến.", "2027-03-12"),
        ("Ngày 12/3, nhà máy sẽ khởi công.", "2027-03-12"),
        ("Dự kiến ngày 12/3, nhà máy khởi công.", "2027-03-12"),
        ("Ngày 12/3 sắp tới nhà máy khởi công.", "2027-03-12"),
        ("Lễ ký diễn ra ngày 20/3 tới tại Hà Nội.", "2027-03-20"),
    ],
)
def test_a_day_without_year_is_in_the_future_only_when_near_or_announced(text, iso):
    assert only(text, NOV19).iso == iso


def test_aware_publication_times_are_read_in_vietnam_time():
    late_utc = datetime(2023, 12, 31, 20, 0, tzinfo=UTC)  # already 1 January in Hà Nội
    assert only("hôm qua", late_utc).iso == "2023-12-31"
    assert only("năm nay", late_utc).iso == "2024"


# -- relative expressions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("hôm nay", "2023-09-14", "day"),
        ("Hôm qua", "2023-09-13", "day"),
        ("HÔM QUA", "2023-09-13", "day"),
        ("ngày hôm qua", "2023-09-13", "day"),
        ("hôm kia", "2023-09-12", "day"),
        ("ngày mai", "2023-09-15", "day"),
        ("ngày kia", "2023-09-16", "day"),
        ("sáng mai", "2023-09-15", "day"),
        ("sáng qua", "2023-09-13", "day"),
        ("chiều qua", "2023-09-13", "day"),
        ("tối qua", "2023-09-13", "day"),
        ("tối hôm qua", "2023-09-13", "day"),
        ("đêm qua", "2023-09-13", "day"),
        ("rạng sáng nay", "2023-09-14", "day"),
        ("tuần trước", "2023-09", "month"),  # 4-10 September
        ("tuần này", "2023-09", "month"),
        ("cuối tuần qua", "2023-09", "month"),
        ("tháng này", "2023-09", "month"),
        ("tháng trước", "2023-08", "month"),
        ("tháng tới", "2023-10", "month"),
        ("đầu tháng này", "2023-09", "month"),
        ("năm ngoái", "2022", "year"),
        ("năm nay", "2023", "year"),
        ("năm tới", "2024", "year"),
        ("năm sau", "2024", "year"),
        ("thứ Hai", "2023-09-11", "day"),
        ("vào thứ 2", "2023-09-11", "day"),
        ("chủ nhật", "2023-09-10", "day"),
        ("Chủ nhật", "2023-09-10", "day"),
        ("thứ Năm", "2023-09-14", "day"),  # publication day itself: on or before
        ("thứ Sáu", "2023-09-08", "day"),
        ("thứ Sáu tới", "2023-09-15", "day"),
        ("thứ Hai tuần trước", "2023-09-04", "day"),
        ("chủ nhật tuần tới", "2023-09-24", "day"),
        ("sáng thứ 7 vừa qua", "2023-09-09", "day"),
    ],
)
def test_relative_expressions_resolve_against_publication(text, iso, precision):
    m = only(f"Ông ấy nói {text}, theo Reuters.", PUB)
    assert (m.iso, m.precision) == (iso, precision)
    assert m.relative and m.year_known


@pytest.mark.parametrize(
    "text",
    [
        "Tháng 7 năm sau đó, nhà thầu hoàn thành phần móng trụ cầu.",
        "Ngày 1/9 năm sau đó, cây cầu chính thức thông xe.",
        "Tháng 4 năm trước đó, tỉnh đã phê duyệt chủ trương đầu tư.",
        "Thứ Hai tuần sau đó, ông trở lại làm việc tại bệnh viện.",
        "Tháng 3 năm tiếp theo, công ty mở thêm hai chi nhánh ở Đà Nẵng.",
        "Ngày 5 tháng 10 năm kế tiếp, hai bên ký hợp đồng mua bán.",
        "Cuối năm tiếp theo, nhà máy được bàn giao cho chủ đầu tư.",
    ],
)
def test_a_date_in_a_year_or_week_counted_from_the_story_is_no_date(text):
    # "năm sau đó" is the year after the story's last event, which publication does not tell
    assert find_dates(text, PUB) == []


def test_a_month_or_weekday_of_next_year_or_week_counts_from_publication():
    assert only("Tháng 7 năm sau, nhà máy sẽ đi vào hoạt động.", PUB).iso == "2024-07"
    assert only("Ngày 1/9 năm sau, cây cầu sẽ thông xe.", PUB).iso == "2024-09-01"
    assert only("Thứ Hai tuần sau, ông sẽ trở lại Hà Nội.", PUB).iso == "2023-09-18"


@pytest.mark.parametrize(
    ("text", "published", "expression", "iso"),
    [
        (
            "Trận chung kết diễn ra vào thứ Sáu tới tại sân Mỹ Đình.",
            NOV19,
            "vào thứ Sáu tới",
            "2026-11-20",
        ),
        (
            "Trận đấu diễn ra vào tối thứ Sáu tới trên sân Mỹ Đình.",
            NOV19,
            "tối thứ Sáu tới",
            "2026-11-20",
        ),
        ("Đoàn sẽ đến vào thứ Sáu tới đây.", NOV19, "vào thứ Sáu tới đây", "2026-11-20"),
        ("Quốc hội sẽ họp thứ Hai tới đây.", NOV19, "thứ Hai tới đây", "2026-11-23"),
        ("Thứ 2 tới họp.", NOV19, "Thứ 2 tới", "2026-11-23"),
        ("Hội đồng thứ 2 tới họp lại.", NOV19, "thứ 2 tới", "2026-11-23"),
        ("Đội sẽ đá thứ Sáu tới tại sân nhà.", NOV19, "thứ Sáu tới", "2026-11-20"),
        ("Thứ Bảy sắp tới sẽ có mưa.", NOV19, "Thứ Bảy sắp tới", "2026-11-21"),
        ("Đoàn về vào thứ Hai tuần sắp tới.", NOV19, "vào thứ Hai tuần sắp tới", "2026-11-23"),
        (
            "Tỉnh sẽ họp khẩn vào thứ Tư tới để bàn.",
            datetime(2026, 11, 17),
            "vào thứ Tư tới",
            "2026-11-18",
        ),
        (
            "Sẽ ký vào thứ Sáu tới tại Hà Nội.",
            datetime(2026, 1, 10),
            "vào thứ Sáu tới",
            "2026-01-16",
        ),
        # "tới" as "came to" or "until": no hint, the weekday stays in the past
        ("Ông Kim hôm thứ Ba tới Nga.", NOV19, "hôm thứ Ba", "2026-11-17"),
        ("Từ thứ Hai tới nay, mưa lớn.", NOV19, "thứ Hai", "2026-11-16"),
    ],
)
def test_a_weekday_before_toi_is_the_coming_one_whatever_follows(text, published, expression, iso):
    m = only(text, published)
    assert (m.expression, m.iso) == (expression, iso)


@pytest.mark.parametrize(
    "text", ["Nước thứ hai tới thăm là Lào.", "Kỳ họp thứ Hai tới đây sẽ bàn dự án."]
)
def test_an_ordinal_before_toi_is_no_weekday(text):
    assert find_dates(text, NOV19) == []


@pytest.mark.parametrize(
    ("text", "iso"),
    [("Tuần sắp tới, trời lạnh.", "2026-11"), ("Trong tháng sắp tới, giá tăng.", "2026-12")],
)
def test_sap_toi_after_a_week_or_month_looks_forward(text, iso):
    assert only(text, NOV19).iso == iso


@pytest.mark.parametrize(
    ("text", "part"), [("cuối năm", "late"), ("đầu năm", "early"), ("giữa năm", "mid")]
)
def test_parts_of_the_year_keep_year_precision(text, part):
    m = only(f"Kế hoạch hoàn thành {text}.", PUB)
    assert (m.iso, m.precision, m.part) == ("2023", "year", part)
    assert only(f"{text} 2019", PUB).iso == "2019"


def test_parts_of_a_month_keep_month_precision():
    m = only("Quốc hội phê chuẩn cuối tháng 9.", PUB)
    assert (m.iso, m.precision, m.part) == ("2023-09", "month", "late")


def test_weeks_straddling_two_months_fall_back_to_the_year():
    assert only("tuần trước", datetime(2023, 10, 2)).iso == "2023"  # 25 Sep - 1 Oct
    assert only("tuần trước", datetime(2024, 1, 3)).iso == "2023-12"
    assert only("tuần này", datetime(2024, 1, 3)).iso == "2024-01"
    # 30 Dec 2024 - 5 Jan 2025: the year holding most of its days, early in it
    m = only("tuần này", datetime(2025, 1, 1))
    assert (m.iso, m.precision, m.part) == ("2025", "year", "early")


@pytest.mark.parametrize(
    ("published", "text", "iso", "part"),
    [
        (datetime(2027, 1, 5), "Tuần trước, Bộ đã họp báo.", "2026", "late"),  # 28/12 - 3/1
        (datetime(2027, 1, 5), "Tuần qua, giá tăng.", "2027", "early"),  # 30/12 - 5/1
        (datetime(2026, 1, 2), "Giữa tuần này, giá tăng.", "2026", "early"),  # 31/12 - 2/1
    ],
)
def test_a_week_straddling_two_years_takes_the_year_with_most_of_its_days(
    published, text, iso, part
):
    m = only(text, published)
    assert (m.iso, m.precision, m.part, m.year_known) == (iso, "year", part, True)


@pytest.mark.parametrize(
    "text", ["hôm qua", "tuần trước", "tháng trước", "năm ngoái", "thứ Hai", "cuối năm"]
)
def test_relative_expressions_without_publication_stay_unresolved(text):
    m = only(f"Ông ấy nói {text}.", None)
    assert m.relative and m.iso is None and not m.resolved and m.year is None


def test_a_stated_date_wins_over_overlapping_readings():
    text = "Hôm nay (22/10), vào tháng 9 năm ngoái và cuối năm 2019"
    found = [(m.expression, m.iso) for m in find_dates(text, PUB)]
    assert found == [
        ("Hôm nay (22/10)", "2023-10-22"),
        ("tháng 9 năm ngoái", "2022-09"),
        ("cuối năm 2019", "2019"),
    ]


def test_mentions_come_in_reading_order_with_offsets():
    text = "Hôm 4-9, Mỹ cảnh báo. Ông Kim tới Nga hôm 12/9 và gặp ông Putin ngày 13/9."
    found = find_dates(text, PUB)
    assert [m.iso for m in found] == ["2023-09-04", "2023-09-12", "2023-09-13"]
    assert [text[m.start : m.end] for m in found] == ["Hôm 4-9", "hôm 12/9", "ngày 13/9"]


# -- false positives --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Đội tuyển thắng 2-1 trên sân nhà.",
        "Tỷ lệ 3/4 cử tri ủng hộ.",
        "Giá xăng 13.000 đồng một lít.",
        "Lãi suất tăng 1.5% so với tháng trước đó.",
        "Mỗi ngày 1.5 lít nước.",
        "Uống thuốc ngày 2-3 lần.",
        "Trận đấu bắt đầu lúc 13h30.",
        "Liên hệ 0912.345.678 hoặc 091-234-5678.",
        "Bản cập nhật iOS 17.1.2 và phiên bản 13.10.",
        "Địa chỉ IP 192.168.1.1 bị chặn.",
        "Theo văn bản số 4/2019 của bộ.",
        "Nghị định 15/2018/NĐ-CP quy định rõ.",
        "Thông tư 20/2019/TT-BGDĐT đã sửa đổi.",
        "Đại dịch Covid-19 lan rộng.",
        "Ông A, 45 tuổi, cho biết.",
        "Ông A năm nay 45 tuổi.",
        "Ông A sinh năm 1975 ở Huế.",
        "Đây là lần thứ hai ông tới Nga.",
        "Lần thứ hai, 3/4 số phiếu ủng hộ.",
        "Sân bay xây đường băng thứ hai.",
        "Bàn thắng ở phút thứ 26.",
        "Thứ hai, giá vàng phụ thuộc vào đồng USD.",
        "Ông đến đây hai tuần trước.",
        "Hai tháng sau, hội nghị diễn ra.",
        "Năm sau đó, hai nước ký hiệp định.",
        "Ngày nay, giới trẻ ít đọc báo.",
        "Lễ Vu Lan rằm tháng 7 âm lịch.",
        "Rằm tháng 8, thiếu nhi khắp phố rước đèn ông sao.",
        "Ngày rằm tháng 7, các chùa tổ chức lễ Vu Lan báo hiếu.",
        "Âm nhạc những năm 1990.",
        "Khóa học kéo dài 3 tháng 7 ngày.",
        "Cách đây 3-4 tuần trước, ông đến.",
        "Khoảng 1,5 năm trước, ông đến.",
        "Đầu năm học, trường tuyển thêm.",
        "Nhiệt độ 32/13 độ.",
        "Tại kỳ họp thứ 5 vừa qua, HĐND thành phố đã chất vấn.",
        "Kỳ họp thứ 6 tới sẽ bàn dự án.",
        "Đội giành chiến thắng ở vòng thứ 3 tuần trước đó.",
        "Ngày 15 tháng 7 âm lịch là lễ Vu Lan.",
        "Lễ giỗ ngày 5/6 âm lịch hằng năm.",
        "Tỷ lệ tăng từ 3/4 lên 4/5 số hộ.",
        "Tỷ lệ tiêm chủng tăng từ 1/3 đến 1/2 dân số.",
        # who someone is, not what happened (as "sinh năm 1990")
        "Ông Nguyễn Văn Nam sinh ngày 13/9 tại Hà Nội.",
        "Nguyễn Văn Nam (sinh ngày 2/5/1990, trú tại xã Minh Tân) bị bắt.",
        "Bị can Trần Văn Bình (sinh 13/9/1985) đã nhận tội.",
    ],
)
def test_not_dates(text):
    assert find_dates(text, PUB) == []
    assert find_dates(text) == []


def test_pathological_whitespace_does_not_hang():
    # quadratic backtracking takes minutes here and a linear scan well under a second; a
    # stuck regex holds the GIL, so only a child process can be given up on
    script = (
        "from datetime import datetime\n"
        "from tomtat.timeline.dates import find_dates\n"
        "for text in ['tháng 9' + ' ' * 20000 + 'năm', 'ngày 1' + ' ' * 20000 + 'và',"
        " 'ngày (' + ' ' * 20000]:\n"
        "    find_dates(text, datetime(2023, 9, 14))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], timeout=120, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


DATEISH = [
    "hôm", "ngày", "tháng", "năm", "tuần", "thứ", "Hai", "hai", "2", "chủ", "nhật", "qua",
    "nay", "tới", "sau", "trước", "ngoái", "đầu", "cuối", "sáng", "rạng", "(", ")", ",", ".",
    "13/9", "4-9", "13.10", "2023", "29/2", "13/9/2023", "tuổi", "lần", "và", "kia", "mai",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=200),
        st.lists(st.sampled_from(DATEISH), max_size=30).map(" ".join),
    ),
    published=st.one_of(
        st.none(),
        st.datetimes(),
        st.datetimes(timezones=st.just(UTC)),
        st.sampled_from([datetime.min, datetime.max, PUB]),
    ),
)
def test_find_dates_never_crashes_and_offsets_slice(text, published):
    found = find_dates(text, published)
    for m in found:
        assert text[m.start : m.end] == m.expression
        assert m.year_known == (m.year is not None)
        assert m.day is None or m.month is not None
        assert (m.iso is None) == (m.year is None and m.month is None)
    for a, b in pairwise(found):
        assert a.end <= b.start


# -- timeline from hand-built documents -------------------------------------------------------


def make_documents(*docs: tuple[datetime | None, list[str]]) -> list[Document]:
    out = []
    for d, (published, sentences) in enumerate(docs):
        doc = Document(id=f"d{d}", text=" ".join(sentences), published=published)
        start = 0
        for p, s in enumerate(sentences):
            sy = tuple(s.lower().rstrip(".").replace(",", "").split())
            doc.sentences.append(Sentence(d, p, start, start + len(s), s, sy, sy))
            start += len(s) + 1
        out.append(doc)
    return out


SUMMIT = "ông Putin và ông Kim gặp nhau tại sân bay vũ trụ Vostochny ở vùng Amur"
STORY = make_documents(
    (
        datetime(2023, 9, 14, 8, 0),
        [
            f"Hôm qua, {SUMMIT}.",
            "Ông Kim tới Nga bằng tàu bọc thép hôm 12/9 theo lời mời của Điện Kremlin.",
            "Đây là chuyến công du đầu tiên của ông Kim kể từ năm 2019.",
            "Các nhà phân tích nói quan hệ hai nước đang ấm lên nhanh chóng.",
        ],
    ),
    (
        datetime(2023, 9, 15, 9, 0),
        [
            f"Hôm 13/9, {SUMMIT}.",
            "Năm 2017, Hội đồng Bảo an áp đặt lệnh trừng phạt mới với Bình Nhưỡng.",
            "Giới chức Mỹ chưa bình luận thêm về các cuộc đàm phán này.",
        ],
    ),
    (
        None,
        [
            f"Ngày 13/9, {SUMMIT}.",
            "Bộ trưởng Quốc phòng Nga Shoigu thăm Triều Tiên hồi tháng 7 năm ngoái.",
            "Ông Lavrov dự kiến thăm Bình Nhưỡng vào tháng 10 để chuẩn bị chuyến đi.",
            "Người dân địa phương theo dõi sự kiện qua truyền hình.",
        ],
    ),
)
# cluster order: d0 s0-s3, d1 s4-s6, d2 s7-s10
STORY_SCORES = np.array([0.9, 0.6, 0.7, 0.1, 0.8, 0.5, 0.05, 0.85, 0.4, 0.45, 0.02])


def test_the_same_event_from_three_outlets_is_one_entry_citing_all():
    timeline = build_timeline(STORY, scores=STORY_SCORES)
    summit = [e for e in timeline if "Vostochny" in e.text]
    assert len(summit) == 1
    entry = summit[0]
    assert entry.text == f"Hôm qua, {SUMMIT}."  # the best-scoring report
    assert (entry.date, entry.precision, entry.year_known) == ("2023-09-13", "day", True)
    assert [c.document for c in entry.sources] == ["d0", "d1", "d2"]
    for c in entry.sources:
        doc = next(d for d in STORY if d.id == c.document)
        assert SUMMIT in doc.text[c.start : c.end]


def test_timeline_is_sorted_by_date_and_skips_reference_points():
    timeline = build_timeline(STORY, scores=STORY_SCORES)
    assert [e.date for e in timeline] == ["2017", "2023-09-12", "2023-09-13", "--10"]
    # "kể từ năm 2019" is no event of 2019; "tháng 7 năm ngoái" has no year to sort by
    assert not any("2019" in e.text or "Shoigu" in e.text for e in timeline)


def test_timeline_keeps_the_best_entries_within_max_entries():
    timeline = build_timeline(STORY, scores=STORY_SCORES, max_entries=2)
    assert [e.date for e in timeline] == ["2023-09-12", "2023-09-13"]
    assert build_timeline(STORY, scores=STORY_SCORES, max_entries=0) == []


def test_low_scoring_sentences_are_not_timeline_material():
    scores = STORY_SCORES.copy()
    scores[5] = 0.0  # "Năm 2017, ..." now among the least worthy quarter
    assert "2017" not in [e.date for e in build_timeline(STORY, scores=scores)]


def test_at_most_two_entries_per_date():
    docs = make_documents(
        (
            PUB,
            [
                "Hôm qua, quân đội tổ chức diễn tập bắn đạn thật ngoài khơi.",
                "Hôm qua, quốc hội thông qua ngân sách quốc phòng mới.",
                "Hôm qua, bộ ngoại giao triệu tập đại sứ nước láng giềng.",
                "Hai bên chưa công bố thêm chi tiết.",
            ],
        )
    )
    timeline = build_timeline(docs, scores=[0.5, 0.9, 0.7, 0.1])
    assert [e.text[9:20] for e in timeline] == ["quốc hội th", "bộ ngoại gi"]
    assert all(e.date == "2023-09-13" for e in timeline)


def test_an_entry_keeps_the_part_of_its_month_or_year():
    docs = make_documents(
        (
            PUB,
            [
                "Cuối năm ngoái, nhà máy điện gió đầu tiên của tỉnh được khởi công xây dựng.",
                "Giữa tháng 3, nhà máy hoàn thành lắp đặt các trụ tuabin đầu tiên.",
                "Hôm qua, tỉnh tổ chức lễ đóng điện cho toàn bộ nhà máy.",
                "Nhà máy có tổng công suất 50 MW, cung cấp điện cho hàng chục nghìn hộ dân.",
                "Tỉnh kỳ vọng thu hút thêm nhiều nhà đầu tư vào lĩnh vực năng lượng sạch.",
            ],
        )
    )
    scores = [0.9, 0.8, 0.7, 0.2, 0.1]
    entries = [e.to_dict() for e in build_timeline(docs, scores=scores)]
    assert [(e["date"], e.get("part")) for e in entries] == [
        ("2022", "late"),
        ("2023-03", "mid"),
        ("2023-09-13", None),
    ]
    assert "part" not in entries[2]  # a day has no part: the key is only there when set


DEAL = "hai bên đã ký thỏa thuận mua bán điện trị giá 2 tỷ USD trong giai đoạn 2025-2030"
DEAL_STORY = make_documents(
    (
        PUB,
        [
            "Ngày 12/9, Thủ tướng hai nước đã hội đàm tại Hà Nội về hợp tác năng lượng.",
            "Ngày 12/9, Bộ trưởng Công Thương tiếp đoàn doanh nghiệp điện lực Lào tại trụ sở bộ.",
            f"Hồi tháng 9, {DEAL}.",
            "Hai bên chưa công bố thêm chi tiết.",
        ],
    ),
    (PUB, [f"Hôm 12/9, {DEAL}.", "Giới chuyên gia đánh giá cao thỏa thuận."]),
)


@pytest.mark.parametrize(
    ("deal_score", "kept"),
    [
        (0.9, [("Hồi tháng 9,", ["d0", "d1"]), ("Ngày 12/9, T", ["d0"])]),
        (0.5, [("Ngày 12/9, T", ["d0"]), ("Ngày 12/9, B", ["d0"])]),  # it ranks last: it goes
    ],
)
def test_at_most_two_entries_per_date_when_a_report_dates_a_month_entry_to_the_day(
    deal_score, kept
):
    """An entry of "Hồi tháng 9" is September until another outlet's "Hôm 12/9" dates it to
    a day that already has two entries: the worst-ranked of the three goes."""
    scores = [0.8, 0.7, deal_score, 0.1, deal_score - 0.1, 0.1]
    timeline = build_timeline(DEAL_STORY, scores=scores)
    assert [(e.text[:12], [c.document for c in e.sources]) for e in timeline] == kept
    assert all(e.date == "2023-09-12" for e in timeline)


def test_year_less_dates_come_last_and_take_a_year_from_a_dated_duplicate():
    docs = make_documents(
        (
            None,
            [
                "Ngày 2/10, hai nước khai trương tuyến đường sắt mới.",
                "Năm 2019 là mốc cũ.",
                "Hai bên chưa công bố chi tiết.",
            ],
        ),
        (None, ["Hôm 13/9, ông Putin đón ông Kim tại sân bay vũ trụ Vostochny."]),
        (PUB, ["Ông Putin đón ông Kim tại sân bay vũ trụ Vostochny hôm qua."]),
    )
    timeline = build_timeline(docs, scores=[0.9, 0.6, 0.0, 0.8, 0.35])
    assert [e.date for e in timeline] == ["2019", "2023-09-13", "--10-02"]
    assert [e.year_known for e in timeline] == [True, True, False]
    assert [c.document for c in timeline[1].sources] == ["d1", "d2"]


def test_a_speakers_today_in_a_quote_is_not_the_news_day():
    docs = make_documents(
        (PUB, ['"Vào những ngày như hôm nay, từng phút đều quan trọng", ông nói.']),
        (PUB, ["Hôm nay, lính cứu hỏa khống chế được đám cháy lớn nhất."]),
        (PUB, ["Nhiều người dân phải sơ tán khỏi khu vực."]),
    )
    timeline = build_timeline(docs, scores=[0.9, 0.8, 0.0])
    assert [e.text[:7] for e in timeline] == ["Hôm nay"]


def test_a_state_as_of_now_is_dated_by_the_publication_not_by_its_background_date():
    landslide = "vụ sạt lở xảy ra đêm 14/11 tại thôn Khe Lau"
    docs = make_documents(
        (datetime(2026, 11, 16, 7, 15), [f"Như vậy, {landslide} đến nay đã làm 5 người chết."]),
        (datetime(2026, 11, 15, 6, 0), [f"Theo thông tin ban đầu, {landslide} làm 4 người chết."]),
        # a speaker's "đến nay" is not the article's statement; an undated one has no "nay"
        (datetime(2026, 11, 16, 9, 0), ['"Từ đêm 14/11 tới nay chúng tôi chưa ngủ", ông nói.']),
        (None, ["Tính đến nay, mưa lũ đã làm hơn 1.200 ngôi nhà ở huyện Sông Mây bị ngập."]),
        (None, ["Nhiều người dân phải sơ tán khỏi khu vực."]),
    )
    timeline = build_timeline(docs, scores=[0.9, 0.8, 0.7, 0.75, 0.0])
    assert [(e.date, e.text[:12]) for e in timeline] == [
        ("2026-11-14", "Theo thông t"),
        ("2026-11-14", '"Từ đêm 14/1'),
        ("2026-11-16", "Như vậy, vụ "),
    ]


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        # "từ trước đến nay" is "ever": the night it names is the event
        ("Đêm 14/11, trận mưa lớn nhất từ trước đến nay trút xuống huyện Sông Mây.", "2026-11-14"),
        # a day in the first words is when the statement was made, and its "nay"
        ("Chiều 15/11, UBND tỉnh cho biết tính đến nay mưa lũ đã làm 5 người chết.", "2026-11-15"),
        ("Tính đến thời điểm hiện tại, vụ sạt lở đêm 14/11 đã làm 5 người chết.", "2026-11-17"),
    ],
)
def test_as_of_now_is_the_publication_day_only_where_nothing_says_otherwise(
    sentence: str, date: str
) -> None:
    docs = make_documents(
        (datetime(2026, 11, 17, 7, 0), [sentence]),
        (None, ["Nhiều người dân phải sơ tán khỏi khu vực."]),
    )
    assert [e.date for e in build_timeline(docs, scores=[0.9, 0.0])] == [date]


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("Khoảng 23 giờ đêm 14/11, sạt lở vùi lấp 7 ngôi nhà.", (23, 0)),
        ("Lúc 21h15, ngày 2/10, liveshow bắt đầu.", (21, 15)),
        ("Lúc 6 giờ 40 phút ngày 16/7, tổ công tác bắt quả tang.", (6, 40)),
        ("Ngày 14/7, lúc 19h30’, tổ công tác phát hiện một bé gái.", (19, 30)),
        # the part of day makes a 24-hour clock: one hour, however it is written
        ("Khoảng 4 giờ chiều 14/11, nước rút.", (16, 0)),
        ("Khoảng 16 giờ ngày 14/11, nước rút.", (16, 0)),
        ("Khoảng 7 giờ sáng 14/11, nước lũ tràn vào.", (7, 0)),
        ("Đến 7 giờ tối 14/11, nước đã rút.", (19, 0)),
        ("Khoảng 10 giờ đêm 14/11, mưa tạnh.", (22, 0)),
        # durations, ranges, ratios and a clock of another day are no clock of the event
        ("Sau khoảng 3 giờ, lực lượng chức năng khống chế đám cháy ngày 15/11.", None),
        ("Từ 8h đến 17h ngày 15/11, ngân hàng tạm ngừng giao dịch.", None),
        ("Ngày 15/11, bản đồ tỷ lệ 1:10 được công bố.", None),
        ("Ngày 15/11, công an cho biết vụ cháy xảy ra lúc 23h ngày 14/11.", None),
        ("Lượng mưa 420 mm trong 48 giờ tính đến ngày 14/11.", None),
        ("Ngày 14/11, tàu ở cách bờ 12 hải lý.", None),
    ],
)
def test_event_clock(text: str, clock: tuple[int, int] | None) -> None:
    dates = find_dates(text, datetime(2026, 11, 15))
    date = max(dates, key=lambda m: (m.precision == "day", -m.start))
    found = event_clock(text, 0, len(text), date)
    assert found == (EventClock(*clock) if clock else None)


def docs_of(document: Document) -> tuple[datetime | None, list[str]]:
    return document.published, [s.text for s in document.sentences]


def test_reports_naming_the_same_day_and_clock_time_are_one_event() -> None:
    night = datetime(2026, 11, 15, 6, 0)
    docs = make_documents(
        (night, ["Khoảng 23 giờ đêm 14/11, sạt lở vùi lấp 7 ngôi nhà, làm 4 người chết.", "X."]),
        # other words, same night and hour: one event, both cited
        (night, ["Trước đó, lúc 23h ngày 14/11, một khối đất đá lớn đổ xuống thôn Khe Lau.", "Y."]),
        # same hour but another toll, in other words: an update, not the same report
        (night, ["Lúc 23 giờ ngày 14/11, vụ việc làm chết 5 người.", "Z."]),
    )
    timeline = build_timeline(docs, scores=[0.9, 0.0, 0.8, 0.0, 0.7, 0.0])
    assert [sorted(c.document for c in e.sources) for e in timeline] == [["d0", "d1"], ["d2"]]
    # same day, no clock time in one of them: told apart as before
    no_clock = "Trước đó, đêm 14/11, một khối đất đá lớn đổ xuống thôn Khe Lau."
    docs = make_documents(docs_of(docs[0]), (night, [no_clock, "Y."]))
    timeline = build_timeline(docs, scores=[0.9, 0.0, 0.8, 0.0])
    assert [sorted(c.document for c in e.sources) for e in timeline] == [["d0"], ["d1"]]
    # same day and hour, one wording negated: never cited as one report
    signed = "Lúc 15 giờ ngày 14/11, hai bên đã ký thỏa thuận hợp tác."
    refused = "Lúc 15 giờ ngày 14/11, hai bên không ký thỏa thuận hợp tác."
    docs = make_documents((night, [signed, "X."]), (night, [refused, "Y."]))
    timeline = build_timeline(docs, scores=[0.9, 0.0, 0.8, 0.0])
    assert [sorted(c.document for c in e.sources) for e in timeline] == [["d0"], ["d1"]]
    # one article's two sentences at one hour tell two things
    results = "Đúng 0 giờ ngày 24/7, Bộ công bố kết quả thi."
    jammed = "Lúc 0 giờ ngày 24/7, nhiều thí sinh không truy cập được vì nghẽn mạng."
    docs = make_documents((datetime(2026, 7, 24, 8, 0), [results, jammed, "Trời mưa."]))
    timeline = build_timeline(docs, scores=[0.9, 0.8, 0.0])
    assert [e.text for e in timeline] == [results, jammed]


def test_a_question_dates_no_event():
    docs = make_documents(
        (PUB, ["Liệu đến ngày 20/9 cây cầu có thông xe?", "Hôm 12/9, cây cầu được hợp long."]),
        (PUB, ["Nhiều người dân phải sơ tán khỏi khu vực."]),
    )
    timeline = build_timeline(docs, scores=[0.9, 0.8, 0.0])
    assert [e.text for e in timeline] == ["Hôm 12/9, cây cầu được hợp long."]


def test_entry_json_shape_matches_summary_citations():
    entry = build_timeline(STORY, scores=STORY_SCORES)[0]
    assert isinstance(entry, TimelineEntry)
    data = entry.to_dict()
    assert set(data) == {"date", "precision", "year_known", "text", "sources"}
    assert data["sources"] == [c.to_dict() for c in entry.sources]
    assert set(data["sources"][0]) == {"document", "start", "end"}


def test_scores_must_match_the_sentences():
    with pytest.raises(ValueError, match="sentence scores"):
        build_timeline(STORY, scores=[0.5, 0.5])


def test_default_scores_come_from_the_learned_summarizer():
    timeline = build_timeline(STORY)
    assert timeline and all(e.sources for e in timeline)
    assert build_timeline([]) == []


# -- the seed articles ------------------------------------------------------------------------


def _fields(date: str) -> list[int | None]:
    """[year, month, day] of an entry date, ``None`` where the date does not say."""
    if date.startswith("--"):
        fields: list[int | None] = [None, *(int(p) for p in date[2:].split("-"))]
    else:
        fields = [int(p) for p in date.split("-")]
    return fields + [None] * (3 - len(fields))


def _not_after(a: str, b: str) -> bool:
    """``a`` may precede ``b``: known years first, then each field wherever both have it."""
    (ya, ma, da), (yb, mb, db) = _fields(a), _fields(b)
    if (ya is None) != (yb is None):
        return ya is not None
    if ya is not None and yb is not None and ya != yb:
        return ya < yb
    if ma is not None and mb is not None and ma != mb:
        return ma < mb
    return da is None or db is None or da <= db


def test_seed_timeline():
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds not available")
    documents, _ = build_documents(read_inputs([SEEDS]).articles)
    timeline = build_timeline(documents)
    assert len(timeline) >= 5

    for a, b in combinations([e.date for e in timeline], 2):
        assert _not_after(a, b), (a, b)
    # the seeds carry no publication time: day/month dates stay year-less, stated years stay
    assert {"2017", "2019"} <= {e.date for e in timeline}
    assert "--09-13" in {e.date for e in timeline}
    # "hồi tháng 9" dated to 13/9 by another outlet still leaves at most two entries a date
    assert max(Counter(e.date for e in timeline).values()) <= 2
    assert all(e.date.startswith("--") != e.year_known for e in timeline)

    cluster = Cluster(documents)
    where = {
        (documents[s.doc_index].id, s.start, s.end): i for i, s in enumerate(cluster.sentences)
    }
    duplicates = near_duplicates(cluster)
    picks = []
    for entry in timeline:
        first = entry.sources[0]
        doc = next(d for d in documents if d.id == first.document)
        assert doc.text[first.start : first.end] == entry.text
        # every cited span is a sentence of its outlet, reporting the same thing as another
        # in near-duplicate words or dated the entry's date in its own
        cited = [where[(c.document, c.start, c.end)] for c in entry.sources]
        assert len({c.document for c in entry.sources}) == len(cited)
        for k in cited[1:]:
            sentence = cluster.sentences[k]
            dates = find_dates(documents[sentence.doc_index].text)
            on_date = any(
                m.iso == entry.date and sentence.start <= m.start < sentence.end for m in dates
            )
            assert on_date or any(duplicates[k, j] for j in cited if j != k), sentence.text
        picks.append(cited[0])
    for a, b in combinations(picks, 2):
        assert not duplicates[a, b]


def test_documents_must_be_numbered_by_position():
    with pytest.raises(ValueError, match="doc_index"):
        build_timeline(STORY[1:], scores=np.ones(sum(len(d.sentences) for d in STORY[1:])))


def test_story_time_dates_an_undated_report_so_its_days_merge_with_the_dated_ones():
    docs = make_documents(
        (datetime(2026, 11, 15, 8, 0), ["Vụ sạt lở xảy ra đêm 14/11 tại thôn Khe Lau."]),
        (None, ["Ngày 16/11, huyện di dời 45 hộ dân khỏi vùng sạt lở."]),
    )
    strict = build_timeline(docs, scores=[1.0, 1.0])
    assert [e.date for e in strict] == ["2026-11-14", "--11-16"]
    story = build_timeline(docs, scores=[1.0, 1.0], story_time=datetime(2026, 11, 15, 8, 0))
    assert [e.date for e in story] == ["2026-11-14", "2026-11-16"]
    assert all(e.year_known for e in story)


def test_a_summit_report_dates_next_friday_ahead_and_drops_an_impossible_29_february():
    # the UAT's ASEAN feed, published Saturday 10/1/2026
    docs = make_documents(
        (
            datetime(2026, 1, 10, 9, 0),
            [
                "Sáng nay (10/1), hội nghị ASEAN khai mạc tại Hà Nội.",
                "Ngày 29/2, các bộ trưởng ngoại giao ASEAN đã họp trù bị.",
                "Đêm 12/3, Ban thư ký ASEAN công bố dự thảo tuyên bố chung.",
                "Các nhà lãnh đạo sẽ ký tuyên bố chung vào thứ Sáu tới tại Hà Nội.",
            ],
        ),
    )
    entries = build_timeline(docs, scores=[1.0, 1.0, 1.0, 1.0])
    # 12/3 is 61 days ahead, within the quarter a bare date may be ahead: this year's
    assert [e.date for e in entries] == ["2026-01-10", "2026-01-16", "2026-03-12"]
    assert all(e.year_known for e in entries)


def test_a_coming_day_or_month_named_on_its_own_day_is_that_day():
    assert only("Lễ ký diễn ra ngày 19/11 tới.", NOV19).iso == "2026-11-19"
    assert only("Đoàn sẽ đến trong tháng 11 tới.", NOV19).iso == "2026-11"


@pytest.mark.parametrize(
    ("date", "precision", "part", "shown"),
    [
        ("2023-09-13", "day", None, "13/9/2023"),
        ("--09-13", "day", None, "13/9"),
        ("2023-07", "month", None, "tháng 7/2023"),
        ("--07", "month", None, "tháng 7"),
        ("2023", "year", None, "năm 2023"),
        ("2022", "year", "late", "cuối năm 2022"),
        ("2023-09", "month", "mid", "giữa tháng 9/2023"),
        ("--03", "month", "early", "đầu tháng 3"),
    ],
)
def test_markdown_shows_timeline_dates_as_readers_write_them(date, precision, part, shown):
    from tomtat.rendering.stories import display_date

    entry = {"date": date, "precision": precision} | ({"part": part} if part else {})
    assert display_date(entry) == shown


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Hai đội hòa 1-1 tối qua.", "2023-09-13"),
        ("Đội thua 0-2 tối 13/9 trên sân khách.", "2023-09-13"),
        ("Trận chung kết Cúp 2023 tối 13/9 diễn ra tại Mỹ Đình.", "2023-09-13"),
    ],
)
def test_a_score_or_a_year_before_a_date_counts_nothing(text, iso):
    assert only(text, PUB).iso == iso


def test_two_tolls_of_one_date_stay_two_entries_whatever_else_they_share():
    """One shared number (the injured) does not make one report of two death tolls counted
    with different words ("người chết" / "người tử vong")."""
    tail = " Người dân cho biết khu vực này thường xảy ra cháy. Chính quyền đã lắp thêm biển báo."
    docs = make_documents(
        (
            PUB,
            [
                "Ngày 12/9, vụ cháy xưởng gỗ ở huyện Thạch Thất làm 4 người chết và 2 người bị "
                "thương nặng." + tail
            ],
        ),
        (
            PUB,
            [
                "Vụ cháy xưởng gỗ ở huyện Thạch Thất ngày 12/9 làm 5 người tử vong, 2 người bị "
                "thương nặng." + tail
            ],
        ),
    )
    scores = [1.0] * sum(len(d.sentences) for d in docs)
    timeline = build_timeline(docs, scores=scores)
    assert [[c.document for c in e.sources] for e in timeline] == [["d0"], ["d1"]]


def test_sentences_sharing_only_names_are_not_one_event():
    """A sentence whose content words are all names joins no other by its names."""
    docs = make_documents(
        (PUB, ["Ngày 12/9, Hùng, Lan, Minh, Tuấn, Hoa.", "Trời nắng nhẹ."]),
        (PUB, ["Hoa, Tuấn, Minh, Lan và Hùng được khen thưởng ngày 12/9.", "Mưa."]),
    )
    timeline = build_timeline(docs, scores=[1.0, 0.0, 1.0, 0.0])
    assert [[c.document for c in e.sources] for e in timeline] == [["d0"], ["d1"]]


def test_an_event_named_as_a_reference_point_dates_nothing():
    docs = make_documents(
        (
            PUB,
            [
                "Sau trận lũ quét hôm 12/9, chính quyền đã cấp 15 tấn gạo cho người dân.",
                "Đợt kiểm tra được triển khai sau vụ tai nạn trên đèo Ngựa Trắng đêm 12/9.",
                "Sau khi HĐND bác đề án hôm 12/9, nhiều chuyên gia kiến nghị làm thí điểm.",
                "Lũ quét hôm 11/9 cuốn trôi 3 ngôi nhà ở xã Hòa Mỹ.",
                "Trước ngày hôm nay 12/9, các đoàn kiểm tra phải rà soát lại toàn bộ đê điều.",
            ],
        ),
    )
    timeline = build_timeline(docs, scores=[0.9, 0.8, 0.7, 0.95, 0.85])
    assert [e.date for e in timeline] == ["2023-09-11"]


def test_a_code_only_one_report_names_does_not_hold_the_same_clock_apart():
    night = datetime(2026, 11, 15, 6, 0)
    plate = (
        "Khoảng 23h đêm 14/11, xe khách biển số 79B-021.45 va chạm với xe container trên "
        "quốc lộ 27C."
    )
    toll = "Lúc 23h ngày 14/11, xe container đâm vào xe khách trên quốc lộ 27C làm 4 người chết."
    docs = make_documents((night, [plate, "X."]), (night, [toll, "Y."]))
    timeline = build_timeline(docs, scores=[0.9, 0.0, 0.8, 0.0])
    assert [sorted(c.document for c in e.sources) for e in timeline] == [["d0", "d1"]]
    # a quantity with its unit glued on is a number, not a code
    burnt = "Lúc 23h ngày 14/11, đám cháy thiêu rụi {} nhà xưởng ở khu công nghiệp."
    docs = make_documents(
        (night, [burnt.format("1.200m2"), "X."]), (night, [burnt.format("3.000m2"), "Y."])
    )
    timeline = build_timeline(docs, scores=[0.9, 0.0, 0.8, 0.0])
    assert [[c.document for c in e.sources] for e in timeline] == [["d0"], ["d1"]]


@pytest.mark.parametrize(
    ("text", "expression", "iso"),
    [
        ("Thi từ ngày 15 đến ngày 30/11.", "từ ngày 15 đến ngày 30/11", "2023-11-15"),
        ("Hội chợ mở từ 1 đến 5/6.", "từ 1 đến 5/6", "2023-06-01"),
        ("Hội chợ mở từ 1-5/6.", "từ 1-5/6", "2023-06-01"),
        ("Lễ hội diễn ra hai ngày 4-5/6.", "ngày 4-5/6", "2023-06-04"),
        ("Hội nghị trong 3 ngày 20-21 và 22/10/2013.", "ngày 20-21 và 22/10/2013", "2013-10-20"),
        ("Trưng bày từ tháng 4 đến tháng 6/2013.", "tháng 4 đến tháng 6/2013", "2013-04"),
        ("Mùa mưa từ tháng 11 đến tháng 2/2014.", "tháng 11 đến tháng 2/2014", "2013-11"),
        ("Cao điểm vào tháng 7-8/2013.", "tháng 7-8/2013", "2013-07"),
        ("Từ ngày 1/7, giá điện tăng.", "Từ ngày 1/7", "2023-07-01"),
        ("Hội chợ diễn ra từ 10/9 đến 12/9.", "từ 10/9 đến 12/9", "2023-09-10"),
        ("Từ 28/8 đến 2/9, hội chợ mở cửa.", "Từ 28/8 đến 2/9", "2023-08-28"),
        ("Hội chợ mở từ 10/9 tới 12/9 tại Móng Cái.", "từ 10/9 tới 12/9", "2023-09-10"),
        ("Cao điểm kiểm tra từ 10/9 - 12/9.", "từ 10/9 - 12/9", "2023-09-10"),
        ("Thí điểm từ 1/7 - 31/12/2022 ở 3 quận.", "từ 1/7 - 31/12/2022", "2022-07-01"),
        ("Nghỉ Tết từ 30/12 đến 1/1/2024.", "từ 30/12 đến 1/1/2024", "2023-12-30"),
        ("Nghỉ từ 30/12 đến 2/1 năm ngoái.", "từ 30/12 đến 2/1 năm ngoái", "2021-12-30"),
        ("Giải đấu diễn ra từ 28-8 đến 2-9.", "từ 28-8 đến 2-9", "2023-08-28"),
        # not days 10 and 10 to 12/11
        ("Hội chợ mở từ ngày 10-10 đến 12-11.", "từ ngày 10-10 đến 12-11", "2023-10-10"),
        (
            "Giải đấu diễn ra từ ngày 2/3 đến ngày 10/3 tới.",
            "từ ngày 2/3 đến ngày 10/3 tới",
            "2024-03-02",
        ),
    ],
)
def test_a_range_is_dated_by_its_first_day_with_the_year_stated_at_its_end(text, expression, iso):
    m = only(text, PUB)
    assert (m.expression, m.iso) == (expression, iso)


@pytest.mark.parametrize(
    ("published", "text", "iso"),
    [
        (datetime(2012, 10, 26), "Dự kiến tháng 3, các hiện vật sẽ được đóng gói.", "2013-03"),
        (datetime(2025, 3, 13), "Ngày 20/9, trường sẽ khai giảng năm học mới.", "2025-09-20"),
        (datetime(2025, 3, 13), "Tháng 9 này, trường sẽ khai giảng.", "2025-09"),
        # what happened, or was said on the day, stays in the past
        (datetime(2025, 10, 20), "Tháng 3, dự án đã hoàn thành.", "2025-03"),
        (datetime(2025, 10, 20), "Ngày 5/9, Bộ Công Thương cho biết sẽ tăng giá.", "2025-09-05"),
        (datetime(2025, 3, 13), "Hồi tháng 9, trường sẽ khai giảng.", "2024-09"),
        # a month back is a report's lag, not a plan
        (datetime(2025, 10, 20), "Hôm 13/9, đoàn sẽ tới nhưng đã hoãn chuyến đi.", "2025-09-13"),
    ],
)
def test_a_plan_for_a_month_long_past_is_next_years(published, text, iso):
    assert only(text, published).iso == iso


def test_comparisons_and_law_names_date_nothing():
    docs = make_documents(
        (
            datetime(2013, 10, 22, 12, 0),
            [
                "Trái với đà tăng mạnh trong phiên hôm qua, sáng nay VN-Index đảo chiều giảm.",
                "Tổng khối lượng giao dịch đạt 41 triệu đơn vị, thấp hơn phiên sáng qua.",
                "Kim ngạch xuất khẩu tăng 65,5% so với cùng kỳ năm 2012.",
                "Quốc hội thảo luận dự thảo sửa đổi Hiến pháp năm 1992.",
                "Luật sư hôm 20/10 đã nộp đơn kháng cáo cho thân chủ.",
            ],
        ),
    )
    timeline = build_timeline(docs, scores=[0.9] * 5)
    assert [(e.date, e.text[:12]) for e in timeline] == [
        ("2013-10-20", "Luật sư hôm "),
        ("2013-10-22", "Trái với đà "),
    ]


def test_two_outlets_wording_one_days_event_differently_make_one_entry():
    docs = make_documents(
        (
            datetime(2025, 9, 10, 7, 0),
            [
                "Tối 9/9, U23 Việt Nam thắng U23 Thái Lan 2-1 trong trận chung kết "
                "trên sân Mỹ Đình.",
            ],
        ),
        (
            datetime(2025, 9, 10, 8, 0),
            [
                "U23 Việt Nam đánh bại U23 Thái Lan với tỷ số 2-1 ở trận chung kết tối qua "
                "trên sân Mỹ Đình.",
            ],
        ),
        (
            datetime(2025, 9, 10, 9, 0),
            # the same day and words, another score: another report, not a citation
            ["Tối 9/9, U23 Việt Nam thua U23 Thái Lan 1-2 trong trận chung kết trên sân Mỹ Đình."],
        ),
    )
    timeline = build_timeline(docs, scores=[0.9, 0.9, 0.9])
    final = [e for e in timeline if "Thái Lan" in e.text]
    assert [sorted(c.document for c in e.sources) for e in final] == [["d0", "d1"], ["d2"]]
    assert all(e.date == "2025-09-09" for e in final)


def test_same_day_reports_of_another_part_of_the_day_stay_two_events():
    docs = make_documents(
        (
            datetime(2025, 11, 17, 7, 0),
            ["Sáng 16/11, lực lượng cứu hộ tìm thấy thêm hai thi thể trên đèo Khánh Lê."],
        ),
        (
            datetime(2025, 11, 17, 8, 0),
            ["Chiều 16/11, lực lượng cứu hộ tạm dừng tìm kiếm trên đèo Khánh Lê vì mưa lớn."],
        ),
    )
    timeline = build_timeline(docs, scores=[0.9, 0.9])
    assert [[c.document for c in e.sources] for e in timeline] == [["d0"], ["d1"]]


# -- one event in other words and another date expression ----------------------------------

SUMMIT_SAT = datetime(2026, 1, 10, 9, 0)  # a Saturday: "thứ Sáu tới" is 16/1
SAME_EVENT = [
    # a weekday and a day/month, other verbs, a number only one outlet gives
    (
        "Lãnh đạo mười nước ASEAN sẽ ký tuyên bố chung về hợp tác an ninh biển vào thứ Sáu "
        "tới tại Hà Nội.",
        "Theo Bộ Ngoại giao, ngày 16/1, các nhà lãnh đạo ASEAN dự kiến đặt bút ký văn kiện "
        "chung về hợp tác an ninh biển, sau 3 ngày đàm phán tại Trung tâm Hội nghị Quốc gia.",
        "2026-01-16",
    ),
    # "hôm qua" and "chiều 9/1"; an age in one report, a birth year in the other
    (
        "Hôm qua, Công an huyện Mỹ Đức ra quyết định truy nã Lò Văn Sáng (48 tuổi, ngụ xã "
        "Hương Sơn) về tội lừa đảo chiếm đoạt tài sản.",
        "Chiều 9/1, công an huyện Mỹ Đức cho biết đã khởi tố vụ án và phát lệnh truy nã đối "
        "với Lò Văn Sáng (SN 1978, ngụ xã Hương Sơn) về hành vi lừa đảo.",
        "2026-01-09",
    ),
]


def story_of(*sentences: str, published: tuple[datetime, ...]) -> list[Document]:
    """A story of one article per sentence, each padded with an undated sentence, through
    the real normalization and sentence splitting."""
    articles = [
        Article(text=f"{sentence} Phóng viên sẽ tiếp tục cập nhật.", id=f"a{k}", published=time)
        for k, (sentence, time) in enumerate(zip(sentences, published, strict=True))
    ]
    documents, _ = build_documents(articles)
    return documents


@pytest.mark.parametrize(("first", "second", "date"), SAME_EVENT)
def test_one_event_told_in_other_words_and_date_expressions_is_one_entry(first, second, date):
    docs = story_of(first, second, published=(SUMMIT_SAT, datetime(2026, 1, 10, 15, 0)))
    scores = [0.9, 0.1, 0.8, 0.1]  # each article's dated sentence, then its padding
    timeline = build_timeline(docs, scores=scores)
    assert [(e.date, e.text) for e in timeline] == [(date, first)]  # the best-ranked wording
    assert [c.document for c in timeline[0].sources] == ["a0", "a1"]
    # each source is a real sentence span of its own article
    by_id = {d.id: d for d in docs}
    assert [by_id[c.document].text[c.start : c.end] for c in timeline[0].sources] == [
        first,
        second,
    ]
    assert all(
        any((s.start, s.end) == (c.start, c.end) for s in by_id[c.document].sentences)
        for c in timeline[0].sources
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # one place, one day, two events: names alone make no event
        (
            "Ngày 13/9, lũ quét cuốn trôi 12 ngôi nhà ở xã Mường Pồn, huyện Điện Biên.",
            "Ngày 13/9, UBND tỉnh Điện Biên họp khẩn để bàn phương án hỗ trợ người dân xã "
            "Mường Pồn.",
        ),
        # one kind of event in two districts: the numbers have nothing in common
        (
            "Tối 13/9, CSGT quận 1 xử phạt 40 trường hợp vi phạm nồng độ cồn trên đường Lê Lợi.",
            "Tối 13/9, CSGT quận 3 xử phạt 25 trường hợp vi phạm nồng độ cồn trên đường Lê Lợi.",
        ),
    ],
)
def test_two_events_of_one_date_stay_two_entries(first, second):
    docs = story_of(first, second, published=(PUB, PUB))
    timeline = build_timeline(docs, scores=[0.9, 0.1, 0.8, 0.1])
    assert [(e.date, [c.document for c in e.sources]) for e in timeline] == [
        ("2023-09-13", ["a0"]),
        ("2023-09-13", ["a1"]),
    ]
