"""LexRank (Erkan & Radev 2004) over syllable uni+bigram TF-IDF cosine similarity."""

from __future__ import annotations

import numpy as np

from tomtat.models import Budget
from tomtat.scoring.features import lexrank
from tomtat.scoring.representation import Cluster
from tomtat.selection import select_by_score
from tomtat.summarizers.base import Summarizer


class LexRankSummarizer(Summarizer):
    name = "lexrank"
    description = "continuous LexRank: PageRank centrality on the sentence similarity graph"

    def select(self, cluster: Cluster, budget: Budget, duplicates: np.ndarray) -> list[int]:
        return select_by_score(cluster, lexrank(cluster), budget, duplicates)
