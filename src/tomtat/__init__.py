"""tomtat: one short, faithful, cited summary from many Vietnamese articles on one story.

>>> from tomtat import summarize
>>> summary = summarize(["Bài thứ nhất ...", {"text": "Bài thứ hai ...", "source": "Báo A"}])

Heavy parts (numpy, scipy, pyvi) load on first use, so ``import tomtat`` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tomtat.errors import InputError, NoArticlesError, TomtatError
from tomtat.models import Article, Budget, Citation, Document, Sentence, Summary, SummarySentence

__version__ = "0.1.0"

if TYPE_CHECKING:
    from tomtat.api import summarize, summarize_documents
    from tomtat.documents import build_documents

_LAZY = {
    "summarize": "tomtat.api",
    "summarize_documents": "tomtat.api",
    "build_documents": "tomtat.documents",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tomtat' has no attribute {name!r}")


__all__ = [
    "Article",
    "Budget",
    "Citation",
    "Document",
    "InputError",
    "NoArticlesError",
    "Sentence",
    "Summary",
    "SummarySentence",
    "TomtatError",
    "__version__",
    "build_documents",
    "summarize",
    "summarize_documents",
]
