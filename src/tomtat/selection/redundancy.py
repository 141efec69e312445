"""Near-duplicate sentences across a cluster: the basis of both de-duplication and citations.

Two sentences are near-duplicates when most syllable bigrams of the shorter one occur in the
other and their numbers agree. Containment (not Jaccard) lets a short outlet's sentence match
a longer rewrite.
"""

from __future__ import annotations

import re

import numpy as np

from tomtat.scoring.representation import Cluster

_DIGIT = re.compile(r"\d")
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
    numeric = [k for k, t in enumerate(cluster.unigram_vocabulary) if _DIGIT.search(t)]
    presence = cluster.unigram_counts[:, numeric]
    presence.data[:] = 1.0
    shared = (presence @ presence.T).toarray()
    size = presence.getnnz(axis=1)
    stated = (size[:, None] > 0) & (size[None, :] > 0)
    return stated & (shared < size[:, None]) & (shared < size[None, :])


def near_duplicates(cluster: Cluster, threshold: float = NEAR_DUPLICATE) -> np.ndarray:
    """Boolean matrix of near-duplicate pairs (the diagonal is True): most bigrams shared
    and no conflicting numbers, so a sentence never cites an article that says otherwise."""
    dup = (containment(cluster) >= threshold) & ~conflicting_numbers(cluster)
    np.fill_diagonal(dup, True)
    return dup
