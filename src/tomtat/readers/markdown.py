"""Articles written in Markdown (``.md``): the text a reader sees, not its markup.

A leading ``# `` heading (or one underlined with ``===``) is the title. Emphasis, inline
code and HTML tags are unwrapped, a link keeps only its text, images, code blocks, HTML
comments, rules and link definitions go, and list, quote and heading markers are stripped.
Lines stay lines, so a dateline under the title is still found. The result is the article
text that normalization (and so every citation offset) starts from.
"""

from __future__ import annotations

import re

from tomtat.models import Article
from tomtat.readers.datelines import plain_text_article

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# "[1]: https://…" (a target that is an address, so that "[Video]: Cảnh …" stays text)
_LINK_DEFINITION = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*<?(?:[A-Za-z][\w+.-]*:|[/#.])\S*.*$")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")

# A backslash-escaped punctuation character is that character, never markup: it is parked on
# a private-use code point while the markup is removed.
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PARKED = 0xE000
_UNPARK = re.compile("[\ue000-\ue07f]")
_CODE = re.compile(r"(`+)(.+?)\1")
# A link target may hold one level of parentheses (Wikipedia addresses do).
_TARGET = r"\((?:[^()\n]|\([^()\n]*\))*\)"
_IMAGE = re.compile(rf"!\[[^\]]*\]{_TARGET}")
_LINK = re.compile(rf"\[([^\]]*)\](?:{_TARGET}|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+|[^>\s@]+@[^>\s@]+)>")
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# Emphasis opens before a non-space and closes after one; "_" only outside a word, so that
# word-segmented text ("thỏa_thuận") keeps its joiners.
_EMPHASIS = (
    re.compile(r"(\*\*|__|~~)(?=\S)(?P<text>.+?)(?<=\S)\1"),
    re.compile(r"\*(?=[^\s*])(?P<text>.+?)(?<=[^\s*])\*"),
    re.compile(r"(?<!\w)_(?=[^\s_])(?P<text>.+?)(?<=[^\s_])_(?!\w)"),
)


def markdown_article(markdown: str, article_id: str, origin: str) -> Article:
    """An article read from Markdown: plain text, the leading level-1 heading as title, and
    the publication time from a dateline (see :func:`~tomtat.readers.datelines.split_dateline`)."""
    title, lines = _read_lines(_COMMENT.sub("", markdown).split("\n"))
    article = plain_text_article("\n".join(lines), article_id, origin)
    article.title = title
    return article


def _read_lines(lines: list[str]) -> tuple[str | None, list[str]]:
    """(title or None, text lines) of Markdown lines."""
    out: list[str] = []
    title: str | None = None
    fence: str | None = None
    underlined = False  # this line is the "===" or "---" under a heading: not text
    for n, line in enumerate(lines):
        if fence is not None:  # inside a code block: code is not article text
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        if underlined or _LINK_DEFINITION.match(line) or _RULE.match(line):
            underlined = False
            continue
        if opening := _FENCE.match(line):
            fence = opening.group(1)
            continue
        following = lines[n + 1] if n + 1 < len(lines) else ""
        underlined = bool(line.strip()) and _SETEXT_UNDERLINE.match(following) is not None
        is_title = underlined and following.strip().startswith("=")
        if heading := _ATX_HEADING.match(line):
            line = heading.group(2)
            is_title = len(heading.group(1)) == 1
        else:
            line = _LIST_MARKER.sub("", _QUOTE.sub("", line, count=1), count=1)
        text = _inline(line)
        if not text.strip():
            if line.strip():
                continue  # only an image or an empty link: nothing to read
        elif title is None and not any(out):
            title = text.strip() if is_title else ""  # only the first text can be a title
            if is_title:
                continue
        out.append(text)
    return title or None, out


def _inline(line: str) -> str:
    line = _ESCAPE.sub(lambda m: chr(_PARKED + ord(m.group(1))), line)
    line = _CODE.sub(lambda m: m.group(2).strip(), line)
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _TAG.sub("", _LINE_BREAK_TAG.sub("\n", line))
    for emphasis in _EMPHASIS:
        # nested emphasis ("***a***", "**_a_**") unwraps one level per pass
        while (unwrapped := emphasis.sub(r"\g<text>", line)) != line:
            line = unwrapped
    line = line.rstrip().removesuffix("\\")  # a hard line break
    return _UNPARK.sub(lambda m: chr(ord(m.group()) - _PARKED), line)
