"""Decide what decoded text is when nothing names its format (stdin, unknown extensions)."""

from __future__ import annotations

import re

from tomtat.models import Article
from tomtat.readers.datelines import plain_text_article
from tomtat.readers.html import article_from_html, looks_like_html
from tomtat.readers.json_articles import articles_from_json_text
from tomtat.readers.markdown import markdown_article
from tomtat.readers.markup import has_markup, markup_to_text

# Text that opens like a JSON object or array of objects; a news text opening with
# "[Video]" or "[Ảnh]" does not match.
_JSON_START = re.compile(r'\s*(?:\{\s*["}]|\[\s*[{\]])')
# Markdown that says so at its start: YAML front matter, or a "# Title" heading (a news
# text opens with neither; "**bold**" or "_x_" inside could be word-segmented plain text)
_MARKDOWN_START = re.compile(r"(?:---[ \t]*\r?\n|\s*#{1,6}[ \t]+\S)")


def articles_from_text(
    text: str, origin: str, default_id: str, *, warnings: list[str] | None = None
) -> list[Article]:
    """JSON/JSON Lines article(s) or a batch if the text is JSON, Markdown if it opens with
    front matter or a ``#`` heading, else HTML, else plain text.

    ``warnings``: as for :func:`~tomtat.readers.json_articles.articles_from_json_text`.
    """
    if _JSON_START.match(text):
        return articles_from_json_text(text, origin, warnings=warnings)
    if _MARKDOWN_START.match(text) and not looks_like_html(text):
        return [markdown_article(text, default_id, origin, warnings=warnings)]
    return [text_article(text, origin, default_id)]


def text_article(text: str, origin: str, default_id: str) -> Article:
    """The article of a text file or piped text: an HTML page (saved as ``.txt``) is read
    as HTML, plain text with HTML tags or entities in it as the text they show."""
    if looks_like_html(text):
        article = article_from_html(text, origin)
        article.id = default_id
        return article
    if has_markup(text):
        text = markup_to_text(text)
    return plain_text_article(text, default_id, origin)
