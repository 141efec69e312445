"""Undo mojibake: UTF-8 text once decoded as cp1252 or Latin-1 (``Ráº¡ng sÃ¡ng``).

It is the commonest damage Vietnamese text suffers: a page or a CSV read with the wrong
charset and saved again as UTF-8. The repair is an exact round trip, never a guess: every
character goes back to the byte it was read from, and those bytes must be valid UTF-8 that
holds Vietnamese letters. Real text cannot pass: Vietnamese letters such as ạ, ơ, ư have no
cp1252 byte, and accented Latin-1 text ("café") is not valid UTF-8 byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A byte cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D: all UTF-8 continuation bytes)
# that Python's decoder turned into U+FFFD: that character of the original text is lost.
_LOST = "\ufffd"
# Stands for a lost byte in the round trip: UTF-8 never holds 0xFF, so it always fails there.
_LOST_BYTE = "\xff"
# cp1252's printable characters at 0x80-0x9F, back to their byte. Characters U+0000-U+00FF
# need no entry: Latin-1 (and browsers' cp1252, for the undefined bytes) read each byte as
# the code point of the same number, so encoding to Latin-1 gives the byte back.
_CP1252_HIGH = {
    char: byte
    for byte in range(0x80, 0xA0)
    if (char := bytes([byte]).decode("cp1252", "replace")) != _LOST
}
_TO_BYTES = str.maketrans(
    {**{char: chr(byte) for char, byte in _CP1252_HIGH.items()}, _LOST: _LOST_BYTE}
)
# A character no cp1252 or Latin-1 reading produces: the text is not mojibake. Found within
# a few characters in real Vietnamese text, so that case costs next to nothing.
_NOT_READ_BYTES = re.compile(f"[^\\x00-\\xfe{''.join(_CP1252_HIGH)}{_LOST}]")
_CP1252_ONLY = re.compile(f"[{''.join(_CP1252_HIGH)}]")
_C1_CONTROLS = re.compile("[\x80-\x9f]")
# surrogateescape turns each byte UTF-8 rejects into one of these
ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")
# Letters only Vietnamese writes (precomposed, or the combining horn, hook and dot below).
_VIETNAMESE = re.compile("[ăĂđĐơƠưƯ\u1ea0-\u1ef9\u0309\u031b\u0323]")


@dataclass(frozen=True, slots=True)
class Repaired:
    """Repaired text and what was done, worded for a warning."""

    text: str
    note: str


def repair_mojibake(text: str) -> Repaired | None:
    """``text`` decoded right if it is Vietnamese UTF-8 once read as cp1252 or Latin-1, as a
    whole or paragraph by paragraph (a page pasted together from two sources).

    None when no part of ``text`` is such mojibake. A character whose byte cp1252 could not
    read (U+FFFD in the mojibake) stays U+FFFD; the note says how many.
    """
    whole = _repair(text)
    if whole is not None:
        return Repaired(whole.text, _note(whole.codec, whole.lost))
    if "\n" not in text:
        return None
    lines = text.splitlines(keepends=True)
    parts = [_repair(line) for line in lines]
    done = [part for part in parts if part is not None]
    if not done:
        return None
    paragraphs = sum(1 for line in lines if line.strip())
    where = f" in {len(done)} of {paragraphs} paragraphs"
    fixed = "".join(part.text if part else line for part, line in zip(parts, lines, strict=True))
    return Repaired(fixed, _note(done[0].codec, sum(part.lost for part in done), where))


@dataclass(frozen=True, slots=True)
class _Round:
    text: str
    codec: str
    lost: int


def _note(codec: str, lost: int, where: str = "") -> str:
    note = f"repaired mojibake (UTF-8 read as {codec}){where}"
    if lost:
        note += f"; {lost} character{'s' * (lost != 1)} lost before, shown as {_LOST}"
    return note


def _repair(text: str) -> _Round | None:
    if text.isascii() or _NOT_READ_BYTES.search(text):
        return None
    escaped = text.translate(_TO_BYTES).encode("latin-1").decode("utf-8", "surrogateescape")
    lost = 0
    for run in ESCAPED_BYTES.finditer(escaped):
        if "\udcff" not in run.group():
            return None  # bytes that are not UTF-8: the text was no mojibake
        lost += run.group().count("\udcff")
    repaired = ESCAPED_BYTES.sub(lambda run: _LOST * run.group().count("\udcff"), escaped)
    if not _VIETNAMESE.search(repaired):
        return None
    codec = "Latin-1" if _C1_CONTROLS.search(text) and not _CP1252_ONLY.search(text) else "cp1252"
    return _Round(repaired, codec, lost)
