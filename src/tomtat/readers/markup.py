"""HTML markup inside text that is meant to be plain: a feed's ``text`` field holding the
page's ``<p>…</p>`` paragraphs, a title with ``&quot;``, a scraper's ``.txt`` dump.

Summarized raw, the tags and entities would end up in the summary; a whole page is no such
text (it goes to trafilatura, see :mod:`tomtat.readers.html`). Parsing uses the standard
library's ``html.parser``: these fragments need no main-text extraction, only their text.
"""

from __future__ import annotations

import re
from html.entities import html5
from html.parser import HTMLParser

# Tags that say "this is HTML", by name: plain text such as "giá < 5%" or "x <a và b>" has
# none of them with valid tag syntax.
_TAG_NAMES = (
    "a|abbr|article|aside|b|blockquote|body|br|caption|center|cite|code|dd|div|dl|dt|em"
    "|figcaption|figure|font|footer|h[1-6]|head|header|hr|html|i|iframe|img|li|main|mark"
    "|nav|noscript|ol|p|picture|pre|script|section|small|source|span|strong|style|sub"
    "|sup|svg|table|tbody|td|template|tfoot|th|thead|time|title|tr|u|ul|video"
)
# Bare (<p>, </p>, <br/>) or with at least one name=value attribute (<img src=x.jpg>).
_ATTRIBUTE = r"""[\w:-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]+)"""
_TAG = re.compile(
    rf"</(?:{_TAG_NAMES})\s*>|<(?:{_TAG_NAMES})\s*/?>"
    rf"|<(?:{_TAG_NAMES})\s[^<>]*?{_ATTRIBUTE}[^<>]*>|<!--",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|([A-Za-z][A-Za-z0-9]{1,31}));")

# Their content is no article text: pictures and their captions, code, the page head.
_DROPPED = frozenset(
    {"figure", "figcaption", "script", "style", "noscript", "template", "svg", "head", "iframe"}
)
# Elements that stand on lines of their own (dropped ones too: the text around a picture is
# two paragraphs); <br> is a line break.
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "main", "aside", "nav",
        "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl",
        "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "hr",
        "body", "html", "figure", "figcaption", "iframe", "noscript", "template", "head",
    }
)  # fmt: skip
_SPACE_RUN = re.compile(r"[ \t\r\n\f]+")  # HTML whitespace only: NBSP stays a character


def has_markup(text: str) -> bool:
    """True if ``text`` holds an HTML tag or character reference (``&nbsp;``, ``&#8220;``)."""
    if "<" in text and _TAG.search(text):
        return True
    if "&" in text:
        for match in _ENTITY.finditer(text):
            name = match.group(1)
            if name is None or f"{name};" in html5:
                return True
    return False


def markup_to_text(text: str) -> str:
    """The text of an HTML fragment: paragraphs and ``<br>`` become line breaks, pictures,
    captions, scripts and styles are dropped, entities unescaped. Lines are stripped and
    empty ones dropped."""
    parser = _TextParser()
    parser.feed(text)
    parser.close()
    return parser.text()


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._dropped = 0  # depth inside dropped elements
        self._blocks = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self._dropped += 1
        if tag == "br":
            self._parts.append("\n")
        elif tag in _BLOCKS:
            self._blocks = True
            self._parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _DROPPED:  # <figure/> opens nothing
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self._dropped = max(0, self._dropped - 1)
        if tag in _BLOCKS:
            self._parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._dropped:
            self._parts.append(data)

    def text(self) -> str:
        parts = self._parts
        if self._blocks:
            # the markup gives the paragraphs: a line break in the source is a space
            parts = [p if p == "\n" else _SPACE_RUN.sub(" ", p) for p in parts]
        lines = (line.strip() for line in "".join(parts).split("\n"))
        return "\n".join(line for line in lines if line)
