"""Cross-validated summaries for learned methods: never train and test on the same cluster."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tomtat.models import Budget, Document
from tomtat.scoring.training import PreparedCluster, fit


def fold_of(n: int, folds: int, seed: int = 0) -> np.ndarray:
    """A fold number per cluster, balanced and shuffled reproducibly."""
    rng = np.random.default_rng(seed)
    return rng.permutation(np.arange(n) % folds)


def cross_validated_summaries(
    prepared: Sequence[PreparedCluster],
    budget: Budget,
    *,
    folds: int = 5,
    extra_train: Sequence[PreparedCluster] = (),
    extra_folds: np.ndarray | None = None,
    seed: int = 0,
    inputs: Sequence[list[Document]] | None = None,
) -> list[str]:
    """Summaries of every cluster by a model trained on the other folds.

    ``extra_train`` (another corpus) joins every fold's training set except the clusters of
    it that share the fold number in ``extra_folds`` — so that two corpora evaluated in turn
    never see each other's test fold either. ``inputs`` (one document list per cluster, e.g.
    a grown version of it) are summarized instead of the prepared clusters' own documents.
    """
    from tomtat.summarizers.learned import LearnedSummarizer

    assignment = fold_of(len(prepared), folds, seed)
    if extra_folds is None:
        extra_folds = np.full(len(extra_train), -1)
    texts = [""] * len(prepared)
    for k in range(folds):
        train = [p for p, f in zip(prepared, assignment, strict=True) if f != k]
        train += [p for p, f in zip(extra_train, extra_folds, strict=True) if f != k]
        summarizer = LearnedSummarizer(fit(train, seed=seed))
        for i in np.flatnonzero(assignment == k):
            # the whole summarizer, so that evaluation orders and cuts exactly as users get it
            documents = prepared[i].cluster.documents if inputs is None else inputs[i]
            texts[i] = summarizer(documents, budget).text
    return texts
