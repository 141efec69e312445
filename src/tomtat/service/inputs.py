"""What the service checks in posted articles and query times before the core sees them.

- Lone surrogates (``"\\ud800"`` in JSON is valid JSON, but no character: nothing can
  encode it as UTF-8). In an ``id`` or ``url``, which name things, it is refused; in prose
  (``text``, ``title``, ``lead``, ``source``) it becomes U+FFFD: it is what a JavaScript
  client leaves when it cuts a string inside an emoji, and one broken emoji should not
  cost the article. One code point for one, so no offset moves.
- Ids are NFC, as texts are: an NFD id and its NFC twin look the same and are one id.
  ``title``, ``lead`` and ``source`` are NFC too, so that one outlet spelled NFD and NFC
  is one outlet.
- C0 control characters (NUL above all: PostgreSQL text cannot hold it) are removed from
  prose, except tab, line feed and carriage return; in an ``id`` or ``url`` they are
  refused. A stored article's id must also be usable as one URL path segment: no ``/``
  (a client's ``%2F`` reaches the router as ``/``), not ``.`` or ``..`` (clients resolve
  them away), and at most ``MAX_ID`` characters.
- URLs, one check for all (``url_problem``): a URL to fetch, each redirect and the final
  address of a fetched page, and a stored article's ``url`` (blank: none) start
  ``http://`` or ``https://`` and have at most ``MAX_URL`` characters.
- Times must be convertible to Vietnam time and lie between 1800 and 9999; a stored
  article may not be published more than ``FUTURE`` after now, or its story would stay the
  most recently updated one for ever.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

from tomtat.errors import InputError
from tomtat.models import Article
from tomtat.readers.dates import PUBLISHED_RANGE, in_published_range, local_time
from tomtat.readers.json_articles import LONE_SURROGATE, surrogate_problem

FUTURE = timedelta(days=2)  # time zone mistakes and clock skew, not scheduled posts
_NAMES = ("id", "url")  # identifiers: a surrogate there is refused, not replaced
_PROSE = ("text", "raw_text", "title", "lead", "anchor_text", "source")
_NFC = ("title", "lead", "anchor_text", "source")  # text is normalized by the core
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 but tab, \n and \r
_NAME_CONTROL = re.compile("[\x00-\x1f\x7f]")
MAX_ID = 200  # the width of articles.id
MAX_URL = 2048  # what browsers and servers take; a url names an article, it is no text
# a web page's origin as a browser sends it in ``Origin``: scheme and host in lower case
_ORIGIN = re.compile(r"https?://(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::([0-9]{1,5}))?")


def clean_article(item: Any, origin: str, *, stored: bool = False) -> Any:
    """A posted article object with prose surrogates replaced, C0 control characters
    removed from prose, ``title``/``lead``/``source`` in NFC and its id in NFC (anything
    else, such as a non-object, is left for the reader to refuse).

    Raises ``InputError`` for a lone surrogate or a control character in ``id`` or ``url``,
    and, for an article to be ``stored``, for an id that cannot name it in a URL path or a
    url that is no web address.
    """
    if not isinstance(item, dict):
        return item
    cleaned: dict[Any, Any] = {}
    for key, value in item.items():
        if isinstance(value, str):
            problem = surrogate_problem(value) or (
                control_problem(value) if key in _NAMES else None
            )
            if problem is not None and key in _NAMES:
                raise InputError(origin, f'field "{key}" {problem}')
            value = LONE_SURROGATE.sub("\ufffd", value)
            if key in _PROSE:
                value = _prose(key, value)
            if key == "id":
                value = nfc_id(value)
                if stored:
                    check_stored_id(value, origin)
            if key == "url" and stored:
                value = value.strip()  # pasted with a space: the same address
                if value:  # a blank url is no url
                    check_url(value, origin)
        cleaned[key] = value
    return cleaned


def url_problem(value: str) -> str | None:
    """Why ``value`` cannot be a URL the service fetches or stores, or None: a URL starts
    ``http://`` or ``https://`` and has at most ``MAX_URL`` characters, none of them a lone
    surrogate or a control character (it names an article and is a link to click)."""
    problem = surrogate_problem(value) or control_problem(value)
    if problem is not None:
        return problem
    if not value.startswith(("http://", "https://")):
        return f"must be an http(s):// URL, not {shown(value)}"
    if len(value) > MAX_URL:
        return f"is longer than {MAX_URL} characters"
    return None


def check_url(value: Any, origin: str, what: str = 'field "url"') -> str:
    """``value`` stripped (pasted with a space: the same address) if it is a string and a
    URL the service may fetch or store (``url_problem``).

    Raises ``InputError(origin, f"{what} {problem}")`` otherwise.
    """
    if not isinstance(value, str):
        raise InputError(origin, f"{what} must be a string (an http(s):// URL)")
    value = value.strip()
    problem = url_problem(value)
    if problem is not None:
        raise InputError(origin, f"{what} {problem}")
    return value


def shown(value: str, limit: int = 80) -> str:
    """``repr(value)`` for an error message, cut to about ``limit`` characters."""
    if len(value) <= limit:
        return repr(value)
    return repr(value[:limit]) + f"… ({len(value):,} characters)"


def clean_prose(article: Article) -> Article:
    """A fetched article's prose as a posted one's: no control characters, and ``title``,
    ``lead`` and ``source`` in NFC."""
    for key in ("text", "title", "lead", "source"):
        value = getattr(article, key)
        if value is not None:
            setattr(article, key, _prose(key, value))
    return article


def _prose(key: str, value: str) -> str:
    """A prose field without C0 control characters (but tab and line breaks), in NFC
    unless it is text, which the core normalizes."""
    value = _CONTROL.sub("", value)
    return unicodedata.normalize("NFC", value) if key in _NFC else value


def control_problem(value: str) -> str | None:
    """The error text for a name holding a control character, or None."""
    found = _NAME_CONTROL.search(value)
    if found is None:
        return None
    return f"contains a control character (\\u{ord(found.group()):04x})"


def check_stored_id(value: str, origin: str) -> None:
    """Refuse an id that no URL path segment can name: with ``/``, ``.`` or ``..``, or
    longer than ``MAX_ID``. Raises ``InputError`` naming the field."""
    if "/" in value:
        raise InputError(origin, 'field "id" must not contain "/" (it names the article in URLs)')
    if value.strip() in (".", ".."):
        raise InputError(
            origin, f'field "id" cannot be {value.strip()!r} (it names the article in URLs)'
        )
    if len(value) > MAX_ID:
        raise InputError(origin, f'field "id" is longer than {MAX_ID} characters')


def nfc_id(value: str) -> str:
    """An id from a path, as ids are stored (NFC)."""
    return unicodedata.normalize("NFC", value)


def vietnam_time(moment: datetime, what: str) -> datetime:
    """``moment`` as naive Vietnam time, checked to lie between 1800 and 9999.

    Raises ``InputError(what, ...)`` otherwise (the readers' ``PUBLISHED_RANGE``).
    """
    if not in_published_range(moment):
        raise InputError(what, f"time {moment.isoformat()} out of range ({PUBLISHED_RANGE})")
    return local_time(moment)


def check_published(article: Article, *, future: bool) -> None:
    """Refuse a publication time out of range, or (``future=False``) more than ``FUTURE``
    after now. Raises ``InputError`` naming the article."""
    if article.published is None:
        return
    local = vietnam_time(article.published, f"{article.origin}: published")
    if not future and local > local_time(datetime.now(UTC)) + FUTURE:
        limit = FUTURE.days
        raise InputError(
            article.origin,
            f"published: {article.published.isoformat()} is more than {limit} days in the future",
        )


def checked_origin(value: str) -> str:
    """``value`` as a CORS origin (``https://news.example``, ``http://localhost:3000``, lower
    case), or ``*`` for any. Raises ``ValueError`` for anything else: with a path, a
    trailing ``/`` or a port past 65535 it would never match, and nothing would say why."""
    origin = str(value).lower()
    form = _ORIGIN.fullmatch(origin)
    if origin != "*" and (form is None or int(form.group(2) or 0) > 65535):
        raise ValueError(f"{value!r} is not an origin: scheme://host[:port], no path, or *")
    return origin
