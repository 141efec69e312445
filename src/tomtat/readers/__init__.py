"""Readers: turn what the user names (files, folders, URLs, ``-``) into ``Article`` objects.

Error policy: a problem with an input the user named raises ``InputError``; a bad file met
while listing a folder is skipped with a warning ``"<path>: <problem> (skipped)"``. Damage
an input survives is repaired or skipped with a warning and the rest kept: a few bad UTF-8
bytes, mojibake, a bad line of JSON Lines (``"<path>:<line>: <problem> (skipped)"``), an
unreadable ``published`` date (the article is kept undated).
Importing this package stays cheap: trafilatura and urllib load only when needed.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from tomtat.errors import InputError
from tomtat.models import Article
from tomtat.readers.datelines import plain_text_article, split_dateline
from tomtat.readers.dates import parse_published
from tomtat.readers.decoding import decode_bytes, decode_lines
from tomtat.readers.files import (
    SUPPORTED_SUFFIXES,
    is_directory,
    list_directory,
    read_path,
)
from tomtat.readers.html import article_from_html
from tomtat.readers.ids import make_ids_unique
from tomtat.readers.json_articles import article_from_mapping, articles_from_json_text
from tomtat.readers.stdin import STDIN_ORIGIN, read_stdin
from tomtat.readers.urls import fetch_url, is_url

__all__ = [
    "STDIN_ORIGIN",
    "SUPPORTED_SUFFIXES",
    "ReadResult",
    "article_from_html",
    "article_from_mapping",
    "articles_from_json_text",
    "decode_bytes",
    "decode_lines",
    "fetch_url",
    "parse_published",
    "plain_text_article",
    "read_directory",
    "read_inputs",
    "read_path",
    "read_stdin",
    "split_dateline",
]


@dataclass
class ReadResult:
    """Articles in input order, and one warning line per skipped file, line or item, repair
    (bad bytes, mojibake), unreadable date or renamed id."""

    articles: list[Article]
    warnings: list[str] = field(default_factory=list)


def read_inputs(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    recursive: bool = False,
    stdin: BinaryIO | None = None,
    timeout: float = 10.0,
    max_bytes: int = 10_000_000,
) -> ReadResult:
    """Read every input: a folder, a file, ``-`` (stdin) or an ``http(s)://`` URL.

    Raises ``InputError`` for a problem with a named input (``ValueError`` for a timeout
    that is not a positive number of seconds); a bad file inside a folder is skipped and
    reported in ``warnings``. Repeated ids are renamed (``a-2``) with a warning.
    """
    if not (isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0):
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    if isinstance(inputs, str | os.PathLike):  # one input passed bare: not its characters
        inputs = [inputs]
    articles: list[Article] = []
    warnings: list[str] = []
    given: set[Path] = set()  # a file or folder named twice ("a.txt ./a.txt") is read once
    for item in inputs:
        name = os.fspath(item)
        if name != "-" and not is_url(name):
            with contextlib.suppress(OSError, ValueError):
                where = Path(name).resolve()
                if where in given:
                    warnings.append(f"{name}: given twice (read once)")
                    continue
                given.add(where)
        if name == "-":
            articles.extend(read_stdin(stdin, max_bytes=max_bytes, warnings=warnings))
        elif is_url(name):
            articles.append(
                fetch_url(name, timeout=timeout, max_bytes=max_bytes, warnings=warnings)
            )
        elif is_directory(Path(name)):
            result = read_directory(name, recursive=recursive, max_bytes=max_bytes)
            articles.extend(result.articles)
            warnings.extend(result.warnings)
        else:
            articles.extend(read_path(name, max_bytes=max_bytes, warnings=warnings))
    warnings.extend(make_ids_unique(articles))
    return ReadResult(articles, warnings)


def read_directory(
    directory: str | os.PathLike[str], *, recursive: bool = False, max_bytes: int = 10_000_000
) -> ReadResult:
    """Read the supported files of a folder, skipping bad ones with a warning each.

    Raises ``InputError(directory, ...)`` if it holds no ``.txt .md .html .htm .json
    .jsonl`` file at all.
    """
    files, warnings = list_directory(Path(os.fspath(directory)), recursive=recursive)
    articles: list[Article] = []
    for file in files:
        notes: list[str] = []  # kept only if the file is read: a skipped file gets one line
        try:
            articles.extend(read_path(file, max_bytes=max_bytes, warnings=notes))
        except InputError as error:
            warnings.append(f"{error} (skipped)")
        else:
            warnings.extend(notes)
    return ReadResult(articles, warnings)
