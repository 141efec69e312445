"""Learned ranking: gradient-boosted trees score each sentence from centrality, cross-article
support and position features; picks are made by maximal marginal relevance so that what
several outlets repeat is said once."""

from __future__ import annotations

import numpy as np

from tomtat.models import Budget
from tomtat.scoring.features import sentence_features
from tomtat.scoring.ranker import TreeEnsemble, load_model
from tomtat.scoring.representation import Cluster
from tomtat.selection import select_mmr
from tomtat.summarizers.base import Summarizer


class LearnedSummarizer(Summarizer):
    name = "learned"
    description = "sentence scores from a small tree model trained on VN-MDS and AbMuSu"

    diversity: float = 0.4  # chosen by 5-fold CV on both corpora together

    def __init__(self, model: TreeEnsemble | None = None) -> None:
        self.model = model
        self._scored: tuple[Cluster, np.ndarray] | None = None

    def warm_up(self) -> None:
        model = self.model or load_model()
        model.predict(np.zeros((1, len(model.feature_names))))  # builds the node tables

    def scores(self, cluster: Cluster) -> np.ndarray:
        """Per-sentence scores; kept for the last cluster, so a story's summary and its
        timeline are ranked by one computation."""
        if self._scored is None or self._scored[0] is not cluster:
            model = self.model or load_model()
            self._scored = (cluster, model.predict(sentence_features(cluster)))
        return self._scored[1]

    def select(self, cluster: Cluster, budget: Budget, duplicates: np.ndarray) -> list[int]:
        scores = self.scores(cluster)
        return select_mmr(cluster, scores, budget, duplicates, diversity=self.diversity)
