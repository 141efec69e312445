"""Turn the bytes of a file, page or stdin into text, or say plainly why not.

Vietnamese text shows up as UTF-8 (with or without BOM), UTF-16 (Windows "Unicode" saves)
and, in older archives, Windows-1258. We try exactly those, in an order that cannot
mis-read valid UTF-8, and refuse binary data instead of summarizing garbage.

A caller that passes a ``warnings`` list also gets damage repaired and reported there: a
few bad bytes in otherwise valid UTF-8 (a stray byte, a file cut inside a character) and
UTF-8 text that was once read as cp1252 or Latin-1 (mojibake, ``Ráº¡ng sÃ¡ng``). Without
a list decoding stays strict, so that nothing is repaired unannounced.
"""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata

from tomtat.errors import InputError
from tomtat.readers.mojibake import ESCAPED_BYTES, repair_mojibake

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
# UTF-8 with bad bytes is read as UTF-8 when it holds at least this many valid multi-byte
# characters per bad byte. Real cp1258 or TCVN3 text has next to none (every accented
# letter is a bad byte), a UTF-8 file with a stray byte or two has hundreds.
_VALID_PER_BAD_BYTE = 10
_ASCII_PER_BAD_BYTE = 1_000
_HIGH_BYTES = bytes(range(0x80, 0x100))
_SHOWN_OFFSETS = 3
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(
    data: bytes,
    origin: str,
    *,
    what: str = "file",
    declared: str | None = None,
    warnings: list[str] | None = None,
) -> str:
    """Decode ``data`` to text: UTF-8 (BOM or not), UTF-16 (BOM or NUL pattern), cp1258.

    Newlines come back as ``\\n``. cp1258 text keeps its combining tone marks (not NFC).
    ``declared`` is a charset the source announced (an HTTP header); it is tried when the
    bytes are not UTF-8. Raises ``InputError(origin, ...)`` if the data is empty, binary or
    undecodable; ``what`` names the input in those messages ("file", "page", "input").
    With a ``warnings`` list, mostly-valid UTF-8 and mojibake are repaired, and each repair
    is appended there as ``"<origin>: <what was done>"``.
    """
    text = _decode(data, origin, what, declared, warnings)
    if warnings is not None:
        # before the control check: Latin-1 mojibake is full of C1 controls
        repaired = repair_mojibake(text)
        if repaired is not None:
            text = repaired.text
            warnings.append(f"{origin}: {repaired.note}")
    if "\x00" in text or _control_ratio_of_text(text) > _MAX_CONTROL_RATIO:
        raise InputError(origin, f"{what} looks binary (not text)")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(origin, f"{what} is empty")
    # Bytes were read in binary mode: apply the universal-newline rule text mode would.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_lines(
    data: bytes, origin: str, *, what: str = "input", warnings: list[str] | None = None
) -> list[str]:
    """The lines of a whole byte stream, decoded as :func:`decode_bytes` does (UTF-16 too).

    For line-oriented input (JSON Lines, one story a line): splitting the bytes at ``\\n``
    first breaks UTF-16, whose newline is two bytes. Blank input (a BOM at most) gives
    ``[]``; blank lines are kept, so that list positions are line numbers minus one. Lines
    are split at ``\\n`` only: a raw U+2028 inside a JSON string ends no line.
    """
    if _is_blank(data):
        return []
    return decode_bytes(data, origin, what=what, warnings=warnings).split("\n")


def _is_blank(data: bytes) -> bool:
    """Nothing but whitespace, after a byte order mark if there is one."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return not data.decode(codec, "replace").strip()
    return not data.strip()


def _decode(
    data: bytes, origin: str, what: str, declared: str | None, warnings: list[str] | None
) -> str:
    if not data.strip():
        raise InputError(origin, f"{what} is empty")
    if data.startswith(codecs.BOM_UTF8):
        if warnings is None:
            return _strict(data, "utf-8-sig", origin)
        # the BOM says UTF-8: any bad bytes are damage, however many
        return _damaged_utf8(data, origin, warnings)
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
    if warnings is not None and _mostly_utf8(data):
        return _damaged_utf8(data, origin, warnings)
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # unknown or wrong charset name: fall back to guessing
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        raise _undecodable(data, origin) from None
    if not _looks_like_cp1258_text(text):
        raise _undecodable(data, origin)
    return text


def _strict(data: bytes, encoding: str, origin: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        if encoding == "utf-8-sig":
            raise _undecodable(data, origin) from None
        raise InputError(origin, DECODE_FAILED) from None


def _utf8_counts(data: bytes) -> tuple[int, int]:
    """(bad bytes, valid multi-byte characters) of ``data`` read as UTF-8, not counting a
    character cut off at the end."""
    body = data[: len(data) - _cut_character(data)]
    kept = body.decode("utf-8", "ignore")
    bad = len(body.decode("utf-8", "surrogateescape")) - len(kept)
    return bad, len(kept) - len(body.translate(None, _HIGH_BYTES))


def _mostly_utf8(data: bytes) -> bool:
    """True if ``data`` is UTF-8 apart from a few bad bytes or a character cut off at the end
    (also ASCII with a stray byte or two, as ``\\u``-escaped JSON Lines are: a legacy-encoded
    text has a high byte in most words)."""
    bad, valid = _utf8_counts(data)
    if valid == 0:
        return bad * _ASCII_PER_BAD_BYTE <= len(data)
    return valid >= _VALID_PER_BAD_BYTE * bad


def _undecodable(data: bytes, origin: str) -> InputError:
    """The error for bytes no decoder accepts: damaged UTF-8 is not called a legacy file."""
    bad, valid = _utf8_counts(data)
    bad += _cut_character(data)
    if bad and valid > bad:
        return InputError(origin, f"damaged UTF-8: {bad} invalid byte{'s' * (bad != 1)}")
    return InputError(origin, DECODE_FAILED)


def _damaged_utf8(data: bytes, origin: str, warnings: list[str]) -> str:
    """``data`` read as UTF-8, bad bytes replaced and a character cut off at the end dropped,
    each reported in ``warnings`` with its byte offset."""
    cut = _cut_character(data)
    body = data[: len(data) - cut]
    escaped = body.decode("utf-8", "surrogateescape")  # one character per bad byte
    runs = list(itertools.islice(ESCAPED_BYTES.finditer(escaped), _SHOWN_OFFSETS + 1))
    if runs:
        bad = len(escaped) - len(body.decode("utf-8", "ignore"))
        offsets = [len(escaped[: run.start()].encode("utf-8", "surrogateescape")) for run in runs]
        shown = ", ".join(map(str, offsets[:_SHOWN_OFFSETS]))
        more = ", …" if len(runs) > _SHOWN_OFFSETS else ""
        plural = "s" if len(runs) > 1 else ""
        warnings.append(
            f"{origin}: {_invalid_bytes(bad)} at offset{plural} {shown}{more} (replaced)"
        )
    if cut:
        warnings.append(
            f"{origin}: {_invalid_bytes(cut)} at offset {len(body)} "
            "(a character cut off at the end; dropped)"
        )
    return body.decode("utf-8", "replace")


def _cut_character(data: bytes) -> int:
    """How many bytes at the end begin a UTF-8 character the data stops inside (0 if none)."""
    for size in range(1, 4):
        tail = data[-size:]
        if len(tail) == size and tail[0] >= 0xC2:
            try:  # not final: an incomplete character decodes to nothing, without error
                return size if not codecs.getincrementaldecoder("utf-8")().decode(tail) else 0
            except UnicodeDecodeError:
                return 0
    return 0


def _invalid_bytes(n: int) -> str:
    return f"{n} invalid UTF-8 byte{'s' * (n != 1)}"


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
