"""Sentence splitting for normalized Vietnamese news text.

A sentence ends at ``.``/``!``/``?``/``…`` (plus any closing quotes or brackets) followed by
space and something that can start a sentence, and always at a paragraph end. Exceptions keep
abbreviations (``TP. HCM``, ``GS.``), initials (``Nguyễn V. A``, ``U.S.``),
numbering (``1. ``) and quotations (``"A. B", ông nói.``) whole. Numbers, dates and decimals
(``5.000``, ``13/9``, ``3,5``) never have a space after the separator, so they never split.

The splitter is a regex scan over candidate boundaries with a few string checks per
candidate, fast enough for thousands of articles.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

__all__ = ["is_boilerplate_sentence", "split_sentences"]

# Candidate end: terminal punctuation, then closing quotes/brackets, then spaces.
_CANDIDATE = re.compile(r"(\.{2,}|…+|[.!?]+)([\"”’'»)\]]*)( +)")
_PARAGRAPH = re.compile(r"[^\n]+")
_HAS_ALNUM = re.compile(r"[^\W_]")

# Tokens (lower-cased, without their final ".") that do not end a sentence when followed by
# ". Capital". Vietnamese: place and title abbreviations; English ones seen in the news.
_ABBREVIATIONS = frozenset(
    [
        "tp",
        "tx",
        "tt",
        "q",
        "p",
        "h",
        "x",
        "tw",  # "TW." (trung ương); "tư" is no abbreviation: "đầu tư.", "thứ tư.", "ngã tư."
        "gs",
        "pgs",
        "ts",
        "tskh",
        "ths",
        "th.s",
        "bs",
        "bsck",
        "ck",
        "ks",
        "ls",
        "ncs",
        "cn",
        "nxb",
        "nsnd",
        "nsưt",
        "đ/c",
        "vd",
        "tr",
        "sđd",
        "bsck1",
        "bsck2",
        "ck1",
        "ck2",
        "ths.bs",
        "ths.bs",
        "ts.bs",
        "gs.ts",
        "pgs.ts",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "co",
        "corp",
        "inc",
        "ltd",
        "vs",
        "no",
        "vol",
        "fig",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")  # "A", "N.T.P", "U.S", "v.v"
_LIST_MARK = re.compile(
    r"(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,5}|[a-zA-Z])"
)  # "1." "IV." "a." at the start
_NUMBERED = frozenset(["Điều", "Khoản", "Chương", "Mục", "Phần", "Bước"])
_OPENERS = "\"“‘'([«-–—•*+>"
_QUOTE_SPANS = re.compile(r"“[^“”\n]*”|\"[^\"\n]*\"")
_LONG_QUOTE = 400  # quotations longer than this may still split inside unless attributed


def _starts_sentence(text: str, j: int) -> bool:
    """Whether a sentence may start at ``text[j]`` (capital, digit, quote, bullet)."""
    ch = text[j]
    if ch.isupper() or ch.isdigit():
        return True
    if ch in _OPENERS:
        k = j + 1
        while k < len(text) and (text[k] in _OPENERS or text[k] == " "):
            k += 1
        return k >= len(text) or text[k].isupper() or text[k].isdigit() or ch in "-–—•*+>"
    return False


def _attributed(line: str, end: int) -> bool:
    """Whether the sentence goes on after a quotation closing at ``end`` ("...", ông nói)."""
    rest = line[end : end + 3].lstrip()
    return bool(rest) and (rest[0] in ",;:-–—" or rest[0].islower())


def _quote_spans(line: str) -> list[tuple[int, int]]:
    """Quotations whose inside must not be split: (start, end) of each, end after the quote."""
    spans = []
    for m in _QUOTE_SPANS.finditer(line):
        start, end = m.span()
        if end - start <= _LONG_QUOTE or _attributed(line, end):
            spans.append((start, end))
    return spans


def _is_abbreviation(line: str, dot: int, sentence_start: int) -> bool:
    """Whether the ``.`` at ``line[dot]`` belongs to the word before it, not to the sentence."""
    i = max(line.rfind(" ", sentence_start, dot) + 1, sentence_start)
    token = line[i:dot].lstrip("(\"“‘'[")
    if not token:
        return False
    if token.isalpha() and len(token) > 4:
        return False  # fast path: an ordinary word ends the sentence
    low = token.lower()
    if low in _ABBREVIATIONS or low.rsplit(".", 1)[-1] in _ABBREVIATIONS:
        return True
    # initials: a single letter ("A.", "T.") or dotted letters ("U.S.", "N.T.P.") in capitals
    if token[0].isupper() and (len(token) == 1 or "." in token) and _INITIALS.fullmatch(token):
        return True
    if token.isdigit() and line[max(0, i - 7) : i].rstrip().rsplit(" ", 1)[-1] in _NUMBERED:
        return True  # "Điều 256. Tội ...": a numbered article or clause of a law
    # numbering at the start of a sentence: "1. Thay vì", "II. Tình hình"
    return i == sentence_start and bool(_LIST_MARK.fullmatch(token))


def _split_line(line: str, offset: int, out: list[tuple[int, int]]) -> None:
    start = 0
    spans = _quote_spans(line) if ('"' in line or "“" in line) else []
    span_starts = [s for s, _ in spans]
    for m in _CANDIDATE.finditer(line):
        end = m.end(2)  # sentence ends after the closing quotes/brackets
        nxt = m.end()
        if nxt >= len(line) or not _starts_sentence(line, nxt):
            continue
        punct, closers = m.group(1), m.group(2)
        if spans:
            k = bisect_right(span_starts, m.start()) - 1
            if k >= 0 and spans[k][0] < end < spans[k][1]:
                continue  # inside a quotation
        if punct == "." and not closers and _is_abbreviation(line, m.start(1), start):
            continue
        if (punct.startswith("..") or "…" in punct) and not line[nxt].isupper():
            continue  # an ellipsis ends a sentence only before a capital letter
        _append(line, start, end, offset, out)
        start = nxt
    _append(line, start, len(line), offset, out)


def _append(line: str, start: int, end: int, offset: int, out: list[tuple[int, int]]) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if stripped and _HAS_ALNUM.search(stripped):
        start += len(piece) - len(piece.lstrip())
        out.append((offset + start, offset + start + len(stripped)))


@lru_cache(maxsize=32)
def _split_cached(text: str) -> tuple[tuple[int, int], ...]:
    out: list[tuple[int, int]] = []
    for para in _PARAGRAPH.finditer(text):
        _split_line(para.group(), para.start(), out)
    return tuple(out)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; return ``(start, end)`` spans into ``text``.

    Spans never cross a newline, carry no surrounding whitespace and contain at least one
    letter or digit (punctuation-only leftovers such as ``./.`` are dropped).
    """
    return list(_split_cached(text))


def is_boilerplate_sentence(sentence: str) -> bool:
    """Whether ``sentence`` is a photo caption/credit, byline, source or read-more line.

    Meant as a last filter on sentences of normalized text: ``normalize_article`` removes most
    boilerplate already, this catches what it could not delimit. Conservative: a sentence that
    merely mentions a source (``Theo Reuters, ông Kim ...``) is content.
    """
    # imported here: the normalization package itself uses split_sentences
    from tomtat.normalization.boilerplate import is_boilerplate_sentence as check

    return check(sentence)
