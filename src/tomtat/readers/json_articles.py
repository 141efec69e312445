"""Articles written as JSON: one object, a list, JSON Lines, or a batch with "documents".

An article object is ``{"id", "title", "lead", "text", "source", "url", "published"}``;
only ``text`` is required and unknown keys are ignored. The VLSP AbMuSu names ``raw_text``
and ``anchor_text`` are accepted for ``text`` and ``lead``.

HTML markup in ``text``, ``title`` or ``lead`` (a feed's ``<p>…</p>`` body, ``&quot;``) is
read as the text it shows (see :mod:`tomtat.readers.markup`).

A caller that passes a ``warnings`` list gets what a feed can survive reported there
instead of raised: a bad line of JSON Lines or a bad item of a list is skipped, and an
article whose ``published`` cannot be read is kept undated. Only when nothing usable is
left does the whole input fail.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import Any

from tomtat.errors import InputError
from tomtat.models import Article
from tomtat.readers.datelines import split_dateline
from tomtat.readers.dates import (
    PUBLISHED_RANGE,
    parse_published,
    published_out_of_range,
    refused_date,
)
from tomtat.readers.markup import has_markup, markup_to_text

# Field -> accepted spellings, first one wins when several are present.
_ALIASES = {"text": ("text", "raw_text"), "lead": ("lead", "anchor_text")}
# "\ud83d" is valid JSON but no character (a feed that cut an emoji in half): nothing can
# write it out as UTF-8. In prose it becomes U+FFFD, one code point for one, so no offset
# moves; in an id or a url, which name things, it is refused.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def surrogate_problem(value: str) -> str | None:
    """The error text for a string holding a lone surrogate, or None."""
    found = LONE_SURROGATE.search(value)
    if found is None:
        return None
    return f"contains an invalid character (lone surrogate \\u{ord(found.group()):04x})"


_OPTIONAL_STRINGS = ("title", "source", "url")
# Keys holding the documents of a batch (``single_documents`` is the AbMuSu name,
# ``articles`` the body ``POST /api/articles`` takes).
_BATCH_KEYS = ("documents", "single_documents", "articles")


def article_from_mapping(
    obj: Mapping[str, Any], origin: str, default_id: str, *, warnings: list[str] | None = None
) -> Article:
    """Validate one article object; raises ``InputError(origin, ...)`` naming the bad field.

    With a ``warnings`` list, an unreadable ``published`` date is reported there and the
    article kept undated (or dated by a dateline in its text); without one it is an error.
    """
    if not isinstance(obj, Mapping):
        raise InputError(origin, f"expected a JSON object, got {_json_type(obj)}")

    text = _field(obj, "text")
    if text is None:
        raise InputError(origin, 'missing required field "text"')
    if not isinstance(text, str):
        raise InputError(origin, f'field "text" must be a string, not {_json_type(text)}')
    text = LONE_SURROGATE.sub("\ufffd", text)
    if has_markup(text):
        # a feed's HTML body (<p>…</p>, &nbsp;): its text, not its tags, is the article
        text = markup_to_text(text)
    if not text.strip():
        raise InputError(origin, 'field "text" is empty')

    strings = {name: _optional_string(obj, name, origin) for name in ("lead", *_OPTIONAL_STRINGS)}
    for name in ("title", "lead"):
        value = strings[name]
        if value is not None and has_markup(value):
            value = markup_to_text(value)
            strings[name] = (" ".join(value.split()) if name == "title" else value) or None
    raw_date = obj.get("published")
    if isinstance(raw_date, str) and not raw_date.strip():
        raw_date = None  # "  ": no date given, as null
    published = _published(raw_date, origin)
    unreadable = published is None and raw_date is not None
    if unreadable and warnings is None:
        # Dropping the date unannounced would change how the summary orders events.
        if published_out_of_range(raw_date):
            raise InputError(origin, f"published: time {raw_date} out of range ({PUBLISHED_RANGE})")
        raise InputError(origin, f"published: cannot parse date {str(raw_date)!r}")
    article_id = id_field(obj.get("id"), origin, default_id)
    # a dateline copied into the text is no sentence, and the time when no field gives one
    text, dateline = split_dateline(text)
    if unreadable and warnings is not None:
        # Kept, not skipped: its text is what a summary needs, and an undated article has
        # a defined place (after the dated ones, in input order); the warning says so.
        instead = "dated by its dateline instead" if dateline else "read as undated"
        problem = refused_date("published date", raw_date, _shorten(raw_date))
        warnings.append(f"{origin}: {problem} ({instead})")
    return Article(
        text=text,
        id=article_id,
        title=strings["title"],
        lead=strings["lead"],
        source=strings["source"],
        url=strings["url"],
        published=published or dateline,
        origin=origin,
    )


def articles_from_json_text(
    text: str, origin: str, *, lines: bool | None = None, warnings: list[str] | None = None
) -> list[Article]:
    """Read articles from JSON text: an object, a list of objects, a batch, or JSON Lines.

    ``lines=None`` detects JSON Lines; ``True`` (``.jsonl`` files) always reads line by line
    so ids stay ``stem-N`` even for a one-line file. Items get origin ``origin:N``. With a
    ``warnings`` list, bad lines and items are skipped with a warning each (see the module
    docstring); ``InputError`` is raised only if none is usable.
    """
    stem = _stem(origin)
    if lines is None:
        lines = _looks_like_json_lines(text)
    if lines:
        return _from_json_lines(text, origin, stem, warnings)

    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(origin, _invalid_json(error, error.lineno)) from None
    except RecursionError:
        raise InputError(origin, "invalid JSON (nested too deeply)") from None

    if isinstance(data, Mapping):
        documents = _batch_documents(data, origin)
        if documents is None:
            return [article_from_mapping(data, origin, stem, warnings=warnings)]
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
    return _articles_of(list(enumerate(data, start=1)), origin, "item", stem, warnings)


def _from_json_lines(
    text: str, origin: str, stem: str, warnings: list[str] | None
) -> list[Article]:
    entries: list[tuple[int, Any]] = []
    # "\n" only: str.splitlines() would also cut at a raw U+2028 or U+0085 inside a string
    for n, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            entries.append((n, _json_line(line, n, origin)))
    if not entries:
        raise InputError(origin, "no JSON lines found")
    return _articles_of(entries, origin, "line", stem, warnings)


@dataclass(frozen=True, slots=True)
class _Problem:
    """Why one line or list item is unusable."""

    reason: str
    column: int | None = None

    def error(self, kind: str, n: int) -> str:
        where = f"{kind} {n}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.reason}"

    def warning(self, origin: str, n: int) -> str:
        where = f"{origin}:{n}: " + (f"column {self.column}: " if self.column else "")
        return f"{where}{self.reason} (skipped)"


def _articles_of(
    entries: list[tuple[int, Any]], origin: str, kind: str, stem: str, warnings: list[str] | None
) -> list[Article]:
    """The articles of numbered JSON values (or ``_Problem``s parsing them).

    Without ``warnings`` the first bad one fails the whole input; with it each is skipped
    with a warning, and the input fails only if none is usable.
    """
    articles: list[Article] = []
    bad: list[tuple[int, _Problem]] = []
    pending: list[str] = []  # this input's warnings, in order; dropped if it fails
    for n, value in entries:
        if isinstance(value, _Problem):
            problem = value
        else:
            try:
                articles.append(
                    article_from_mapping(
                        value,
                        f"{origin}:{n}",
                        f"{stem}-{n}",
                        warnings=None if warnings is None else pending,
                    )
                )
                continue
            except InputError as error:
                problem = _Problem(error.problem)
        if warnings is None:
            raise InputError(origin, problem.error(kind, n))
        bad.append((n, problem))
        pending.append(problem.warning(origin, n))
    if not articles:
        n, problem = bad[0]
        more = len(bad) - 1
        tail = f" (and {more} more bad {kind}{'s' * (more != 1)})" if more else ""
        raise InputError(origin, problem.error(kind, n) + tail)
    if warnings is not None:
        warnings.extend(pending)
    return articles


class JsonLineError(ValueError):
    """A JSON Lines line that does not parse; ``str()`` is ``"column C: invalid JSON (…)"``,
    to follow ``file:N: `` (the file's line number; json's own would always be 1)."""

    def __init__(self, reason: str, column: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.column = column

    def __str__(self) -> str:
        return (f"column {self.column}: " if self.column else "") + self.reason


def loads_line(line: str | bytes) -> Any:
    """``json.loads`` of one JSON Lines line, every failure a ``JsonLineError``."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise JsonLineError(f"invalid JSON ({_json_reason(error)})", error.colno) from None
    except RecursionError:
        raise JsonLineError("invalid JSON (nested too deeply)") from None
    except (ValueError, UnicodeDecodeError) as error:  # bytes in no UTF encoding
        raise JsonLineError(f"invalid JSON ({error})") from None


def _json_line(line: str, n: int, origin: str) -> Any:
    """The value on JSON Lines line ``n``, or the ``_Problem`` parsing it."""
    try:
        item = loads_line(line)
    except JsonLineError as error:
        return _Problem(error.reason, error.column)
    if isinstance(item, Mapping) and _batch_key(item) is not None:
        # the wrong command, not a damaged line: say so at once
        raise InputError(
            origin,
            f'line {n} is a story ({{"id", "documents"}}), not an article: '
            "summarize a file of stories with `tomtat batch`",
        )
    return item


def _looks_like_json_lines(text: str) -> bool:
    """JSON Lines if the first non-blank line is a complete JSON value and more lines follow.

    A pretty-printed document's first line (``{`` or ``[``) is never complete on its own.
    """
    rows = [line for line in text.split("\n") if line.strip()]
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
    if name == "url" and (problem := surrogate_problem(value)):
        raise InputError(origin, f'field "url" {problem}')
    return LONE_SURROGATE.sub("\ufffd", value).strip() or None


def id_field(value: Any, origin: str, default_id: str) -> str:
    """An article's or a story's ``"id"`` as text; ``default_id`` when it is null or blank."""
    if value is None:
        return default_id
    # Numbers are fine as ids (datasets number their articles); booleans are a mistake.
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(
            origin, f'field "id" must be a string or a number, not {_json_type(value)}'
        )
    if isinstance(value, str) and (problem := surrogate_problem(value)):
        raise InputError(origin, f'field "id" {problem}')
    return str(value).strip() or default_id


def _published(value: Any, origin: str) -> datetime | None:
    """The date ``value`` states, None if it states none it can read; a value of the wrong
    JSON type is an error (a broken producer, not an odd date format)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputError(
            origin, f'field "published" must be a date string or a number, not {_json_type(value)}'
        )
    return parse_published(value)


def _invalid_json(error: json.JSONDecodeError, line: int) -> str:
    return f"line {line}, column {error.colno}: invalid JSON ({_json_reason(error)})"


# json's messages end where it appends the position: "Unterminated string starting at".
_POSITION_WORDS = re.compile(r"\s+(?:starting\s+)?at$")


def _json_reason(error: json.JSONDecodeError) -> str:
    """``"Unterminated string starting at"`` -> ``"unterminated string"``."""
    reason = _POSITION_WORDS.sub("", error.msg)
    return reason[:1].lower() + reason[1:]


# An unreadable value is quoted in a one-line warning: never a paragraph of it.
_SHOWN_CHARS = 60


def _shorten(value: Any) -> str:
    shown = " ".join(str(value).split())
    return shown if len(shown) <= _SHOWN_CHARS else shown[: _SHOWN_CHARS - 1] + "…"


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
