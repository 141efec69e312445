"""How well does a story's title name it? Story titles against VN-MDS cluster names.

Usage (from the repository root, with the venv active)::

    python benchmarks/titles.py [--data ../shared/data/vnmds]

Each VN-MDS cluster carries a ``CLUSTER NAME`` (the aggregator's name for the story, e.g.
"Phe đối lập Campuchia lại biểu tình"). For every cluster the title ``tomtat stories`` gives
(``story_title``: the article title sharing most syllables with the others) and simple
alternatives are scored by ROUGE-1 F1 on syllables against that name; "best article title"
is the best any one article's title reaches.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "vnmds"


def rouge1_f1(candidate: str, reference: str) -> float:
    from tomtat.segmentation.words import syllables

    a, b = Counter(syllables(candidate.lower())), Counter(syllables(reference.lower()))
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        sys.exit(f"{args.data}: VN-MDS not found (pass --data)")

    from tomtat.documents import build_documents
    from tomtat.evaluation.datasets import load_vnmds
    from tomtat.models import Document
    from tomtat.ordering.chronological import document_rank
    from tomtat.stories.pipeline import story_title

    def by_time(docs: list[Document]) -> list[str]:
        rank = document_rank(docs)
        return [d.title or "" for _, d in sorted(zip(rank, docs, strict=True), key=lambda p: p[0])]

    strategies: dict[str, Callable[[list[Document]], str]] = {
        "tomtat (most syllables shared with the other titles)": lambda d: story_title(d, ""),
        "earliest article's title": lambda d: by_time(d)[0],
        "latest article's title": lambda d: by_time(d)[-1],
        "shortest title": lambda d: min((x.title for x in d if x.title), key=len),
    }
    scores: dict[str, list[float]] = {name: [] for name in [*strategies, "best article title"]}
    for cluster in load_vnmds(args.data):
        info = next((args.data / f"cluster_{cluster.id}").glob("cluster_*.info.txt"), None)
        found = re.search(r"CLUSTER NAME:\s*(.+)", info.read_text("utf-8")) if info else None
        docs, _ = build_documents(cluster.articles)
        if found is None or not any(d.title for d in docs):
            continue
        name = found.group(1).strip()
        for label, choose in strategies.items():
            scores[label].append(rouge1_f1(choose(docs), name))
        scores["best article title"].append(max(rouge1_f1(d.title or "", name) for d in docs))
    count = len(scores["best article title"])
    print(f"ROUGE-1 F1 of story titles against VN-MDS cluster names ({count} clusters)")
    for label, values in scores.items():
        print(f"  {100 * statistics.mean(values):5.1f}  {label}")


if __name__ == "__main__":
    main()
