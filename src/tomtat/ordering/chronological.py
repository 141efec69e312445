"""Order picks by their article's publication time, then by position in the article.

Stories unfold over time, so earlier reports come first. An article without a time (a plain
``.txt`` file has none) stands at its news day, the day its text mentions most; articles with
neither keep the order they were given in, after the others. A ``--fill`` summary's overflow
sentence (the one past the budget) always comes last, and a summary never opens with a
sentence that leans on one before it ("Trước đó, ...", "Như vậy, ...") when another can.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta, timezone

import numpy as np

from tomtat.models import Document
from tomtat.scoring.representation import Cluster

_VIETNAM = timezone(timedelta(hours=7))


def local_time(moment: datetime) -> datetime:
    """``moment`` as naive Vietnam time, so naive and aware times compare (naive times in
    Vietnamese news are local time)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(_VIETNAM).replace(tzinfo=None)


def reading_times(documents: list[Document]) -> list[datetime | None]:
    """Each document's publication time (naive local), else noon of its news day, else None.

    The news day is the stated day the text mentions most, the latest on a tie ("hôm 13/9"
    told three times beats a deadline "trước ngày 20/11" told once). A day without a year
    takes the story's: the latest publication time's, else the year most stated with a day.
    """
    from tomtat.timeline.dates import find_dates  # the timeline package imports ordering

    dated = [local_time(d.published) for d in documents if d.published is not None]
    anchor = max(dated, default=None)
    mentioned: list[Counter[tuple[int | None, int, int]]] = []
    for d in documents:
        days: Counter[tuple[int | None, int, int]] = Counter()
        if d.published is None:
            for m in find_dates(d.text, anchor):
                # "hôm qua" would only echo the anchor back: stated days alone say when
                if m.precision == "day" and m.month and m.day and not m.relative:
                    days[(m.year, m.month, m.day)] += 1
        mentioned.append(days)
    stated: Counter[int] = Counter()
    for days in mentioned:
        for (year, _, _), count in days.items():
            if year:
                stated[year] += count
    story_year = anchor.year if anchor else (stated.most_common(1)[0][0] if stated else 2000)
    times: list[datetime | None] = []
    for d, days in zip(documents, mentioned, strict=True):
        if d.published is not None:
            times.append(local_time(d.published))
            continue
        by_day: Counter[tuple[int, int, int]] = Counter()
        for (year, month, day), count in days.items():
            by_day[(year or story_year, month, day)] += count
        valid = [(count, key) for key, count in by_day.items() if _is_day(*key)]
        times.append(datetime(*max(valid)[1], 12) if valid else None)
    return times


def _is_day(year: int, month: int, day: int) -> bool:
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return True


def document_rank(documents: list[Document]) -> list[int]:
    """Rank of each document by publication time (0 = first); undated ones keep the given
    order after the dated. The ranker's features use this order: on undated training
    stories (AbMuSu) the given order is informative and news days cost 1 point of ROUGE-2."""
    return _rank([local_time(d.published) if d.published else None for d in documents])


def reading_rank(documents: list[Document]) -> list[int]:
    """Rank of each document in the order a summary tells the story, by :func:`reading_times`."""
    return _rank(reading_times(documents))


def _rank(times: list[datetime | None]) -> list[int]:
    keys = [(t is None, t or datetime.min, i) for i, t in enumerate(times)]
    order = sorted(range(len(times)), key=lambda i: keys[i])
    rank = [0] * len(times)
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


def _leans_back(text: str) -> bool:
    return bool(_LEANS_BACK.match(text))


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
    rank = reading_rank(cluster.documents)
    keys = [(rank[s.doc_index], s.position) for s in cluster.sentences]

    def first_report(i: int) -> tuple[int, int]:
        if duplicates is None:
            return keys[i]
        return min([keys[i], *(keys[j] for j in np.flatnonzero(duplicates[i]))])

    ordered = sorted((i for i in picks if i != last), key=lambda i: (first_report(i), i))
    if ordered and _leans_back(cluster.sentences[ordered[0]].text):
        opener = next((i for i in ordered if not _leans_back(cluster.sentences[i].text)), None)
        if opener is not None:  # the earliest sentence that stands on its own opens
            ordered.remove(opener)
            ordered.insert(0, opener)
    return ordered if last is None or last not in picks else [*ordered, last]
