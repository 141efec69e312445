"""Properties of ``summarize`` on generated input: it never crashes with anything but a
``TomtatError``, it keeps to its budget, and every summary sentence maps back to its source."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tomtat import Summary, summarize
from tomtat.errors import TomtatError
from tomtat.summarizers import METHODS

SYLLABLE = re.compile(r"[^\W_]+")

PROPERTY_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# -- strategies ------------------------------------------------------------------------------

VIETNAMESE_LOWER = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
VIETNAMESE_ALPHABET = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper() + "0123456789"
PUNCTUATION = " .,:;?!\"'()-/…“”"

vietnamese_chars = st.text(
    alphabet=st.sampled_from(VIETNAMESE_ALPHABET + PUNCTUATION + "_\n"), max_size=400
)

SYLLABLE_TEXT = (
    "người dân huyện Sông Mây sạt lở đất vùi lấp ngôi nhà mưa lớn kéo dài ba ngày "
    "Hoà Thuận hòa thủy điện thuỷ khoẻ khỏe chết mất tích bị thương tỉnh Lâm Hà "
    "cho biết theo thông tin ban đầu ông bà Trần Quốc Bảo Ảnh Nguồn KCNA Reuters "
    "Nga Triều Tiên Kim Jong-un 14/11 7 300 2.900 12,4 UBND Phó Chủ tịch"
)
syllable = st.sampled_from(SYLLABLE_TEXT.split(" "))
joiner = st.sampled_from([" ", " ", " ", "_", " , ", ", ", " - ", "\n"])


@st.composite
def sentence_like(draw) -> str:
    n = draw(st.integers(1, 14))
    parts = [draw(syllable)]
    for _ in range(n - 1):
        parts += [draw(joiner), draw(syllable)]
    end = draw(st.sampled_from([".", " .", "!", "?", "", ":", ". Ảnh: Reuters", "\n\n"]))
    return "".join(parts) + end


@st.composite
def article_like(draw) -> str:
    sentences = draw(st.lists(sentence_like(), min_size=1, max_size=8))
    return draw(st.sampled_from([" ", "\n", "\n\n"])).join(sentences)


vietnamese_texts = st.one_of(vietnamese_chars, article_like())
arbitrary_lists = st.lists(st.text(), min_size=1, max_size=4)
vietnamese_lists = st.lists(vietnamese_texts, min_size=1, max_size=4)

options = st.fixed_dictionaries(
    {
        "budget": st.integers(1, 80),
        "unit": st.sampled_from(["syllables", "words", "sentences"]),
        "method": st.sampled_from(METHODS),
        "fill": st.booleans(),
    }
)

# -- checks ----------------------------------------------------------------------------------


def run(texts: list[str], **kwargs) -> Summary | None:
    """``summarize``, with a TomtatError (the only allowed failure) turned into ``None``."""
    try:
        summary = summarize(texts, **kwargs)
    except TomtatError:
        return None
    assert isinstance(summary, Summary)
    return summary


def source_sentence(summary: Summary, k: int):
    """The document sentence a summary sentence was taken from (via its first citation)."""
    c = summary.sentences[k].sources[0]
    doc = next(d for d in summary.documents if d.id == c.document)
    matches = [s for s in doc.sentences if (s.start, s.end) == (c.start, c.end)]
    assert matches, (c, [(s.start, s.end) for s in doc.sentences])
    return matches[0]


def costs(summary: Summary, unit: str) -> list[int]:
    if unit == "sentences":
        return [1] * len(summary.sentences)
    if unit == "words":
        return [
            max(1, len(source_sentence(summary, k).words)) for k in range(len(summary.sentences))
        ]
    return [max(1, len(SYLLABLE.findall(s.text))) for s in summary.sentences]


def check_budget(summary: Summary, budget: int, unit: str, fill: bool) -> None:
    spent = costs(summary, unit)
    total = sum(spent)
    if fill and spent:
        # at most one sentence past the limit
        assert total - max(spent) <= budget, (spent, budget, unit)
    else:
        assert total <= budget, (spent, budget, unit)


def check_mapping(summary: Summary) -> None:
    docs = {d.id: d for d in summary.documents}
    assert summary.text == " ".join(s.text for s in summary.sentences)
    for s in summary.sentences:
        assert s.text.strip(), s
        assert s.sources, s
        for c in s.sources:
            assert c.document in docs, c
            assert 0 <= c.start < c.end <= len(docs[c.document].text), c
        first = s.sources[0]
        assert docs[first.document].text[first.start : first.end] == s.text


def check_summary(texts: list[str], opts: dict) -> None:
    summary = run(texts, **opts)
    if summary is None:
        return
    assert summary.budget.limit == opts["budget"] and summary.budget.unit == opts["unit"]
    check_mapping(summary)
    check_budget(summary, opts["budget"], opts["unit"], opts["fill"])


# -- properties ------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(texts=arbitrary_lists)
def test_arbitrary_text_gives_a_summary_or_a_tomtat_error(texts):
    check_summary(texts, {"budget": 180, "unit": "syllables", "method": "default", "fill": False})


@PROPERTY_SETTINGS
@given(texts=arbitrary_lists, opts=options)
def test_arbitrary_text_respects_budget_and_maps_back(texts, opts):
    check_summary(texts, opts)


@PROPERTY_SETTINGS
@given(texts=vietnamese_lists, opts=options)
def test_vietnamese_like_text_respects_budget_and_maps_back(texts, opts):
    check_summary(texts, opts)


@PROPERTY_SETTINGS
@given(texts=st.lists(article_like(), min_size=1, max_size=4), opts=options)
def test_sentence_like_articles_give_a_cited_summary(texts, opts):
    check_summary(texts, opts)


@PROPERTY_SETTINGS
@given(texts=vietnamese_lists)
def test_summarize_is_deterministic(texts):
    a, b = run(texts), run(texts)
    assert (a is None) == (b is None)
    if a is not None:
        assert a.to_dict() == b.to_dict()


@PROPERTY_SETTINGS
@given(texts=vietnamese_lists)
def test_nfd_input_summarizes_like_nfc(texts):
    nfc = run([unicodedata.normalize("NFC", t) for t in texts])
    nfd = run([unicodedata.normalize("NFD", t) for t in texts])
    assert (nfc is None) == (nfd is None)
    if nfc is not None:
        assert nfc.text == nfd.text
        assert nfc.to_dict()["sentences"] == nfd.to_dict()["sentences"]
