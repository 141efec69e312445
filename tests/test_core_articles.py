"""Very large stories: chosen from their core articles, cited in all of them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from tomtat.documents import build_documents
from tomtat.models import Budget
from tomtat.readers import read_inputs
from tomtat.scoring.representation import Cluster
from tomtat.selection import citations, near_duplicates
from tomtat.selection.core import MAX_ARTICLES, core_articles, renumbered
from tomtat.selection.redundancy import near_duplicate_row
from tomtat.stories.pipeline import StoryOptions, build_story
from tomtat.summarizers import get_summarizer

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sat-lo-song-may"
START = datetime(2026, 11, 15, 6)


@pytest.fixture(scope="module")
def example_articles():
    return read_inputs([EXAMPLE]).articles


def many(articles, n: int):
    """``n`` re-reports of the example story: the five articles again, with new ids, a
    publication time an hour apart and a line of their own (an exact copy is skipped)."""
    return [
        replace(
            articles[k % len(articles)],
            id=f"bai-{k}",
            published=START + timedelta(hours=k),
            text=f"{articles[k % len(articles)].text}\n\nBản tin cập nhật lần thứ {k + 1}.",
        )
        for k in range(n)
    ]


def test_a_row_computed_alone_equals_the_matrix_row(example_articles):
    documents, _ = build_documents(example_articles)
    cluster = Cluster(documents)
    matrix = near_duplicates(cluster)
    assert matrix.sum() > len(cluster)  # the example repeats itself across outlets
    for i in range(len(cluster)):
        assert np.array_equal(near_duplicate_row(cluster, i), matrix[i])
        assert citations(cluster, i) == citations(cluster, i, matrix)


def test_small_stories_keep_every_article(example_articles):
    documents, _ = build_documents(example_articles)
    assert core_articles(documents) == list(range(len(documents)))


def test_the_core_holds_the_latest_quarter_and_the_most_typical(example_articles):
    documents, _ = build_documents(many(example_articles, 60))
    keep = core_articles(documents)
    assert len(keep) == MAX_ARTICLES and keep == sorted(set(keep))
    latest = range(60 - MAX_ARTICLES // 4, 60)
    assert set(latest) <= set(keep)
    core = renumbered(documents, keep)
    assert all(s.doc_index == k for k, d in enumerate(core) for s in d.sentences)
    assert documents[keep[0]].sentences[0].doc_index == keep[0]  # the originals are untouched


def test_a_large_story_cites_every_article_that_states_a_sentence(example_articles):
    articles = many(example_articles, 2 * MAX_ARTICLES + 20)  # more copies than the core holds
    documents, _ = build_documents(articles)
    summary = get_summarizer()(documents, Budget(120))
    assert len(summary.documents) == len(documents)
    assert any("cited in all" in w for w in summary.warnings)
    cited = {c.document for s in summary.sentences for c in s.sources}
    assert cited - {documents[k].id for k in core_articles(documents)}  # beyond the core
    for sentence in summary.sentences:
        for c in sentence.sources:
            text = next(d.text for d in documents if d.id == c.document)
            assert 0 <= c.start < c.end <= len(text)
    # every copy of the article a sentence comes from states it: all copies are cited
    biggest = max(len(s.sources) for s in summary.sentences)
    assert biggest >= (2 * MAX_ARTICLES + 20) // len(example_articles)


def test_a_large_story_in_the_stories_pipeline(example_articles):
    articles = many(example_articles, MAX_ARTICLES + 20)
    story = build_story("s1", articles, StoryOptions(budget=100)).to_dict()
    assert len(story["documents"]) == MAX_ARTICLES + 20
    assert story["sentences"] and story["timeline"]
    ids = set(story["documents"])
    cited = {c["document"] for e in story["timeline"] for c in e["sources"]}
    assert cited <= ids
    documents, _ = build_documents(articles)
    core = {documents[k].id for k in core_articles(documents)}
    assert cited - core  # the timeline cites beyond the core, as the summary does


def test_a_few_very_long_articles_are_capped_by_sentences(example_articles):
    documents, _ = build_documents(many(example_articles, 12))
    total = sum(len(d.sentences) for d in documents)
    keep = core_articles(documents, sentences=total // 3)
    assert 0 < len(keep) < len(documents)
    assert sum(len(documents[k].sentences) for k in keep) <= total // 3


def test_citations_of_a_large_story_follow_positions_not_ids(example_articles):
    # summarize_documents takes Documents as given: ids need not be unique there
    documents, _ = build_documents(many(example_articles, MAX_ARTICLES + 20))
    for d in documents:
        d.id = "same"
    summary = get_summarizer()(documents, Budget(120))
    spans = {d.text[s.start : s.end] for d in documents for s in d.sentences}
    for sentence in summary.sentences:
        own = sentence.sources[0]
        assert (own.start, own.end) in {(s.start, s.end) for d in documents for s in d.sentences}
        assert sentence.text in spans
        hits = [d for d in documents if d.text[own.start : own.end] == sentence.text]
        assert hits  # the pick's own span holds the pick in some article


def test_one_article_longer_than_the_limit_is_read_from_its_lead():
    # a 10 MB post is one article: its n×n matrices would need gigabytes
    from tomtat.models import Article
    from tomtat.selection.core import MAX_SENTENCES

    lead = "Khoảng 23 giờ đêm 14/11, sạt lở vùi lấp 7 ngôi nhà ở thôn Khe Lau."
    filler = [
        f"Đoạn tường thuật thứ {k} kể lại diễn biến cứu hộ ở hiện trường." for k in range(2500)
    ]
    article = Article(text=" ".join([lead, *filler]), id="rat-dai")
    summary = get_summarizer("default")([*build_documents([article])[0]], Budget(60))
    assert any(f"first {MAX_SENTENCES:,}" in w for w in summary.warnings)
    cited = [c for s in summary.sentences for c in s.sources]
    document = summary.documents[0]
    assert cited and all(document.text[c.start : c.end] for c in cited)
    first_outside = document.sentences[MAX_SENTENCES].start
    assert all(c.end <= first_outside for c in cited)


def test_a_story_with_one_overlong_article_says_it_was_cut():
    from tomtat.models import Article

    filler = [
        f"Đoạn tường thuật thứ {k} kể lại diễn biến cứu hộ ở hiện trường." for k in range(2100)
    ]
    long = Article(text=" ".join(filler), id="dai")
    short = Article(text="Sạt lở vùi lấp 7 ngôi nhà ở thôn Khe Lau đêm 14/11.", id="ngan")
    summary = get_summarizer("default")(build_documents([long, short])[0], Budget(40))
    assert any("the longest read from its first sentences" in w for w in summary.warnings)
