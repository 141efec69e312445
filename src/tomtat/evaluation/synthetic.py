"""Bigger stories from real ones: how methods hold up as the number of articles grows.

The shared corpora have 2-5 articles per story; aggregator stories have 10 or more, most of
them other outlets re-reporting the same facts. ``grow_story`` adds such re-reports to a
real cluster: each new article is one of the cluster's articles edited the way outlets edit
wire copy (some sentences dropped, a few taken from the other articles, the lead sometimes
swapped), with a fresh id and a later time. The references stay those of the real story, so
ROUGE still measures the same content while the redundancy pattern changes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import numpy as np

from tomtat.evaluation.datasets import EvalCluster
from tomtat.models import Article
from tomtat.segmentation import split_sentences

DROP = 0.3  # share of an article's sentences a re-report leaves out
BORROW = 2  # at most this many sentences taken from the other articles


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def _rewrite(
    base: Article, others: list[list[str]], own: list[str], n: int, rng: np.random.Generator
) -> Article:
    body = [s for k, s in enumerate(own) if k == 0 or rng.random() >= DROP]
    pool = [s for sentences in others for s in sentences[1:]]
    for _ in range(min(int(rng.integers(0, BORROW + 1)), len(pool))):
        body.insert(int(rng.integers(1, len(body) + 1)), pool[int(rng.integers(len(pool)))])
    leads = [sentences[0] for sentences in others if sentences]
    if leads and rng.random() < 0.3:
        body[0] = leads[int(rng.integers(len(leads)))]
    published = base.published
    if published is not None:
        published += timedelta(hours=int(rng.integers(1, 48)))
    return replace(
        base,
        text=" ".join(body),
        id=f"{base.id}-r{n}",
        lead=None,
        source=f"outlet-{n}",
        url=None,
        published=published,
        origin=f"{base.origin} (re-report {n})",
    )


def grow_story(cluster: EvalCluster, articles: int, *, seed: int = 0) -> EvalCluster:
    """``cluster`` with re-reports added until it has ``articles`` articles (never fewer
    than it had). Deterministic for a given ``seed`` and cluster id."""
    rng = np.random.default_rng([seed, *cluster.id.encode()])
    originals = list(cluster.articles)
    texts = [_sentences(f"{a.lead}\n{a.text}" if a.lead else a.text) for a in originals]
    grown = list(originals)
    usable = [k for k, t in enumerate(texts) if t]
    n = 0
    while len(grown) < articles and usable:
        k = usable[n % len(usable)]
        others = [t for j, t in enumerate(texts) if j != k]
        grown.append(_rewrite(originals[k], others, texts[k], n + 1, rng))
        n += 1
    return replace(cluster, articles=grown)
