"""Unicode repair for Vietnamese text: NFC, broken tone marks, odd spaces, tone-mark style.

Two families of tone-mark problems are handled here:

* *broken* marks, which are never correct and are repaired in the display text: combining marks
  that a tokenizer cut off their base letter (``cươ ̀ ng`` for ``cường``), and a tone typed on
  the plain vowel after a modified one (``ngươì`` for ``người``);
* *style* differences, which are both correct (``hòa``/``hoà``): the display text keeps the
  article's own style and :func:`canonical_tones` maps either style to one for matching.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "canonical_tones",
    "fix_unicode",
    "looks_like_legacy_encoding",
    "looks_like_legacy_sentence",
    "normalize_whitespace",
    "to_nfc",
]

_COMBINING = "\u0300-\u036f"

# A syllable remainder that cannot be a word by itself: a coda, optionally after one of the
# vowels that end Vietnamese diphthongs. Seen in VN-MDS *.tok.txt where the tokenizer split
# NFD text at the combining mark ("cươ ̀ ng", "nga ̀ y", "tô ́ i", "triê ̉ n").
_TAIL = r"(?:[aiyou](?:ng|nh|ch|[cmnpt])?|ng|nh|ch|[cmnpt])"
_DETACHED_MARK = re.compile(
    rf"(?<=[^\W\d_]) ([{_COMBINING}]+)(?: ({_TAIL})(?![^\W\d_]))?", re.IGNORECASE
)
# A combining mark with no letter to sit on (after a space or at the start) is dropped.
_ORPHAN_MARK = re.compile(rf"(?:(?<=\s)|^)[{_COMBINING}]+", re.MULTILINE)

# Tone on the plain vowel right after a modified vowel (ư ơ ê â ô ă): in every Vietnamese
# rime with such a pair the tone sits on the modified vowel ("người", "tới", "nếu", "cứu").
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_MODIFIED = "ươêâôăƯƠÊÂÔĂ"


def _build_tone_tables() -> tuple[dict[str, tuple[str, str]], dict[tuple[str, str], str]]:
    """Map each toned letter to (base letter, tone) and back, for NFC letters."""
    split: dict[str, tuple[str, str]] = {}
    join: dict[tuple[str, str], str] = {}
    bases = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for base in bases:
        for tone in _TONES:
            composed = unicodedata.normalize("NFC", base + tone)
            if len(composed) == 1:
                split[composed] = (base, tone)
                join[(base, tone)] = composed
    return split, join


_SPLIT_TONE, _JOIN_TONE = _build_tone_tables()
_PLAIN_TONED = "".join(ch for ch, (base, _) in _SPLIT_TONE.items() if base in "aeiouyAEIOUY")
_MISPLACED = re.compile(f"([{_MODIFIED}])([{_PLAIN_TONED}])")


def _move_tone(match: re.Match[str]) -> str:
    modified, toned = match.group(1), match.group(2)
    base, tone = _SPLIT_TONE[toned]
    return _JOIN_TONE[(modified, tone)] + base


# Letters that look like Vietnamese đ/Đ but are not (old fonts and Windows-1258 converters).
_LOOKALIKES = str.maketrans({"\u00d0": "\u0110", "\u0189": "\u0110", "\u00f0": "\u0111"})
# Invisible characters that only break matching.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e]")
# A zero-width space between two letters or digits is the only break between two words
# ("Cát\u200bTường" on a web page): removing it would glue them into a non-word.
_WORD_BREAK = re.compile(f"(?:(?<=[^\\W_])|(?<=[{_COMBINING}]))\u200b+(?=[^\\W_])")


_HAS_COMBINING = re.compile(f"[{_COMBINING}]")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# A vowel that has its tone already: a Vietnamese syllable carries one, so a tone mark typed
# again after it ("đế" + U+0301, an input method's double keystroke) is dropped, not shown.
_TONED_VOWELS = "".join(
    c
    for c in map(chr, range(0xC0, 0x1EFA))
    if any(t in unicodedata.normalize("NFD", c) for t in _TONES)
    and unicodedata.normalize("NFD", c)[0] in "aeiouyAEIOUY"
)
_SECOND_TONE = re.compile(f"([{_TONED_VOWELS}])[{_TONES}]+")
_HAS_LOOKALIKE = re.compile("[\u00d0\u0189\u00f0]")


def to_nfc(text: str) -> str:
    """Return ``text`` in NFC with broken Vietnamese tone marks repaired.

    Re-attaches combining marks a tokenizer separated from their letter, drops marks with no
    letter, moves a tone typed on the wrong vowel of a rime (``ngươì`` -> ``người``), maps
    look-alike letters (``Ð`` -> ``Đ``) and removes zero-width characters, except that a
    zero-width space between two letters or digits becomes a space.
    """
    if text.isascii():
        return text
    if "\u200b" in text:
        text = _WORD_BREAK.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    if _HAS_COMBINING.search(text):  # decomposed (NFD) or broken input only
        text = _DETACHED_MARK.sub(lambda m: m.group(1) + (m.group(2) or ""), text)
        text = _ORPHAN_MARK.sub("", text)
    text = unicodedata.normalize("NFC", text)
    if _HAS_COMBINING.search(text):  # marks NFC could not compose
        text = _SECOND_TONE.sub(r"\1", text)
    text = _MISPLACED.sub(_move_tone, text)
    if _HAS_LOOKALIKE.search(text):
        text = text.translate(_LOOKALIKES)
    return text


_ODD_SPACE = re.compile(r"[^\S\n ]")  # whitespace other than " " and newline: NBSP, tab, ...
_SPACES = re.compile(" {2,}")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_LINE_EDGES = re.compile(r" ?\n[ \n]*")


def normalize_whitespace(text: str) -> str:
    """Unify line endings and spaces: one ``" "`` between words, ``"\\n"`` between paragraphs.

    Strips every line and drops empty ones, so paragraphs are separated by exactly one
    newline.
    """
    text = _NEWLINES.sub("\n", text)
    text = _ODD_SPACE.sub(" ", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return _LINE_EDGES.sub("\n", text).strip(" \n")


def fix_unicode(text: str) -> str:
    """:func:`to_nfc` followed by :func:`normalize_whitespace`."""
    return normalize_whitespace(to_nfc(text))


# --- tone-mark style -----------------------------------------------------------------------
#
# Canonical style: the "old" (traditional) placement, tone on the first vowel of an open
# oa/oe/uy syllable: hòa, khỏe, thủy. It is the majority style in Vietnamese news (and the
# default of common input methods), so canonicalising to it changes the fewest tokens.
# Closed syllables (hoàng, khoét, huỳnh) are written the same in both styles and not touched;
# "qu" + y is not the uy rime (quý), so it is excluded.

_LETTER_AHEAD = r"(?![^\W\d_])"  # end of syllable: no letter follows ("_" or digits may)
_Y_TONED = "ỳýỷỹỵỲÝỶỸỴ"
# One leading character class lets the regex engine skip ahead fast; which vowel pairs
# actually form a rime is checked in the replacement.
_NEW_STYLE = re.compile(f"([oOuU])([{_Y_TONED}àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ])" + _LETTER_AHEAD)


def _to_old_style(match: re.Match[str]) -> str:
    first, toned = match.group(1), match.group(2)
    is_uy = first in "uU"
    if is_uy != (toned in _Y_TONED) or (
        is_uy and match.string[match.start() - 1 : match.start()] in ("q", "Q")
    ):
        return match.group()  # "ua", "oy" are not these rimes; "quý" is qu + y
    base, tone = _SPLIT_TONE[toned]
    return _JOIN_TONE[(first, tone)] + base


def canonical_tones(text: str) -> str:
    """Rewrite oa/oe/uy tone marks to the old placement (``hoà`` -> ``hòa``, ``thuỷ`` -> ``thủy``).

    Only open syllables differ between the styles, so ``hoàng`` is unchanged. The output has the
    same length as the input (one precomposed letter swaps with another), so offsets computed on
    either are valid on both. Expects NFC input; other text passes through unchanged.
    """
    if text.isascii():
        return text
    return _NEW_STYLE.sub(_to_old_style, text)


# Letters and signs no Vietnamese word has, but text in the legacy font encodings shows on
# every other word once read as Unicode: VNI puts its tone bytes after the vowel ("chaøo",
# "baïn"), TCVN3 (ABC) maps toned vowels to Latin-1 signs ("b¸o c¸o", "tØnh"). Only words
# starting in lower case are judged: foreign names (Müller, Ødegaard, Muñoz) are capitalized.
_NOT_VIETNAMESE = frozenset("øïäöüåæçëîûñÿþ¸¶¹ØÏÄÖÜÅÆÇËÎÛÑ")
_HAS_NOT_VIETNAMESE = re.compile(f"[{''.join(sorted(_NOT_VIETNAMESE))}]")
_LEGACY_MIN_WORDS = 20
_LEGACY_SHARE = 0.1  # real articles stay under 0.5%


def looks_like_legacy_sentence(sentence: str) -> bool:
    """One sentence of VNI or TCVN3 in an otherwise Unicode text (a paragraph pasted from an
    old document): two or more of its lower-case words, and a third of them, hold a letter
    Vietnamese never writes. A foreign word or two in a Vietnamese sentence stays under."""
    if not _HAS_NOT_VIETNAMESE.search(sentence):
        return False
    words = [w for w in sentence.split() if w[0].islower()]
    odd = sum(1 for w in words if not _NOT_VIETNAMESE.isdisjoint(w))
    return odd >= 2 and odd * 3 >= len(words)


def looks_like_legacy_encoding(text: str) -> bool:
    """True when a tenth or more of the lower-case words hold a letter Vietnamese never
    writes: the text is in VNI or TCVN3 (or is not Vietnamese), and summarizing it would
    produce garbage."""
    if not _HAS_NOT_VIETNAMESE.search(text):  # nearly every article: skip the word count
        return False
    words = [w for w in text.split() if w[0].islower()]
    if len(words) < _LEGACY_MIN_WORDS:
        return False
    odd = sum(1 for w in words if not _NOT_VIETNAMESE.isdisjoint(w))
    return odd >= _LEGACY_SHARE * len(words)
