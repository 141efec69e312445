"""The articles a summary of a very large story is chosen from.

Features and selection compare every pair of candidate sentences (n×n matrices), so a story of
600 articles would take minutes and gigabytes. Past ``MAX_ARTICLES`` articles or
``MAX_SENTENCES`` sentences the summary is chosen from the latest quarter of that many
articles (news moves on: tolls and outcomes are updated) and the most typical of the rest,
within both limits; citations still search every article of the story.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from tomtat.models import Citation, Document
from tomtat.ordering.chronological import local_time
from tomtat.scoring.representation import Cluster, tfidf_rows
from tomtat.selection.attribution import citations

MAX_ARTICLES = 40  # real stories are 2–15 articles
MAX_SENTENCES = 2_000  # n×n matrices of ~30 MB


def core_articles(
    documents: list[Document], limit: int = MAX_ARTICLES, sentences: int = MAX_SENTENCES
) -> list[int]:
    """Indices (in input order) of the documents a summary is chosen from: all of them when
    the story is within both limits; else the latest ``limit // 4`` by publication time, then
    the closest to the story's mean article (TF-IDF cosine), while both limits hold."""
    sizes = [len(d.sentences) for d in documents]
    if len(documents) <= limit and sum(sizes) <= sentences:
        return list(range(len(documents)))
    dated = sorted(
        (local_time(d.published), k) for k, d in enumerate(documents) if d.published is not None
    )
    latest = [k for _, k in reversed(dated)][: limit // 4]
    typical = [int(k) for k in np.argsort(-_typicality(documents), kind="stable")]
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


def _typicality(documents: list[Document]) -> np.ndarray:
    """Cosine of each document's syllable TF-IDF vector to the mean of all of them."""
    cluster = Cluster(documents)
    by_document = sp.csr_matrix(
        (np.ones(len(cluster)), (cluster.doc_of, np.arange(len(cluster)))),
        shape=(len(documents), len(cluster)),
    )
    unit = tfidf_rows((by_document @ cluster.unigram_counts).tocsr())
    mean = np.asarray(unit.mean(axis=0)).ravel()
    return np.asarray(unit @ mean).ravel()


def renumbered(documents: list[Document], keep: list[int]) -> list[Document]:
    """Copies of the kept documents whose sentences point at their new positions."""
    out = []
    for new, k in enumerate(keep):
        document = documents[k]
        sentences = [replace(s, doc_index=new) for s in document.sentences]
        out.append(replace(document, sentences=sentences))
    return out


def cite_in_story(
    core: Cluster, picks: list[int], story: list[Document], kept: list[int]
) -> list[list[Citation]]:
    """Citations of ``core`` sentences among all the ``story``'s articles, one near-duplicate
    row at a time; ``core`` holds ``renumbered(story, kept)``."""
    whole = Cluster(story)
    first = np.concatenate([[0], np.cumsum(whole.doc_sizes)])
    out = []
    for i in picks:
        sentence = core.sentences[i]
        k = kept[sentence.doc_index]
        out.append(citations(whole, int(first[k] + sentence.position)))
    return out
