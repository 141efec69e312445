"""Find date expressions in Vietnamese news text and resolve them against publication time.

Only expressions with a date cue are read: a trigger word (``hôm``, ``ngày``, ``sáng``…) before
``13/9``, ``tháng`` before a month, ``năm`` before a year, or a full ``13/9/2023``. Bare
``d/m`` numbers are scores, ratios, prices and versions far more often than dates.

A day/month without a year takes its year from publication: the past one, unless the coming
one is within a quarter or the text says it is to come (news mostly reports what already
happened). A year is never borrowed from another date in the text: an article about September
2023 easily mentions "năm 2019" for background, so neighbouring years say nothing reliable.
With neither a year in the expression nor a publication time, the year stays ``None``.

Speed (a few thousand articles a second): the text is lower-cased once and scanned once for
cue words; only the patterns that can start with the cue found are tried there. Matching is
case-sensitive on the lower-cased copy (``re.IGNORECASE`` is several times slower), and the
original text is kept for the one place case matters ("thứ Hai" the weekday, "thứ hai" second).
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Literal

Precision = Literal["day", "month", "year"]
Part = Literal["early", "mid", "late"]

# Naive publication times from Vietnamese sites are local time; aware ones are converted to it.
_VIETNAM = timezone(timedelta(hours=7))
# News reports the past: a bare day/month after publication is read as coming only within a
# quarter ("2/1" in late December), else as the past one ("đêm 12/3" in November is last
# March). Days and months share the horizon; on VN-MDS no bare date was read further ahead.
_FUTURE_DAYS = 92
_FUTURE_MONTHS = 3

_PREV_WORD = re.compile(r"(\w+)\s+$")
_PREV_TOKEN = re.compile(r"(?<!\S)(\S+)\s+$")
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)?")
_RANGE_TOKEN = re.compile(r"\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+(?:[.,]\d+)?)?")
_ALL_DIGITS = re.compile(r"\d+$")

# Words that make the following "tuần trước", "tháng 7", "năm sau"… a duration or a count
# ("hai tuần trước", "3 tháng 7 ngày", "hai tháng sau"), not a date.
_QUANTITY = frozenset(
    {
        *("một", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy", "bẩy", "tám", "chín"),
        *("mười", "mươi", "trăm", "nghìn", "ngàn", "vài", "mấy", "nhiều", "các", "những"),
        *("mỗi", "hàng", "từng", "nửa", "ít"),
    }
)
# Nouns an ordinal "thứ N" follows ("kỳ họp thứ 5", "lần thứ hai", "vòng thứ 3"): there
# "thứ N" is never a weekday.
_ORDINAL_NOUNS = frozenset(
    {
        *("họp", "kỳ", "khóa", "khoá", "lần", "phiên", "đợt", "vòng", "hạng", "trí", "tập"),
        *("chương", "phần", "trận", "hiệp", "mùa", "quý", "người", "con", "bậc", "đời", "hệ"),
        *("thế", "cấp", "số", "điều", "khoản", "mục", "ván", "set", "game", "chặng", "giải"),
        *("tuần", "tháng", "năm", "nhiệm", "hội", "nghị", "đại", "lớp", "nhóm", "đội", "bản"),
    }
)
_MEETINGS = frozenset({"kỳ", "phiên", "cuộc", "buổi"})
# Words before a full d/m/yyyy that make it a document number ("số 12/3/2019").
_DOCUMENT_WORDS = frozenset({"số", "định", "tư", "quyết", "thị", "văn", "luật"})
# Units after a number: "ngày 2-3 lần" is twice or thrice a day, "ngày 1.5 triệu" a price.
_UNITS = (
    r"(?!\s*(?:%|(?:tuổi|lần|người|tiếng|phút|giây|triệu|tỷ|tỉ|nghìn|ngàn|trăm|đồng|usd|km|kg"
    r"|cm|mm|ha|lít|viên|ly|cốc)(?!\w)))"
)
# After a number that ends a date: no more digits, no "13.10,5", no "/NĐ-CP" document suffix.
_NUMBER_END = r"(?!\d|[/.,\-]\d|[/\-][^\W\d_])"
# "ngày 15 tháng 7 âm lịch", "5/6 (âl)": the lunar calendar, no solar date
_NOT_LUNAR = r"(?!\s*(?:\(\s*)?(?:âm\s+lịch|âl)(?!\w))"
_CLAUSE_END = r"(?=\s*(?:[,.;:!?…)\]\"”]|$))"
# "ngày 23/10 tới." looks forward, "tháng 9 vừa qua" back; a bare "tới"/"qua" only counts at a
# clause end or before "tại"/"trên", since "hôm 12/9 tới Nga" is "arrived in Russia on 12/9"
# and "qua" also means "via". "sắp tới" is never a verb.
_HINT = (
    r"(?:\s+(?P<future>sắp\s+tới(?:\s+đây)?(?!\w)|tới(?:\s+đây)?"
    + _CLAUSE_END
    + r"|tới(?=\s+(?:tại|trên)(?!\w)))"
    r"|\s+(?P<past>vừa\s+qua(?!\w)|vừa\s+rồi(?!\w)|qua" + _CLAUSE_END + r")"
    r"|\s+(?P<this>này)(?!\w)"
    # "từ tháng 1 đến nay": since then until now, so then is past
    r"|(?=\s+(?:đến|tới)\s+nay(?!\w))(?P<since>))?"
)
_SENTENCE_END = re.compile(r"[.!?…](?=\s)|\n")
_PLAN = re.compile(r"(?<!\w)(?:sẽ|dự\s+kiến|dự\s+định|kế\s+hoạch|sắp)(?!\w)")
_DONE_OR_SAID = re.compile(
    r"(?<!\w)(?:đã|vừa|từng|rồi|cho\s+biết|cho\s+hay|thông\s+báo|công\s+bố|tuyên\s+bố"
    r"|khẳng\s+định|phát\s+biểu|nói)(?!\w)"
)
_YEAR_REL = r"nay|ngoái|trước|tới|sau"
# "năm sau đó", "tuần trước đó", "năm tiếp theo": counted from the story's own time, which
# publication says nothing about, also after a month, a day or a weekday ("tháng 7 năm sau đó")
_FROM_STORY = r"\s+(?:(?:sau|trước|tới)\s+đó|tiếp\s+theo|kế\s+tiếp)(?!\w)"

_MONTH_WORDS = {
    "mười một": 11,
    "mười hai": 12,
    "mười": 10,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
_MONTH_WORD = "|".join(w.replace(" ", r"\s+") for w in _MONTH_WORDS)
_WEEKDAYS = {"hai": 0, "ba": 1, "tư": 2, "năm": 3, "sáu": 4, "bảy": 5, "bẩy": 5}
_WEEKDAY = r"thứ\s+(?P<wn>hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật"
_PARTS: dict[str, Part] = {"đầu": "early", "giữa": "mid", "cuối": "late"}
_PART = r"(?:(?P<part>đầu|giữa|cuối)\s+)?"
_TIME_OF_DAY = r"rạng\s+sáng|sáng\s+sớm|sáng|trưa|chiều|tối|đêm|khuya"

# "hôm 13/9", "sáng ngày 4-9", "đêm 18 và 19/10", "ngày 13 tháng 9 năm 2023",
# "thứ Hai (13/9)", "hôm nay (22/10)".
_EXPLICIT = re.compile(
    r"(?<!\w)(?:(?:" + _TIME_OF_DAY + r"|hôm|ngày|mùng|mồng)(?:\s+(?:hôm|ngày|mùng|mồng))?"
    r"|(?:" + _WEEKDAY + r")(?P<comma>\s*,)?|(?:hôm\s+(?:nay|qua|kia)|ngày\s+mai)(?=\s*[(\d])"
    r"|(?P<tu>từ))"
    r"(?:\s*(?P<open>\())?(?:\s*(?P<ngay>ngày)(?!\w))?\s*"
    # a range or list of days dated by its first: "18 và 19/10", "15 đến ngày 30/11",
    # "20-21 và 22/10"; not the day-months of "từ 28-8 đến 2-9", read below
    r"(?:(?!\d{1,2}-(?:1[0-2]|0?[1-9])\s*(?:-|–|đến|tới)\s*(?:ngày\s+)?\d{1,2}-\d)"
    r"(?P<first>\d{1,2})(?:\s*(?:,|-|–|và)\s*\d{1,2})*\s*(?:-|–|và|đến|tới)\s*"
    r"(?:ngày\s+)?)?"
    r"(?:(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?:(?P=sep)(?P<y>\d{4}))?"
    # "từ 28/8 đến 2/9", "từ 1/7 - 31/12/2022": dated by its first day too
    r"(?:\s*(?:-|–|đến|tới)\s*(?:ngày\s+)?(?P<ed>\d{1,2})(?P=sep)(?P<em>\d{1,2})"
    r"(?:(?P=sep)(?P<ey>\d{4}))?)?"
    r"|(?P<ld>\d{1,2})\s+tháng\s+(?P<lm>\d{1,2}|" + _MONTH_WORD + r")(?!\w)"
    r"(?:\s*(?:,\s*)?năm\s+(?P<ly>\d{4})|[/.\-](?P<ly2>\d{4}))?)"
    + _NUMBER_END
    + _UNITS
    + _NOT_LUNAR
    + r"(?(open)(?:\s*\))?)"
    r"(?:\s+năm\s+(?:(?P<yrel>" + _YEAR_REL + r")(?!\w)|(?P<y3>\d{4})(?!\d)))?" + _HINT
)
# "13/9/2023", "18.8.2010" with no cue word: three parts are distinctive enough.
_FULL = re.compile(
    r"(?<![\w./\-])(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})" + _NUMBER_END
)
# "tháng 7", "cuối tháng 9", "tháng 4/2019", "tháng 9 năm 2012", "tháng Mười", "tháng 11 năm
# ngoái", "tháng 7-8"; not lunar months ("tháng 7 âm lịch", "tháng Giêng").
_MONTH = re.compile(
    r"(?<!\w)" + _PART + r"tháng\s+(?P<m>\d{1,2}|" + _MONTH_WORD + r")(?!\w)"
    # a range "tháng 7-8", "tháng 4 đến tháng 6": its year, if stated at the end, is the
    # first month's too
    r"(?:(?:\s*(?:[\-–]|đến|tới)\s*(?:tháng\s+)?|/)(?P<m2>\d{1,2})(?!\d|[.,]\d))?"
    r"(?:[/.\-](?P<y>\d{4})(?!\d)|\s+năm\s+(?:(?P<y2>\d{4})(?!\d)|(?P<yrel>" + _YEAR_REL + r")"
    r"(?!\w)))?"
    r"(?![/.\-]\d)" + _NOT_LUNAR + _UNITS + _HINT
)
# "năm 2017", "đầu năm 2019"; not "sinh năm 1975" (an age) or "năm 2000 người".
_YEAR = re.compile(
    r"(?<!\w)" + _PART + r"năm\s+(?P<y>1\d{3}|20\d{2}|21\d{2})(?!\d|[.,]\d)" + _UNITS
)
# "hôm qua", "tối qua", "rạng sáng nay", "ngày mai", "tuần trước", "tháng này", "năm ngoái",
# "cuối năm", "đầu tháng này", "cuối tuần qua".
_RELATIVE = re.compile(
    r"(?<!\w)(?:(?:" + _TIME_OF_DAY + r")\s+(?:hôm\s+)?(?P<tod>nay|qua|mai)"
    r"|(?:ngày\s+)?hôm\s+(?P<hom>nay|qua|kia)|ngày\s+(?P<ngay>mai|kia)"
    r"|" + _PART + r"(?P<unit>tuần|tháng|năm)(?:\s+(?P<rel>này|trước|qua|tới|sau|nay|ngoái"
    r"|sắp\s+tới))?)"
    r"(?!\w)"
)
# "thứ Hai", "sáng thứ 2", "chủ nhật tuần trước", "thứ Sáu tới", "thứ Hai tới đây".
_WEEKDAY_RE = re.compile(
    r"(?<!\w)(?:(?P<tod>" + _TIME_OF_DAY + r"|hôm|vào)\s+)?(?P<weekday>" + _WEEKDAY + r")(?!\w)"
    r"(?:\s+(?P<wrel>tuần\s+(?:sắp\s+tới|này|trước|qua|tới|sau)(?!\w)|vừa\s+qua(?!\w)"
    r"|qua"
    + _CLAUSE_END
    + r"|(?P<soon>sắp\s+tới(?:\s+đây)?|tới\s+đây|tới"
    + _CLAUSE_END
    + r")(?!\w)|(?P<to>tới)(?!\w)))?"
)
# After a weekday, "tới" followed by these is "until"/"to" ("từ thứ Hai tới nay", "từ thứ Hai
# tới thứ Sáu", "tới 3 giờ"), not "next".
_UNTIL = re.compile(
    r"\s+(?:\d|(?:nay|giờ|bây|hôm|ngày|thứ|chủ|tuần|tháng|năm|khi|lúc|hết|tận|đó|cuối|đầu"
    r"|giữa|mùng|mồng|" + _TIME_OF_DAY + r")(?!\w))"
)
_DAY_MONTH_BEFORE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})\s+$")
_AGE = re.compile(r"\s*\d+\s*tuổi")
_BORN = re.compile(r"(?<!\w)sinh\s+(?:ngày\s+)?$")
_OTHER_YEAR = re.compile(r"\s+(?:học|tài\s+chính|tài\s+kh(?:óa|oá)|âm\s+lịch)(?!\w)")
_UNIT_FROM_STORY = re.compile(_FROM_STORY)
_YEAR_FROM_STORY = re.compile(r"\s+năm" + _FROM_STORY)
_WEEK_FROM_STORY = re.compile(r"\s+tuần" + _FROM_STORY)
_DAY_OFFSET = {"nay": 0, "qua": -1, "kia": -2, "mai": 1}
_NGAY_OFFSET = {"mai": 1, "kia": 2}  # "ngày kia" is the day after tomorrow, "hôm kia" before
_UNIT_RELS = {
    "tuần": {"này", "trước", "qua", "tới", "sau"},
    "tháng": {"này", "trước", "tới", "sau"},
    "năm": {"nay", "ngoái", "trước", "tới", "sau"},
}
_OFFSET = {"này": 0, "nay": 0, "trước": -1, "ngoái": -1, "qua": -1, "tới": 1, "sau": 1}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression at ``text[start:end]`` and the date it names, as far as known.

    ``part`` records "đầu/giữa/cuối" (early/mid/late) of the period; it refines ordering but
    not the date itself (``cuối năm 2023`` is ``2023``, precision ``year``). ``relative`` is
    true when the expression counts from the publication time ("hôm qua", "tháng trước",
    "thứ Hai", "tháng 11 năm ngoái"). Without a publication time such a mention keeps only
    what it states: "tháng 11 năm ngoái" is ``--11``, "hôm qua" is unresolved (``iso`` is
    ``None``). ``year_known`` is true exactly when ``year`` is set, from the text or from
    the publication time.
    """

    start: int
    end: int
    expression: str
    year: int | None
    month: int | None
    day: int | None
    precision: Precision
    year_known: bool
    relative: bool
    part: Part | None = None

    @property
    def resolved(self) -> bool:
        return self.iso is not None

    @property
    def iso(self) -> str | None:
        """``2023-09-13``, ``2023-09``, ``2023``; ``--09-13``/``--09`` without a year."""
        if self.precision == "year":
            return None if self.year is None else f"{self.year:04d}"
        if self.month is None:
            return None
        head = "-" if self.year is None else f"{self.year:04d}"
        if self.precision == "day" and self.day is not None:
            return f"{head}-{self.month:02d}-{self.day:02d}"
        return f"{head}-{self.month:02d}"


def find_dates(text: str, published: datetime | None = None) -> list[DateMention]:
    """Date expressions in ``text`` in reading order, resolved against ``published``.

    Where readings overlap, a stated date beats a month or year, which beats a relative
    expression ("hôm nay (22/10)" is 22/10, "tháng 9 năm ngoái" one month, not a month and
    "năm ngoái"); within a kind the earliest, then longest, reading wins.
    """
    anchor = _local_date(published)
    lowered = _lower(text)
    found: list[tuple[int, DateMention]] = []
    for cue in _CUE.finditer(lowered):
        for rank, pattern, read in _BY_CUE.get(cue.group(), _AT_DIGIT):
            match = pattern.match(lowered, cue.start())
            mention = None if match is None else read(match, text, anchor)
            if mention is not None:
                found.append((rank, mention))
    found.sort(key=lambda item: (item[0], item[1].start, item[1].start - item[1].end))
    kept: list[DateMention] = []
    for _, mention in found:
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    kept.sort(key=lambda m: m.start)
    return kept


# -- resolution helpers -----------------------------------------------------------------------


def _lower(text: str) -> str:
    """Lower-case ``text`` keeping every offset (a few characters such as "İ" grow)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _local_date(published: datetime | None) -> date | None:
    if published is None:
        return None
    if published.tzinfo is not None:
        # at the very ends of the datetime range keep the date in its own zone
        with contextlib.suppress(OverflowError, ValueError):
            published = published.astimezone(_VIETNAM)
    return published.date()


def _shift(anchor: date, days: int) -> date | None:
    try:
        return anchor + timedelta(days=days)
    except OverflowError:
        return None


def _is_date(year: int | None, month: int, day: int) -> bool:
    try:
        date(2000 if year is None else year, month, day)  # 2000 is leap: 29/2 may be valid
    except ValueError:
        return False
    return True


def _infer_year(anchor: date, month: int, day: int | None, direction: int) -> int | None:
    """The year of ``day/month`` nearest to ``anchor`` on the side ``direction`` says (-1
    past, 1 future); with 0 the coming one if it is within ``_FUTURE_DAYS``/``_FUTURE_MONTHS``,
    else the latest on or before ``anchor``. ``None`` when no year next to ``anchor`` has the
    date (29/2 around a year without it)."""
    past: tuple[int, int] | None = None  # (delta, year), delta <= 0
    future: tuple[int, int] | None = None  # delta > 0
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if _in_range(year) is None:
            continue
        if day is None:
            delta = (year - anchor.year) * 12 + month - anchor.month  # in months
        elif _is_date(year, month, day):
            delta = (date(year, month, day) - anchor).days
        else:
            continue  # 29/2 outside a leap year
        if delta <= 0 and (past is None or delta > past[0]):
            past = (delta, year)
        elif delta > 0 and (future is None or delta < future[0]):
            future = (delta, year)
    if direction == 0:
        near = future is not None and future[0] <= (_FUTURE_MONTHS if day is None else _FUTURE_DAYS)
        chosen = future if near else past
    elif direction > 0:
        chosen = past if past is not None and past[0] == 0 else future  # "tháng 11 tới" in November
    else:
        chosen = past
    return None if chosen is None else chosen[1]


def _previous_word(lowered: str, start: int) -> str:
    found = _PREV_WORD.search(lowered, max(0, start - 24), start)
    return found.group(1) if found else ""


def _counted(lowered: str, start: int, *, unit: bool = False) -> bool:
    """The expression follows a number or quantity word: a duration, not a date. A number
    is a whole token ("3", "1,5"; a range "3-4" before a ``unit`` such as "tuần trước"): a
    score ("hòa 1-1 tối qua", "thua 0-2 tối 19/11") or a year ("Cúp 2026 tối 19/11") counts
    nothing."""
    if _previous_word(lowered, start) in _QUANTITY:
        return True
    token = _PREV_TOKEN.search(lowered, max(0, start - 24), start)
    number = token.group(1) if token else ""
    if len(number) == 4 and number.isdigit() and 1800 <= int(number) <= 2100:
        return False
    return bool((_RANGE_TOKEN if unit else _NUMBER_TOKEN).fullmatch(number))


def _direction(match: re.Match[str]) -> int:
    if match.group("future"):
        return 1
    if (
        match.group("past")
        or match.group("since") is not None
        or _previous_word(match.string, match.start()) == "hồi"
    ):
        return -1
    return 0


def _planned(lowered: str, start: int, end: int) -> bool:
    """The sentence around ``lowered[start:end]`` tells a plan ("Dự kiến tháng 3, các hiện
    vật sẽ được đóng gói"): nothing in it has happened, and no one is quoted saying it on
    that day ("Ngày 5/9, Bộ cho biết sẽ …")."""
    left = max(
        (m.end() for m in _SENTENCE_END.finditer(lowered, max(0, start - 160), start)),
        default=max(0, start - 160),
    )
    right = _SENTENCE_END.search(lowered, end, end + 160)
    sentence = lowered[left : right.start() if right else end + 160]
    return bool(_PLAN.search(sentence)) and not _DONE_OR_SAID.search(sentence)


def _month_number(token: str) -> int | None:
    if token.isdigit():
        value = int(token)
        return value if 1 <= value <= 12 else None
    return _MONTH_WORDS[" ".join(token.split())]


def _mention(
    match: re.Match[str],
    text: str,
    year: int | None,
    month: int | None,
    day: int | None,
    precision: Precision,
    *,
    relative: bool = False,
    part: Part | None = None,
    end: int | None = None,
) -> DateMention:
    end = match.end() if end is None else end
    return DateMention(
        start=match.start(),
        end=end,
        expression=text[match.start() : end],
        year=year,
        month=month,
        day=day,
        precision=precision,
        year_known=year is not None,
        relative=relative,
        part=part,
    )


def _year_for(
    match: re.Match[str], anchor: date | None, month: int, day: int | None, stated: str | None
) -> int | None:
    """The year of ``day/month`` read by ``match``: ``stated``, else relative to ``anchor``
    ("năm ngoái", "tháng 9 này", "tới"/"vừa qua", a plan), else by ``_infer_year``."""
    if stated:
        return int(stated)
    if anchor is None:
        return None
    if rel := match.group("yrel"):
        return _in_range(anchor.year + _OFFSET[rel])
    if match.group("this"):  # "tháng 9 này": this year's
        return anchor.year
    way = _direction(match)
    year = _infer_year(anchor, month, day, way)
    if way == 0 and year is not None:
        # a plan for a month long past reads as next year's: "Dự kiến tháng 3, … sẽ …" in
        # October is next March (a month back is a report's lag, not a plan)
        months_back = (anchor.year - year) * 12 + anchor.month - month
        if months_back > 1 and _planned(match.string, match.start(), match.end()):
            return _infer_year(anchor, month, day, 1)
    return year


def _in_range(year: int) -> int | None:
    return year if 1 <= year <= 9999 else None


# -- readers: one per pattern, ``None`` when the match is not a date after all ----------------
# ``match`` runs on the lower-cased text (``match.string``); ``text`` is the original.


def _read_explicit(match: re.Match[str], text: str, anchor: date | None) -> DateMention | None:
    if match.group("d"):
        day, month = int(match.group("d")), int(match.group("m"))
        stated = match.group("y") or match.group("ey") or match.group("y3")
    else:
        day, month = int(match.group("ld")), _month_number(match.group("lm")) or 0
        stated = match.group("ly") or match.group("ly2") or match.group("y3")
    if _YEAR_FROM_STORY.match(match.string, max(map(match.end, ("m", "em", "lm")))):
        return None  # "ngày 1/9 năm sau đó", "ngày 5 tháng 10 năm tiếp theo"
    if _born_on(match):
        return None
    first = match.group("first")
    last = (int(match.group("em")), int(match.group("ed"))) if match.group("ed") else None
    across = last is not None and month == 12 and last[0] == 1  # "từ 30/12 đến 1/1/2024"
    later = last is not None and _is_date(None, *last) and (last > (month, day) or across)
    if match.group("tu") and not (first or match.group("ngay") or later):
        # "tăng từ 3/4 lên 4/5", "từ 1/3 đến 1/2": ratios; "từ ngày 1/7", "từ 1 đến 5/6" and
        # "từ 28/8 đến 2/9", a range to a later day, are dates
        return None
    if first:  # a range "18 và 19/10" is dated by its first day
        if not 1 <= int(first) < day:
            return None
        day = int(first)
    if not 1 <= month <= 12 or not _is_date(int(stated) if stated else None, month, day):
        return None
    # "hai ngày 4-5/6" names its days; "hai ngày 13/9" would be a count
    if not (first or last) and _counted(match.string, match.start()):
        return None
    # "lần thứ hai, 3/4 số phiếu" is a ratio after an ordinal; "thứ Hai, 13/9" a dateline
    if match.group("comma") and match.group("wn") and not text[match.start("wn")].isupper():
        return None
    year = _year_for(match, anchor, month, day, stated)
    if across and year and not match.group("y") and (stated or match.group("yrel")):
        year = _in_range(year - 1)  # "từ 30/12 đến 1/1/2024": the year stated is the end's
    if anchor is not None and (year is None or not _is_date(year, month, day)):
        # "29/2" in 2026, "29/2 năm ngoái" in 2026: the year is known and lacks the day, so
        # this is a typo, not a date of some unknown year
        return None
    relative = bool(match.group("yrel"))
    return _mention(match, text, year, month, day, "day", relative=relative)


def _read_full(match: re.Match[str], text: str, anchor: date | None) -> DateMention | None:
    day, month, year = (int(match.group(k)) for k in ("d", "m", "y"))
    if not _is_date(year, month, day):
        return None
    if _previous_word(match.string, match.start()) in _DOCUMENT_WORDS:
        return None
    if _born_on(match):
        return None
    return _mention(match, text, year, month, day, "day")


def _born_on(match: re.Match[str]) -> bool:
    """A date after "sinh (ngày)": a birthday in a profile ("(sinh ngày 13/9/1990, trú tại
    …)"), who someone is, as "sinh năm 1960" is, and without a year never this year's; a
    birth that is the news says "chào đời", "sinh ra"."""
    return _BORN.search(match.string, max(0, match.start() - 12), match.start()) is not None


def _read_month(match: re.Match[str], text: str, anchor: date | None) -> DateMention | None:
    token = match.group("m")
    # lower-case "tháng năm" is "months and years" far more often than May
    if token == "năm" and not text[match.start("m")].isupper():
        return None
    month = _month_number(token)
    if month is None or _counted(match.string, match.start(), unit=True):
        return None
    if _YEAR_FROM_STORY.match(match.string, max(match.end("m"), match.end("m2"))):
        return None  # "tháng 7 năm sau đó"
    if _previous_word(match.string, match.start()) == "rằm":
        return None  # "rằm tháng 8" (full moon) is a lunar month
    stated = match.group("y") or match.group("y2")
    last = match.group("m2")
    if last is not None and not 1 <= int(last) <= 12:
        return None
    if stated and last is not None and int(last) < month:
        stated = str(int(stated) - 1)  # "từ tháng 11 đến tháng 2/2014" starts in 2013
    year = _year_for(match, anchor, month, None, stated)
    part = _PARTS.get(match.group("part") or "")
    relative = bool(match.group("yrel"))
    return _mention(match, text, year, month, None, "month", relative=relative, part=part)


def _read_year(match: re.Match[str], text: str, anchor: date | None) -> DateMention | None:
    word = _previous_word(match.string, match.start())
    if word == "sinh" or word in _QUANTITY or _ALL_DIGITS.match(word):
        return None
    part = _PARTS.get(match.group("part") or "")
    return _mention(match, text, int(match.group("y")), None, None, "year", part=part)


def _read_relative(match: re.Match[str], text: str, anchor: date | None) -> DateMention | None:
    ngay = match.group("ngay")
    day_word = match.group("tod") or match.group("hom")
    # "3-4 tuần trước" counts weeks; "hòa 1-1 tối qua" is a score before a day
    if _counted(match.string, match.start(), unit=not (ngay or day_word)):
        return None
    if ngay or day_word:
        offset = _NGAY_OFFSET[ngay] if ngay else _DAY_OFFSET[day_word]
        target = None if anchor is None else _shift(anchor, offset)
        if target is None:
            return _mention(match, text, None, None, None, "day", relative=True)
        return _mention(match, text, target.year, target.month, target.day, "day", relative=True)
    unit = match.group("unit")
    rel = match.group("rel") or ""
    rel = "tới" if rel.startswith("sắp") else rel  # "tuần sắp tới" is "tuần tới"
    part_word = match.group("part") or ""
    after = match.string[match.end() : match.end() + 16]
    if rel and rel not in _UNIT_RELS[unit]:
        return None
    if not rel and (not part_word or after.lstrip()[:1].isdigit()):
        return None  # bare "tháng"/"năm", or "cuối năm 2019" which _YEAR reads
    if _UNIT_FROM_STORY.match(match.string, match.end("unit")):
        return None  # "năm sau đó", "cuối năm tiếp theo" count from the story
    if unit == "năm" and rel == "nay" and _AGE.match(after):
        return None  # "năm nay 45 tuổi" is an age
    if unit == "năm" and _OTHER_YEAR.match(after):
        return None  # "đầu năm học", "cuối năm tài chính": not the calendar year
    part = _PARTS.get(part_word)
    if unit == "tuần":
        return _week(match, text, anchor, rel or "này", part_word)
    if anchor is None:
        precision: Precision = "month" if unit == "tháng" else "year"
        return _mention(match, text, None, None, None, precision, relative=True, part=part)
    offset = _OFFSET.get(rel, 0)
    if unit == "năm":
        year = _in_range(anchor.year + offset)
        before = _DAY_MONTH_BEFORE.search(match.string, max(0, match.start() - 8), match.start())
        day_month = before and (int(before.group(2)), int(before.group(1)))
        if day_month and _is_date(None, *day_month) and not _is_date(year, *day_month):
            return None  # the year of a day the date reader dropped: "29/2 năm ngoái" in 2026
        return _mention(match, text, year, None, None, "year", relative=True, part=part)
    year, month = divmod(anchor.year * 12 + anchor.month - 1 + offset, 12)
    if _in_range(year) is None:
        return _mention(match, text, None, None, None, "month", relative=True, part=part)
    return _mention(match, text, year, month + 1, None, "month", relative=True, part=part)


def _week(match: re.Match[str], text: str, anchor: date | None, rel: str, part: str) -> DateMention:
    """A week is no calendar unit here: it resolves to its month, or its year if it straddles
    two months, so no day is ever invented. A week straddling two years takes the year that
    holds most of its days (the first on a tie), marked late or early in it for ordering."""
    span = None if anchor is None else _week_span(anchor, rel, part)
    if span is None:
        return _mention(match, text, None, None, None, "month", relative=True)
    first, last = span
    if (first.year, first.month) == (last.year, last.month):
        return _mention(match, text, first.year, first.month, None, "month", relative=True)
    if first.year == last.year:
        return _mention(match, text, first.year, None, None, "year", relative=True)
    days_in_first = (date(first.year, 12, 31) - first).days + 1
    if days_in_first >= (last - first).days + 1 - days_in_first:
        return _mention(match, text, first.year, None, None, "year", relative=True, part="late")
    return _mention(match, text, last.year, None, None, "year", relative=True, part="early")


def _week_span(anchor: date, rel: str, part: str) -> tuple[date, date] | None:
    weekday = anchor.weekday()
    if rel == "qua":  # "tuần qua": the seven days up to publication; "cuối tuần qua": last weekend
        if part == "cuối":
            sunday = _shift(anchor, -((weekday + 1) % 7))
            saturday = None if sunday is None else _shift(sunday, -1)
            return None if sunday is None or saturday is None else (saturday, sunday)
        first = _shift(anchor, -6)
        return None if first is None else (first, anchor)
    monday = _shift(anchor, -weekday + 7 * _OFFSET[rel])
    if monday is None:
        return None
    days = {"đầu": (0, 2), "giữa": (2, 4), "cuối": (5, 6)}.get(part, (0, 6))
    first, last = _shift(monday, days[0]), _shift(monday, days[1])
    return None if first is None or last is None else (first, last)


def _read_weekday(match: re.Match[str], text: str, anchor: date | None) -> DateMention | None:
    if _WEEK_FROM_STORY.match(match.string, match.end("weekday")):
        return None  # "thứ Hai tuần sau đó"
    number = match.group("wn")
    rel = " ".join((match.group("wrel") or "").split()).replace("sắp ", "")
    end = None
    if match.group("soon"):
        rel = "tới"
    elif match.group("to"):
        rel = "tới"
        # "thứ Sáu tới tại sân", "thứ 2 tới họp" look forward; not "hôm thứ Ba tới Nga"
        # ("came to Russia"), "từ thứ Hai tới nay" ("until now") or a lower-case "nước thứ
        # hai tới thăm" (an ordinal)
        after = match.end("to")
        lower_word = number and number.isalpha() and not text[match.start("wn")].isupper()
        if (
            _UNTIL.match(match.string, after)
            or text[after : after + 40].lstrip()[:1].isupper()
            or (lower_word and not match.group("tod"))
        ):
            rel = ""
            end = match.start() + len(match.string[match.start() : match.start("wrel")].rstrip())
    if number and not match.group("tod") and _after_ordinal_noun(match.string, match.start()):
        return None  # "kỳ họp thứ 5 vừa qua" is the fifth session, not last Thursday
    # "thứ hai"/"thứ 2" is also "second" ("lần thứ hai"): without a cue only "thứ Hai" counts
    if number and not (match.group("tod") or rel or text[match.start("wn")].isupper()):
        return None
    if number is None:
        target_day = 6  # chủ nhật
    elif number.isdigit():
        target_day = int(number) - 2  # "thứ 2" is Monday
    else:
        target_day = _WEEKDAYS[number]
    target = None if anchor is None else _weekday_date(anchor, target_day, rel)
    if target is None:
        return _mention(match, text, None, None, None, "day", relative=True, end=end)
    day = (target.year, target.month, target.day)
    return _mention(match, text, *day, "day", relative=True, end=end)


def _after_ordinal_noun(lowered: str, start: int) -> bool:
    prev = _PREV_WORD.search(lowered, max(0, start - 24), start)
    if prev is None or prev.group(1) != "họp":
        return prev is not None and prev.group(1) in _ORDINAL_NOUNS
    # "kỳ họp thứ 6" is a session; "Quốc hội sẽ họp thứ Hai tới đây" meets on Monday
    return _previous_word(lowered, prev.start(1)) in _MEETINGS


def _weekday_date(anchor: date, target: int, rel: str) -> date | None:
    """The named weekday: the latest one on or before publication unless the text says
    which week ("tuần trước", "tuần tới") or that it is still to come ("tới")."""
    weekday = anchor.weekday()
    if rel.startswith("tuần"):
        return _shift(anchor, 7 * _OFFSET[rel.split()[1]] - weekday + target)
    if rel == "tới":
        return _shift(anchor, (target - weekday) % 7 or 7)
    if rel in ("qua", "vừa qua"):
        return _shift(anchor, -((weekday - target) % 7 or 7))
    return _shift(anchor, -((weekday - target) % 7))


# Which patterns can start at each cue word; a digit starts only a full d/m/yyyy date.
_EXPLICIT_R = (0, _EXPLICIT, _read_explicit)
_MONTH_R = (1, _MONTH, _read_month)
_YEAR_R = (1, _YEAR, _read_year)
_RELATIVE_R = (2, _RELATIVE, _read_relative)
_WEEKDAY_R = (2, _WEEKDAY_RE, _read_weekday)
_AT_DIGIT = ((0, _FULL, _read_full),)
_BY_CUE = {
    **dict.fromkeys(
        ("rạng", "sáng", "trưa", "chiều", "tối", "đêm", "khuya", "hôm"),
        (_EXPLICIT_R, _RELATIVE_R, _WEEKDAY_R),
    ),
    **dict.fromkeys(("ngày",), (_EXPLICIT_R, _RELATIVE_R)),
    **dict.fromkeys(("mùng", "mồng"), (_EXPLICIT_R,)),
    **dict.fromkeys(("thứ", "chủ"), (_EXPLICIT_R, _WEEKDAY_R)),
    **dict.fromkeys(("vào",), (_WEEKDAY_R,)),
    **dict.fromkeys(("từ",), (_EXPLICIT_R,)),
    **dict.fromkeys(("đầu", "giữa", "cuối"), (_MONTH_R, _YEAR_R, _RELATIVE_R)),
    **dict.fromkeys(("tháng",), (_MONTH_R, _RELATIVE_R)),
    **dict.fromkeys(("năm",), (_YEAR_R, _RELATIVE_R)),
    **dict.fromkeys(("tuần",), (_RELATIVE_R,)),
}
_CUE = re.compile(r"(?<!\w)(?:(?:" + "|".join(_BY_CUE) + r")(?!\w)|\d)")
