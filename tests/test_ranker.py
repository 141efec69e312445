"""The numpy tree walker must score exactly as the scikit-learn model it was exported from."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from tomtat.scoring.features import FEATURE_NAMES
from tomtat.scoring.ranker import TreeEnsemble, from_sklearn, load_model
from tomtat.scoring.training import MONOTONE, PARAMS


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


@pytest.mark.parametrize("name", sorted(MONOTONE))
def test_shipped_model_never_scores_down_more_support(name: str) -> None:
    """More agreement with the story (centroid, other articles, titles) never lowers a
    sentence's score, whatever else the sentence is: the trees were fitted under that
    constraint, and the saved model must keep it."""
    rng = np.random.default_rng(11)
    model = load_model()
    column = FEATURE_NAMES.index(name)
    base = np.abs(rng.normal(size=(400, len(FEATURE_NAMES)))) * rng.uniform(0, 10, size=(1, 30))
    steps = np.linspace(0.0, 3.0, 13) * max(base[:, column].std(), 0.1)
    scores = []
    for step in steps:
        rows = base.copy()
        rows[:, column] += step
        scores.append(model.predict(rows))
    change = np.diff(np.vstack(scores), axis=0) * MONOTONE[name]
    assert (change >= -1e-6).all()


def test_fit_keeps_the_constraint_against_the_labels() -> None:
    """Labels that fall as bigram support rises (a few training stories can say so) still
    fit a model that never scores a better-supported sentence lower."""
    from tomtat.scoring.training import PreparedCluster, fit

    rng = np.random.default_rng(5)
    column = FEATURE_NAMES.index("bigram_support")
    clusters = []
    for k in range(6):
        x = rng.uniform(size=(150, len(FEATURE_NAMES)))
        y = -x[:, column] + 0.5 * x[:, 0]
        clusters.append(PreparedCluster(str(k), None, [], x, y))  # type: ignore[arg-type]
    rows = rng.uniform(size=(200, len(FEATURE_NAMES)))
    low, high = rows.copy(), rows.copy()
    low[:, column], high[:, column] = 0.1, 0.9
    model = fit(clusters)
    assert (model.predict(high) >= model.predict(low) - 1e-9).all()
    assert model.predict(low).std() > 0  # it learned the unconstrained column


def test_sample_weights_balance_corpora_and_favour_the_top_of_each_story() -> None:
    from tomtat.scoring.training import PreparedCluster, sample_weights

    def story(corpus: str, labels: list[float]) -> PreparedCluster:
        x = np.zeros((len(labels), len(FEATURE_NAMES)))
        return PreparedCluster("s", None, [], x, np.array(labels), corpus)  # type: ignore[arg-type]

    short = story("a", [float(i) for i in range(10)])  # labels 8 and 9 are its top fifth
    long = story("b", [0.0] * 24 + [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])  # its top fifth: 6
    weights = sample_weights([short, long])
    # 20 sentences per story overall: "a" stories (10) weigh 2 per sentence, "b" (30) 2/3
    np.testing.assert_allclose(weights[:10], [2.0] * 8 + [6.0] * 2)
    np.testing.assert_allclose(weights[10:], [2 / 3] * 24 + [2.0] * 6)
    # one corpus: only the top of each story stands out
    alone = sample_weights([dataclasses.replace(long, corpus="a"), long])
    np.testing.assert_allclose(alone[:30], alone[30:])
