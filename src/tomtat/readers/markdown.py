"""Articles written in Markdown (``.md``): the text a reader sees, not its markup.

The file is parsed as CommonMark (with ``~~strikethrough~~``) by markdown-it-py and the text
of its paragraphs and headings is kept, one block after another with the blank lines the file
had between them: emphasis, inline code and HTML tags are unwrapped, a link keeps only its
text, and images, code blocks, HTML comments, rules and link definitions go. The text of an
HTML block stays, without its tags. Line breaks inside a paragraph stay, so a dateline under
the title is still found. The result is the article text that normalization (and so every
citation offset) starts from.

A leading level-1 heading is the title, and never text. YAML front matter (``---`` lines at
the very start) is no text: its ``title`` wins over the heading, ``date``/``published``/
``pubDate`` over a dateline, and ``source``/``url`` are read too.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tomtat.models import Article
from tomtat.readers.datelines import plain_text_article
from tomtat.readers.dates import parse_published, refused_date

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_DATE_KEYS = ("date", "published", "pubDate")
_SHOWN_CHARS = 60  # of an unreadable date in a one-line warning
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# HTML blocks that show nothing: comments, declarations, scripts, styles.
_HIDDEN_HTML = re.compile(r"<(?:[!?]|(?:script|style)\b)", re.IGNORECASE)
# A blank line, also inside a quote ("> >").
_BLANK = re.compile(r"[ \t>]*")
# Blocks that own their lines: a blank line inside a code block is not one between blocks.
_LEAF_BLOCKS = frozenset({"inline", "fence", "code_block", "hr", "html_block", "front_matter"})


def markdown_article(
    markdown: str, article_id: str, origin: str, *, warnings: list[str] | None = None
) -> Article:
    """An article read from Markdown: plain text, the title (front matter's, else a leading
    level-1 heading), and the publication time (front matter's, else a dateline: see
    :func:`~tomtat.readers.datelines.split_dateline`).

    Front matter that is not valid YAML, or a date it gives that cannot be read, is ignored
    and reported in ``warnings`` when a list is passed.
    """
    tokens = _parser().parse(markdown)
    meta: dict[str, Any] = {}
    if tokens and tokens[0].type == "front_matter":
        meta = _front_matter(tokens[0].content, origin, warnings)
    title = _string(meta.get("title"))
    title, lines = _read_blocks(tokens, markdown, title)
    article = plain_text_article("\n".join(lines), article_id, origin)
    article.title = title
    article.source = _string(meta.get("source"))
    article.url = _string(meta.get("url"))
    raw_date = next((meta[key] for key in _DATE_KEYS if meta.get(key) not in (None, "")), None)
    published = _published(raw_date)
    if raw_date is not None and published is None and warnings is not None:
        instead = "dated by its dateline instead" if article.published else "read as undated"
        problem = refused_date("front matter date", raw_date, str(raw_date)[:_SHOWN_CHARS])
        warnings.append(f"{origin}: {problem} ({instead})")
    article.published = published or article.published
    return article


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Imported here: the CLI must start without them.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable("strikethrough").use(front_matter_plugin)
    md.parse("a")  # builds its rule caches now, not in two service threads at once
    return md


def _front_matter(content: str, origin: str, warnings: list[str] | None) -> dict[str, Any]:
    import yaml

    try:
        meta = yaml.safe_load(content)
    except (yaml.YAMLError, ValueError, RecursionError) as error:  # ValueError: "2023-02-30"
        if warnings is not None:
            mark = getattr(error, "problem_mark", None)
            where = f"line {mark.line + 2}: " if mark else ""  # + the opening "---" line
            reason = getattr(error, "problem", None) or str(error).split("\n")[0]
            warnings.append(f"{origin}: {where}front matter is not valid YAML ({reason}; ignored)")
        return {}
    return meta if isinstance(meta, dict) else {}


def _string(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _published(value: Any) -> datetime | None:
    # YAML gives dates and datetimes itself; a number is no date here (20230913 is not).
    return parse_published(value) if isinstance(value, str | date) else None


def _read_blocks(
    tokens: list[Token], markdown: str, title: str | None
) -> tuple[str | None, list[str]]:
    """(title, text lines): the text of each block, apart by as many blank lines as were
    between them in ``markdown`` (not counting those of a code block)."""
    source = re.sub(r"\r\n?", "\n", markdown).split("\n")
    covered = {n for t in tokens if t.type in _LEAF_BLOCKS and t.map for n in range(*t.map)}
    out: list[str] = []
    done = 0  # the source lines before this one are read
    for n, token in enumerate(tokens):
        if token.type == "inline" and token.map:
            text = _inline(token.children or [])
        elif token.type == "html_block" and token.map:
            text = _html_text(token.content)
        else:
            continue
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if not lines:
            continue  # only an image, a comment or an empty link: nothing to read
        opening = tokens[n - 1] if token.type == "inline" else token
        heading = " ".join(lines)
        if opening.tag == "h1" and not any(out):
            # only the first text can be a title; front matter's wins over the heading, which
            # is still no body text (glued to the lead, it became part of a sentence)
            title, lines = title or heading, []
        start, end = token.map
        out += [""] * sum(
            1 for k in range(done, start) if k not in covered and _BLANK.fullmatch(source[k])
        )
        out += lines
        done = end
    return title, out


def _inline(children: list[Token]) -> str:
    """The text of inline tokens: markup, images and link targets dropped."""
    parts: list[str] = []
    for token in children:
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak") or (
            token.type == "html_inline" and _LINE_BREAK_TAG.fullmatch(token.content)
        ):
            parts.append("\n")
    return "".join(parts)


def _html_text(html: str) -> str:
    """The text an HTML block shows: its tags dropped by markdown-it's own inline HTML rule."""
    if _HIDDEN_HTML.match(html.lstrip()):
        return ""
    [inline] = _parser().parseInline(html)
    return _inline(inline.children or [])
