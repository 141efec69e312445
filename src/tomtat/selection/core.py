"""The articles a summary of a very large story is chosen from.

Features and selection compare every pair of candidate sentences (n×n matrices), so a story of
600 articles would take minutes and gigabytes. Past ``MAX_ARTICLES`` articles or
``MAX_SENTENCES`` sentences the summary is chosen from the latest quarter of that many
articles (news moves on: tolls and outcomes are updated) and the most typical of the rest,
within both limits (one article longer than that alone: from its first ``MAX_SENTENCES``);
citations still search every article of the story.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from tomtat.models import Citation, Document
from tomtat.ordering.chronological import local_time
from tomtat.scoring.representation import Cluster, tfidf_rows
from tomtat.selection.attribution import citations

MAX_ARTICLES = 40  # real stories are 2–15 articles
MAX_SENTENCES = 2_000  # n×n matrices of ~30 MB


@dataclass(frozen=True, slots=True)
class StoryCore:
    """A story past the limits: ``cluster`` holds its core articles, renumbered, that the
    summary is chosen from; ``whole`` every article; ``kept[k]`` is core article k's index
    in the story."""

    whole: Cluster
    kept: list[int]
    cluster: Cluster

    def citations(self, picks: list[int]) -> list[list[Citation]]:
        """Citations of core sentences among all the story's articles, one near-duplicate
        row at a time."""
        first = np.concatenate([[0], np.cumsum(self.whole.doc_sizes)])
        out = []
        for i in picks:
            sentence = self.cluster.sentences[i]
            start = first[self.kept[sentence.doc_index]]
            out.append(citations(self.whole, int(start + sentence.position)))
        return out

    @property
    def note(self) -> str:
        """What the summary was chosen from, for the summary's warnings."""
        if self.whole.n_docs == 1:
            return (
                f"an article of {len(self.whole):,} sentences: the summary is chosen from "
                f"its first {len(self.cluster):,}"
            )
        cut = len(self.cluster) < sum(int(self.whole.doc_sizes[k]) for k in self.kept)
        return (
            f"a story of {self.whole.n_docs} articles: sentences chosen from "
            f"{self.cluster.n_docs} (the latest and the most typical"
            f"{', the longest read from its first sentences' if cut else ''}), cited in all"
        )


def story_core(documents: list[Document]) -> StoryCore | None:
    """The core of a story past the limits, or None when the story is read whole."""
    whole = Cluster(documents)
    keep = core_articles(documents, whole=whole)
    if len(keep) == len(documents) and len(whole) <= MAX_SENTENCES:
        return None
    return StoryCore(whole, keep, Cluster(renumbered(documents, keep)))


def core_articles(
    documents: list[Document],
    limit: int = MAX_ARTICLES,
    sentences: int = MAX_SENTENCES,
    *,
    whole: Cluster | None = None,
) -> list[int]:
    """Indices (in input order) of the documents a summary is chosen from: all of them when
    the story is within both limits; else the latest ``limit // 4`` by publication time, then
    the closest to the story's mean article (TF-IDF cosine), while both limits hold.
    ``whole``: ``Cluster(documents)`` when the caller has it."""
    sizes = [len(d.sentences) for d in documents]
    if len(documents) <= limit and sum(sizes) <= sentences:
        return list(range(len(documents)))
    dated = sorted(
        (local_time(d.published), k) for k, d in enumerate(documents) if d.published is not None
    )
    latest = [k for _, k in reversed(dated)][: limit // 4]
    cluster = whole if whole is not None else Cluster(documents)
    typical = [int(k) for k in np.argsort(-_typicality(cluster), kind="stable")]
    chosen: list[int] = []
    used = 0
    for k in dict.fromkeys(latest + typical):
        if len(chosen) >= limit:
            break
        if chosen and used + sizes[k] > sentences:
            continue
        chosen.append(k)
        used += sizes[k]
    return sorted(chosen)


def _typicality(cluster: Cluster) -> np.ndarray:
    """Cosine of each document's syllable TF-IDF vector to the mean of all of them."""
    by_document = sp.csr_matrix(
        (np.ones(len(cluster)), (cluster.doc_of, np.arange(len(cluster)))),
        shape=(cluster.n_docs, len(cluster)),
    )
    unit = tfidf_rows((by_document @ cluster.unigram_counts).tocsr())
    mean = np.asarray(unit.mean(axis=0)).ravel()
    return np.asarray(unit @ mean).ravel()


def renumbered(
    documents: list[Document], keep: list[int], limit: int = MAX_SENTENCES
) -> list[Document]:
    """Copies of the kept documents whose sentences point at their new positions, the first
    ``limit`` sentences in all: a single article longer than that (a 10 MB post) is read
    from its lead, where news puts the news."""
    out = []
    left = limit
    for new, k in enumerate(keep):
        document = documents[k]
        sentences = [replace(s, doc_index=new) for s in document.sentences[: max(left, 0)]]
        left -= len(sentences)
        out.append(replace(document, sentences=sentences))
    return out
