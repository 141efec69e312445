"""Order picks by their article's publication time, then by position in the article.

Stories unfold over time, so earlier reports come first; articles without a time keep the
order they were given in, after the dated ones. A ``--fill`` summary's overflow sentence
(the one past the budget) always comes last, and a summary never opens with a sentence that
leans on one before it ("Trước đó, ...", "Như vậy, ...") when another can open it.
"""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np

from tomtat.models import Document
from tomtat.readers.dates import local_time
from tomtat.scoring.representation import Cluster


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


# Openers that lean on a sentence before them ("Trước đó, ...", "Như vậy, ...", "Đây là ..."):
# a summary must not start with one.
_LEANS_BACK = re.compile(
    r"(?:Trước đó|Sau đó|Khi đó|Lúc đó|Như vậy|Tuy nhiên|Tuy vậy|Do đó|Vì vậy|Vì thế|Bởi vậy|"
    r"Ngoài ra|Bên cạnh đó|Trong khi đó|Theo đó|Đồng thời|Mặt khác|Cụ thể|Có nghĩa là|"
    r"Đây là|Đó là|Điều này|Việc này|Ông này|Bà này|Người này|Nhưng|Còn|Và|Cũng)\b"
)


# "Con số này …", "Theo nguồn tin này, …", "Qua đó, …", "Điều đó …": a noun phrase closed by
# a demonstrative in the first words points at something said before.
_POINTS_BACK = re.compile(r"(?:[^\s,.;:]+\s+){1,3}(?:này|đó|ấy)\b")
# ... except "this" time, which points at now: "Tuần này,", "Tháng 9 này", "Thời điểm này"
_NOW = re.compile(
    r"(?:tuần|tháng|năm|ngày|hôm|sáng|trưa|chiều|tối|đêm|thời điểm|lúc|dịp|mùa|kỳ|phiên|quý|"
    r"chủ nhật|thứ)\b[^,.;:]*\bnày$",
    re.IGNORECASE,
)


def leans_back(text: str) -> bool:
    if _LEANS_BACK.match(text):
        return True
    pointing = _POINTS_BACK.match(text)
    return bool(pointing) and not _NOW.search(pointing.group())


def chronological_order(
    cluster: Cluster,
    picks: list[int],
    *,
    last: int | None = None,
    duplicates: np.ndarray | None = None,
) -> list[int]:
    """``picks`` by article time, then position; ``last`` (the sentence a ``--fill`` summary
    adds past its budget) goes at the end, so cutting at the budget drops the least
    important words rather than a better sentence that happens to come later in time.

    With ``duplicates`` (the near-duplicate matrix), a sentence stands where its earliest
    copy does: picks taken from a syndicated copy of an article keep that article's order.
    """
    rank = document_rank(cluster.documents)
    keys = [(rank[s.doc_index], s.position) for s in cluster.sentences]

    def first_report(i: int) -> tuple[int, int]:
        if duplicates is None:
            return keys[i]
        return min([keys[i], *(keys[j] for j in np.flatnonzero(duplicates[i]))])

    ordered = sorted((i for i in picks if i != last), key=lambda i: (first_report(i), i))
    if ordered and leans_back(cluster.sentences[ordered[0]].text):
        opener = next((i for i in ordered if not leans_back(cluster.sentences[i].text)), None)
        if opener is not None:  # the earliest sentence that stands on its own opens
            ordered.remove(opener)
            ordered.insert(0, opener)
    return ordered if last is None or last not in picks else [*ordered, last]
