"""Cite every document that states a selected sentence, or a near-duplicate of it."""

from __future__ import annotations

import numpy as np

from tomtat.models import Citation
from tomtat.scoring.representation import Cluster
from tomtat.selection.redundancy import near_duplicate_row

# A near-duplicate may be a short sentence inside the pick ("Hiện trường vụ tai nạn." in a
# 66-syllable account): it cites only if it states this much of the pick's bigrams.
CITED_SHARE = 0.4


def citations(cluster: Cluster, pick: int, duplicates: np.ndarray | None = None) -> list[Citation]:
    """The picked sentence's own span first, then the closest match in each other document
    that states most of it (``CITED_SHARE`` of its bigrams).

    Without ``duplicates`` (the n×n near-duplicate matrix) the pick's row is computed on its
    own, for a story too large for n×n matrices.
    """
    own = cluster.sentences[pick]
    out = [Citation(cluster.documents[own.doc_index].id, own.start, own.end)]
    if duplicates is None:
        matches = np.flatnonzero(near_duplicate_row(cluster, pick))
        similarity = (cluster.tfidf[pick] @ cluster.tfidf.T).toarray().ravel()
        bigrams = cluster.bigram_presence
        shared = (bigrams[pick] @ bigrams.T).toarray().ravel()
    else:
        matches = np.flatnonzero(duplicates[pick])
        similarity = cluster.similarity[pick]
        shared = cluster.shared_bigrams[pick]
    matches = matches[shared[matches] >= CITED_SHARE * cluster.bigram_sizes[pick]]
    best: dict[int, int] = {}
    for j in matches:
        doc = int(cluster.doc_of[j])
        if doc == own.doc_index:
            continue
        if doc not in best or similarity[j] > similarity[best[doc]]:
            best[doc] = int(j)
    for doc in sorted(best):
        s = cluster.sentences[best[doc]]
        out.append(Citation(cluster.documents[doc].id, s.start, s.end))
    return out
