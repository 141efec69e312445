"""Undo word segmentation (``thỏa_thuận`` -> ``thỏa thuận``) and tokenizer spacing.

Segmented corpora (VnCoreNLP/pyvi output, VN-MDS ``*.tok.txt``) join the syllables of a word
with ``_`` and put spaces around every punctuation mark. For display we turn each joiner into a
space, remember where it was (the word boundaries are useful features), and re-attach
punctuation the way the raw article had it.

Internally the joiner spaces are carried as :data:`JOINER` (a space character no normalized
input can contain) so later editing stages keep them aligned; :func:`extract_joins` turns them
into offsets once all edits are done.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

__all__ = ["JOINER", "desegment", "desegment_marked", "extract_joins", "is_segmented"]

# U+2009 THIN SPACE: whitespace for str.split() and regex \s (so words split on it), but never
# present in text that went through normalize_whitespace (which maps all spaces to " ").
JOINER = "\u2009"

_JOINED = re.compile(r"(?<=[^\W_])_+(?=[^\W_])")  # "_" between letters/digits
_JOINED_TOKEN = re.compile(r"[^\W_]+(?:_[^\W_]+)+")
_WORD = re.compile(r"[^\W\d_]+")
_SPACED_PUNCT = re.compile(r"[^\W\d_] [,.:;?!)](?= |$)", re.MULTILINE)
# Addresses keep their underscores: web links, e-mail addresses, @handles.
_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s\"'<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)@\w+")


def _syllable(part: str) -> bool:
    """Shaped like a Vietnamese syllable: letters, lower case or capitalized, not too long."""
    return part.isalpha() and len(part) <= 7 and (part.islower() or part.istitle())


def _word_joins(text: str, enough: int) -> int:
    """Underscores between syllable-shaped parts ("thỏa_thuận", "Kim_Jong"), not identifiers
    ("SACS_V20", "AtFarm_S"); counting stops at ``enough``."""
    count = 0
    for m in _JOINED_TOKEN.finditer(text):
        parts = m.group().split("_")
        count += sum(1 for a, b in pairwise(parts) if _syllable(a) and _syllable(b))
        if count >= enough:
            break
    return count


def is_segmented(text: str) -> bool:
    """Whether ``text`` looks word-segmented: ``_`` inside words, spaces before punctuation.

    Raw text may contain a stray ``_`` (a URL, a product code); segmented text has one joiner
    between syllables every few words, so the decision uses rates of syllable joins.
    """
    if "_" not in text:
        return False
    text = _ADDRESS.sub(" ", text)
    words = len(_WORD.findall(text)) or 1
    enough = max(3, -(-words * 4 // 100))  # 4% of the words
    joins = _word_joins(text, enough)
    if joins >= enough:
        return True
    if joins == 0:
        return False
    # short text (a title, one sentence): several joiners in few words, or one with
    # tokenizer-style spacing
    spaced = len(_SPACED_PUNCT.findall(text))
    return (words <= 40 and joins >= 2) or (spaced >= 1 and joins / words >= 0.05)


# Spacing the tokenizer added around punctuation.
_SPACE_BEFORE = re.compile(r" +(?=[,.:;?!)\]}%…»”’]|\.\.\.)")
_SPACE_AFTER = re.compile(r"(?<=[(\[{«“‘]) +")
# Separators the tokenizer split off inside numbers and dates: 13 / 9, 12 : 30, 2 - 1 is left
# alone (a dash between words is real: "Nga - Triều").
_NUMERIC_SEP = re.compile(r"(?<=\d) ?([/:]) ?(?=\d)")
# "Senkaku / Điếu Ngư": raw articles write a slash between names without spaces.
_SLASH = re.compile(r"(?<=[^\W_]) / (?=[^\W_])")
# Other splits the VN-MDS tokenizer makes inside tokens: "> >", "GD & ĐT", "1 - 0", "(- 0,7%)",
# "i Pad", "don’ t".
_TOKEN_REPAIRS = (
    (re.compile(r"(?<=>) (?=>)"), ""),
    (re.compile(r"(?<=[A-ZĐ]) ?& ?(?=[A-ZĐ])"), "&"),
    (re.compile(r"(?<=\d) - (?=\d)"), "-"),
    (re.compile(r"(?<=\()- (?=\d)"), "-"),
    (re.compile(r"\bi (?=(?:Pad|Phone|Pod|OS|Cloud|Tunes|Mac|Message)\b)"), "i"),
    (re.compile(r"(?<=[A-Za-z])’ (?=(?:t|s|re|ve|ll|d|m)\b)"), "’"),
)
_MULTI_SPACE = re.compile(" {2,}")
_STRAIGHT_QUOTE = re.compile(r"(?:(?<= )|^)(\"|')(?= |$)|\"", re.MULTILINE)


def _fix_quotes(line: str) -> str:
    """Attach straight quotes to their content: ``" Không , hai bên "`` -> ``"Không, hai bên"``.

    Quotes alternate open/close within a paragraph, with ``"`` and standalone ``'`` counted
    separately; a quote right before ``, . ; : ? ! )`` always closes and one at the start of a
    paragraph or after ``:`` always opens, which resynchronises after an unpaired quote.
    """
    if '"' not in line and "'" not in line:
        return line
    out: list[str] = []
    pos = 0
    is_open = {'"': False, "'": False}
    for m in _STRAIGHT_QUOTE.finditer(line):
        q = m.group(1) or m.group(0)
        start, end = m.start(), m.end()
        space_before = start == 0 or line[start - 1] == " "
        space_after = end == len(line) or line[end] == " "
        if not (space_before and space_after):
            # already attached on one side: that side tells the direction; keep spacing as is
            is_open[q] = space_before and not space_after
            continue
        before = line[:start].rstrip(" ")
        after = line[end:].lstrip(" ")
        if not after or after[0] in ",.;?!)…":
            closing = True
        elif not before or before[-1] in ":(":
            closing = False
        else:
            closing = is_open[q]
        is_open[q] = not closing
        if closing:
            out.append(line[pos:start].rstrip(" "))
            out.append(q)
            pos = end
        else:
            out.append(line[pos:start])
            out.append(q)
            pos = end
            # drop the space between an opening quote and its first word
            while pos < len(line) and line[pos] == " ":
                pos += 1
    out.append(line[pos:])
    return "".join(out)


def _desegment_underscores(text: str) -> str:
    text = _JOINED.sub(JOINER, text)
    # any other underscore ("quốc_tế ._Phát", "__") is just a separator
    return text.replace("_", " ")


def _outside_addresses(text: str, change: Callable[[str], str]) -> str:
    """``change`` applied to the text between addresses (links, e-mails, handles)."""
    if "@" not in text and "http" not in text and "www." not in text:
        return change(text)
    out, pos = [], 0
    for m in _ADDRESS.finditer(text):
        out += [change(text[pos : m.start()]), m.group()]
        pos = m.end()
    out.append(change(text[pos:]))
    return "".join(out)


def desegment_marked(text: str) -> str:
    """Desegment ``text``, leaving each former ``_`` word joiner as :data:`JOINER`.

    Expects text from :func:`normalize_whitespace` (single spaces, ``"\\n"`` paragraphs).
    """
    text = _outside_addresses(text, _desegment_underscores)
    if '"' in text or "'" in text:
        text = "\n".join(_fix_quotes(line) for line in text.split("\n"))
    # the remaining repairs never cross a newline: one pass over the whole text each
    text = _SPACE_BEFORE.sub("", text)
    text = _SPACE_AFTER.sub("", text)
    text = _NUMERIC_SEP.sub(r"\1", text)
    text = _SLASH.sub("/", text)
    for pattern, repl in _TOKEN_REPAIRS:
        text = pattern.sub(repl, text)
    text = _MULTI_SPACE.sub(" ", text)
    lines = (line.strip(" ") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


_LOOSE_JOINER = re.compile(rf"(?<![^\W_]){JOINER}|{JOINER}(?![^\W_])")


def extract_joins(marked: str) -> tuple[str, frozenset[int]]:
    """Replace :data:`JOINER` by spaces and return their offsets.

    A joiner left next to something other than a letter or digit (after a removal) no longer
    joins two syllables and becomes an ordinary space.
    """
    if JOINER not in marked:
        return marked, frozenset()
    marked = _LOOSE_JOINER.sub(" ", marked)
    marked = "\n".join(
        line for line in (_MULTI_SPACE.sub(" ", ln).strip(" ") for ln in marked.split("\n")) if line
    )
    joins = frozenset(m.start() for m in re.finditer(JOINER, marked))
    return marked.replace(JOINER, " "), joins


def desegment(text: str) -> tuple[str, frozenset[int]]:
    """Turn segmented ``text`` into display text; return it with the offsets of former joiners.

    ``"Điện_Kremlin nói , \\" Không \\" ."`` -> ``('Điện Kremlin nói, "Không".', {4})``.
    Apply only to text :func:`is_segmented` accepts: raw text would lose its own underscores.
    """
    from tomtat.normalization.unicode import fix_unicode

    return extract_joins(desegment_marked(fix_unicode(text)))
