"""MEAD-style centroid summarizer (Radev et al. 2004).

Score = centroid similarity + position + overlap with the article's first sentence.
"""

from __future__ import annotations

import numpy as np

from tomtat.models import Budget
from tomtat.scoring.features import centroid_similarity
from tomtat.scoring.representation import Cluster
from tomtat.selection import select_by_score
from tomtat.summarizers.base import Summarizer


class CentroidSummarizer(Summarizer):
    name = "centroid"
    description = "MEAD: similarity to the cluster centroid, position and first-sentence overlap"

    def select(self, cluster: Cluster, budget: Budget, duplicates: np.ndarray) -> list[int]:
        centroid = centroid_similarity(cluster)
        c_max = centroid.max(initial=0.0) or 1.0
        sizes = cluster.doc_sizes[cluster.doc_of]
        position = (sizes - cluster.position) / sizes * c_max
        first = np.flatnonzero(cluster.position == 0)
        first_of_doc = np.full(cluster.n_docs, -1)
        first_of_doc[cluster.doc_of[first]] = first
        overlap = cluster.similarity[np.arange(len(cluster)), first_of_doc[cluster.doc_of]]
        scores = centroid + position + overlap
        return select_by_score(cluster, scores, budget, duplicates)
