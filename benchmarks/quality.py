"""Quality benchmark: ``python benchmarks/quality.py`` (writes benchmarks/results/quality.json).

Scores, on VN-MDS (149 dev clusters) and AbMuSu train (200 clusters), at 180 syllables with
``--fill``: the default learned method by 5-fold cluster-level cross-validation (each fold's
model trained on the other folds of BOTH corpora; a cluster is never scored by a model that
saw it), tomtat's untrained methods, and the peers (LEAD, LEAD-RR, sumy LexRank, oracle), all
in one process on the same normalized documents. The default's CV is then repeated over
other fold assignments (``REPEATS`` in all): one split moves by about half a point with
the luck of the folds, so the mean over splits is the number to compare. Then the same
stories grown to 6, 10 and 15 articles with synthetic re-reports
(``tomtat.evaluation.synthetic``): does the default hold up as articles per story grow?
``benchmarks/report.py`` renders the results into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

from tomtat.documents import build_documents
from tomtat.evaluation import load_abmusu, load_vnmds
from tomtat.evaluation.crossval import cross_validated_summaries, fold_of
from tomtat.evaluation.runner import evaluate, format_table
from tomtat.evaluation.synthetic import grow_story
from tomtat.models import Budget
from tomtat.scoring.training import prepare

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
FOLDS = 5
REPEATS = 5  # fold assignments (seeds 0..4) of the repeated CV; seed 0 is the main table's
UNTRAINED = ("lead", "centroid", "lexrank", "coverage")
GROWN_METHODS = ("lead", "coverage")
GROWN_PEERS = ("LEAD", "LEAD-RR", "oracle")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--budget", type=int, default=180)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "quality.json"
    )
    parser.add_argument(
        "--sizes",
        type=lambda v: [int(x) for x in v.split(",") if x],
        default=[6, 10, 15],
        help="articles per story for the grown-story check (comma-separated; '' to skip)",
    )
    parser.add_argument(
        "--segmenters",
        type=lambda v: [x for x in v.split(",") if x],
        default=[s for s in ("pyvi", "underthesea") if importlib.util.find_spec(s) is not None],
        help="word segmenters to compare with syllables (default: installed ones; '' to skip)",
    )
    args = parser.parse_args()
    vnmds_path, abmusu_path = args.data / "vnmds", args.data / "abmusu" / "train.jsonl"
    if not vnmds_path.is_dir() or not abmusu_path.is_file():
        sys.exit(f"quality.py: shared data not found under {args.data}")
    corpora = {"VN-MDS dev": load_vnmds(vnmds_path), "AbMuSu train": load_abmusu(abmusu_path)}
    prepared = {name: prepare(clusters, corpus=name) for name, clusters in corpora.items()}
    budget = Budget(args.budget, "syllables", fill=True)
    reports = []

    def cross_validated(
        name: str, source: dict = prepared, inputs: list | None = None, seed: int = 0
    ):
        """The default method on corpus ``name`` by CV, trained with the other corpus too
        (its clusters of the test fold left out: fold ``seed``'s assignment of both)."""
        (other,) = [n for n in corpora if n != name]
        return lambda _clusters: cross_validated_summaries(
            source[name],
            budget,
            folds=FOLDS,
            extra_train=source[other],
            extra_folds=fold_of(len(source[other]), FOLDS, seed),
            inputs=inputs,
            seed=seed,
        )

    def default_only(name: str, clusters: list, label: str, system, **options):
        """Only the default (by ``system``, a CV run), no other method or peer."""
        return evaluate(
            name,
            clusters,
            methods=(),
            peers=(),
            budget=args.budget,
            extra_systems={label: system},
            **options,
        )

    cv_label = f"tomtat default ({FOLDS}-fold CV)"
    first_split: dict[str, float] = {}  # the default's R2-F by corpus, fold assignment 0
    for name, clusters in corpora.items():
        start = time.perf_counter()
        report = evaluate(
            name,
            clusters,
            methods=UNTRAINED,
            budget=args.budget,
            extra_systems={cv_label: cross_validated(name)},
        )
        print(format_table(report), f"\n({time.perf_counter() - start:.0f} s)\n", flush=True)
        reports.append(report.to_dict())
        first_split[name] = _default_r2(reports[-1])
    for name, clusters in corpora.items():
        scores = [first_split[name]]
        for seed in range(1, REPEATS):
            report = default_only(name, clusters, cv_label, cross_validated(name, seed=seed))
            scores.append(_default_r2(report.to_dict()))
        print(f"{name}: repeated CV R2-F {scores}", flush=True)
        reports.append({"corpus": name, "repeated_cv": {"seeds": REPEATS, "r2_f": scores}})
    # word segmentation: the same CV with pyvi words added to the sentence vectors
    for segmenter in args.segmenters:
        seg_prepared = {n: prepare(c, segmenter=segmenter, corpus=n) for n, c in corpora.items()}
        for name, clusters in corpora.items():
            label = f"tomtat default, --segmenter {segmenter} ({FOLDS}-fold CV)"
            system = cross_validated(name, seg_prepared)
            report = default_only(name, clusters, label, system, segmenter=segmenter)
            print(format_table(report), flush=True)
            reports.append(report.to_dict() | {"segmenter": segmenter})
    for size in args.sizes:
        for name, clusters in corpora.items():
            grown = [grow_story(c, size) for c in clusters]
            by_id = {c.id: build_documents(c.articles)[0] for c in grown}
            inputs = [by_id[p.id] for p in prepared[name]]
            start = time.perf_counter()
            report = evaluate(
                f"{name}, grown to {size} articles",
                grown,
                methods=GROWN_METHODS,
                peers=GROWN_PEERS,
                budget=args.budget,
                extra_systems={cv_label: cross_validated(name, inputs=inputs)},
            )
            print(format_table(report), f"\n({time.perf_counter() - start:.0f} s)\n", flush=True)
            reports.append(report.to_dict() | {"articles_per_story": size})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(reports, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")


def _default_r2(report: dict) -> float:
    (row,) = [r for r in report["results"] if r["system"].startswith("tomtat default")]
    return row["rouge2"]["f"]


if __name__ == "__main__":
    main()
