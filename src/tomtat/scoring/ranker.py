"""A learned sentence scorer: gradient-boosted trees evaluated with plain numpy.

The trees are trained with scikit-learn (``tomtat.scoring.training``) and exported to a small
``.npz`` file of node arrays, so summarizing needs neither scikit-learn nor pickle, and all
trees are walked at once with vectorized indexing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from tomtat.scoring.features import FEATURE_NAMES

DEFAULT_MODEL = "ranker.npz"


@dataclass(frozen=True)
class TreeEnsemble:
    """Trees as padded node arrays of shape (n_trees, max_nodes)."""

    feature: np.ndarray  # int, -1 for leaves
    threshold: np.ndarray  # go left when x <= threshold
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray  # leaf values (already scaled by the learning rate)
    missing_left: np.ndarray  # bool: NaN goes left
    baseline: float
    feature_names: tuple[str, ...]
    depth: int

    @cached_property
    def _flat(self) -> tuple[np.ndarray, ...]:
        """All trees as one node table; leaves loop to themselves so every row can take
        the same number of steps without masking. ``children[2 * node + goes_left]`` is
        the next node: one gather per step instead of one per side."""
        n_trees, width = self.feature.shape
        offset = (np.arange(n_trees) * width)[:, None]
        index = offset + np.arange(width)[None, :]
        leaf = self.feature < 0
        feature = np.where(leaf, 0, self.feature).ravel().astype(np.intp)
        threshold = np.where(leaf, np.inf, self.threshold).ravel()
        left = np.where(leaf, index, self.left + offset).ravel()
        right = np.where(leaf, index, self.right + offset).ravel()
        children = np.stack([right, left], axis=1).ravel().astype(np.intp)
        missing_left = (self.missing_left | leaf).ravel()
        return feature, threshold, children, missing_left, leaf.ravel(), offset.ravel()

    def predict(self, x: np.ndarray) -> np.ndarray:
        n = x.shape[0]
        if n == 0:
            return np.zeros(0)
        feature, threshold, children, missing_left, leaf, roots = self._flat
        node = np.repeat(roots[:, None], n, axis=1)
        # gather from the flattened rows: one fancy index per step instead of two
        cells = x.ravel()
        row_start = (np.arange(n) * x.shape[1])[None, :]
        has_nan = bool(np.isnan(cells).any())
        for _ in range(self.depth):
            values = cells[row_start + feature[node]]
            go_left = values <= threshold[node]
            if has_nan:
                go_left = np.where(np.isnan(values), missing_left[node], go_left)
            node = children[2 * node + go_left]
            if leaf[node].all():
                break
        return self.baseline + self.value.ravel()[node].sum(axis=0)

    def save(self, path: str | Path) -> None:
        np.savez_compressed(
            path,
            feature=self.feature.astype(np.int16),
            threshold=self.threshold.astype(np.float32),
            left=self.left.astype(np.int16),
            right=self.right.astype(np.int16),
            value=self.value.astype(np.float32),
            missing_left=self.missing_left,
            baseline=np.float64(self.baseline),
            feature_names=np.array(self.feature_names),
            depth=np.int64(self.depth),
        )

    @classmethod
    def load(cls, path: str | Path) -> TreeEnsemble:
        with np.load(path, allow_pickle=False) as data:
            names = tuple(str(n) for n in data["feature_names"])
            if names != FEATURE_NAMES:
                raise ValueError(
                    f"{path}: model was trained on other features; retrain it "
                    "(python scripts/train_ranker.py)"
                )
            return cls(
                feature=data["feature"].astype(np.int64),
                threshold=data["threshold"].astype(np.float64),
                left=data["left"].astype(np.int64),
                right=data["right"].astype(np.int64),
                value=data["value"].astype(np.float64),
                missing_left=data["missing_left"].astype(bool),
                baseline=float(data["baseline"]),
                feature_names=names,
                depth=int(data["depth"]),
            )


def from_sklearn(model: object) -> TreeEnsemble:
    """Export a fitted ``HistGradientBoostingRegressor`` (single output)."""
    predictors = [p[0] for p in model._predictors]  # type: ignore[attr-defined]
    max_nodes = max(len(p.nodes) for p in predictors)
    shape = (len(predictors), max_nodes)
    feature = np.full(shape, -1, dtype=np.int64)
    threshold = np.zeros(shape)
    left = np.zeros(shape, dtype=np.int64)
    right = np.zeros(shape, dtype=np.int64)
    value = np.zeros(shape)
    missing_left = np.zeros(shape, dtype=bool)
    depth = 0
    for t, p in enumerate(predictors):
        nodes = p.nodes
        k = len(nodes)
        leaf = nodes["is_leaf"].astype(bool)
        feature[t, :k] = np.where(leaf, -1, nodes["feature_idx"])
        threshold[t, :k] = nodes["num_threshold"]
        left[t, :k] = nodes["left"]
        right[t, :k] = nodes["right"]
        value[t, :k] = nodes["value"]
        missing_left[t, :k] = nodes["missing_go_to_left"].astype(bool)
        depth = max(depth, int(nodes["depth"].max()))
    baseline = float(np.ravel(model._baseline_prediction)[0])  # type: ignore[attr-defined]
    return TreeEnsemble(
        feature, threshold, left, right, value, missing_left, baseline, FEATURE_NAMES, depth
    )


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> TreeEnsemble:
    """The shipped model, or one at ``path`` (cached: loaded once per process)."""
    if path is not None:
        return TreeEnsemble.load(path)
    with resources.as_file(resources.files("tomtat") / "resources" / DEFAULT_MODEL) as p:
        return TreeEnsemble.load(p)
