"""Percentile-bootstrap confidence intervals over per-cluster scores."""

from __future__ import annotations

import numpy as np

# resample in chunks so that many clusters x many resamples stays within a few tens of MB
_MAX_CELLS = 4_000_000


def bootstrap_ci(
    values: np.ndarray, n_resamples: int = 2000, confidence: float = 0.95, seed: int = 0
) -> tuple[float, float]:
    """Percentile bootstrap CI of the mean of ``values`` (one score per cluster).

    Clusters are resampled with replacement; the result is deterministic for a given seed.
    """
    x = np.asarray(values, dtype=float).ravel()
    if x.size == 0:
        raise ValueError("cannot bootstrap an empty array of scores")
    if not np.all(np.isfinite(x)):
        raise ValueError("scores must be finite numbers")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be positive, got {n_resamples}")
    rng = np.random.default_rng(seed)
    n = x.size
    rows = max(1, _MAX_CELLS // n)
    means = np.empty(n_resamples)
    for start in range(0, n_resamples, rows):
        stop = min(start + rows, n_resamples)
        idx = rng.integers(0, n, size=(stop - start, n))
        means[start:stop] = x[idx].mean(axis=1)
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [alpha, 1.0 - alpha])
    return float(low), float(high)
