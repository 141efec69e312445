"""Concept coverage: cover the bigrams many articles share, under the budget.

Gillick & Favre's (2009) concept model solved with the budgeted submodular greedy; a small
position bonus breaks ties toward leads. No training, so it holds up on any story size.
"""

from __future__ import annotations

import numpy as np

from tomtat.models import Budget
from tomtat.scoring.features import content_bigram_weight, position_prior
from tomtat.scoring.representation import Cluster
from tomtat.selection import select_by_coverage
from tomtat.summarizers.base import Summarizer


class CoverageSummarizer(Summarizer):
    name = "coverage"
    description = "bigram concept coverage weighted by how many articles share each bigram"

    position_weight: float = 1.0

    def select(self, cluster: Cluster, budget: Budget, duplicates: np.ndarray) -> list[int]:
        weights = content_bigram_weight(cluster)
        bonus = self.position_weight * position_prior(cluster) * max(1.0, weights.mean() * 10)
        return select_by_coverage(cluster, weights, bonus, budget, duplicates)
