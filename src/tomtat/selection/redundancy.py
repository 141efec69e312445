"""Near-duplicate sentences across a cluster: the basis of both de-duplication and citations.

Two sentences are near-duplicates when most syllable bigrams of the shorter one occur in the
other and their numbers agree. Containment (not Jaccard) lets a short outlet's sentence match
a longer rewrite.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from tomtat.scoring.representation import Cluster

NEAR_DUPLICATE = 0.6  # share of the shorter sentence's bigrams found in the other


def containment(cluster: Cluster) -> np.ndarray:
    """``c[i, j]``: share of the shorter of sentences i, j's distinct bigrams in the other."""
    presence = cluster.bigram_presence
    inter = (presence @ presence.T).toarray()
    sizes = np.asarray(presence.sum(axis=1)).ravel()
    smaller = np.minimum(sizes[:, None], sizes[None, :])
    return np.divide(inter, smaller, out=np.zeros_like(inter), where=smaller > 0)


def conflicting_numbers(cluster: Cluster) -> np.ndarray:
    """``c[i, j]``: both sentences state numbers and neither's are all among the other's
    ("5 người chết, 1 mất tích" vs "4 người chết, 2 mất tích": an updated toll)."""
    numbers = [
        frozenset(t for t in s.syllables if any(ch.isdigit() for ch in t))
        for s in cluster.sentences
    ]
    vocab = {t: k for k, t in enumerate({t for found in numbers for t in found})}
    indptr = np.zeros(len(numbers) + 1, dtype=np.int64)
    np.cumsum([len(found) for found in numbers], out=indptr[1:])
    columns = np.array([vocab[t] for found in numbers for t in found], dtype=np.int64)
    presence = sp.csr_matrix(
        (np.ones(len(columns)), columns, indptr), shape=(len(numbers), max(len(vocab), 1))
    )
    shared = (presence @ presence.T).toarray()
    size = np.diff(indptr)
    stated = (size[:, None] > 0) & (size[None, :] > 0)
    return stated & (shared < size[:, None]) & (shared < size[None, :])


def near_duplicates(cluster: Cluster, threshold: float = NEAR_DUPLICATE) -> np.ndarray:
    """Boolean matrix of near-duplicate pairs (the diagonal is True): most bigrams shared
    and no conflicting numbers, so a sentence never cites an article that says otherwise."""
    dup = (containment(cluster) >= threshold) & ~conflicting_numbers(cluster)
    np.fill_diagonal(dup, True)
    return dup
