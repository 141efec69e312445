"""B-cubed precision, recall and F1 of a grouping against gold labels (Bagga & Baldwin 1998).

Per item: precision is the share of its predicted group that shares its gold label, recall the
share of its gold group that it was grouped with; both are averaged over items and F1 is their
harmonic mean (Amigó et al. 2009). Unlike pair counting, every item weighs the same, so a few
large stories cannot hide errors on the many small ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence

__all__ = ["bcubed"]


def bcubed(
    pred_groups: Sequence[Sequence[int]], gold_labels: Sequence[Hashable]
) -> tuple[float, float, float]:
    """``(precision, recall, f1)`` of ``pred_groups`` (lists of item indices) against
    ``gold_labels[i]``, the true story of item ``i``.

    Every index in ``range(len(gold_labels))`` must appear in exactly one group. Computed from
    the contingency counts of (group, label), so the cost is linear in the number of items.
    """
    n = len(gold_labels)
    seen = sorted(i for group in pred_groups for i in group)
    if seen != list(range(n)):
        raise ValueError("pred_groups must hold every index of gold_labels exactly once")
    if n == 0:
        return 1.0, 1.0, 1.0
    gold_sizes = Counter(gold_labels)
    precision = recall = 0.0
    for group in pred_groups:
        overlap = Counter(gold_labels[i] for i in group)
        for label, count in overlap.items():
            # each of the `count` items scores count/|group| and count/|gold group|
            precision += count * count / len(group)
            recall += count * count / gold_sizes[label]
    precision /= n
    recall /= n
    f1 = 2 * precision * recall / (precision + recall)
    return precision, recall, f1
