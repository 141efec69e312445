"""Numbers written in words: "hai người chết", "mười lăm ngôi nhà", "ba trăm hộ dân".

Small counts in Vietnamese news are usually spelled out, so comparing only digits would let
"hai người chết" back up "3 người chết". Only unambiguous readings count: a run must start
with hai…chín or mười in lower case (a capital starts a name: "Ba Lan", "Ba Đình"), "một"
(also "a") and "năm" (also "year") never start one, and a run that is not a well-formed
numeral ("hai ba người": two or three) is no number at all.
"""

from __future__ import annotations

import re

# digits leading a group ("năm mươi", "một trăm") and ending tens ("hai mươi mốt/lăm/tư");
# a trailing "năm" is left out: "hai mươi năm" is twenty years (25 is "hai mươi lăm")
_LEADING = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
_TRAILING = {
    "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "lăm": 5, "sáu": 6, "bảy": 7,
    "tám": 8, "chín": 9,
}  # fmt: skip
_STARTS = {"hai", "ba", "bốn", "sáu", "bảy", "tám", "chín", "mười"}
_SCALE = {
    "nghìn": 1_000,
    "ngàn": 1_000,
    "triệu": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
}
_NUMERAL_WORDS = {*_LEADING, *_TRAILING, "mười", "mươi", "trăm", "linh", "lẻ", *_SCALE}
# "một"/"năm" open a number only before what makes them one: "năm mươi", "một trăm"
_OPENS_WITH = {"một", "năm", "không"}
_BIGGER = {"mươi", "trăm", *_SCALE}
# Words a single digit word forms another word with ("ba mẹ": the father; "ba lô": a
# backpack; "chín chắn": mature; "tám chuyện": to chat), and what marks an order, a month or
# a fraction, not a count ("thứ hai", "tháng ba", "hai phần ba").
_NOT_COUNTED = {
    "ba": {"mẹ", "má", "lô", "gác", "tôi", "em", "anh", "chị"},
    "chín": {"chắn", "muồi"},
    "tám": {"chuyện"},
}
_NOT_AFTER = {"thứ", "tháng", "phần", "mồng", "mùng"}
_WORD = re.compile(r"[^\W\d_]+")
_ANY_START = re.compile(
    rf"(?<!\w)(?:{'|'.join(sorted(_STARTS))}"
    rf"|(?:{'|'.join(sorted(_OPENS_WITH))})\s+(?:{'|'.join(sorted(_BIGGER))}))(?!\w)",
    re.IGNORECASE,
)


def spelled_numbers(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, value)`` of each number written in words in ``text`` (NFC), with
    character offsets, when a word follows it (what it counts)."""
    if not _ANY_START.search(text):  # most sentences: nothing to read
        return []
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    lower = [w[2].lower() for w in words]
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(words):
        if lower[i] not in _NUMERAL_WORDS and lower[i] != "không":
            i += 1
            continue
        # the whole run of numeral words: a number is never read from its middle
        j = i + 1
        while j < len(words) and _joined(text, words[j - 1], words[j]):
            if lower[j] not in _NUMERAL_WORDS and not (
                lower[j] == "không" and j + 1 < len(words) and lower[j + 1] == "trăm"
            ):
                break
            j += 1
        number = _read_run(words, lower, i, j, text)
        if number is not None:
            out.append(number)
        i = j
    return out


def _read_run(
    words: list[tuple[int, int, str]], lower: list[str], i: int, j: int, text: str
) -> tuple[int, int, int] | None:
    run = lower[i:j]
    opens = run[0] in _STARTS or (run[0] in _OPENS_WITH and len(run) > 1 and run[1] in _BIGGER)
    if not opens or not _may_start(words, i) or (i > 0 and lower[i - 1] in _NOT_AFTER):
        return None
    value = _value(run)
    if value is None and len(run) > 1 and run[-1] == "năm":  # "mười năm": ten years
        run, j = run[:-1], j - 1
        value = _value(run)
    if value is None or j >= len(words) or not _joined(text, words[j - 1], words[j]):
        return None  # nothing counted right after it ("thứ hai, người dân")
    counted = lower[j]
    if counted == "phần" or (len(run) == 1 and counted in _NOT_COUNTED.get(run[0], ())):
        return None
    return words[i][0], words[j - 1][1], value


def _may_start(words: list[tuple[int, int, str]], i: int) -> bool:
    """Lower case, or a sentence's capitalized first word before a lower-case one."""
    word = words[i][2]
    if word.islower():
        return True
    return i == 0 and i + 1 < len(words) and words[i + 1][2].islower()


def _joined(text: str, left: tuple[int, int, str], right: tuple[int, int, str]) -> bool:
    return text[left[1] : right[0]].isspace()


def _value(run: list[str]) -> int | None:
    """The value of a well-formed numeral ("hai nghìn năm trăm" 2500), else None."""
    total = 0
    rest = run
    last_scale = None
    while rest:
        k = next((n for n, w in enumerate(rest) if w in _SCALE), len(rest))
        group = rest[:k]
        # "một nghìn", "năm triệu": a lone "một"/"năm" is a digit only before a scale
        below = _LEADING[group[0]] if k < len(rest) and group in (["một"], ["năm"]) else None
        below = below if below is not None else _below_thousand(group)
        if below is None:
            return None
        if k == len(rest):
            return total + below
        scale = _SCALE[rest[k]]
        if last_scale is not None and scale >= last_scale:  # "hai nghìn ba nghìn"
            return None
        total += below * scale
        last_scale = scale
        rest = rest[k + 1 :]
    return total or None


def _below_thousand(run: list[str]) -> int | None:
    if "trăm" not in run:
        return _below_hundred(run)
    if len(run) < 2 or run[1] != "trăm" or (run[0] not in _LEADING and run[0] != "không"):
        return None
    hundreds, tail = _LEADING.get(run[0], 0) * 100, run[2:]  # "không trăm": 0 hundreds
    if not tail:
        return hundreds
    if tail[0] in ("linh", "lẻ"):  # "một trăm linh năm": 105
        unit = _LEADING.get(tail[1]) if len(tail) == 2 else None
        return None if unit is None else hundreds + unit
    rest = _below_hundred(tail)
    return None if rest is None else hundreds + rest


def _below_hundred(run: list[str]) -> int | None:
    if not run:  # "ba nghìn tỷ": scales in a row are left unread
        return None
    if run == ["mười"]:
        return 10
    if len(run) == 1:  # a lone "năm" after a scale is the noun "year"
        return _LEADING.get(run[0]) if run[0] not in ("một", "năm") else None
    if run[0] == "mười":
        tens, tail = 10, run[1:]
    elif run[0] in _LEADING and run[0] != "một" and run[1] == "mươi":
        tens, tail = _LEADING[run[0]] * 10, run[2:]
    else:
        return None
    if not tail:
        return tens
    if len(tail) == 1 and tail[0] in _TRAILING and not (tens == 10 and tail[0] == "mốt"):
        return tens + _TRAILING[tail[0]]
    return None


# Digits as written: "5.000" (thousands dots), "1,5" (a decimal comma), "13/9" as 13 and 9.
_DIGITS = re.compile(r"\d(?:[\d.,]*\d)?")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")


def digits_value(token: str) -> str:
    """A number in digits as compared: thousands dots dropped ("5.000" -> "5000")."""
    return token.replace(".", "") if _THOUSANDS.fullmatch(token) else token


def digit_numbers(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, value)`` of each number ``text`` writes in digits."""
    return [(m.start(), m.end(), digits_value(m.group())) for m in _DIGITS.finditer(text)]
