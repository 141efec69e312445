"""Articles written as JSON: one object, a list, JSON Lines, or a batch with "documents".

An article object is ``{"id", "title", "lead", "text", "source", "url", "published"}``;
only ``text`` is required and unknown keys are ignored. The VLSP AbMuSu names ``raw_text``
and ``anchor_text`` are accepted for ``text`` and ``lead``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import PurePath
from typing import Any

from tomtat.errors import InputError
from tomtat.models import Article
from tomtat.readers.datelines import split_dateline
from tomtat.readers.dates import parse_published

# Field -> accepted spellings, first one wins when several are present.
_ALIASES = {"text": ("text", "raw_text"), "lead": ("lead", "anchor_text")}
_OPTIONAL_STRINGS = ("title", "source", "url")
# Keys holding the documents of a batch (``single_documents`` is the AbMuSu name).
_BATCH_KEYS = ("documents", "single_documents")


def article_from_mapping(obj: Mapping[str, Any], origin: str, default_id: str) -> Article:
    """Validate one article object; raises ``InputError(origin, ...)`` naming the bad field."""
    if not isinstance(obj, Mapping):
        raise InputError(origin, f"expected a JSON object, got {_json_type(obj)}")

    text = _field(obj, "text")
    if text is None:
        raise InputError(origin, 'missing required field "text"')
    if not isinstance(text, str):
        raise InputError(origin, f'field "text" must be a string, not {_json_type(text)}')
    if not text.strip():
        raise InputError(origin, 'field "text" is empty')

    strings = {name: _optional_string(obj, name, origin) for name in ("lead", *_OPTIONAL_STRINGS)}
    published = _published(obj.get("published"), origin)
    # a dateline copied into the text is no sentence, and the time when no field gives one
    text, dateline = split_dateline(text)
    return Article(
        text=text,
        id=_article_id(obj.get("id"), origin, default_id),
        title=strings["title"],
        lead=strings["lead"],
        source=strings["source"],
        url=strings["url"],
        published=published or dateline,
        origin=origin,
    )


def articles_from_json_text(text: str, origin: str, *, lines: bool | None = None) -> list[Article]:
    """Read articles from JSON text: an object, a list of objects, a batch, or JSON Lines.

    ``lines=None`` detects JSON Lines; ``True`` (``.jsonl`` files) always reads line by line
    so ids stay ``stem-N`` even for a one-line file. Items get origin ``origin:N``.
    """
    stem = _stem(origin)
    if lines is None:
        lines = _looks_like_json_lines(text)
    if lines:
        return _from_json_lines(text, origin, stem)

    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(origin, _invalid_json(error, error.lineno)) from None
    except RecursionError:
        raise InputError(origin, "invalid JSON (nested too deeply)") from None

    if isinstance(data, Mapping):
        documents = _batch_documents(data, origin)
        if documents is None:
            return [article_from_mapping(data, origin, stem)]
        batch_id = data.get("id")
        if isinstance(batch_id, str | int) and not isinstance(batch_id, bool) and str(batch_id):
            stem = str(batch_id)
        data = documents
    if not isinstance(data, list):
        raise InputError(
            origin, f"expected a JSON object or a list of objects, got {_json_type(data)}"
        )
    if not data:
        raise InputError(origin, "JSON list is empty (no articles)")
    articles = []
    for n, item in enumerate(data, start=1):
        try:
            articles.append(article_from_mapping(item, f"{origin}:{n}", f"{stem}-{n}"))
        except InputError as error:
            raise InputError(origin, f"item {n}: {error.problem}") from None
    return articles


def _from_json_lines(text: str, origin: str, stem: str) -> list[Article]:
    articles = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(origin, _invalid_json(error, n)) from None
        except RecursionError:
            raise InputError(origin, f"line {n}: invalid JSON (nested too deeply)") from None
        if isinstance(item, Mapping) and _batch_key(item) is not None:
            raise InputError(
                origin,
                f'line {n} is a story ({{"id", "documents"}}), not an article: '
                "summarize a file of stories with `tomtat batch`",
            )
        try:
            articles.append(article_from_mapping(item, f"{origin}:{n}", f"{stem}-{n}"))
        except InputError as error:
            raise InputError(origin, f"line {n}: {error.problem}") from None
    if not articles:
        raise InputError(origin, "no JSON lines found")
    return articles


def _looks_like_json_lines(text: str) -> bool:
    """JSON Lines if the first non-blank line is a complete JSON value and more lines follow.

    A pretty-printed document's first line (``{`` or ``[``) is never complete on its own.
    """
    rows = [line for line in text.splitlines() if line.strip()]
    if len(rows) < 2:
        return False
    try:
        json.loads(rows[0])
    except (json.JSONDecodeError, RecursionError):
        return False
    return True


def _batch_key(data: Mapping[str, Any]) -> str | None:
    """The field holding a batch object's documents, or None if ``data`` is an article."""
    if any(key in data for key in _ALIASES["text"]):
        return None
    return next((key for key in _BATCH_KEYS if key in data), None)


def _batch_documents(data: Mapping[str, Any], origin: str) -> list[Any] | None:
    """The documents of a batch object, or None if ``data`` is a plain article."""
    key = _batch_key(data)
    if key is None:
        return None
    documents = data[key]
    if not isinstance(documents, list):
        raise InputError(origin, f'field "{key}" must be a list, not {_json_type(documents)}')
    return documents


def _field(obj: Mapping[str, Any], name: str) -> Any:
    for key in _ALIASES.get(name, (name,)):
        if obj.get(key) is not None:
            return obj[key]
    return None


def _optional_string(obj: Mapping[str, Any], name: str, origin: str) -> str | None:
    value = _field(obj, name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(origin, f'field "{name}" must be a string, not {_json_type(value)}')
    return value.strip() or None


def _article_id(value: Any, origin: str, default_id: str) -> str:
    if value is None:
        return default_id
    # Numbers are fine as ids (datasets number their articles); booleans are a mistake.
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(
            origin, f'field "id" must be a string or a number, not {_json_type(value)}'
        )
    return str(value).strip() or default_id


def _published(value: Any, origin: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(
            origin, f'field "published" must be a date string or a number, not {_json_type(value)}'
        )
    parsed = parse_published(value)
    if parsed is None:
        # Dropping the date silently would change how the summary orders events.
        raise InputError(origin, f"published: cannot parse date {str(value)!r}")
    return parsed


def _invalid_json(error: json.JSONDecodeError, line: int) -> str:
    return f"line {line}: invalid JSON ({error.msg}, column {error.colno})"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list | tuple):
        return "array"
    return type(value).__name__


def _stem(origin: str) -> str:
    if origin == "<stdin>":
        return "stdin"
    return PurePath(origin).stem or origin
