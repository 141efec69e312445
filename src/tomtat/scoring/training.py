"""Train the learned sentence scorer on reference summaries (VN-MDS, AbMuSu, or both).

Labels are soft: the share of a sentence's syllable bigrams that a reference also contains
(ROUGE-2 precision, averaged over references). They beat 0/1 oracle membership because
many good sentences are never picked by the oracle yet overlap the reference heavily.
Each cluster's labels are centred on their mean before fitting: selection only compares
sentences of one cluster, and a cluster's level (an abstractive reference shares fewer
bigrams with every sentence than an extractive one) is noise for that comparison.

Three choices shape the fit (docs/method.md, step 4, has their measurements):
- the trees may only raise a score as the story's support for a sentence grows
  (``MONOTONE``): agreement with the other articles, the centroid and the titles never
  counts against a sentence, whatever a few training stories suggest;
- a story's best-labelled fifth weighs 3 (``TOP_SHARE``, ``TOP_WEIGHT``): errors among
  the sentences a summary chooses from cost more than among those it never would;
- every corpus's stories weigh the same on average (``corpus_weights``), however long its
  articles: AbMuSu stories have 71 candidate sentences, VN-MDS stories 46.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from tomtat.documents import build_documents
from tomtat.evaluation.datasets import EvalCluster
from tomtat.evaluation.rouge import tokenize
from tomtat.scoring.features import FEATURE_NAMES, sentence_features
from tomtat.scoring.ranker import TreeEnsemble, from_sklearn
from tomtat.scoring.representation import Cluster

PARAMS = {
    "max_iter": 300,
    "learning_rate": 0.05,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "early_stopping": False,  # keeps training deterministic whatever the row order
}
# +1: the score never falls as the feature rises; -1: never rises (ranks: 0 is the best)
MONOTONE = {
    "centroid": 1,
    "centroid_share": 1,
    "centroid_rank_in_doc": -1,
    "lexrank": 1,
    "lexrank_rank": -1,
    "other_doc_mean": 1,
    "other_doc_max": 1,
    "bigram_support": 1,
    "coverage_density": 1,
    "lead_consensus": 1,
    "title_overlap": 1,
    "cluster_title_overlap": 1,
}
TOP_SHARE = 0.2
TOP_WEIGHT = 3.0


@dataclass
class PreparedCluster:
    """A cluster ready for training and evaluation: documents built once."""

    id: str
    cluster: Cluster
    references: list[str]
    features: np.ndarray
    labels: np.ndarray
    corpus: str = ""  # training balances corpora (``corpus_weights``)


def _bigrams(tokens: Sequence[str]) -> set[tuple[str, str]]:
    return set(pairwise(tokens))


def soft_labels(cluster: Cluster, references: Iterable[str]) -> np.ndarray:
    """Mean over references of the sentence's ROUGE-2 precision against it."""
    refs = [_bigrams(tokenize(r)) for r in references]
    labels = np.zeros(len(cluster))
    for i, s in enumerate(cluster.sentences):
        mine = _bigrams(s.syllables)
        if mine and refs:
            labels[i] = sum(len(mine & r) for r in refs) / (len(mine) * len(refs))
    return labels


def prepare(
    clusters: Iterable[EvalCluster], *, segmenter: str = "syllables", corpus: str = ""
) -> list[PreparedCluster]:
    out = []
    for c in clusters:
        documents, _ = build_documents(c.articles, segmenter=segmenter)
        if not documents:
            continue
        cluster = Cluster(documents)
        out.append(
            PreparedCluster(
                c.id,
                cluster,
                c.references,
                sentence_features(cluster),
                soft_labels(cluster, c.references),
                corpus,
            )
        )
    return out


def corpus_weights(prepared: Sequence[PreparedCluster]) -> dict[str, float]:
    """Per corpus, the weight of each of its sentences: the mean number of sentences per
    story over all of ``prepared`` divided by that corpus's own mean, so that a story
    weighs the same on average whichever corpus it comes from (and the mean weight is 1)."""
    sizes: dict[str, list[int]] = {}
    for p in prepared:
        sizes.setdefault(p.corpus, []).append(len(p.labels))
    overall = sum(map(sum, sizes.values())) / max(sum(map(len, sizes.values())), 1)
    return {c: overall / max(float(np.mean(s)), 1e-9) for c, s in sizes.items()}


def sample_weights(prepared: Sequence[PreparedCluster]) -> np.ndarray:
    """One weight per sentence of ``prepared`` (in order): its corpus's weight, times
    ``TOP_WEIGHT`` for the best ``TOP_SHARE`` of its story's labels."""
    per_corpus = corpus_weights(prepared)
    parts = []
    for p in prepared:
        top = p.labels >= np.quantile(p.labels, 1 - TOP_SHARE) if len(p.labels) else []
        parts.append(per_corpus[p.corpus] * np.where(top, TOP_WEIGHT, 1.0))
    return np.concatenate(parts) if parts else np.zeros(0)


def fit(prepared: Sequence[PreparedCluster], *, seed: int = 0) -> TreeEnsemble:
    """Fit gradient-boosted trees on every sentence of ``prepared`` (labels centred per
    cluster, weighted by ``sample_weights``); export to numpy."""
    from sklearn.ensemble import HistGradientBoostingRegressor

    rows = [p for p in prepared if len(p.labels)]
    x = np.vstack([p.features for p in rows])
    y = np.concatenate([p.labels - p.labels.mean() for p in rows])
    monotone = [MONOTONE.get(name, 0) for name in FEATURE_NAMES]
    model = HistGradientBoostingRegressor(random_state=seed, monotonic_cst=monotone, **PARAMS)
    model.fit(x, y, sample_weight=sample_weights(rows))
    return from_sklearn(model)
