"""Quality benchmark: ``python benchmarks/quality.py`` (writes benchmarks/results/quality.json).

Scores, on VN-MDS (149 dev clusters) and AbMuSu train (200 clusters), at 180 syllables with
``--fill``: the default learned method by 5-fold cluster-level cross-validation (each fold's
model trained on the other folds of BOTH corpora; a cluster is never scored by a model that
saw it), tomtat's untrained methods, and the peers (LEAD, LEAD-RR, sumy LexRank, oracle), all
in one process on the same normalized documents. ``benchmarks/report.py`` renders the
results into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tomtat.evaluation import load_abmusu, load_vnmds
from tomtat.evaluation.crossval import cross_validated_summaries, fold_of
from tomtat.evaluation.runner import evaluate, format_table
from tomtat.models import Budget
from tomtat.scoring.training import prepare

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
FOLDS = 5
UNTRAINED = ("lead", "centroid", "lexrank", "coverage")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--budget", type=int, default=180)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "quality.json"
    )
    args = parser.parse_args()
    vnmds_path, abmusu_path = args.data / "vnmds", args.data / "abmusu" / "train.jsonl"
    if not vnmds_path.is_dir() or not abmusu_path.is_file():
        sys.exit(f"quality.py: shared data not found under {args.data}")
    corpora = {"VN-MDS dev": load_vnmds(vnmds_path), "AbMuSu train": load_abmusu(abmusu_path)}
    prepared = {name: prepare(clusters) for name, clusters in corpora.items()}
    folds = {name: fold_of(len(p), FOLDS) for name, p in prepared.items()}
    budget = Budget(args.budget, "syllables", fill=True)
    reports = []
    for name, clusters in corpora.items():
        (other,) = [n for n in corpora if n != name]

        def cross_validated(_clusters, name=name, other=other):
            return cross_validated_summaries(
                prepared[name],
                budget,
                folds=FOLDS,
                extra_train=prepared[other],
                extra_folds=folds[other],
            )

        start = time.perf_counter()
        report = evaluate(
            name,
            clusters,
            methods=UNTRAINED,
            budget=args.budget,
            extra_systems={f"tomtat default ({FOLDS}-fold CV)": cross_validated},
        )
        print(format_table(report), f"\n({time.perf_counter() - start:.0f} s)\n", flush=True)
        reports.append(report.to_dict())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(reports, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
