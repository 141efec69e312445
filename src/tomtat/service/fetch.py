"""Fetching a posted URL without letting clients reach the server's own network (SSRF).

A service fetches what any client names, from inside the network it runs in: without a
check, ``{"url": "http://127.0.0.1:5432/"}`` or the cloud metadata address would probe
hosts only the server can see. So every connection, the first and each redirect's, goes
to an address checked to be public when it is made (checking the name first and letting
``urllib`` look it up again would let a DNS answer change in between). ``tomtat serve
--allow-private-urls`` turns the check off, for a service that must read an intranet.

This is ``tomtat.readers.urls.fetch_url`` with its own connections: that function opens
URLs with ``urllib``'s global opener and takes none of its own, so the download part is
repeated here (the page is still read by the same helpers).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from typing import Any

from tomtat.errors import InputError
from tomtat.models import Article
from tomtat.readers.datelines import plain_text_article
from tomtat.readers.decoding import decode_bytes
from tomtat.readers.html import article_from_html, looks_like_html
from tomtat.readers.urls import (
    _HTML_TYPES,
    _TEXT_TYPES,
    _USER_AGENT,
    _ascii_url,
    _content_type,
    _host,
    _read_bounded,
    _reason,
    _timed_out,
    fetch_url,
    url_id,
)

MAX_BYTES = 10_000_000  # as the command line
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # IPv4 addresses written as IPv6


class Refused(OSError):
    """A connection to an address that is not public."""

    def __init__(self, host: str) -> None:
        super().__init__(host)
        self.host = host


def is_public(address: str) -> bool:
    """True for a globally routable unicast address; False for loopback, private,
    link-local, shared, reserved and multicast ones, also when written inside IPv6."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(str(embedded))
    return ip.is_global and not ip.is_multicast


def _connect_public(
    address: tuple[str, int], timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT, source: Any = None
) -> socket.socket:
    """``socket.create_connection`` to the looked-up addresses, all of them checked first."""
    host, port = address
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not found or not all(is_public(str(info[4][0])) for info in found):
        raise Refused(host)
    error: OSError = OSError(f"no address for {host}")
    for *_, sockaddr in found:
        try:  # by address: a second lookup of the name could answer otherwise
            return socket.create_connection((str(sockaddr[0]), port), timeout, source)
        except OSError as failed:
            error = failed
    raise error


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_public


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_public  # TLS still checks the name it asked for


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_HTTPSConnection, req, context=self._context)


# no proxy from the environment: through one, the checked peer would be the proxy
_PUBLIC_ONLY = urllib.request.build_opener(
    urllib.request.ProxyHandler({}), _HTTPHandler, _HTTPSHandler
)


def fetch(url: str, *, timeout: float, allow_private: bool = False) -> Article:
    """The article at ``url``; only from public addresses unless ``allow_private``.

    Raises ``InputError(url, ...)`` as ``fetch_url`` does, and for a refused address.
    """
    if allow_private:
        return fetch_url(url, timeout=timeout, max_bytes=MAX_BYTES)
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(
        _ascii_url(url),
        headers={
            "User-Agent": _USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
        },
    )
    try:
        with _PUBLIC_ONLY.open(request, timeout=timeout) as response:
            final_url = response.geturl() or url
            content_type, charset = _content_type(response)
            if content_type is not None and content_type not in _HTML_TYPES | _TEXT_TYPES:
                raise InputError(url, f"not an HTML page (content type {content_type})")
            data = _read_bounded(response, url, deadline=deadline, max_bytes=MAX_BYTES)
    except urllib.error.HTTPError as error:
        error.close()
        raise InputError(url, f"HTTP {error.code}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, Refused):  # the first connection or a redirect's
            raise _refused(url, error.reason.host) from None
        if isinstance(error.reason, TimeoutError):
            raise InputError(url, _timed_out(timeout)) from None
        raise InputError(url, f"cannot connect ({_reason(error.reason)})") from None
    except TimeoutError:
        raise InputError(url, _timed_out(timeout)) from None
    except (http.client.HTTPException, OSError) as error:
        raise InputError(url, f"connection failed ({_reason(error)})") from None
    except ValueError as error:  # malformed address, e.g. "http://"
        raise InputError(url, f"invalid URL ({error})") from None

    text = decode_bytes(data, url, what="page", declared=charset)
    if content_type in _TEXT_TYPES or (content_type is None and not looks_like_html(text)):
        article = plain_text_article(text, "", url)
    else:
        article = article_from_html(text, url, url=final_url)
    article.id = url_id(url)
    article.url = final_url
    article.source = _host(final_url) or article.source
    return article


def _refused(url: str, host: str) -> InputError:
    # says nothing of what is there: only that the address is not fetched
    return InputError(
        url,
        f"refusing to fetch from {host}: not a public internet address "
        "(tomtat serve --allow-private-urls allows it)",
    )
