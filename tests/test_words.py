"""Syllables and words: the input's own segmentation, pyvi and underthesea."""

import pytest

from tomtat.documents import build_documents
from tomtat.models import Article
from tomtat.scoring.representation import Cluster
from tomtat.segmentation.words import SEGMENTERS, segment_words, syllables

SENTENCE = "Hai bên đã ký thỏa thuận hợp tác quốc phòng tại Hà Nội hôm 13/9."


def test_syllables_are_lower_case_with_one_tone_style():
    assert syllables("Hoà bình, HÒA BÌNH") == ["hòa", "bình", "hòa", "bình"]


def test_joins_from_segmented_input_make_words():
    text = "ký thỏa thuận hợp tác"
    joins = {text.index(" thuận"), text.index(" tác")}  # where the input had "_"
    assert segment_words(text, joins=joins) == ["ký", "thỏa_thuận", "hợp_tác"]


@pytest.mark.parametrize("segmenter", ["pyvi", "underthesea"])
def test_segmenters_find_compound_words_and_keep_every_syllable(segmenter):
    if segmenter == "underthesea":
        pytest.importorskip("underthesea", reason="optional: pip install 'tomtat[underthesea]'")
    words = segment_words(SENTENCE, segmenter=segmenter)
    assert "thỏa_thuận" in words and "quốc_phòng" in words
    assert [s for w in words for s in w.split("_")] == syllables(SENTENCE)


def test_unknown_segmenter_is_refused():
    with pytest.raises(ValueError, match="unknown segmenter"):
        segment_words(SENTENCE, segmenter="nope")
    assert "nope" not in SEGMENTERS


def test_a_word_segmenter_adds_word_terms_to_the_cluster():
    pytest.importorskip("underthesea", reason="optional: pip install 'tomtat[underthesea]'")
    articles = [
        Article(text=SENTENCE, id="a"),
        Article(text="Thỏa thuận hợp tác quốc phòng được ký tại Hà Nội.", id="b"),
    ]
    plain = Cluster(build_documents(articles)[0])
    worded = Cluster(build_documents(articles, segmenter="underthesea")[0])
    assert worded.tfidf.shape[1] > plain.tfidf.shape[1]
    assert [s.syllables for s in worded.sentences] == [s.syllables for s in plain.sentences]
