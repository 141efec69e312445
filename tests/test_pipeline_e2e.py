"""End to end: real articles in, a clean, non-redundant, correctly cited summary out.

The seed articles (``../shared/seeds/``, real Vietnamese news, not part of the repository) are
the hard case: word-segmented text, glued titles, captions and bylines. The fictional example
story (``examples/sat-lo-song-may/``) has known key facts, publication times and facts repeated
by several outlets. Every check here is computed independently of tomtat's own helpers.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import tomtat
from tomtat import Article, Summary, summarize
from tomtat.errors import NoArticlesError, TomtatError
from tomtat.summarizers import METHODS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
EXAMPLE = ROOT / "examples" / "sat-lo-song-may"
BUDGETS = (60, 180, 400)

SYLLABLE = re.compile(r"[^\W_]+")
# The five Vietnamese tone marks as combining characters (NFD).
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
SPACE_BEFORE_PUNCT = re.compile(r"\s[,.:;?!]")
# Photo captions, source lines and bylines that must never reach a summary.
BOILERPLATE = (
    "Ảnh:",
    "Ảnh :",
    "Nguồn:",
    "Link nguồn",
    "(Theo ",
    "Theo Reuters)",
    "Vũ Anh",
    "Ngọc Ánh",
    "Thanh Tâm",
)
# KCNA as a photo credit ("Ảnh: KCNA") or as debris glued to the next sentence ("KCNA Mỹ ...").
KCNA_CREDIT = re.compile(r"Ảnh\s*:\s*KCNA|(?:^|[.!?…]\s+)KCNA\s+\w")


# -- independent text measures ---------------------------------------------------------------


def count_syllables(text: str) -> int:
    return len(SYLLABLE.findall(text))


def _canonical(syllable: str) -> str:
    """A syllable with its tone mark moved to the end: ``hòa`` and ``hoà`` compare equal."""
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    tone = "".join(c for c in decomposed if c in TONE_MARKS)
    base = "".join(c for c in decomposed if c not in TONE_MARKS)
    return unicodedata.normalize("NFC", base) + tone


def syllables(text: str) -> list[str]:
    return [_canonical(s) for s in SYLLABLE.findall(unicodedata.normalize("NFC", text))]


def bigrams(text: str) -> set[tuple[str, str]]:
    sy = syllables(text)
    return set(itertools.pairwise(sy))


def bigram_share(a: str, b: str) -> float:
    """Share of the smaller bigram set found in the other (containment, as in news dedup)."""
    ba, bb = bigrams(a), bigrams(b)
    if not ba or not bb:
        return 0.0
    return len(ba & bb) / min(len(ba), len(bb))


def aware(moment: datetime) -> datetime:
    """Naive times in Vietnamese news are local time (UTC+7)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone(timedelta(hours=7)))
    return moment


# -- shared assertions -----------------------------------------------------------------------


def assert_clean_text(summary: Summary) -> None:
    text = summary.text
    assert "_" not in text, text
    assert not SPACE_BEFORE_PUNCT.search(text), SPACE_BEFORE_PUNCT.search(text)
    for s in summary.sentences:
        for needle in BOILERPLATE:
            assert needle not in s.text, (needle, s.text)
        assert not KCNA_CREDIT.search(s.text), s.text


def assert_no_repeats(summary: Summary) -> None:
    texts = [s.text for s in summary.sentences]
    keys = [" ".join(syllables(t)) for t in texts]
    assert len(set(keys)) == len(keys), texts
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            share = bigram_share(texts[i], texts[j])
            assert share <= 0.6, (round(share, 2), texts[i], texts[j])


def assert_valid_citations(summary: Summary) -> None:
    docs = {d.id: d for d in summary.documents}
    assert len(docs) == len(summary.documents), "document ids must be unique"
    for s in summary.sentences:
        assert s.sources, s.text
        for k, c in enumerate(s.sources):
            assert c.document in docs, (c, list(docs))
            text = docs[c.document].text
            assert 0 <= c.start < c.end <= len(text), (c, len(text))
            span = text[c.start : c.end]
            if k == 0:
                assert span == s.text, (span, s.text)
            else:
                share = bigram_share(span, s.text)
                assert share >= 0.5, (round(share, 2), span, s.text)


def assert_within_budget(summary: Summary, budget: int) -> None:
    used = sum(count_syllables(s.text) for s in summary.sentences)
    assert used <= budget, (used, budget, summary.text)
    assert count_syllables(summary.text) == used


# -- the seed articles -----------------------------------------------------------------------


def seed_files() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    files = [Path(p) for p in sorted(SEEDS.glob("*.txt"))]
    if not files:
        pytest.skip(f"no seed articles (*.txt) in {SEEDS}")
    return files


@functools.cache
def seed_summary(method: str, budget: int) -> Summary:
    return summarize(seed_files(), method=method, budget=budget)


SEED_CASES = [(m, b) for m in METHODS for b in BUDGETS]


@pytest.mark.parametrize(("method", "budget"), SEED_CASES)
def test_seed_summary_is_clean_text(method, budget):
    summary = seed_summary(method, budget)
    assert summary.sentences, summary.warnings
    assert_clean_text(summary)


@pytest.mark.parametrize(("method", "budget"), SEED_CASES)
def test_seed_summary_has_no_repeated_or_near_duplicate_sentence(method, budget):
    assert_no_repeats(seed_summary(method, budget))


@pytest.mark.parametrize(("method", "budget"), SEED_CASES)
def test_seed_summary_citations_point_at_the_sentence(method, budget):
    summary = seed_summary(method, budget)
    assert len(summary.documents) == len(seed_files())
    assert_valid_citations(summary)


@pytest.mark.parametrize(("method", "budget"), SEED_CASES)
def test_seed_summary_respects_the_syllable_budget(method, budget):
    summary = seed_summary(method, budget)
    assert_within_budget(summary, budget)
    assert summary.budget.limit == budget and summary.budget.unit == "syllables"


def test_seed_summaries_contain_no_subheadings():
    def is_heading(text: str) -> bool:
        return not re.search(r"[.!?…:\"”»)]\s*$", text)

    # candidates: a heading must not even be selectable ...
    headings = [
        (d.id, s.text)
        for d in seed_summary("default", 180).documents
        for s in d.sentences
        if is_heading(s.text)
    ]
    # ... and no method picks one
    for method, budget in SEED_CASES:
        picked = seed_summary(method, budget).sentences
        headings += [(method, budget, s.text) for s in picked if is_heading(s.text)]
    assert not headings, headings


def _cli() -> list[str]:
    script = shutil.which("tomtat", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "tomtat.cli"]


def test_cli_summarizes_the_seed_folder_and_ignores_its_readme():
    files = seed_files()
    proc = subprocess.run(
        [*_cli(), "summarize", str(SEEDS), "--format", "json"],
        capture_output=True,
        timeout=300,
        env={**os.environ, "TOMTAT_DEBUG": ""},
    )
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    data = json.loads(proc.stdout)
    assert len(data["documents"]) == len(files)
    ids = {d["id"] for d in data["documents"]}
    assert not any("readme" in i.lower() for i in ids), ids
    assert data["sentences"]
    readme = SEEDS / "README.md"
    readme_text = " ".join(syllables(readme.read_text(encoding="utf-8"))) if readme.exists() else ""
    for s in data["sentences"]:
        assert {c["document"] for c in s["sources"]} <= ids
        key = " ".join(syllables(s["text"]))
        assert key not in readme_text, s["text"]
    assert count_syllables(data["summary"]) <= 180
    assert "_" not in data["summary"]


# -- the fictional example story -------------------------------------------------------------


@functools.cache
def example_summary(method: str = "default", budget: int = 180) -> Summary:
    return summarize([EXAMPLE], method=method, budget=budget)


def test_example_summary_mentions_the_key_facts():
    summary = example_summary()
    text = summary.text
    assert "Khe Lau" in text or "Sông Mây" in text, text
    assert "7 ngôi nhà" in text, text
    assert len(summary.documents) == 5
    assert_clean_text(summary)
    assert_no_repeats(summary)
    assert_valid_citations(summary)
    assert_within_budget(summary, 180)


@pytest.mark.parametrize(("method", "budget"), SEED_CASES)
def test_example_summary_is_chronological_where_times_are_known(method, budget):
    summary = example_summary(method, budget)
    published = {d.id: d.published for d in summary.documents}
    assert sum(p is not None for p in published.values()) >= 2, published
    # A sentence several outlets carry stands where its first report does.
    times = [
        min(aware(published[c.document]) for c in s.sources if published[c.document])
        for s in summary.sentences
        if any(published[c.document] for c in s.sources)
    ]
    assert times == sorted(times), [(s.sources[0].document, s.text) for s in summary.sentences]


@pytest.mark.parametrize("budget", [180, 400])
def test_example_tells_the_toll_in_the_order_it_changed(budget: int) -> None:
    # Every example file is dated, the .txt ones by the dateline line a site prints; so the
    # first reports' "4 người chết" comes before the later "5 người chết", never after.
    summary = example_summary("default", budget)
    assert all(d.published for d in summary.documents), [d.id for d in summary.documents]
    tolls = [n for s in summary.sentences for n in re.findall(r"(\d) người chết", s.text)]
    assert tolls == sorted(tolls) and "4" in tolls, [s.text for s in summary.sentences]
    assert "23 giờ đêm 14/11" in summary.sentences[0].text


def test_a_string_article_reads_its_dateline() -> None:
    text = ONE_ARTICLE.replace("\n", "\nThứ hai, 16/11/2026, 09:05 (GMT+7)\n", 1)
    summary = summarize([text, ONE_ARTICLE])
    assert summary.documents[0].published == datetime(
        2026, 11, 16, 9, 5, tzinfo=timezone(timedelta(hours=7))
    )
    assert "16/11/2026" not in summary.documents[0].text


@pytest.mark.parametrize("budget", [180, 400])
def test_example_facts_repeated_by_several_outlets_cite_several_sources(budget):
    summary = example_summary("default", budget)
    multi = [s for s in summary.sentences if len({c.document for c in s.sources}) >= 2]
    assert multi, [(s.text, s.sources) for s in summary.sentences]


@pytest.mark.parametrize(("method", "budget"), SEED_CASES)
def test_example_citations_list_every_outlet_stating_the_same_sentence(method, budget):
    """A document holding a near-copy (≥ 80% shared bigrams) of a summary sentence is cited."""
    summary = example_summary(method, budget)
    assert_valid_citations(summary)
    for s in summary.sentences:
        cited = {c.document for c in s.sources}
        for d in summary.documents:
            if d.id in cited:
                continue
            for cand in d.sentences:
                assert bigram_share(cand.text, s.text) < 0.8, (s.text, d.id, cand.text)


# -- edge cases: one article, none usable ----------------------------------------------------

ONE_ARTICLE = (EXAMPLE / "01-tin-nhanh.txt").read_text(encoding="utf-8")


def test_single_article_gives_a_single_document_summary():
    summary = summarize([ONE_ARTICLE], budget=120)
    assert len(summary.documents) == 1
    assert summary.sentences
    assert {c.document for s in summary.sentences for c in s.sources} == {summary.documents[0].id}
    assert_clean_text(summary)
    assert_no_repeats(summary)
    assert_valid_citations(summary)
    assert_within_budget(summary, 120)


@pytest.mark.parametrize(
    "texts",
    [
        ["Ảnh: Reuters"],
        ["Ảnh: Reuters", "Nguồn: [Link nguồn]"],
        ["Ảnh : KCNA", "   \n\n  "],
    ],
)
def test_only_boilerplate_raises_no_articles_error(texts):
    with pytest.raises(NoArticlesError):
        summarize(texts)
    assert issubclass(NoArticlesError, TomtatError)


def test_no_articles_error_says_why_each_article_was_unusable():
    english = (
        "The landslide buried seven houses late on Thursday night. Rescue teams searched "
        "through the night for the missing villagers. Officials said heavy rain had "
        "soaked the hillside for two days before it collapsed. The provincial government "
        "has sent soldiers, doctors and food to the village, and the road there is open again."
    )
    with pytest.raises(NoArticlesError, match=r"\(<input 1>: written in English.*; <input 2>: no"):
        summarize([english, "Ảnh: Reuters"])


@pytest.mark.parametrize(
    ("inputs", "options", "error"),
    [
        (None, {}, TypeError),
        (b"bytes", {}, TypeError),
        ([3], {}, TypeError),
        (["Mưa lớn gây ngập nhiều tuyến phố ở Hà Nội."], {"budget": "60"}, TypeError),
        (["Mưa lớn gây ngập nhiều tuyến phố ở Hà Nội."], {"budget": 0}, ValueError),
        (["Mưa lớn gây ngập nhiều tuyến phố ở Hà Nội."], {"unit": "chars"}, ValueError),
        (["Mưa lớn gây ngập nhiều tuyến phố ở Hà Nội."], {"method": "gpt"}, ValueError),
    ],
)
def test_bad_options_and_input_types_are_value_and_type_errors(inputs, options, error):
    with pytest.raises(error, match=r"budget|unit|method|expected"):
        summarize(inputs, **options)


def test_boilerplate_articles_are_dropped_with_a_warning_next_to_a_real_one():
    summary = summarize(["Ảnh: Reuters", ONE_ARTICLE], budget=60)
    assert len(summary.documents) == 1
    assert summary.warnings
    assert_valid_citations(summary)


# -- Unicode variants ------------------------------------------------------------------------


def test_nfc_and_nfd_inputs_give_the_same_summary():
    nfc = unicodedata.normalize("NFC", ONE_ARTICLE)
    nfd = unicodedata.normalize("NFD", ONE_ARTICLE)
    assert nfc != nfd
    a, b = summarize([nfc]), summarize([nfd])
    assert a.text == b.text
    assert a.text == unicodedata.normalize("NFC", a.text)
    assert [s.sources for s in a.sentences] == [s.sources for s in b.sentences]


def test_nfd_folder_file_reads_like_nfc():
    nfd_file = EXAMPLE / "05-nhan-dan-dia-phuong.txt"
    raw = nfd_file.read_text(encoding="utf-8")
    assert raw != unicodedata.normalize("NFC", raw), "fixture is expected to be NFD"
    a = summarize([nfd_file], budget=100)
    b = summarize([Article(text=unicodedata.normalize("NFC", raw), id=nfd_file.stem)], budget=100)
    assert a.text == b.text


def test_a_dateline_in_an_articles_text_dates_it_as_the_file_readers_do():
    """An Article built in Python from a copied page reads like the same page in a file:
    its dateline line is no sentence and, without ``published``, is the article's time."""
    from tomtat.documents import build_document

    text = (
        "Cập nhật lúc 10:20 ngày 17/11/2026\n"
        "Hôm qua, mưa lớn kéo dài khiến nước sông Mây dâng cao và ngập nhiều tuyến đường.\n"
        "Chính quyền huyện đã sơ tán hơn 200 hộ dân ở vùng trũng đến nơi an toàn."
    )
    document = build_document(Article(text=text, id="a"))
    assert document.published == datetime(2026, 11, 17, 10, 20)
    assert "Cập nhật" not in document.text
    given = datetime(2026, 11, 18, 6, 0)
    assert build_document(Article(text=text, id="a", published=given)).published == given


OLD_TO_NEW_TONES = {
    "òa": "oà",
    "óa": "oá",
    "ỏa": "oả",
    "õa": "oã",
    "ọa": "oạ",
    "òe": "oè",
    "óe": "oé",
    "ỏe": "oẻ",
    "õe": "oẽ",
    "ọe": "oẹ",
    "ùy": "uỳ",
    "úy": "uý",
    "ủy": "uỷ",
    "ũy": "uỹ",
    "ụy": "uỵ",
}


def to_old_tones(text: str) -> str:
    for old, new in OLD_TO_NEW_TONES.items():
        text = re.sub(new + r"(?!\w)", old, text)
        text = re.sub(new.capitalize() + r"(?!\w)", old.capitalize(), text)
    return text


@pytest.mark.parametrize("budget", [60, 180, 400])
def test_old_and_new_tone_marks_are_the_same_article(budget):
    new = ONE_ARTICLE
    old = to_old_tones(new)
    assert old != new and "Hòa Thuận" in old and "Hoà Thuận" in new
    summary = summarize([new, old], budget=budget)
    # a copy, not a second outlet: skipped like an NFD or word-segmented copy
    assert len(summary.documents) == 1
    assert any("same text as" in w for w in summary.warnings)
    assert summary.text == summarize([new], budget=budget).text
    assert_valid_citations(summary)
    assert_no_repeats(summary)


def test_tone_style_does_not_change_the_summary():
    new = ONE_ARTICLE
    a, b = summarize([new]), summarize([to_old_tones(new)])
    assert [(c.start, c.end) for s in a.sentences for c in s.sources] == [
        (c.start, c.end) for s in b.sentences for c in s.sources
    ]
    assert to_old_tones(a.text) == b.text


def test_api_is_reachable_from_the_package():
    assert tomtat.summarize is summarize


def test_a_repeated_article_counts_once():
    import unicodedata

    from tomtat.documents import build_documents
    from tomtat.models import Article

    text = "Mưa lớn gây ngập nhiều xã ven sông Mây. Tỉnh đã sơ tán hai nghìn hộ dân."
    other = "Cầu Bến Sỏi thông xe sáng 20/10 sau 26 tháng thi công. Bến phà sẽ ngừng hoạt động."
    articles = [
        Article(text=text, id="a", origin="a.txt"),
        Article(text=other, id="b", origin="b.txt"),
        Article(text=unicodedata.normalize("NFD", text), id="c", origin="c.txt"),
        Article(text=text.replace(" ", "  "), id="d", origin="d.txt"),
    ]
    documents, warnings = build_documents(articles)
    assert [d.id for d in documents] == ["a", "b"]
    assert warnings == [
        "c.txt: same text as a.txt (skipped)",
        "d.txt: same text as a.txt (skipped)",
    ]


@pytest.mark.parametrize("method", METHODS)
def test_a_short_summary_never_opens_leaning_on_a_sentence_it_lacks(method):
    from tomtat.ordering.chronological import leans_back

    for budget in range(10, 80, 5):
        summary = summarize([EXAMPLE], budget=budget, method=method)
        if summary.sentences:
            assert not leans_back(summary.sentences[0].text), (budget, summary.text)


def test_aware_times_at_the_ends_of_datetime_order_without_error() -> None:
    # Vietnam time of 9999-12-31T20:00-05:00 is past datetime.max: it sorts last, not raises
    from datetime import datetime, timedelta, timezone

    import tomtat
    from tomtat.models import Article

    late = datetime(9999, 12, 31, 20, tzinfo=timezone(timedelta(hours=-5)))
    early = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=7)))
    articles = [
        Article(text="Chiều 14/10, mưa lớn làm ngập nhiều phố ở Hà Nội.", id="a", published=late),
        Article(text="Sáng 15/10, nước đã rút khỏi các phố sau trận mưa.", id="b", published=early),
    ]
    summary = tomtat.summarize(articles)
    assert [s.sources[0].document for s in summary.sentences] == ["b", "a"]
