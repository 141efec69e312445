"""The articles a summary of a very large story is chosen from.

Features and selection compare every pair of candidate sentences (n×n matrices), so a story of
600 articles would take minutes and gigabytes. Past ``MAX_ARTICLES`` the summary is chosen
from the latest quarter of that many (news moves on: tolls and outcomes are updated) and the
most typical of the rest; citations still search every article of the story.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from tomtat.models import Citation, Document
from tomtat.ordering.chronological import local_time
from tomtat.scoring.representation import Cluster
from tomtat.selection.attribution import citations

MAX_ARTICLES = 40  # about 1,800 sentences: n×n matrices of ~25 MB; real stories are 2–15


def core_articles(documents: list[Document], limit: int = MAX_ARTICLES) -> list[int]:
    """Indices (in input order) of at most ``limit`` documents: the latest ``limit // 4``
    by publication time, then the closest to the story's mean article (TF-IDF cosine)."""
    if len(documents) <= limit:
        return list(range(len(documents)))
    dated = sorted(
        (local_time(d.published), k) for k, d in enumerate(documents) if d.published is not None
    )
    chosen = {k for _, k in dated[len(dated) - limit // 4 :]} if limit >= 4 else set()
    for k in np.argsort(-_typicality(documents), kind="stable"):
        if len(chosen) >= limit:
            break
        chosen.add(int(k))
    return sorted(chosen)


def _typicality(documents: list[Document]) -> np.ndarray:
    """Cosine of each document's syllable TF-IDF vector to the mean of all of them."""
    cluster = Cluster(documents)
    by_document = sp.csr_matrix(
        (np.ones(len(cluster)), (cluster.doc_of, np.arange(len(cluster)))),
        shape=(len(documents), len(cluster)),
    )
    counts = (by_document @ cluster.unigram_counts).tocsr()
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    weights = counts.copy()
    weights.data = np.log1p(weights.data)
    weights = weights @ sp.diags(np.log((1.0 + len(documents)) / (1.0 + df)) + 1.0)
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    unit = sp.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ weights
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


def cite_in_story(core: Cluster, picks: list[int], story: list[Document]) -> list[list[Citation]]:
    """Citations of ``core`` sentences (a cluster of ``renumbered`` documents) among all the
    ``story``'s articles, one near-duplicate row at a time."""
    whole = Cluster(story)
    index = {d.id: k for k, d in enumerate(story)}
    first = np.concatenate([[0], np.cumsum(whole.doc_sizes)])
    out = []
    for i in picks:
        sentence = core.sentences[i]
        k = index[core.documents[sentence.doc_index].id]
        out.append(citations(whole, int(first[k] + sentence.position)))
    return out
