"""Fetch a news page over HTTP(S) with the standard library and read it as an article.

``urllib.request`` is imported inside ``fetch_url``: it pulls in ``http.client``, ``ssl``
and ``email``, which a run over local files never needs.
"""

from __future__ import annotations

import hashlib
import re
import time
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from tomtat.errors import InputError
from tomtat.models import Article
from tomtat.readers.datelines import plain_text_article
from tomtat.readers.decoding import decode_bytes
from tomtat.readers.html import article_from_html, looks_like_html
from tomtat.readers.sizes import too_large

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
_CHUNK = 64 * 1024
_USER_AGENT = "tomtat/0.1 (news summarizer; +https://pypi.org/project/tomtat/)"
_SLUG_UNSAFE = re.compile(r"[^\w\-]+")
_MAX_SLUG = 60


def is_url(value: str) -> bool:
    """True for ``http://`` and ``https://`` addresses (what ``read_inputs`` fetches)."""
    return value[:8].lower().startswith(("http://", "https://"))


class RefusedAddress(OSError):
    """A connection an ``opener`` given to :func:`fetch_url` declined to make; its message
    is the error the caller gets."""


def fetch_url(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = 10_000_000,
    warnings: list[str] | None = None,
    opener: Any = None,
) -> Article:
    """Download ``url`` (following redirects) and return its article.

    HTML/XHTML pages go through trafilatura; ``text/plain`` becomes a plain-text article.
    Raises ``InputError(url, ...)`` for HTTP errors, timeouts, other content types and
    pages over ``max_bytes``. ``source`` is the site's name the page gives (as when the
    page is read from a file), else the host name; ``url`` is the final address.
    With a ``warnings`` list, damaged bytes and mojibake are repaired and reported there.
    ``opener``: a ``urllib.request.OpenerDirector`` to connect with (the service's only
    reaches public addresses; a ``RefusedAddress`` it raises is the error message).
    """
    import urllib.error  # lazy: see the module docstring
    import urllib.request
    from http.client import HTTPException

    _check_address(url)
    # The deadline covers the whole download; the socket timeout alone bounds single reads.
    deadline = time.monotonic() + timeout
    try:
        request = urllib.request.Request(
            _ascii_url(url),
            headers={
                "User-Agent": _USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
            },
        )
        with (opener or http_opener()).open(request, timeout=timeout) as response:
            final_url = response.geturl() or url
            content_type, charset = _content_type(response)
            if content_type is not None and content_type not in _HTML_TYPES | _TEXT_TYPES:
                why = f"not an HTML page (content type {content_type})"
                if content_type.endswith(("/json", "+json", "/x-ndjson", "/jsonl")):
                    why += "; tomtat reads JSON articles from files and request bodies, not URLs"
                raise InputError(url, why)
            data = _read_bounded(response, url, deadline=deadline, max_bytes=max_bytes)
    except urllib.error.HTTPError as error:
        error.close()
        if 300 <= error.code < 400:  # urllib gives up on a loop, or on a target it won't follow
            why = "too many redirects" if "infinite loop" in str(error.msg) else "bad redirect"
            raise InputError(url, f"HTTP {error.code} ({why})") from None
        raise InputError(url, f"HTTP {error.code}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, RefusedAddress):  # the first connection or a redirect's
            raise InputError(url, str(error.reason)) from None
        if str(error.reason).startswith("unknown url type"):  # a redirect to ftp:// or so
            raise InputError(url, "a redirect leads to an address that is not http(s)://") from None
        if isinstance(error.reason, TimeoutError):
            raise InputError(url, _timed_out(timeout)) from None
        raise InputError(url, f"cannot connect ({_reason(error.reason)})") from None
    except TimeoutError:
        raise InputError(url, _timed_out(timeout)) from None
    except (HTTPException, OSError) as error:
        raise InputError(url, f"connection failed ({_reason(error)})") from None
    except ValueError as error:  # malformed address, e.g. "http://"
        raise InputError(url, f"invalid URL ({error})") from None

    text = decode_bytes(data, url, what="page", declared=charset, warnings=warnings)
    if content_type in _TEXT_TYPES:
        article = plain_text_article(text, "", url)
    elif content_type is None and not looks_like_html(text):
        article = plain_text_article(text, "", url)  # no Content-Type header: sniff
    else:
        article = article_from_html(text, url, url=final_url)
    article.id = url_id(url)
    article.url = final_url
    article.source = article.source or _host(final_url)  # the site's name, as from a file
    return article


def _check_address(url: str) -> None:
    """What urllib would only report as a failed connection."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises for a port out of range)
    except ValueError as error:  # "http://[::1": an unclosed IPv6 address
        raise InputError(url, f"invalid URL ({error})") from None
    if parts.username is not None:
        raise InputError(url, "invalid URL (a user name or password in it is not supported)")


def http_opener(*handlers: Any) -> Any:
    """urllib's opener with its HTTP(S) handlers only: ``build_opener`` adds ftp://, file://
    and data: ones, so a page redirecting to ftp:// would be fetched over FTP. A handler
    given replaces the default of its kind, as with ``build_opener``."""
    import urllib.request

    opener = urllib.request.OpenerDirector()
    for kind in (
        urllib.request.ProxyHandler,
        urllib.request.UnknownHandler,
        urllib.request.HTTPHandler,
        urllib.request.HTTPSHandler,
        urllib.request.HTTPDefaultErrorHandler,
        urllib.request.HTTPRedirectHandler,
        urllib.request.HTTPErrorProcessor,
    ):
        if not any(isinstance(handler, kind) for handler in handlers):
            opener.add_handler(kind())
    for handler in handlers:
        opener.add_handler(handler)
    return opener


def url_id(url: str) -> str:
    """A short stable id: the page's slug (last path segment), else host plus a hash."""
    parts = urlsplit(url)
    segments = [s for s in unquote(parts.path).split("/") if s]
    if segments:
        slug = segments[-1].rsplit(".", 1)[0] if "." in segments[-1] else segments[-1]
        slug = _SLUG_UNSAFE.sub("-", slug).strip("-")[:_MAX_SLUG].strip("-")
        if slug:
            return slug
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    return f"{_host(url) or 'url'}-{digest}"


def _content_type(response: Any) -> tuple[str | None, str | None]:
    """(media type, charset) from the headers; media type None when the header is missing."""
    if not response.headers.get("Content-Type"):
        return None, None
    return response.headers.get_content_type().lower(), response.headers.get_content_charset()


def _read_bounded(response: Any, url: str, *, deadline: float, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` (+1 to detect overflow) before ``deadline`` (monotonic).

    The socket timeout only bounds each read; the deadline stops a server that trickles.
    """
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise InputError(url, too_large("page", int(length), max_bytes))
    chunks: list[bytes] = []
    received = 0
    # read1 returns what has arrived instead of waiting for a full chunk, so the deadline is
    # checked while a slow server is still sending.
    read = getattr(response, "read1", response.read)
    while received <= max_bytes:
        chunk = read(min(_CHUNK, max_bytes + 1 - received))
        if not chunk:
            break
        chunks.append(chunk)
        received += len(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError
    if received > max_bytes:
        raise InputError(url, too_large("page", None, max_bytes))
    return b"".join(chunks)


def _ascii_url(url: str) -> str:
    """Percent-encode non-ASCII characters (Vietnamese slugs): http.client sends ASCII only.

    The host is left alone: http.client encodes internationalized names itself.
    """
    if url.isascii():
        return url
    parts = urlsplit(url)
    safe = "/:;=&?@!$'()*+,%~-._"
    return parts._replace(
        path=quote(parts.path, safe=safe),
        query=quote(parts.query, safe=safe),
        fragment="",
    ).geturl()


def _host(url: str) -> str | None:
    host = urlsplit(url).hostname
    if not host:
        return None
    return host.removeprefix("www.")


def _timed_out(timeout: float) -> str:
    return f"timed out after {timeout:g} s"


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__
