"""Near-duplicate sentences across a cluster: the basis of both de-duplication and citations.

Two sentences are near-duplicates when most syllable bigrams of the shorter one occur in the
other. Containment (not Jaccard) lets a short outlet's sentence match a longer rewrite.
"""

from __future__ import annotations

import numpy as np

from tomtat.scoring.representation import Cluster

NEAR_DUPLICATE = 0.6  # share of the shorter sentence's bigrams found in the other


def containment(cluster: Cluster) -> np.ndarray:
    """``c[i, j]``: share of the shorter of sentences i, j's distinct bigrams in the other."""
    presence = cluster.bigram_presence
    inter = (presence @ presence.T).toarray()
    sizes = np.asarray(presence.sum(axis=1)).ravel()
    smaller = np.minimum(sizes[:, None], sizes[None, :])
    return np.divide(inter, smaller, out=np.zeros_like(inter), where=smaller > 0)


def near_duplicates(cluster: Cluster, threshold: float = NEAR_DUPLICATE) -> np.ndarray:
    """Boolean matrix of near-duplicate pairs (the diagonal is True)."""
    dup = containment(cluster) >= threshold
    np.fill_diagonal(dup, True)
    return dup
