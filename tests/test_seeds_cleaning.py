"""The five seed articles (``../shared/seeds``) come out clean: no segmentation artifacts,
captions, credits, source lines or bylines; titles split off the one-line segmented ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tomtat.normalization import normalize_article
from tomtat.segmentation import is_boilerplate_sentence, split_sentences

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds not available")


def _seed(prefix: str) -> str:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not available")
    return matches[0].read_text(encoding="utf-8")


def _clean_sentences(prefix: str) -> list[str]:
    clean = normalize_article(_seed(prefix))
    sentences = [clean.text[a:b] for a, b in split_sentences(clean.text)]
    return [s for s in sentences if not is_boilerplate_sentence(s)]


ALL = ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("prefix", ALL)
def test_no_segmentation_or_boilerplate_left(prefix):
    sentences = _clean_sentences(prefix)
    assert len(sentences) >= 8
    text = "\n".join(sentences)
    assert "_" not in text
    assert not re.search(r" [,.:;?!](?:\s|$)", text)
    assert not re.search(r"Ảnh ?:", text)
    assert "Nguồn:" not in text
    assert "Link nguồn" not in text
    assert not re.search(r"\(Theo|Theo Interfax|Theo Reuters\)", text)
    assert not re.search(r"(?:Vũ Anh|Ngọc Ánh|Thanh Tâm) \(", text)


@pytest.mark.parametrize(
    ("prefix", "title", "body_start"),
    [
        (
            "000",
            "Nga - Triều 'không ký thỏa thuận' trong chuyến thăm của ông Kim Jong-un",
            "Điện Kremlin nói rằng",
        ),
        (
            "002",
            "Báo Mỹ nói ông Kim Jong-un sắp gặp ông Putin tại Nga",
            "Lãnh đạo Triều Tiên Kim Jong-un được cho là",
        ),
        (
            "003",
            "Nga hợp tác quốc phòng toàn diện với Triều Tiên",
            "Tổng tham mưu trưởng Nga Gerasimov xác nhận",
        ),
    ],
)
def test_glued_titles_are_split_off(prefix, title, body_start):
    clean = normalize_article(_seed(prefix))
    assert clean.segmented
    assert clean.title == title
    assert clean.text.startswith(body_start)
    assert _clean_sentences(prefix)[0].startswith(body_start)


def test_glued_title_is_split_off_seed_000_without_its_segmentation():
    # raw text: no "Kim_Jong-un Điện_Kremlin" joins; the rest of the article delimits the names
    clean = normalize_article(_seed("000").replace("_", " "))
    assert not clean.segmented
    assert (
        clean.title == "Nga - Triều ' không ký thỏa thuận ' trong chuyến thăm của ông Kim Jong-un"
    )
    assert clean.text.startswith("Điện Kremlin nói rằng")


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_raw_seeds_keep_their_first_paragraph(prefix):
    clean = normalize_article(_seed(prefix))
    assert not clean.segmented
    assert clean.title is None
    first = _seed(prefix).split("\n", 1)[0].strip()
    assert clean.text.split("\n", 1)[0] == first


def test_fused_credit_leaves_a_clean_sentence_in_seed_003():
    sentences = _clean_sentences("003")
    starts = [s for s in sentences if s.startswith("Mỹ cho biết")]
    assert starts == [
        "Mỹ cho biết Nga có thể đang giúp Triều Tiên né tránh các lệnh trừng phạt của Liên Hợp "
        "Quốc, đặc biệt trong các chương trình tên lửa đạn đạo và kỹ thuật hàng không vũ trụ."
    ]
    # the caption the credit closed went with it
    assert not any("Vostochny Cosmodrome" in s for s in sentences)


def test_captions_are_removed_with_their_credit():
    assert not any("bắt tay lãnh đạo Triều Tiên" in s for s in _clean_sentences("000"))
    assert not any("chụp ảnh trong cuộc gặp ở Vladivostok" in s for s in _clean_sentences("001"))
    assert not any("(phải)" in s for s in _clean_sentences("002"))


def test_quotations_stay_whole_in_seed_000():
    sentences = _clean_sentences("000")
    assert any(
        s.startswith('"Không, hai bên không ký thỏa thuận nào')
        and s.endswith("trong chuyến thăm Nga.")
        for s in sentences
    )


def test_joins_mark_words_of_the_segmented_seeds():
    for prefix in ("000", "002", "003"):
        clean = normalize_article(_seed(prefix))
        assert clean.joins
        assert all(clean.text[i] == " " for i in clean.joins)
        rebuilt = "".join("_" if i in clean.joins else c for i, c in enumerate(clean.text))
        source = _seed(prefix)
        for word in re.findall(r"\w+(?:_\w+)+", rebuilt):
            assert word in source
