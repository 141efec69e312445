"""Order picks by their article's publication time, then by position in the article.

Stories unfold over time, so earlier reports come first; articles without a time keep the
order they were given in, after the dated ones. A ``--fill`` summary's overflow sentence
(the one past the budget) always comes last.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tomtat.models import Document
from tomtat.scoring.representation import Cluster

_VIETNAM = timezone(timedelta(hours=7))


def local_time(moment: datetime) -> datetime:
    """``moment`` as naive Vietnam time, so naive and aware times compare (naive times in
    Vietnamese news are local time)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(_VIETNAM).replace(tzinfo=None)


def document_rank(documents: list[Document]) -> list[int]:
    """Rank of each document in reading order (0 = first)."""
    keys = [
        (d.published is None, local_time(d.published) if d.published else datetime.min, i)
        for i, d in enumerate(documents)
    ]
    order = sorted(range(len(documents)), key=lambda i: keys[i])
    rank = [0] * len(documents)
    for r, i in enumerate(order):
        rank[i] = r
    return rank


def chronological_order(
    cluster: Cluster, picks: list[int], *, last: int | None = None
) -> list[int]:
    """``picks`` by article time, then position; ``last`` (the sentence a ``--fill`` summary
    adds past its budget) goes at the end, so cutting at the budget drops the least
    important words rather than a better sentence that happens to come later in time."""
    rank = document_rank(cluster.documents)
    ordered = sorted(
        (i for i in picks if i != last),
        key=lambda i: (rank[cluster.sentences[i].doc_index], cluster.sentences[i].position),
    )
    return ordered if last is None or last not in picks else [*ordered, last]
