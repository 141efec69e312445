"""Summarization methods, one module each, behind the ``Summarizer`` interface."""

from __future__ import annotations

from tomtat.summarizers.base import Summarizer
from tomtat.summarizers.centroid import CentroidSummarizer
from tomtat.summarizers.coverage import CoverageSummarizer
from tomtat.summarizers.lead import LeadSummarizer
from tomtat.summarizers.learned import LearnedSummarizer
from tomtat.summarizers.lexrank import LexRankSummarizer

_METHODS: dict[str, type[Summarizer]] = {
    cls.name: cls
    for cls in (
        LearnedSummarizer,
        CoverageSummarizer,
        LeadSummarizer,
        CentroidSummarizer,
        LexRankSummarizer,
    )
}
DEFAULT_METHOD = "learned"
METHODS: tuple[str, ...] = ("default", *_METHODS)


def get_summarizer(method: str = "default") -> Summarizer:
    """A summarizer by name; ``default`` is the best method tomtat ships."""
    name = DEFAULT_METHOD if method == "default" else method
    if name not in _METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    return _METHODS[name]()


__all__ = ["DEFAULT_METHOD", "METHODS", "Summarizer", "get_summarizer"]
