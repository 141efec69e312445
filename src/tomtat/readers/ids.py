"""Keep article ids unique: citations and the summary's document list refer to them."""

from __future__ import annotations

from tomtat.models import Article, Document


def make_ids_unique(articles: list[Article] | list[Document]) -> list[str]:
    """Rename repeated ids in place (``a``, ``a-2``, ``a-3``...); return one warning each."""
    warnings: list[str] = []
    taken = {article.id for article in articles}
    seen: set[str] = set()
    for article in articles:
        if article.id not in seen:
            seen.add(article.id)
            continue
        n = 2
        while f"{article.id}-{n}" in taken:
            n += 1
        new_id = f"{article.id}-{n}"
        warnings.append(f"{article.origin}: duplicate id {article.id!r} renamed to {new_id!r}")
        article.id = new_id
        taken.add(new_id)
        seen.add(new_id)
    return warnings
