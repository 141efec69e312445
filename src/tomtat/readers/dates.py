"""Parse publication dates as Vietnamese news sites and JSON feeds write them.

Day-first always (``13/9/2023`` is 13 September): Vietnamese sites never write month-first.
Only ``re`` and ``datetime`` are used so that importing the readers stays cheap.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone

# Numbers this large are JavaScript-style millisecond timestamps (1e11 s is the year 5138).
_MILLISECONDS_ABOVE = 1e11
# A timestamp outside 1990-2100 is no news date but another number (a count, a YYYYMMDD
# date, a -1 "unknown"): better undated, with a warning, than dated 1970.
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC).timestamp()
_LATEST = datetime(2100, 1, 1, tzinfo=UTC).timestamp()

_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_YEAR_FIRST = re.compile(r"(?<!\d)(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?!\d)")
_LONG_FORM = re.compile(
    r"(?:ngày\s*)?(?<!\d)(\d{1,2})\s*tháng\s*(\d{1,2})\s*(?:năm\s*|,\s*)?(\d{4})(?!\d)"
)
_ZONE = re.compile(r"\(?\s*(?:gmt|utc)\s*(?:([+\-])\s*(\d{1,2})(?:\s*:?\s*(\d{2}))?)?\s*\)?")
_OFFSET = re.compile(r"(?<![\d:])([+\-])(\d{2}):?(\d{2})(?!\d)")
# "14/11/2026-07:45": a dash joining the time to the date, no UTC offset
_DASHED_TIME = re.compile(r"(?<![\d:])-(\d{2}):?(\d{2})(?!\d)")
_TIME = re.compile(
    r"(?<!\d)(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})?(?:\s*(?::|phút)\s*(\d{2})(?:\s*giây)?)?(?!\d)"
    r"(?:\s*(a\.?m\.?|p\.?m\.?|sa|ch)(?![^\W\d_]))?"
)
# Words that may surround a date without changing it: weekdays, "ngày", "lúc", "cập nhật"...
_FILLER = re.compile(
    r"(?<![^\W\d_])(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|t[2-7]|cn|ngày|lúc|vào"
    r"|cập\s*nhật|đăng(?:\s*tải)?|xuất\s*bản|published|updated|posted|on|at)(?![^\W\d_])"
)
_LEFTOVER_OK = re.compile(r"[\s,;:|/()\[\]\-–—.•·*_]*")
_ENDS_WITH_TIME = re.compile(rf"(?:{_TIME.pattern})\s*$")


VIETNAM = timezone(timedelta(hours=7))  # the zone naive times of Vietnamese news are in
# Publication times are read between these (Vietnam time): "0001-01-01T00:00:00+07:00" is a
# CMS's "no date", and a time past 9999 in Vietnam time is none ``datetime`` holds.
EARLIEST_PUBLISHED = datetime(1800, 1, 1)
PUBLISHED_RANGE = "years 1800–9999"


def local_time(moment: datetime) -> datetime:
    """``moment`` as naive Vietnam time, so naive and aware times compare (naive times in
    Vietnamese news are local time). At the ends of ``datetime``'s range, where the time in
    Vietnam is past what it holds, the end itself."""
    offset = moment.utcoffset()
    if offset is None:
        return moment.replace(tzinfo=None)
    # by the offsets, not astimezone: that passes through UTC, which 0001-01-01T00:00+07:00
    # is out of
    shift = VIETNAM.utcoffset(None) - offset
    try:
        return moment.replace(tzinfo=None) + shift
    except OverflowError:
        return datetime.min if shift < timedelta(0) else datetime.max


def in_published_range(moment: datetime) -> bool:
    """Whether ``moment`` lies in ``PUBLISHED_RANGE`` in Vietnam time (then its UTC time,
    7 hours earlier, is one ``datetime`` holds too)."""
    return EARLIEST_PUBLISHED <= local_time(moment) < datetime.max


def parse_published(value: str | int | float | datetime | date | None) -> datetime | None:
    """Parse a publication date, or return ``None`` if ``value`` is empty or not a date.

    Accepts ``datetime``/``date``, ISO 8601, RFC 2822, Unix timestamps (seconds or
    milliseconds between 1990 and 2100, returned as aware UTC), an 8-digit ``YYYYMMDD``
    number and the Vietnamese forms news sites print (``Thứ sáu, 20/5/2016 - 11:03``,
    ``20/05/2016 11:03 SA``, ``14/11/2026-07:45``, ``... (GMT+7)``). The result is naive
    unless the value names a time zone. A time outside ``PUBLISHED_RANGE`` is no
    publication time (``None``; :func:`published_out_of_range` tells it apart).
    """
    moment = _parse(value)
    return moment if moment is not None and in_published_range(moment) else None


def published_out_of_range(value: str | int | float | datetime | date | None) -> bool:
    """Whether ``value`` is a readable date that ``parse_published`` refuses for its range."""
    moment = _parse(value)
    return moment is not None and not in_published_range(moment)


def refused_date(what: str, value: str | int | float | datetime | date, shown: str) -> str:
    """How a warning names a date ``parse_published`` refused: ``{what} "{shown}" out of
    range (years 1800–9999)``, or ``unreadable {what} "{shown}"``."""
    if published_out_of_range(value):
        return f'{what} "{shown}" out of range ({PUBLISHED_RANGE})'
    return f'unreadable {what} "{shown}"'


def _parse(value: str | int | float | datetime | date | None) -> datetime | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, int) and 10_000_000 <= value <= 99_999_999:
        # 20261003: a date written as a number, as the string "20261003" reads
        return _from_iso(str(value)) or _from_timestamp(value)
    if isinstance(value, int | float):
        return _from_timestamp(value)
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        return None
    if text.isdigit() and len(text) >= 9:
        return _from_timestamp(int(text))
    if text[0] in "-+−" and text[1:2].isdigit():
        return None  # "-2020-01-01" is a year before Christ, not 2020 found inside it
    return _from_iso(text) or _from_vietnamese(text) or _from_rfc2822(text)


def _from_timestamp(value: int | float) -> datetime | None:
    if not math.isfinite(value):
        return None
    if abs(value) > _MILLISECONDS_ABOVE:
        value = value / 1000
    if not _EARLIEST <= value < _LATEST:
        return None
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _from_iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _from_rfc2822(text: str) -> datetime | None:
    # Imported here: only RSS-style dates need it.
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _from_vietnamese(text: str) -> datetime | None:
    rest = text.casefold()

    day_month_year: tuple[int, int, int] | None = None
    for pattern, order in ((_LONG_FORM, "dmy"), (_YEAR_FIRST, "ymd"), (_DAY_FIRST, "dmy")):
        found = list(pattern.finditer(rest))
        if not found:
            continue
        if len(found) > 1:
            return None  # two dates: we cannot tell which one is meant
        a, b, c = (int(g) for g in found[0].groups())
        day_month_year = (a, b, c) if order == "dmy" else (c, b, a)
        rest = _cut(rest, found[0])
        break
    if day_month_year is None:
        return None

    tz: timezone | None = None
    zone = _ZONE.search(rest) or _offset(rest)
    if zone:
        tz = _zone(zone)
        rest = _cut(rest, zone)

    hour = minute = second = 0
    times = list(_TIME.finditer(rest))
    if len(times) > 1:
        return None
    if times:
        match = times[0]
        hour, minute, second = (int(g) if g else 0 for g in match.groups()[:3])
        hour = _apply_meridiem(hour, match.group(4))
        rest = _cut(rest, match)
    elif dashed := _DASHED_TIME.search(rest):
        hour, minute = int(dashed.group(1)), int(dashed.group(2))
        rest = _cut(rest, dashed)

    rest = _FILLER.sub(" ", rest)
    if not _LEFTOVER_OK.fullmatch(rest):
        return None  # unknown words left: better no date than a wrong one

    day, month, year = day_month_year
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:
        return None


def _offset(text: str) -> re.Match[str] | None:
    """A numeric UTC offset: ``+07:00`` anywhere, ``-07:00`` only after a time of day
    (``11:03 -07:00``); ``14/11/2026-07:45`` is a time written after a dash."""
    for match in _OFFSET.finditer(text):
        if match.group(1) == "+" or _ENDS_WITH_TIME.search(text[: match.start()]):
            return match
    return None


def _cut(text: str, match: re.Match[str]) -> str:
    return f"{text[: match.start()]} {text[match.end() :]}"


def _zone(match: re.Match[str]) -> timezone | None:
    sign, hours, minutes = match.groups()
    if sign is None:  # bare "GMT"/"UTC"
        return UTC
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    try:
        return timezone(-delta if sign == "-" else delta)
    except ValueError:  # offsets of a day or more
        return None


def _apply_meridiem(hour: int, marker: str | None) -> int:
    """Turn a 12-hour clock with AM/PM (Vietnamese SA/CH) markers into a 24-hour one."""
    if not marker or hour > 12:
        return hour  # "13:00 PM" happens on real sites; the 24-hour reading is the one meant
    afternoon = marker.startswith(("p", "ch"))
    if hour == 12:
        return 12 if afternoon else 0
    return hour + 12 if afternoon else hour
