"""Keep article ids unique: citations and the summary's document list refer to them."""

from __future__ import annotations

from collections.abc import Callable

from tomtat.models import Article, Document


def free_id(wanted: str, taken: Callable[[str], bool]) -> str:
    """``wanted`` if it is not taken, else the first free ``wanted-2``, ``wanted-3``..."""
    candidate, n = wanted, 2
    while taken(candidate):
        candidate = f"{wanted}-{n}"
        n += 1
    return candidate


def make_ids_unique(articles: list[Article] | list[Document]) -> list[str]:
    """Rename repeated ids in place (``a``, ``a-2``, ``a-3``...); return one warning each."""
    warnings: list[str] = []
    taken = {article.id for article in articles}
    seen: set[str] = set()
    for article in articles:
        if article.id not in seen:
            seen.add(article.id)
            continue
        new_id = free_id(article.id, taken.__contains__)
        warnings.append(f"{article.origin}: duplicate id {article.id!r} renamed to {new_id!r}")
        article.id = new_id
        taken.add(new_id)
        seen.add(new_id)
    return warnings
