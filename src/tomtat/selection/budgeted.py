"""Pick whole sentences under a length budget.

Two strategies share the same contract (return cluster indices in pick order, never a
near-duplicate of an earlier pick, never over budget unless ``budget.fill``):

* ``select_by_score``: best-scored first (LexRank, centroid).
* ``select_mmr``: best-scored first, discounted by similarity to what is already picked
  (maximal marginal relevance, Carbonell & Goldstein 1998), for learned scores.
* ``select_by_coverage``: budgeted maximum coverage of weighted concepts with a per-sentence
  bonus, the greedy cost-scaled algorithm of Lin & Bilmes (2010) for monotone submodular
  objectives, which is within a constant of the optimal (Gillick & Favre's ILP) solution.
"""

from __future__ import annotations

import numpy as np

from tomtat.models import Budget
from tomtat.scoring.representation import Cluster
from tomtat.selection.redundancy import counted_numbers, counts_disagree

# share of a sentence's content syllables already said that makes it redundant (5-fold CV
# on VN-MDS + AbMuSu: 0.6 keeps ROUGE and removes restatements; 0.5 drops real content)
COVERED = 0.6


def _fits(used: int, cost: int, budget: Budget) -> bool:
    return used + cost <= budget.limit


def select_by_score(
    cluster: Cluster, scores: np.ndarray, budget: Budget, duplicates: np.ndarray
) -> list[int]:
    """Best score first: MMR without the diversity term."""
    return select_mmr(cluster, scores, budget, duplicates, diversity=0.0)


def select_mmr(
    cluster: Cluster,
    scores: np.ndarray,
    budget: Budget,
    duplicates: np.ndarray,
    *,
    diversity: float = 0.4,
) -> list[int]:
    """Greedy ``argmax score - diversity * max similarity to the picks`` under budget.

    A sentence whose content syllables the picks already hold for the most part
    (``COVERED``) is skipped even when no single pick is its near-duplicate: a reworded
    repeat, or one sentence restating two earlier ones; unless it counts something a pick
    counts with another number (``5 người chết`` after ``4 người chết`` is an update).
    """
    n = len(cluster)
    available = cluster.selectable.copy()
    closest = np.zeros(n)
    counts = cluster.unigram_counts
    content = cluster.unigram_is_content
    said = np.zeros(counts.shape[1], dtype=bool)
    picks: list[int] = []
    picked_numbers: list[dict[str, set[str]]] = []
    used = 0
    while available.any():
        marginal = np.where(available, scores - diversity * closest, -np.inf)
        best = int(np.argmax(marginal))
        cost = budget.cost(cluster.sentences[best])
        available[best] = False
        terms = counts.indices[counts.indptr[best] : counts.indptr[best + 1]]
        own = terms[content[terms]]
        if picks and len(own) and said[own].mean() >= COVERED:
            numbers = counted_numbers(cluster.sentences[best])
            # a count that disagrees with a pick's is news (an updated toll), not a restatement
            if not any(counts_disagree(numbers, other) for other in picked_numbers):
                continue
        if not _fits(used, cost, budget):
            if budget.fill and used < budget.limit:
                picks.append(best)
                break
            continue
        picks.append(best)
        picked_numbers.append(counted_numbers(cluster.sentences[best]))
        used += cost
        said[terms] = True
        available &= ~duplicates[best]
        if diversity:
            closest = np.maximum(closest, cluster.similarity[best])
        if used >= budget.limit:
            break
    return picks


def select_by_coverage(
    cluster: Cluster,
    concept_weights: np.ndarray,
    bonus: np.ndarray,
    budget: Budget,
    duplicates: np.ndarray,
    *,
    scale: float = 1.0,
) -> list[int]:
    """Greedy max of ``sum(weights of covered concepts) + sum(bonus of picks)`` under budget.

    ``scale`` < 1 favours short sentences less (Lin & Bilmes' cost exponent r).
    """
    n = len(cluster)
    if n == 0:
        return []
    presence = cluster.bigram_presence
    covered = np.zeros(presence.shape[1], dtype=bool)
    costs = np.array([budget.cost(s) for s in cluster.sentences], dtype=np.float64)
    available = cluster.selectable.copy()
    picks: list[int] = []
    used = 0.0
    while available.any():
        open_weights = np.where(covered, 0.0, concept_weights)
        gains = np.asarray(presence @ open_weights).ravel() + bonus
        fits = available & (used + costs <= budget.limit)
        if not fits.any():
            if budget.fill and used < budget.limit:
                candidates = np.flatnonzero(available)
                picks.append(int(candidates[np.argmax(gains[candidates])]))
            break
        ratio = np.where(fits, gains / costs**scale, -np.inf)
        best = int(np.argmax(ratio))
        if gains[best] <= 0:
            break
        picks.append(best)
        used += costs[best]
        covered[presence[best].indices] = True
        available &= ~duplicates[best]
        available[best] = False
    return picks
