"""Articles from HTML pages: main text, title, date and site name via trafilatura.

trafilatura is imported inside the function: it costs ~150 ms, which every CLI run would
pay even when no HTML is read.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from tomtat.errors import InputError
from tomtat.models import Article
from tomtat.readers.datelines import split_dateline
from tomtat.readers.dates import parse_published

NO_TEXT = "no article text found in HTML"

# Ask htmldate for the time too (its default output is the day only) and look only at
# metadata and markup, not the whole text, so a date quoted in the story is not taken.
_DATE_PARAMS = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


# A document that starts with markup and has a tag a web page always has.
_HTML_START = re.compile(
    r"\s*<(?:!doctype\s+html|html|head|body|meta|title|!--)[\s>/]", re.IGNORECASE
)
_HTML_TAG = re.compile(r"<(?:html|head|body|p|div|article|h1)[\s>]", re.IGNORECASE)
_SNIFF_CHARS = 4096


def looks_like_html(text: str) -> bool:
    """True if ``text`` starts like a web page (used for stdin and unknown file types)."""
    head = text[:_SNIFF_CHARS].lstrip("\ufeff")
    if _HTML_START.match(head):
        return True
    return head.lstrip().startswith("<") and _HTML_TAG.search(head) is not None


def article_from_html(html: str, origin: str, url: str | None = None) -> Article:
    """Extract one article from an HTML page; raises ``InputError`` if it has no main text.

    Paragraphs become ``\\n``-separated lines. ``id`` is the stem of ``origin``; callers
    reading URLs set their own.
    """
    extracted = _extract(html, origin, url)
    text = (getattr(extracted, "text", None) or "").strip()
    if not text:
        raise InputError(origin, NO_TEXT)
    title = _clean(getattr(extracted, "title", None))
    if title:
        text = _drop_repeated_title(text, title)
        if not text:
            raise InputError(origin, NO_TEXT)
    # the page's printed dateline, when the article block holds one: a time for pages
    # without date markup, and never a sentence
    text, dateline = split_dateline(text)
    text = text.strip()
    return Article(
        text=text,
        id=PurePath(origin).stem or origin,
        title=title,
        source=_clean(getattr(extracted, "sitename", None)),
        url=url or _clean(getattr(extracted, "url", None)),
        # A date trafilatura guessed from the page is a hint, not user input: unparseable
        # values are dropped rather than raised.
        published=parse_published(getattr(extracted, "date", None)) or dateline,
        origin=origin,
    )


def _extract(html: str, origin: str, url: str | None) -> Any:
    import trafilatura  # lazy: see the module docstring

    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            # Recall over precision: a short news page of a few paragraphs must not come
            # back empty; normalization removes leftover boilerplate later.
            favor_recall=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            with_metadata=True,
            date_extraction_params=dict(_DATE_PARAMS),
        )
    except RecursionError:
        raise InputError(origin, "HTML is nested too deeply to parse") from None
    except Exception as error:  # trafilatura/lxml raise many types on broken markup
        raise InputError(origin, f"cannot parse HTML ({type(error).__name__}: {error})") from None


def _drop_repeated_title(text: str, title: str) -> str:
    """Remove the headline trafilatura repeats as the first line of the text.

    The title is kept in ``Article.title``; leaving it in the body too would make the
    headline a candidate sentence twice.
    """
    first, _, rest = text.partition("\n")
    if " ".join(first.split()) == " ".join(title.split()):
        return rest.strip()
    return text


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
