"""Normalize one article: Unicode, desegmentation, title split, boilerplate removal.

The steps run on text in which former ``_`` word joiners are kept as
:data:`~tomtat.normalization.desegment.JOINER`, so every cut keeps them aligned; they become
spaces (and offsets in :attr:`CleanText.joins`) only at the very end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tomtat.normalization.boilerplate import _UP, Remover
from tomtat.normalization.desegment import (
    JOINER,
    desegment_marked,
    extract_joins,
    is_segmented,
)
from tomtat.normalization.titles import (
    split_glued_title,
    split_title_paragraph,
    strip_given_title,
)
from tomtat.normalization.unicode import fix_unicode

__all__ = ["CleanText", "normalize_article"]


@dataclass
class CleanText:
    """An article ready for sentence splitting.

    ``text`` keeps the article's own spelling and tone-mark style; paragraphs are separated by
    ``"\\n"``. ``joins`` are offsets in ``text`` of spaces that were ``_`` inside a word of
    segmented input (``"thỏa thuận"`` from ``"thỏa_thuận"``), empty for raw input.
    """

    text: str
    joins: frozenset[int] = frozenset()
    segmented: bool = False
    title: str | None = None
    removed: list[str] = field(default_factory=list)


_LOWER = "".join(c for c in map(chr, [*range(0x61, 0x250), *range(0x1E00, 0x1F00)]) if c.islower())
# "Hoàng Khang.Bùi Anh Tuấn": a sentence end glued to the next sentence in raw text (lost
# newline). Two lower-case letters before keep "TP.HCM", "Tp.Hồ Chí Minh", "TS.BS" intact.
_GLUED_END = re.compile(rf"(?:[.!?]+|…)(?=[{_UP}][{_LOWER}])")
_LOWER_SET = frozenset(_LOWER)


# "QUỐC LINH ---------- * Tin bài liên quan:": a rule drawn with characters parts what
# precedes it from what follows, as a line break would (no prose has four in a row)
_RULE = re.compile(r"[ \t]*(?:[-_=*~]{4,}|[—–]{3,})[ \t]*")


def _space_glued_ends(text: str) -> str:
    def fix(m: re.Match[str]) -> str:
        before = text[max(0, m.start() - 2) : m.start()]
        if len(before) == 2 and before[0] in _LOWER_SET and before[1] in _LOWER_SET:
            return m.group() + " "
        return m.group()

    return _GLUED_END.sub(fix, text)


def _clean_title(title: str, segmented: bool) -> str | None:
    text = fix_unicode(title).replace("\n", " ")
    if segmented or is_segmented(text) or re.search(r"[^\W_]_[^\W_]", text):
        text = desegment_marked(text)
    text = text.replace(JOINER, " ").strip()
    return text or None


def normalize_article(text: str, title: str | None = None) -> CleanText:
    """Clean one article for summarization.

    NFC and whitespace repair; desegmentation when the input is word-segmented; the title split
    off the start (``title`` if given and repeated in the body, else a title line or a title
    glued onto the first sentence); captions, credits, bylines, source lines, outlet tags and
    read-more lists removed. Never raises on any string.
    """
    text = fix_unicode(text)
    segmented = is_segmented(text)
    text = desegment_marked(text) if segmented else _space_glued_ends(text)
    text = _RULE.sub("\n", text)
    given = _clean_title(title, segmented) if title else None

    r = Remover(text, segmented=segmented)
    r.empty_brackets()
    r.source_links()
    found = _strip_title(r, given)
    r.captions()
    r.inline_bylines()
    r.read_more()
    r.leading_tags()
    if given is not None and not found:
        found = _strip_title(r, given)  # the title may follow an outlet tag or a caption

    split_title = None
    if given is None:
        split_title = _split_title(r)
        if split_title is not None:
            r.leading_tags()  # "Title (TNO) - body"

    # after the title is off: the first paragraph left is the lead, never a caption
    r.bare_captions()
    r.glued_captions()
    r.trailing()
    r.sentences()
    clean, joins = extract_joins(r.text)
    return CleanText(
        text=clean,
        joins=joins,
        segmented=segmented,
        title=given if given is not None else split_title,
        removed=r.removed,
    )


def _first_line(r: Remover) -> int | None:
    return next((i for i, line in enumerate(r.lines) if line), None)


def _strip_title(r: Remover, title: str | None) -> bool:
    """Remove ``title`` from the start of the body if the body repeats it."""
    i = _first_line(r)
    if title is None or i is None:
        return False
    cut = strip_given_title(r.lines[i], title)
    if cut is None:
        return False
    r.lines[i] = r.lines[i][cut:].lstrip(" " + JOINER)
    return True


def _split_title(r: Remover) -> str | None:
    """Find and remove a title line or a title glued onto the first sentence."""
    i = _first_line(r)
    if i is None:
        return None
    rest_lines = [line for line in r.lines[i + 1 :] if line]
    if rest_lines:
        found = split_title_paragraph(r.lines[i] + "\n" + rest_lines[0])
        if found is not None:
            r.lines[i] = ""
            return found[0].replace(JOINER, " ")
    # the later paragraphs show how the first one's words are written elsewhere
    glued = split_glued_title("\n".join([r.lines[i], *rest_lines]), segmented=r.segmented)
    if glued is None:
        return None
    title, cut = glued
    r.lines[i] = r.lines[i][cut:]
    return title.replace(JOINER, " ").strip() or None
