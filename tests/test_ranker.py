"""The numpy tree walker must score exactly as the scikit-learn model it was exported from."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from tomtat.scoring.features import FEATURE_NAMES
from tomtat.scoring.ranker import TreeEnsemble, from_sklearn, load_model
from tomtat.scoring.training import PARAMS


@pytest.fixture(scope="module")
def fitted() -> tuple[object, np.ndarray]:
    from sklearn.ensemble import HistGradientBoostingRegressor

    rng = np.random.default_rng(7)
    x = rng.normal(size=(2000, len(FEATURE_NAMES)))
    x[rng.random(x.shape) < 0.05] = np.nan  # missing values take the learned side
    y = np.nan_to_num(x[:, 0]) * 2 - np.nan_to_num(x[:, 3]) ** 2 + (np.isnan(x[:, 5]) * 1.5)
    model = HistGradientBoostingRegressor(random_state=0, **{**PARAMS, "max_iter": 40})
    model.fit(x, y)
    return model, rng.normal(size=(300, len(FEATURE_NAMES)))


def test_export_predicts_as_sklearn(fitted: tuple[object, np.ndarray]) -> None:
    model, x = fitted
    x[::7, 5] = np.nan
    x[::11, 0] = np.nan
    ours = from_sklearn(model).predict(x)
    np.testing.assert_allclose(ours, model.predict(x), rtol=1e-9, atol=1e-9)  # type: ignore[attr-defined]


def test_export_without_missing_values(fitted: tuple[object, np.ndarray]) -> None:
    model, x = fitted
    x = np.nan_to_num(x)
    np.testing.assert_allclose(
        from_sklearn(model).predict(x),
        model.predict(x),  # type: ignore[attr-defined]
        rtol=1e-9,
        atol=1e-9,
    )


def test_saved_model_round_trips(fitted: tuple[object, np.ndarray], tmp_path: Path) -> None:
    model, x = fitted
    ensemble = from_sklearn(model)
    ensemble.save(tmp_path / "m.npz")
    loaded = TreeEnsemble.load(tmp_path / "m.npz")
    # saved in float32: scores agree to float32 precision, the order of sentences stays
    np.testing.assert_allclose(loaded.predict(x), ensemble.predict(x), rtol=1e-5, atol=1e-5)


def test_no_rows_no_scores() -> None:
    assert load_model().predict(np.zeros((0, len(FEATURE_NAMES)))).shape == (0,)


def test_model_for_other_features_is_refused(tmp_path: Path) -> None:
    model = load_model()
    renamed = dataclasses.replace(model, feature_names=("a",) * len(FEATURE_NAMES))
    renamed.save(tmp_path / "old.npz")
    with pytest.raises(ValueError, match="retrain"):
        TreeEnsemble.load(tmp_path / "old.npz")


def test_fit_ranks_within_clusters_whatever_their_label_level() -> None:
    """Raising every label of one cluster (an extractive reference shares more bigrams with
    all its sentences) must not change the model: selection only compares sentences of one
    cluster, so the level is noise."""
    from tomtat.scoring.training import PreparedCluster, fit

    rng = np.random.default_rng(3)

    def cluster(k: int, level: float) -> PreparedCluster:
        x = rng.normal(size=(120, len(FEATURE_NAMES)))
        y = 0.1 * x[:, 0] + level + 0.01 * rng.normal(size=120)
        return PreparedCluster(str(k), None, [], x, y)  # type: ignore[arg-type]

    clusters = [cluster(k, 0.0) for k in range(4)]
    shifted = [dataclasses.replace(c, labels=c.labels + 0.3 * k) for k, c in enumerate(clusters)]
    x = rng.normal(size=(50, len(FEATURE_NAMES)))
    np.testing.assert_allclose(fit(clusters).predict(x), fit(shifted).predict(x), atol=1e-9)
