"""LEAD-RR: the articles' leading sentences, taken round-robin in publication order."""

from __future__ import annotations

import numpy as np

from tomtat.models import Budget
from tomtat.ordering.chronological import document_rank
from tomtat.scoring.representation import Cluster
from tomtat.selection import select_by_score
from tomtat.summarizers.base import Summarizer


class LeadSummarizer(Summarizer):
    name = "lead"
    description = "first sentences of each article, round-robin (LEAD-RR baseline)"

    def select(self, cluster: Cluster, budget: Budget, duplicates: np.ndarray) -> list[int]:
        rank = np.array(document_rank(cluster.documents))[cluster.doc_of]
        # position first, then article order: 1st of each article, then 2nd of each, ...
        order = np.lexsort((rank, cluster.position))
        scores = np.empty(len(cluster))
        scores[order] = -np.arange(len(cluster), dtype=np.float64)
        return select_by_score(cluster, scores, budget, duplicates)
