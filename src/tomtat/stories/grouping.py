"""Group a pile of articles into stories: ``group_articles(articles) -> [[index, ...], ...]``.

One pass over the texts builds compact signatures (:mod:`tomtat.stories.features`); the
grouping itself is average-link merging over candidate pairs (:mod:`tomtat.stories.linkage`).
The number of stories is not given: groups stop merging when their average similarity falls
below a fixed level chosen on development data, so there is nothing for a user to tune.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tomtat.models import Article
from tomtat.stories.features import article_counts, epoch_days, unit_vectors
from tomtat.stories.linkage import average_link, candidate_pairs

__all__ = ["group_articles", "groups_from_labels"]


def groups_from_labels(labels: Sequence[int] | np.ndarray) -> list[list[int]]:
    """Indices grouped by label: largest group first, ties by first index."""
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(np.asarray(labels).tolist()):
        groups.setdefault(label, []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def group_articles(articles: Sequence[Article]) -> list[list[int]]:
    """Group ``articles`` into stories; return lists of indices into ``articles``.

    Every article is in exactly one group (a lone article is a group of one); groups are
    sorted largest first, then by their first article. Only the title, lead, the first few
    thousand characters of the text and the publication time are read.
    """
    if not articles:
        return []
    x = unit_vectors(article_counts(articles))
    days = epoch_days(articles)
    labels = average_link(x, candidate_pairs(x, days), days)
    return groups_from_labels(labels)
