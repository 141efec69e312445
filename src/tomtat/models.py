"""The data model every stage shares: articles in, documents of sentences, a summary out.

Offsets (``start``/``end``) always index into ``Document.text``, the *normalized* article
text (NFC, de-segmented, boilerplate removed), so ``doc.text[s.start:s.end] == s.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Unit = Literal["syllables", "words", "sentences"]
UNITS: tuple[str, ...] = ("syllables", "words", "sentences")


def _check_type(article: Article, name: str, expected: Any, what: str) -> None:
    value = getattr(article, name)
    if not isinstance(value, expected):
        raise TypeError(f"Article.{name} must be {what}, not {type(value).__name__}")


@dataclass(slots=True)
class Article:
    """One article as a reader found it, before normalization.

    ``origin`` names where it came from (file path, ``path:line``, URL, ``<stdin>``) so that
    every error and warning can point at it.
    """

    text: str
    id: str = ""
    title: str | None = None
    lead: str | None = None
    source: str | None = None
    url: str | None = None
    published: datetime | None = None
    origin: str = "<input>"

    def __post_init__(self) -> None:
        # a mistyped field failed deep in normalization ("'NoneType' object has no
        # attribute 'splitlines'"); say which field at construction instead
        for name in ("text", "id", "origin"):
            _check_type(self, name, str, "str")
        for name in ("title", "lead", "source", "url"):
            _check_type(self, name, str | None, "str or None")
        _check_type(self, "published", datetime | None, "datetime or None")

    def to_dict(self) -> dict[str, Any]:
        """The article object readers accept (``origin`` is where it was read, not data)."""
        return {
            "id": self.id,
            "title": self.title,
            "lead": self.lead,
            "text": self.text,
            "source": self.source,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
        }


@dataclass(slots=True)
class Sentence:
    """A sentence of a document: its span in ``Document.text`` and its feature tokens."""

    doc_index: int
    position: int  # 0-based index among the document's candidate sentences
    start: int
    end: int
    text: str
    # lower-cased, tone-canonical syllables (what ROUGE and budgets count)
    syllables: tuple[str, ...] = ()
    # lower-cased, tone-canonical words: syllables joined with "_" inside a word
    words: tuple[str, ...] = ()
    is_title: bool = False  # the document's title or lead, not body text


@dataclass(slots=True)
class Document:
    """A normalized article: clean text plus its sentences."""

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: datetime | None = None
    origin: str = "<input>"
    sentences: list[Sentence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def metadata(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
        }


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a summary sentence (or a near-duplicate of it) stands in a document."""

    document: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "start": self.start, "end": self.end}


@dataclass(slots=True)
class SummarySentence:
    text: str
    sources: list[Citation]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "sources": [c.to_dict() for c in self.sources]}


@dataclass(slots=True)
class Budget:
    limit: int = 180
    unit: Unit = "syllables"
    fill: bool = False  # the first pick that does not fit is added, past the limit (ROUGE only)

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown budget unit {self.unit!r}; use one of {', '.join(UNITS)}")
        if isinstance(self.limit, bool) or not isinstance(self.limit, int):
            raise TypeError(f"budget must be an integer, got {self.limit!r}")
        if self.limit < 1:
            raise ValueError(f"budget must be a positive number, got {self.limit}")

    def cost(self, sentence: Sentence) -> int:
        if self.unit == "sentences":
            return 1
        if self.unit == "words":
            return max(1, len(sentence.words))
        return max(1, len(sentence.syllables))

    def to_dict(self) -> dict[str, Any]:
        return {"limit": self.limit, "unit": self.unit}


@dataclass(slots=True)
class Summary:
    sentences: list[SummarySentence]
    documents: list[Document]
    method: str
    budget: Budget
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    def __str__(self) -> str:
        return self.text

    def to_dict(self, *, include_text: bool = False) -> dict[str, Any]:
        """The summary JSON; ``include_text`` adds each document's normalized ``text``, the
        text citation offsets point into."""
        documents = [d.metadata() for d in self.documents]
        if include_text:
            for entry, document in zip(documents, self.documents, strict=True):
                entry["text"] = document.text
        return {
            "summary": self.text,
            "sentences": [s.to_dict() for s in self.sentences],
            "documents": documents,
            "method": self.method,
            "budget": self.budget.to_dict(),
            "warnings": list(self.warnings),
        }
