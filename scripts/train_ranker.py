"""Retrain the shipped sentence scorer: ``python scripts/train_ranker.py``.

Trains on every cluster of VN-MDS and AbMuSu (the shared data beside the repo) and writes
``src/tomtat/resources/ranker.npz``. Cross-validated numbers come from
``python benchmarks/quality.py``, which never tests on a training cluster.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tomtat.evaluation import load_abmusu, load_vnmds
from tomtat.scoring.training import fit, prepare

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vnmds", type=Path, default=SHARED / "vnmds")
    parser.add_argument("--abmusu", type=Path, default=SHARED / "abmusu" / "train.jsonl")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "src" / "tomtat" / "resources" / "ranker.npz"
    )
    args = parser.parse_args()
    start = time.perf_counter()
    prepared = prepare(load_vnmds(args.vnmds), corpus="vnmds") + prepare(
        load_abmusu(args.abmusu), corpus="abmusu"
    )
    model = fit(prepared)
    model.save(args.out)
    sentences = sum(len(p.cluster) for p in prepared)
    print(
        f"trained on {len(prepared)} clusters, {sentences} sentences in "
        f"{time.perf_counter() - start:.1f} s -> {args.out} ({args.out.stat().st_size} bytes)"
    )


if __name__ == "__main__":
    main()
