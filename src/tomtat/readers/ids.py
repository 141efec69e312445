"""Keep article ids unique: citations and the summary's document list refer to them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tomtat.models import Article, Document


def free_id(wanted: str, taken: Callable[[str], bool]) -> str:
    """``wanted`` if it is not taken, else the first free ``wanted-2``, ``wanted-3``..."""
    candidate, n = wanted, 2
    while taken(candidate):
        candidate = f"{wanted}-{n}"
        n += 1
    return candidate


def has_own_id(obj: object) -> bool:
    """Whether an article object names its id (else it is numbered by position)."""
    value = obj.get("id") if isinstance(obj, dict) else None
    return value is not None and str(value).strip() != ""


def make_ids_unique(
    articles: list[Article] | list[Document], chosen: Sequence[bool] | None = None
) -> list[str]:
    """Rename repeated ids in place (``a``, ``a-2``, ``a-3``...); return one warning each.

    ``chosen[i]`` says the id of ``articles[i]`` was given, not numbered by position: those
    keep their ids first, so a client's "1" is not renamed for an unnamed article numbered 1.
    """
    warnings: list[str] = []
    taken = {article.id for article in articles}
    seen: set[str] = set()
    order = (
        range(len(articles))
        if chosen is None
        else sorted(range(len(articles)), key=lambda i: not chosen[i])
    )
    for article in (articles[i] for i in order):
        if article.id not in seen:
            seen.add(article.id)
            continue
        new_id = free_id(article.id, taken.__contains__)
        warnings.append(f"{article.origin}: duplicate id {article.id!r} renamed to {new_id!r}")
        article.id = new_id
        taken.add(new_id)
        seen.add(new_id)
    return warnings
