"""Markdown: each sentence with ``[n]`` citations, then the numbered list of sources."""

from __future__ import annotations

import re
from datetime import datetime

from tomtat.models import Document, Summary
from tomtat.readers.dates import local_time

OPENING_WORDS = 12  # how an untitled article (a plain .txt) is recognized in the list


def _describe(doc: Document) -> str:
    if doc.title:
        head = f"**{escape_markdown(doc.title)}**"
    else:
        head = f"{code_span(doc.id)} {_opening(doc)}"
    return source_line(head, doc.source, doc.published, doc.url)


def source_line(
    head: str, source: str | None, published: datetime | str | None, url: str | None
) -> str:
    """A numbered source's line after its ``head`` (title or id): outlet — time — <url>."""
    parts = [head]
    if source:
        parts.append(escape_markdown(source))
    if published:
        parts.append(display_published(published))
    if url:
        parts.append(url_markdown(url))
    return " — ".join(parts)


# What would end or break an autolink ``<...>``: spaces, control characters, angle brackets.
_NOT_IN_AUTOLINK = re.compile(r"[\x00-\x20\x7f<>]")
_WEB_URL = re.compile(r"https?://[^/?#\s]", re.IGNORECASE)


def url_markdown(url: str) -> str:
    """A source's url as a link only if it is a web (http or https) address, percent-encoded
    where it would break the link; any other (``javascript:``, a file path) as plain code,
    since a renderer would make it a live link."""
    url = url.strip()
    if _WEB_URL.match(url):
        return "<" + _NOT_IN_AUTOLINK.sub(lambda m: f"%{ord(m.group()):02X}", url) + ">"
    return code_span(" ".join(url.split()))  # a blank line would end the code span


def _opening(doc: Document) -> str:
    """The article's first words, quoted: a file name alone does not say which article it is."""
    words = (doc.sentences[0].text if doc.sentences else doc.text).split()
    if not words:
        return ""
    cut = " ".join(words[:OPENING_WORDS]) + ("…" if len(words) > OPENING_WORDS else "")
    return f"“{escape_markdown(cut)}”"


def display_published(moment: datetime | str) -> str:
    """A publication time as Vietnamese sites print it, in Vietnam time (``15/11/2026
    08:30``; a UTC feed time is moved there); a string that is not ISO 8601 is shown as given.
    """
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return moment
    return local_time(moment).strftime("%d/%m/%Y %H:%M")


# Characters that open Markdown inline syntax (emphasis, code, links, HTML, tables,
# strikethrough): an article's "5*3", "Kim_Jong-un", "[12]" or "<b>" must show as written.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
# What makes a paragraph's first characters a heading, list item, quote or rule.
_BLOCK_START = re.compile(r"^(?:(#{1,6}|[-+=>])(?=\s|$)|(\d{1,9})([.)])(?=\s|$))")


def escape_markdown(text: str) -> str:
    """``text`` with Markdown syntax escaped, so that a renderer shows it as written (and
    an article's "[12]" never reads as a citation)."""
    text = _INLINE.sub(lambda m: "\\" + m.group(), text)
    return _BLOCK_START.sub(
        lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text
    )


def code_span(text: str) -> str:
    """``text`` as inline code, fenced with more backticks than it holds in a row."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render_markdown(summary: Summary) -> str:
    number = {d.id: i + 1 for i, d in enumerate(summary.documents)}
    lines = []
    for s in summary.sentences:
        refs = "".join(f"[{number[c.document]}]" for c in s.sources)
        lines.append(f"{escape_markdown(s.text)} {refs}")
    out = ["## Tóm tắt", "", " ".join(lines) if lines else "_(trống)_", "", "## Nguồn", ""]
    out += [f"{number[d.id]}. {_describe(d)}" for d in summary.documents]
    if summary.warnings:
        out += ["", "## Cảnh báo", ""] + [f"- {escape_markdown(w)}" for w in summary.warnings]
    return "\n".join(out) + "\n"
