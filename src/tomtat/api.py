"""The Python API: ``summarize`` one story from texts, article dicts, files or URLs."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tomtat.documents import build_documents
from tomtat.errors import NoArticlesError
from tomtat.models import Article, Budget, Document, Summary, Unit
from tomtat.summarizers import get_summarizer

ArticleLike = str | Mapping[str, Any] | Article | os.PathLike[str]


def _only_an_address(text: str) -> bool:
    """An ``http(s)://`` address and nothing else (a pasted page that opens with its link
    line is article text)."""
    address = text.strip()
    return address.startswith(("http://", "https://")) and not any(map(str.isspace, address))


def to_articles(inputs: ArticleLike | Iterable[ArticleLike]) -> tuple[list[Article], list[str]]:
    """Coerce Python inputs to articles: a ``str`` is article text, a mapping an article
    object, a ``Path`` a file or folder, a ``str`` that is nothing but an ``http(s)://``
    address a URL to fetch.

    Returns the articles and the warnings reading them gave (a skipped file, a repaired
    encoding, an unreadable ``published`` date: that article is kept undated)."""
    from tomtat import readers

    if isinstance(inputs, str | Mapping | Article | os.PathLike):
        inputs = [inputs]  # one article, not its characters or keys
    elif not isinstance(inputs, Iterable) or isinstance(inputs, bytes | bytearray):
        expected = "articles (str, mapping, Article, Path or a list)"
        raise TypeError(f"expected {expected}, got {inputs!r:.80}")
    articles: list[Article] = []
    warnings: list[str] = []
    for n, item in enumerate(inputs, start=1):
        if isinstance(item, Article):
            articles.append(item)
        elif isinstance(item, Mapping):
            # as files are read: an unreadable date is a warning, the article kept undated
            origin = f"<input {n}>"
            articles.append(readers.article_from_mapping(item, origin, str(n), warnings=warnings))
        elif isinstance(item, os.PathLike):
            result = readers.read_inputs([Path(item)])
            articles += result.articles
            warnings += result.warnings
        elif isinstance(item, str) and _only_an_address(item):
            result = readers.read_inputs([item.strip()])
            articles += result.articles
            warnings += result.warnings
        elif isinstance(item, str):
            articles.append(readers.plain_text_article(item, str(n), f"<input {n}>"))
        else:
            raise TypeError(f"input {n}: expected str, mapping, Article or Path, got {type(item)}")
    return articles, warnings


def summarize_documents(
    documents: list[Document],
    *,
    budget: int = 180,
    unit: Unit = "syllables",
    method: str = "default",
    fill: bool = False,
    warnings: Iterable[str] = (),
) -> Summary:
    """Summarize already normalized documents (see ``tomtat.documents.build_documents``)."""
    if not documents:  # say why, as the command line does
        reasons = list(warnings)
        more = "; …" if len(reasons) > 3 else ""
        why = f" ({'; '.join(reasons[:3])}{more})" if reasons else ""
        raise NoArticlesError(f"no usable articles to summarize{why}")
    summary = get_summarizer(method)(documents, Budget(budget, unit, fill))
    summary.warnings[:0] = list(warnings)
    return summary


def summarize(
    inputs: ArticleLike | Iterable[ArticleLike],
    *,
    budget: int = 180,
    unit: Unit = "syllables",
    method: str = "default",
    fill: bool = False,
    segmenter: str = "syllables",
) -> Summary:
    """Summarize the articles of one story.

    >>> s = summarize(["Bài báo thứ nhất ...", {"text": "Bài thứ hai ...", "source": "VnE"}])
    >>> print(s.text)             # doctest: +SKIP
    >>> s.to_dict()["sentences"]  # each with its cited documents and offsets  # doctest: +SKIP

    Raises ``tomtat.errors.InputError`` for an unusable input and ``NoArticlesError`` when
    nothing usable is left (with the reasons); ``ValueError``/``TypeError`` for a bad
    option or an input of another type, as the standard library does. A ``str`` is article
    text (pass a file as ``Path``), unless it is nothing but an ``http(s)://`` address,
    which is fetched.
    """
    articles, warnings = to_articles(inputs)
    documents, dropped = build_documents(articles, segmenter=segmenter)
    return summarize_documents(
        documents,
        budget=budget,
        unit=unit,
        method=method,
        fill=fill,
        warnings=[*warnings, *dropped],
    )
