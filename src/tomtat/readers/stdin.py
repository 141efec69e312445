"""Read articles piped to standard input (the ``-`` input)."""

from __future__ import annotations

import sys
from typing import BinaryIO

from tomtat.errors import InputError
from tomtat.models import Article
from tomtat.readers.decoding import decode_bytes
from tomtat.readers.sizes import too_large
from tomtat.readers.sniff import articles_from_text

STDIN_ORIGIN = "<stdin>"


def read_stdin(
    stream: BinaryIO | None = None,
    *,
    max_bytes: int = 10_000_000,
    warnings: list[str] | None = None,
) -> list[Article]:
    """Read all of ``stream`` (default ``sys.stdin.buffer``) and sniff its format.

    JSON/JSON Lines article(s) or a batch object, an HTML page, or one plain-text article.
    With a ``warnings`` list, damage the reader works around is reported there (see
    :func:`~tomtat.readers.files.read_path`).
    """
    if stream is None:
        if sys.stdin is None:
            raise InputError(STDIN_ORIGIN, "no standard input available")
        stream = getattr(sys.stdin, "buffer", sys.stdin)
    try:
        data = stream.read(max_bytes + 1)
    except OSError as error:
        raise InputError(STDIN_ORIGIN, f"cannot read input ({error})") from None
    if isinstance(data, str):  # a text stream was passed (tests, embedding code)
        data = data.encode("utf-8", errors="surrogatepass")
    if len(data) > max_bytes:
        raise InputError(STDIN_ORIGIN, too_large("input", None, max_bytes))
    text = decode_bytes(data, STDIN_ORIGIN, what="input", warnings=warnings)
    return articles_from_text(text, STDIN_ORIGIN, "stdin", warnings=warnings)
