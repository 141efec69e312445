"""Rendering stage: a ``Summary`` as plain text, Markdown with citations, or JSON."""

from __future__ import annotations

from collections.abc import Callable

from tomtat.models import Summary
from tomtat.rendering.json import render_json
from tomtat.rendering.markdown import render_markdown
from tomtat.rendering.text import render_text

RENDERERS: dict[str, Callable[[Summary], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
FORMATS: tuple[str, ...] = tuple(RENDERERS)


def render(summary: Summary, fmt: str = "text") -> str:
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return RENDERERS[fmt](summary)


__all__ = ["FORMATS", "render", "render_json", "render_markdown", "render_text"]
