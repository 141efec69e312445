"""The clock time a sentence gives its dated event: "23 giờ đêm 14/11", "lúc 23h ngày 14/11",
"17h chiều 10/7", "ngày 14/7, lúc 19h30 tối".

Two outlets' reports of one day that give their event the same clock time report one event,
whatever their words: on VN-MDS and AbMuSu, all 17 pairs of timeline candidates from
different articles that gave the same day and clock time without being near-duplicates told
one event ("khoảng 17h chiều 10/7, anh Đ.L chạy xe máy …" / "vào khoảng 17 giờ ngày 10/7 …
xảy ra vụ va chạm giao thông"). Only a clock written against the sentence's own date counts,
so durations ("sau khoảng 3 giờ"), ranges ("từ 8h đến 17h"), ratios ("1:10") and the hour of
another day's event do not; the part of day makes it a 24-hour clock ("7 giờ tối" is 19:00).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tomtat.segmentation.numbers import digit_numbers
from tomtat.timeline.dates import DateMention

_TIME = r"(\d{1,2})(?:\s*(?:giờ|h)(?:\s*(\d{2})(?:\s*(?:phút|'|’))?)?|:(\d{2}))(?![\w/])"
# not a duration: "trong 48 giờ", "sau 3 giờ", "hơn 10 giờ"
_CLOCK = re.compile(
    r"(?<![\d.,:/])(?<!trong\s)(?<!sau\s)(?<!hơn\s)(?<!gần\s)(?<!suốt\s)(?<!mất\s)" + _TIME,
    re.IGNORECASE,
)
# "từ 8h đến 17h": opening hours, neither end is an event's time
_RANGE = re.compile(r"(?<!\w)từ\s+" + _TIME + r"\s*(?:đến|tới|-|–)\s*" + _TIME, re.IGNORECASE)
# clock, then the date: "23 giờ đêm 14/11" (the date expression holds "đêm", "ngày", ...)
_CLOCK_THEN_DATE = re.compile(r"[\s,]*")
# date, then the clock: "ngày 14/7, lúc 19h30"
_DATE_THEN_CLOCK = re.compile(r"[\s,]*(?:(?:vào|lúc|khoảng)\s+)*", re.IGNORECASE)
_PART_OF_DAY = r"(rạng\s+sáng|sáng|trưa|chiều|tối|đêm|khuya)(?!\w)"
_PART_AFTER_CLOCK = re.compile(r"\s*" + _PART_OF_DAY, re.IGNORECASE)
_PART_IN_DATE = re.compile(_PART_OF_DAY, re.IGNORECASE)
_TOKEN = re.compile(r"\S+")
# a letter glued before digits, or a capital after them: a code, not a quantity ("5km" is one)
_CODE = re.compile(r"[^\W\d_][\-.]?\d|\d[\-.]?[A-ZĐ]")
# a quantity with its unit glued on ("1.200m2", "100MW", "10.000VNĐ") is a number all the same,
# and the unit's digit no number ("m2" in "1.200m2" and "3.000m2" is nothing they share)
_GLUED_UNIT = re.compile(
    r"\d(?:[\d.,]*\d)?(m2|m3|km2|[kmg]wh?|[kmgt]b|usd|vnđ|vnd|eur|ha|kg|km|cm|mm)\W*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class EventClock:
    """A sentence's event time of day on the 24-hour clock."""

    hour: int
    minute: int


def event_clock(text: str, start: int, end: int, date: DateMention) -> EventClock | None:
    """The clock time written against ``date`` (a mention in ``text[start:end]``), if any."""
    ranges = [m.span() for m in _RANGE.finditer(text, start, end)]
    for match in _CLOCK.finditer(text, start, end):
        if any(a <= match.start() < b for a, b in ranges):
            continue
        before = match.end() <= date.start and _CLOCK_THEN_DATE.fullmatch(
            text, match.end(), date.start
        )
        after = match.start() >= date.end and _DATE_THEN_CLOCK.fullmatch(
            text, date.end, match.start()
        )
        if not (before or after):
            continue
        hour, minute, after_colon = match.groups()
        part = _PART_AFTER_CLOCK.match(text, match.end()) or _PART_IN_DATE.match(date.expression)
        clock = _on_24_hours(int(hour), part.group(1).lower() if part else None)
        if clock is not None:
            return EventClock(clock, int(minute or after_colon or 0))
    return None


def other_numbers(text: str, start: int, end: int, date: DateMention) -> frozenset[str]:
    """The numbers in digits ``text[start:end]`` states besides its date, clock and codes
    (a plate "79B-021.45", "quốc lộ 27C", "BA.4": one report names them, another does not,
    which is no disagreement)."""
    skip = [(date.start, date.end)]
    skip += [m.span() for m in _CLOCK.finditer(text, start, end)]
    for m in _TOKEN.finditer(text, start, end):
        if glued := _GLUED_UNIT.fullmatch(m.group()):
            skip.append((m.start() + glued.start(1), m.end()))
        elif _CODE.search(m.group()):
            skip.append(m.span())
    numbers = digit_numbers(text[start:end])
    return frozenset(
        value
        for a, b, value in numbers
        if not any(s <= start + a and start + b <= e for s, e in skip)
    )


def _on_24_hours(hour: int, part: str | None) -> int | None:
    if hour > 23:
        return None  # "24 giờ qua" is a duration
    if part in ("chiều", "tối") and hour < 12:
        return hour + 12
    if part in ("đêm", "khuya"):
        return 0 if hour == 12 else hour + 12 if 6 <= hour < 12 else hour
    if part == "trưa" and hour < 6:
        return hour + 12
    return hour
