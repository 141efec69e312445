"""Read the dateline a plain-text article carries on a line of its own.

A news page copied into a ``.txt`` keeps the line the site printed beside the title
(``Thứ bảy, 15/11/2026, 08:30 (GMT+7)``, ``Cập nhật: 15/11/2026 08:30``), and it is the only
publication time such a file has. Without it an article cannot be placed in time among dated
ones, nor can its "hôm qua" be resolved.
"""

from __future__ import annotations

import re
from datetime import datetime

from tomtat.models import Article
from tomtat.normalization.desegment import desegment, is_segmented
from tomtat.normalization.unicode import to_nfc
from tomtat.readers.dates import parse_published

# The first lines (title, sapo, dateline) hold it, or else the very last one (after a byline).
_HEAD_LINES = 4
_LONGEST = 80
# A full calendar date must be written: a bare time or "13/9" is no dateline.
_FULL_DATE = re.compile(
    r"(?<!\d)(?:\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}"
    r"|\d{1,2}\s*tháng\s*\d{1,2}\s*(?:năm\s*|,\s*)?\d{4})(?!\d)",
    re.IGNORECASE,
)
# Sites print their name before the weekday ("Dân trí Chủ nhật, 15/11/2026 - 06:00") or the
# section beside the date ("15/11/2026 08:30 | Xã hội"): up to four words of letters.
_LABEL = r"[^\W\d_]+(?:[\s.\-]+[^\W\d_]+){0,3}"
_WEEKDAY = re.compile(
    r"(?<![^\W\d_])(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật)(?![^\W\d_])",
    re.IGNORECASE,
)
_OUTLET = re.compile(rf"{_LABEL}\s*[\-–—:|]?\s*")
_SECTION_AFTER = re.compile(rf"\s*\|\s*{_LABEL}\s*$")
_SECTION_BEFORE = re.compile(rf"^\s*{_LABEL}\s*\|\s*")


def split_dateline(text: str) -> tuple[str, datetime | None]:
    """``text`` without its dateline line(s), and the publication time they state.

    A dateline is a short line that is nothing but a full date (weekday, time, time zone and
    words such as "Cập nhật" allowed) among the first four non-empty lines, or else the last
    one. A date line after a line ending in ":" is an item of a list (a match schedule), not
    a dateline. The first one wins (a page prints the publication before the update); the
    dateline lines are removed, the other lines kept as they were. In word-segmented text
    (``Thứ_bảy , 14 / 11 / 2026 - 07 : 45``) a line is desegmented before it is read. Text
    without one is returned unchanged with ``None``.
    """
    lines = text.splitlines(keepends=True)
    filled = [n for n, line in enumerate(lines) if line.strip()]
    if len(filled) < 2:
        return text, None
    segmented = is_segmented(text)
    found = [
        (n, when) for n in filled[:_HEAD_LINES] if (when := _dateline(lines, n, filled, segmented))
    ]
    if not found and len(filled) > _HEAD_LINES:
        last = filled[-1]
        when = _dateline(lines, last, filled, segmented)
        # the line before it a date too: the end of a list of dates, not a dateline
        if when is not None and _date_line(lines[filled[-2]], segmented) is None:
            found = [(last, when)]
    if not found or len(found) == len(filled):
        return text, None
    dropped = {n for n, _ in found}
    kept = "".join(line if n not in dropped else _line_end(line) for n, line in enumerate(lines))
    return kept, found[0][1]


def plain_text_article(text: str, article_id: str, origin: str) -> Article:
    """An article read from plain text: the whole text, its dateline as publication time."""
    body, published = split_dateline(text)
    return Article(text=body, id=article_id, origin=origin, published=published)


def _dateline(lines: list[str], n: int, filled: list[int], segmented: bool) -> datetime | None:
    before = filled.index(n) - 1
    if before >= 0 and lines[filled[before]].rstrip().endswith(":"):
        return None
    return _date_line(lines[n], segmented)


def _date_line(line: str, segmented: bool = False) -> datetime | None:
    if segmented and "_" in line:
        # normalization desegments the text only after this: "Thứ_bảy" is no weekday yet
        line = desegment(line)[0]
    line = to_nfc(line).strip()  # NFD, zero-width spaces
    if len(line) > _LONGEST or not _FULL_DATE.search(line):
        return None
    return parse_published(line) or parse_published(_without_labels(line))


def _without_labels(line: str) -> str:
    line = _SECTION_BEFORE.sub("", _SECTION_AFTER.sub("", line))
    weekday = _WEEKDAY.search(line)
    if weekday and weekday.start() > 0 and _OUTLET.fullmatch(line[: weekday.start()]):
        line = line[weekday.start() :]
    return line


def _line_end(line: str) -> str:
    # Keep the line break so that paragraphs and a title line stay where they were.
    return line[len(line.rstrip("\r\n")) :]
