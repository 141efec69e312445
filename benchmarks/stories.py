"""Story grouping: quality against a tuned baseline, incremental vs one-shot, and scaling.

Usage (from the repository root, with the venv active)::

    python benchmarks/stories.py [--data ../shared/data] [--runs 3] [--max-n 100000]

Writes ``benchmarks/results/stories.json``; :func:`render_markdown` turns it into the section
of docs/benchmarks.md. What is measured, in one run on one machine:

(a) B-cubed precision/recall/F1 of ``tomtat.stories.group_articles`` on pooled, shuffled
    articles (each gold cluster = one story): all VN-MDS dev articles; the even-numbered
    VN-MDS clusters alone (never looked at while choosing settings, see docs/stories.md);
    VN-MDS + AbMuSu train together (harder: AbMuSu clusters are topical and some overlap).
    The baseline is TF-IDF (syllable uni+bigrams of title + body) with scikit-learn
    ``AgglomerativeClustering(linkage="average", metric="cosine")`` whose
    ``distance_threshold`` is tuned *on each test pool itself* (an oracle: the best of a
    grid, which no real user could pick). Seconds exclude reading the corpora.
(b) ``StoryIndex.add`` in batches of 50 versus one-shot grouping of the same pool: F1 of the
    final index, F1 of the story ids as ``add`` returned them, the share of articles whose
    story changed after they were added, and the total time.
(c) Scaling: synthetic pools of 1k..100k articles resampled from the shared clusters (each
    article: a title and 6-15 sentences, in order, drawn from one cluster's articles; each
    cluster yields one story per 60-day "epoch", so larger pools have more stories, not just
    bigger ones), grouped from ``Article`` objects (reading excluded) and, for 2k, also read
    from a JSONL file first (reading included). The growth exponent is the least-squares
    slope of log(seconds) on log(articles).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from tomtat.evaluation.bcubed import bcubed
from tomtat.evaluation.datasets import EvalCluster, load_abmusu, load_vnmds
from tomtat.models import Article
from tomtat.normalization import canonical_tones, fix_unicode
from tomtat.segmentation.sentences import split_sentences
from tomtat.stories import StoryIndex, group_articles

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "stories.json"
SEED = 0
BATCH = 50  # articles per StoryIndex.add in (b)
SIZES = (1_000, 2_000, 10_000, 100_000)
STORY_MEAN = 8  # synthetic articles per story on average
EPOCH_DAYS = 60  # synthetic: one story per source cluster per epoch
BASELINE_GRID = tuple(round(0.30 + 0.01 * i, 2) for i in range(69))  # cosine distances


@dataclass
class Pool:
    name: str
    articles: list[Article]
    labels: list[str]
    note: str


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _best_of(runs: int, call: Callable[[], Any]) -> tuple[float, list[float], Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return min(times), times, result


def _prf(groups: Sequence[Sequence[int]], labels: Sequence[str]) -> dict[str, float]:
    p, r, f = bcubed(groups, labels)
    return {"precision": p, "recall": r, "f1": f}


# ---------------------------------------------------------------------------------- pools


def _shuffled(name: str, clusters: Sequence[EvalCluster], prefix: str, note: str) -> Pool:
    items = [(a, prefix + c.id) for c in clusters for a in c.articles]
    random.Random(SEED).shuffle(items)
    return Pool(name, [a for a, _ in items], [label for _, label in items], note)


def load_pools(data: Path) -> tuple[list[Pool], list[EvalCluster]]:
    vnmds = load_vnmds(data / "vnmds")
    abmusu = load_abmusu(data / "abmusu" / "train.jsonl")
    pools = [
        _shuffled("VN-MDS dev", vnmds, "v", "all 149 clusters"),
        _shuffled(
            "VN-MDS even clusters",
            [c for c in vnmds if int(c.id) % 2 == 0],
            "v",
            "never used to choose settings",
        ),
        _shuffled(
            "VN-MDS + AbMuSu train",
            [*vnmds, *[_tagged(c) for c in abmusu]],
            "",
            "AbMuSu clusters are topical and partly overlap",
        ),
    ]
    return pools, [*vnmds, *abmusu]


def _tagged(cluster: EvalCluster) -> EvalCluster:
    """The same cluster under an id that no VN-MDS cluster has (both number from 0 or 1)."""
    return EvalCluster(f"abmusu-{cluster.id}", cluster.articles, cluster.references)


# ------------------------------------------------------------------------------- baseline


def _baseline_text(article: Article) -> str:
    text = f"{article.title or ''}\n{article.lead or ''}\n{article.text}"
    return canonical_tones(fix_unicode(text).replace("_", " ").lower())


def baseline(pool: Pool) -> dict[str, Any]:
    """TF-IDF + average-link agglomerative clustering, threshold tuned on this very pool."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    def distances() -> np.ndarray:
        vectors = TfidfVectorizer(
            ngram_range=(1, 2), token_pattern=r"(?u)[^\W_]+", sublinear_tf=True
        ).fit_transform([_baseline_text(a) for a in pool.articles])
        return cosine_distances(vectors)

    def fit(matrix: np.ndarray, threshold: float) -> list[list[int]]:
        model = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
        ).fit(matrix)
        return _groups_of(model.labels_)

    matrix = distances()
    _, best = max((bcubed(fit(matrix, t), pool.labels)[2], t) for t in BASELINE_GRID)
    seconds, _, groups = _best_of(1, lambda: fit(distances(), best))
    return {
        "system": "TF-IDF + AgglomerativeClustering (oracle-tuned)",
        "threshold": best,
        "grid": [BASELINE_GRID[0], BASELINE_GRID[-1], len(BASELINE_GRID)],
        **_prf(groups, pool.labels),
        "groups": len(groups),
        "seconds": seconds,
    }


def _groups_of(labels: Sequence[int] | np.ndarray) -> list[list[int]]:
    out: dict[int, list[int]] = {}
    for i, label in enumerate(np.asarray(labels).tolist()):
        out.setdefault(label, []).append(i)
    return list(out.values())


# ---------------------------------------------------------------------------- (a) and (b)


def quality(pool: Pool, runs: int) -> dict[str, Any]:
    seconds, times, groups = _best_of(runs, lambda: group_articles(pool.articles))
    return {
        "pool": pool.name,
        "note": pool.note,
        "articles": len(pool.articles),
        "stories": len(set(pool.labels)),
        "tomtat": {
            "system": "tomtat group_articles",
            **_prf(groups, pool.labels),
            "groups": len(groups),
            "seconds": seconds,
            "runs": times,
        },
    }


def incremental(pool: Pool) -> dict[str, Any]:
    one_shot = _prf(group_articles(pool.articles), pool.labels)
    index = StoryIndex()
    assigned: list[str] = []
    start = time.perf_counter()
    for first in range(0, len(pool.articles), BATCH):
        assigned += index.add(pool.articles[first : first + BATCH])
    seconds = time.perf_counter() - start
    final = {a: s.id for s in index.stories() for a in s.articles}
    final_ids = [final[a.id] for a in pool.articles]
    return {
        "pool": pool.name,
        "batch": BATCH,
        "one_shot": one_shot,
        "incremental_final": _prf(_groups_of(_codes(final_ids)), pool.labels),
        "incremental_as_added": _prf(_groups_of(_codes(assigned)), pool.labels),
        "moved_after_add": sum(a != b for a, b in zip(assigned, final_ids, strict=True))
        / len(assigned),
        "seconds": seconds,
    }


def _codes(ids: Sequence[str]) -> np.ndarray:
    return np.unique(np.asarray(ids), return_inverse=True)[1]


# ------------------------------------------------------------------------------- (c) scale


@dataclass
class Source:
    titles: list[str]
    sentences: list[str]
    start: datetime


def sources(clusters: Sequence[EvalCluster]) -> list[Source]:
    out = []
    rng = random.Random(SEED)
    for cluster in clusters:
        sentences = []
        for article in cluster.articles:
            for paragraph in fix_unicode(article.text).split("\n"):
                sentences += [paragraph[s:e] for s, e in split_sentences(paragraph)]
        times = [a.published for a in cluster.articles if a.published]
        # AbMuSu has no times: its clusters are spread over the fortnight it was collected in
        start = min(times) if times else datetime(2022, 7, 1) + timedelta(days=rng.uniform(0, 14))
        titles = [a.title for a in cluster.articles if a.title]
        if sentences and titles:
            out.append(Source(titles, sentences, start))
    return out


def synthesize(src: Sequence[Source], n: int, seed: int = SEED) -> tuple[list[Article], list[int]]:
    """``n`` new articles resampled from the source clusters; labels are synthetic stories."""
    rng = random.Random(seed)
    stories = max(1, n // STORY_MEAN)
    epochs = math.ceil(stories / len(src))
    plan = [(c, e) for e in range(epochs) for c in range(len(src))]
    rng.shuffle(plan)
    plan = plan[:stories]
    weights = np.array([rng.lognormvariate(0.0, 1.0) for _ in plan])
    picks = np.random.default_rng(seed).choice(len(plan), size=n, p=weights / weights.sum())
    articles, labels = [], []
    for i, story in enumerate(picks.tolist()):
        cluster, epoch = plan[story]
        source = src[cluster]
        k = min(len(source.sentences), rng.randint(6, 15))
        chosen = sorted(rng.sample(range(len(source.sentences)), k))
        when = source.start + timedelta(days=EPOCH_DAYS * epoch, hours=rng.uniform(0, 48))
        articles.append(
            Article(
                text=" ".join(source.sentences[j] for j in chosen),
                id=f"syn-{i}",
                title=rng.choice(source.titles),
                published=when,
            )
        )
        labels.append(story)
    return articles, labels


def _write_jsonl(articles: Sequence[Article], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for a in articles:
            record = {"id": a.id, "title": a.title, "text": a.text}
            if a.published:
                record["published"] = a.published.isoformat()
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def scaling(src: Sequence[Source], sizes: Sequence[int], runs: int) -> dict[str, Any]:
    from tomtat.readers import read_inputs

    rows = []
    for n in sizes:
        articles, labels = synthesize(src, n)
        repeat = runs if n <= 10_000 else 1
        _log(f"scaling: grouping {n:,} articles ({repeat} run(s))")
        seconds, times, groups = _best_of(repeat, lambda a=articles: group_articles(a))
        row: dict[str, Any] = {
            "articles": n,
            "stories": len(set(labels)),
            "seconds": seconds,
            "runs": times,
            **_prf(groups, labels),
        }
        if n == 2_000:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "articles.jsonl"
                _write_jsonl(articles, path)
                with_reading, _, _ = _best_of(
                    repeat, lambda p=path: group_articles(read_inputs([p]).articles)
                )
            row["seconds_with_reading"] = with_reading
        _log(f"          {seconds:.2f} s, B-cubed F1 {row['f1']:.4f}")
        rows.append(row)
    slope = float(
        np.polyfit(np.log([r["articles"] for r in rows]), np.log([r["seconds"] for r in rows]), 1)[
            0
        ]
    )
    return {"rows": rows, "exponent": slope}


# ---------------------------------------------------------------------------------- report


def machine() -> dict[str, Any]:
    versions = {}
    for package in ("numpy", "scipy", "scikit-learn"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "load_average_at_start": list(os.getloadavg()),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _pct(x: float) -> str:
    return f"{100 * x:.2f}"


def render_markdown(results: dict[str, Any]) -> str:
    """The story-grouping section of docs/benchmarks.md, from ``stories.json``."""
    m = results["machine"]
    out = [
        "## Story grouping",
        "",
        "B-cubed precision / recall / F1 (%) of grouping pooled, shuffled articles into stories "
        "(each gold cluster is one story). **tomtat** uses fixed settings chosen on AbMuSu train "
        "and the odd-numbered VN-MDS clusters (docs/stories.md); the **baseline** is TF-IDF "
        "(syllable uni+bigrams) with scikit-learn average-link `AgglomerativeClustering` "
        "(cosine) whose distance threshold is tuned on each pool itself, an oracle setting "
        "no user could pick. Seconds: grouping only, corpora already read; best of "
        f"{results['config']['runs']} runs for tomtat. Machine: {m['cores']} cores, "
        f"Python {m['python']}.",
        "",
        "| pool | articles | stories | system | P | R | F1 | groups | seconds |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for q in results["quality"]:
        for key in ("tomtat", "baseline"):
            r = q[key]
            name = "**tomtat**" if key == "tomtat" else f"baseline (threshold {r['threshold']})"
            out.append(
                f"| {q['pool']} | {q['articles']} | {q['stories']} | {name} | "
                f"{_pct(r['precision'])} | {_pct(r['recall'])} | {_pct(r['f1'])} | "
                f"{r['groups']} | {r['seconds']:.2f} |"
            )
    out += [
        "",
        f"### Incremental (`StoryIndex.add`, batches of {results['config']['batch']})",
        "",
        "| pool | one-shot F1 | incremental F1 (final index) | F1 of ids as returned by add "
        "| articles moved after add | seconds (all adds) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results["incremental"]:
        out.append(
            f"| {r['pool']} | {_pct(r['one_shot']['f1'])} | "
            f"{_pct(r['incremental_final']['f1'])} | {_pct(r['incremental_as_added']['f1'])} | "
            f"{_pct(r['moved_after_add'])}% | {r['seconds']:.2f} |"
        )
    s = results["scaling"]
    out += [
        "",
        "### Scaling",
        "",
        "Synthetic pools resampled from the shared clusters (sentences of one cluster's "
        f"articles make a new article; {STORY_MEAN} articles per story on average; a "
        f"cluster gives a new story every {EPOCH_DAYS} days). Grouping time from `Article` "
        f"objects; growth exponent (log-log slope) **{s['exponent']:.2f}**.",
        "",
        "| articles | stories | seconds | with reading JSONL | B-cubed F1 |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in s["rows"]:
        reading = f"{r['seconds_with_reading']:.2f}" if "seconds_with_reading" in r else ""
        out.append(
            f"| {r['articles']:,} | {r['stories']:,} | {r['seconds']:.2f} | {reading} | "
            f"{_pct(r['f1'])} |"
        )
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-n", type=int, default=SIZES[-1])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not (args.data / "vnmds").is_dir():
        parser.exit(1, f"no VN-MDS data under {args.data}\n")
    results: dict[str, Any] = {
        "machine": machine(),
        "config": {"runs": args.runs, "batch": BATCH, "seed": SEED},
    }
    _log("reading corpora")
    start = time.perf_counter()
    pools, clusters = load_pools(args.data)
    results["config"]["read_seconds"] = time.perf_counter() - start
    results["quality"] = []
    for pool in pools:
        _log(f"quality: {pool.name} ({len(pool.articles)} articles)")
        row = quality(pool, args.runs)
        _log(f"          tomtat F1 {row['tomtat']['f1']:.4f}; tuning the baseline")
        row["baseline"] = baseline(pool)
        _log(f"          baseline F1 {row['baseline']['f1']:.4f}")
        results["quality"].append(row)
    results["incremental"] = []
    for pool in (pools[0], pools[2]):
        _log(f"incremental: {pool.name}")
        results["incremental"].append(incremental(pool))
    src = sources(clusters)
    results["scaling"] = scaling(src, [n for n in SIZES if n <= args.max_n], args.runs)
    results["machine"]["load_average_at_end"] = list(os.getloadavg())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(render_markdown(results))


if __name__ == "__main__":
    main()
