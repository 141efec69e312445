"""Numbers in words and digits: what outlets count, compared whichever way it is written."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tomtat.documents import build_documents
from tomtat.models import Article, Budget
from tomtat.scoring.representation import Cluster
from tomtat.segmentation.numbers import digit_numbers, spelled_numbers
from tomtat.selection import citations, near_duplicates, select_by_score
from tomtat.selection.redundancy import counted_numbers


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Vụ sạt lở làm hai người chết.", [("hai", 2)]),
        ("Ba người mất tích trong đêm.", [("Ba", 3)]),
        ("Tỉnh đã sơ tán mười lăm hộ dân.", [("mười lăm", 15)]),
        ("Có hai mươi mốt học sinh.", [("hai mươi mốt", 21)]),
        ("Khoảng chín trăm năm mươi người dự.", [("chín trăm năm mươi", 950)]),
        ("Hơn hai nghìn năm trăm hộ mất điện.", [("hai nghìn năm trăm", 2500)]),
        ("Ông bị tuyên mười năm tù.", [("mười", 10)]),  # ten years, not 15
        ("Trong hai mươi năm qua, làng chưa từng sạt lở.", [("hai mươi", 20)]),
        ("Hai bên ký thỏa thuận.", [("Hai", 2)]),
        # read whole, never from the middle
        ("Có năm mươi hai người chết.", [("năm mươi hai", 52)]),
        ("Có một trăm hai mươi hộ dân.", [("một trăm hai mươi", 120)]),
        ("Hơn một nghìn ba trăm người dự.", [("một nghìn ba trăm", 1300)]),
        ("Năm nghìn người đổ về.", [("Năm nghìn", 5000)]),
        (  # the first is the year 2020, the second a count
            "Năm hai nghìn không trăm hai mươi có hai nghìn không trăm hai mươi ca mắc.",
            [("hai nghìn không trăm hai mươi", 2020)],
        ),
    ],
)
def test_numbers_in_words(text, found):
    assert [(text[a:b], v) for a, b, v in spelled_numbers(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "Ông đến Ba Lan hôm qua.",  # a name: capitals on every syllable
        "Người dân quận Ba Đình đón Tết.",
        "Có hai ba người đứng xem.",  # two or three: no definite number
        "Năm người chết.",  # "năm" is also "year": never starts a number
        "Một số người cho biết.",  # "một" is also "a"
        "Ba mẹ em đã về.",  # the father
        "Doanh thu đạt ba nghìn tỷ đồng.",  # stacked scales are left unread
        "Con số là hai",  # nothing counted after it
        "Sáng thứ hai, người dân đổ ra đường.",  # a weekday, then a comma
        "Đây là lần thứ hai người dân phải sơ tán.",  # an order
        "Từ tháng ba năm nay, giá tăng.",  # a month
        "Hai phần ba số hộ đã về nhà.",  # a fraction
        "Em đeo ba lô đến trường.",
        "Ba tôi nói vậy.",
        "Có hai nghìn ba nghìn người.",  # not a numeral
    ],
)
def test_words_that_are_not_numbers_here(text):
    assert spelled_numbers(text) == []


PIECES = ["hai", "ba", "mười", "mươi", "trăm", "nghìn", "tỷ", "năm", "lăm", "mốt", "linh",
          "người", "Ba", ",", "5"]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join))
def test_reading_numbers_never_fails_and_spans_are_valid(text):
    for start, end, value in spelled_numbers(text):
        assert 0 <= start < end <= len(text) and value > 0


def test_digits_compare_without_thousands_dots():
    found = [v for _, _, v in digit_numbers("5.000 người, 1,5 triệu đồng, ngày 13/9.")]
    assert found == ["5000", "1,5", "13", "9"]
    assert digit_numbers("hai người") == []  # words are compared by what they count


def test_an_updated_toll_in_thousands_is_kept():
    cluster = story(
        "Trận động đất ở miền trung đã làm 3.000 người chết theo thống kê của chính quyền.",
        "Đến sáng nay, trận động đất ở miền trung đã làm 5.000 người chết theo thống kê.",
    )
    assert counted_numbers(cluster.sentences[1])["người chết"] == {"5000"}
    picks = select_by_score(cluster, np.array([2.0, 1.0]), Budget(100), np.eye(2, dtype=bool))
    assert picks == [0, 1]
    same = story(
        "Trận động đất ở miền trung đã làm 5.000 người chết theo thống kê của chính quyền.",
        "Trận động đất ở miền trung đã làm 5000 người chết theo thống kê của chính quyền.",
    )
    assert near_duplicates(same)[0, 1]


def story(*texts: str) -> Cluster:
    documents, _ = build_documents([Article(text=t, id=f"d{k}") for k, t in enumerate(texts)])
    return Cluster(documents)


def test_a_count_in_words_contradicting_one_in_digits_is_not_cited_as_support():
    cluster = story(
        "Vụ sạt lở ở xã Phú Vân đã làm hai người chết trong đêm qua.",
        "Vụ sạt lở ở xã Phú Vân đã làm 3 người chết trong đêm qua.",
        "Vụ sạt lở ở xã Phú Vân đã làm 2 người chết trong đêm qua.",
    )
    dup = near_duplicates(cluster)
    assert not dup[0, 1] and dup[0, 2]
    assert [c.document for c in citations(cluster, 1, dup)] == ["d1"]
    assert [c.document for c in citations(cluster, 0, dup)] == ["d0", "d2"]


def test_a_number_in_words_that_counts_something_else_does_not_block_a_match():
    cluster = story(
        "Hôm 13/9, Tổng thống Putin nêu khả năng hợp tác kỹ thuật quân sự với Triều Tiên.",
        "Hôm 13/9, giữa hai nước, Tổng thống Putin nêu khả năng hợp tác kỹ thuật quân sự với "
        "Triều Tiên.",
    )
    assert near_duplicates(cluster)[0, 1]


def test_an_update_from_words_to_digits_is_not_skipped_as_a_restatement():
    cluster = story(
        "Vụ sạt lở làm bốn người chết và chín người bị thương ở thôn Khe Lau.",
        "Đến sáng nay vụ sạt lở đã làm 5 người chết, 9 người bị thương ở Khe Lau.",
    )
    assert counted_numbers(cluster.sentences[0]) == {"người chết": {"4"}, "người bị": {"9"}}
    picks = select_by_score(cluster, np.array([2.0, 1.0]), Budget(100), np.eye(2, dtype=bool))
    assert picks == [0, 1]
