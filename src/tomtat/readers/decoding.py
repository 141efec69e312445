"""Turn the bytes of a file, page or stdin into text, or say plainly why not.

Vietnamese text shows up as UTF-8 (with or without BOM), UTF-16 (Windows "Unicode" saves)
and, in older archives, Windows-1258. We try exactly those, in an order that cannot
mis-read valid UTF-8, and refuse binary data instead of summarizing garbage.
"""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata

from tomtat.errors import InputError

# A TCVN3 (ABC) file read as cp1258 is mostly signs (¸ ¶ ¹), so it ends here: say so.
DECODE_FAILED = (
    "cannot decode bytes as UTF-8, UTF-16 or cp1258 "
    "(a legacy VNI or TCVN3 file? convert it to Unicode first)"
)

# C0 controls that never appear in text files (tab, newlines, form feed and ESC excluded).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
# The same as characters, plus the C1 controls a mis-decoded file is full of.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
# Share of control bytes above which data is binary, not text with a few stray controls.
_MAX_CONTROL_RATIO = 0.05
# In UTF-16 text that is mostly Latin letters, every other byte is NUL: at least this share
# of the code units has a NUL high byte, while the low bytes are almost never NUL.
_UTF16_MIN_NUL_SHARE = 0.25
# Punctuation a Vietnamese cp1258 text uses outside ASCII (quotes, dashes, the dong sign...).
_CP1258_PUNCTUATION = frozenset("‘’‚“”„…–—•°«»\xa0₫·€")
# Share of non-ASCII characters that must be letters, tone marks or such punctuation before
# we believe a cp1258 reading; random bytes give symbols like ¤ ¦ ¨ ± ¼ much more often.
_CP1258_MIN_PLAUSIBLE = 0.9
# Judging the first this-many non-ASCII characters is enough and keeps big files fast.
_CP1258_SAMPLE = 100_000


def decode_bytes(
    data: bytes, origin: str, *, what: str = "file", declared: str | None = None
) -> str:
    """Decode ``data`` to text: UTF-8 (BOM or not), UTF-16 (BOM or NUL pattern), cp1258.

    Newlines come back as ``\\n``. cp1258 text keeps its combining tone marks (not NFC).
    ``declared`` is a charset the source announced (an HTTP header); it is tried when the
    bytes are not UTF-8. Raises ``InputError(origin, ...)`` if the data is empty, binary or
    undecodable; ``what`` names the input in those messages ("file", "page", "input").
    """
    text = _decode(data, origin, what, declared)
    if "\x00" in text or _control_ratio_of_text(text) > _MAX_CONTROL_RATIO:
        raise InputError(origin, f"{what} looks binary (not text)")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(origin, f"{what} is empty")
    # Bytes were read in binary mode: apply the universal-newline rule text mode would.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, origin: str, what: str, declared: str | None) -> str:
    if not data.strip():
        raise InputError(origin, f"{what} is empty")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", origin)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", origin)
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise InputError(origin, f"{what} looks binary (not text)")
        return _strict(data, encoding, origin)
    if _control_ratio_of_bytes(data) > _MAX_CONTROL_RATIO:
        raise InputError(origin, f"{what} looks binary (not text)")
    try:
        # Valid UTF-8 wins even over a declared charset: servers often announce ISO-8859-1
        # by default, and non-ASCII text is practically never valid UTF-8 by accident.
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # unknown or wrong charset name: fall back to guessing
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        raise InputError(origin, DECODE_FAILED) from None
    if not _looks_like_cp1258_text(text):
        raise InputError(origin, DECODE_FAILED)
    return text


def _strict(data: bytes, encoding: str, origin: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(origin, DECODE_FAILED) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess UTF-16 byte order from where the NULs are, or None if they fit no pattern."""
    if len(data) % 2:
        return None
    units = len(data) // 2
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    if odd_nuls >= units * _UTF16_MIN_NUL_SHARE and even_nuls * 10 <= odd_nuls:
        return "utf-16-le"
    if even_nuls >= units * _UTF16_MIN_NUL_SHARE and odd_nuls * 10 <= even_nuls:
        return "utf-16-be"
    return None


def _control_ratio_of_bytes(data: bytes) -> float:
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls / len(data)


def _control_ratio_of_text(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL_CHARS.findall(text)) / len(text)


def _looks_like_cp1258_text(text: str) -> bool:
    """True if the non-ASCII characters of a cp1258 reading look like Vietnamese words."""
    plausible = total = 0
    for match in itertools.islice(_NON_ASCII.finditer(text), _CP1258_SAMPLE):
        ch = match.group()
        category = unicodedata.category(ch)
        if category == "Mn":
            # cp1258 tone marks follow the vowel they sit on.
            start = match.start()
            ok = start > 0 and text[start - 1].isalpha()
        else:
            ok = category.startswith("L") or ch in _CP1258_PUNCTUATION
        plausible += ok
        total += 1
    return total == 0 or plausible >= total * _CP1258_MIN_PLAUSIBLE
