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

__all__ = ["JOINER", "desegment", "desegment_marked", "extract_joins", "is_segmented"]

# U+2009 THIN SPACE: whitespace for str.split() and regex \s (so words split on it), but never
# present in text that went through normalize_whitespace (which maps all spaces to " ").
JOINER = "\u2009"

_JOINED = re.compile(r"(?<=[^\W_])_+(?=[^\W_])")  # "_" between letters/digits
_WORD = re.compile(r"[^\W\d_]+")
_SPACED_PUNCT = re.compile(r"[^\W\d_] [,.:;?!)](?= |$)", re.MULTILINE)


def is_segmented(text: str) -> bool:
    """Whether ``text`` looks word-segmented: ``_`` inside words, spaces before punctuation.

    Raw text may contain a stray ``_`` (a URL, a handle); segmented text has one joiner every
    few words, so the decision uses rates rather than presence.
    """
    if "_" not in text:
        return False
    joins = len(_JOINED.findall(text))
    if joins == 0:
        return False
    words = len(_WORD.findall(text)) or 1
    spaced = len(_SPACED_PUNCT.findall(text))
    if joins >= 3 and joins / words >= 0.04:
        return True
    # short text (a title, one sentence): any joiner plus tokenizer-style spacing, or several
    # joiners in few words
    return (spaced >= 1 and joins / words >= 0.02) or (words <= 40 and joins >= 2)


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


def desegment_marked(text: str) -> str:
    """Desegment ``text``, leaving each former ``_`` word joiner as :data:`JOINER`.

    Expects text from :func:`normalize_whitespace` (single spaces, ``"\\n"`` paragraphs).
    """
    text = _JOINED.sub(JOINER, text)
    # any other underscore ("quốc_tế ._Phát", "__") is just a separator
    text = text.replace("_", " ")
    lines = []
    for line in text.split("\n"):
        line = _fix_quotes(line)
        line = _SPACE_BEFORE.sub("", line)
        line = _SPACE_AFTER.sub("", line)
        line = _NUMERIC_SEP.sub(r"\1", line)
        line = _SLASH.sub("/", line)
        for pattern, repl in _TOKEN_REPAIRS:
            line = pattern.sub(repl, line)
        line = re.sub(" {2,}", " ", line).strip(" ")
        lines.append(line)
    return "\n".join(line for line in lines if line)


_LOOSE_JOINER = re.compile(rf"(?<![^\W_]){JOINER}|{JOINER}(?![^\W_])")
_MULTI_SPACE = re.compile(" {2,}")


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
