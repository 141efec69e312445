"""Fetching a posted URL without letting clients reach the server's own network (SSRF).

A service fetches what any client names, from inside the network it runs in: without a
check, ``{"url": "http://127.0.0.1:5432/"}`` or the cloud metadata address would probe
hosts only the server can see. So every connection, the first and each redirect's, goes
to an address checked to be public when it is made (checking the name first and letting
``urllib`` look it up again would let a DNS answer change in between). ``tomtat serve
--allow-private-urls`` turns the check off, for a service that must read an intranet.

The download itself is ``tomtat.readers.urls.fetch_url``'s, given an opener that has only
HTTP(S) handlers (``readers.urls.http_opener``: a redirect to ``ftp://`` would otherwise
connect unchecked) whose connections are checked. Either way a redirect is
followed only to a URL the service would take from a client (``inputs.url_problem``): the
final address becomes the stored article's url.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from email.message import Message
from typing import IO, Any
from urllib.parse import urljoin

from tomtat.models import Article
from tomtat.readers.urls import RefusedAddress, fetch_url, http_opener
from tomtat.service.inputs import url_problem

MAX_BYTES = 10_000_000  # as the command line
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # IPv4 addresses written as IPv6


class Refused(RefusedAddress):
    """A connection to an address that is not public; says nothing of what is there."""

    def __init__(self, host: str) -> None:
        super().__init__(
            f"refusing to fetch from {host}: not a public internet address "
            "(tomtat serve --allow-private-urls allows it)"
        )
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


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an http(s) URL of at most ``MAX_URL`` characters; urllib
    alone follows ``ftp://`` too and refuses other schemes with a bare "HTTP 302"."""

    def http_error_302(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message
    ) -> Any:
        target = headers["location"] if "location" in headers else headers["uri"]  # as urllib
        if target is not None:
            problem = url_problem(urljoin(req.full_url, target))
            if problem is not None:
                fp.close()
                # fetch_url reports a refused address's words as the error
                raise urllib.error.URLError(RefusedAddress(f"the redirect target {problem}"))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


# no proxy from the environment: through one, the checked peer would be the proxy
_PUBLIC_ONLY = http_opener(
    urllib.request.ProxyHandler({}), _HTTPHandler(), _HTTPSHandler(), _CheckedRedirects()
)


def fetch(url: str, *, timeout: float, allow_private: bool = False) -> Article:
    """The article at ``url``; only from public addresses unless ``allow_private``.

    Raises ``InputError(url, ...)`` as ``fetch_url`` does, and for a refused address.
    """
    # any address: the command line's opener (proxies from the environment), redirects checked
    opener = http_opener(_CheckedRedirects()) if allow_private else _PUBLIC_ONLY
    return fetch_url(url, timeout=timeout, max_bytes=MAX_BYTES, opener=opener)
