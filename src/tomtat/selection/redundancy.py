"""Near-duplicate sentences across a cluster: the basis of both de-duplication and citations.

Two sentences are near-duplicates when most syllable bigrams of the shorter one occur in the
other, most of its second half too (where a Vietnamese sentence states its claim), and their
numbers agree. Containment (not Jaccard) lets a short outlet's sentence match
a longer rewrite. Selection's restatement check asks the narrower question of
:func:`counts_disagree`: does a sentence count something with another number?
"""

from __future__ import annotations

import re

import numpy as np

from tomtat.models import Sentence
from tomtat.scoring.representation import Cluster
from tomtat.segmentation.numbers import digit_numbers, spelled_numbers
from tomtat.segmentation.words import syllables as syllables_of

_DIGIT = re.compile(r"\d")
NEAR_DUPLICATE = 0.6  # share of the shorter sentence's bigrams found in the other
CLAIM_SHARED = 0.5  # share of the second half of the shorter one found in the other


def _near_duplicate_rows(cluster: Cluster, rows: np.ndarray, threshold: float) -> np.ndarray:
    """Rows ``rows`` of the near-duplicate matrix (len(rows) × n): most of the shorter
    sentence's distinct bigrams in the other, no conflicting digits, no count that differs."""
    n = len(cluster)
    bigrams = cluster.bigram_presence
    shared = (bigrams[rows] @ bigrams.T).toarray()
    sizes = bigrams.getnnz(axis=1)
    smaller = np.minimum(sizes[rows][:, None], sizes[None, :])
    contained = np.divide(shared, smaller, out=np.zeros(shared.shape), where=smaller > 0)
    # digits_conflict over the matrix: both state some and neither's are all among the other's
    # ("5 người chết, 1 mất tích" vs "4 người chết, 2 mất tích": an updated toll)
    numbers = cluster.number_presence
    in_both = (numbers[rows] @ numbers.T).toarray()
    count = numbers.getnnz(axis=1)
    mine = count[rows][:, None]
    conflict = (mine > 0) & (count[None, :] > 0) & (in_both < mine) & (in_both < count[None, :])
    dup = (contained >= threshold) & ~conflict
    dup[np.arange(len(rows)), rows] = True
    # the whole matrix is symmetric: read each pair once
    full = len(rows) == n and bool(np.array_equal(rows, np.arange(n)))
    counted = CountedCache(cluster)
    for r, j in zip(*np.nonzero(np.triu(dup, k=1) if full else dup), strict=True):
        i = int(rows[r])
        if i != j and (counted.disagree(i, int(j)) or claims_differ(cluster, i, int(j), sizes)):
            dup[r, j] = False
            if full:
                dup[j, r] = False
    return dup


def claims_differ(cluster: Cluster, i: int, j: int, sizes: np.ndarray) -> bool:
    """One subject or speaker, another predicate ("Ông Bảo, Tổng giám đốc LHD, cho biết
    thương vụ có thể hoàn tất vào cuối năm" / "… cho biết công ty đã hoàn tất sổ lệnh"): a
    Vietnamese sentence says its claim last, so most of the second half of the shorter one
    (``sizes``: distinct bigrams per sentence) must be in the other; both, if of one size."""
    sequences = cluster.bigram_sequences
    shorter = [i, j] if sizes[i] == sizes[j] else [i if sizes[i] < sizes[j] else j]
    for a in shorter:
        b = j if a == i else i
        tail = sequences[a][len(sequences[a]) // 2 :]
        if len(tail) and np.isin(tail, sequences[b]).mean() < CLAIM_SHARED:
            return True
    return False


def near_duplicate_row(cluster: Cluster, i: int, threshold: float = NEAR_DUPLICATE) -> np.ndarray:
    """Row ``i`` of :func:`near_duplicates`, computed without the n×n matrices: what a story
    too large to hold them in memory uses to cite every article."""
    return _near_duplicate_rows(cluster, np.array([i]), threshold)[0]


def digits_conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Both state numbers and neither's are all among the other's: the pairwise rule that
    :func:`near_duplicates` applies to whole matrices."""
    return bool(a) and bool(b) and not a <= b and not b <= a


def counted_numbers(sentence: Sentence) -> dict[str, set[str]]:
    """Numbers by the two syllables after them, what they count: ``5.000 người chết, hai
    người bị thương`` -> ``{"người chết": {"5000"}, "người bị": {"2"}}``."""
    text = sentence.text
    found = [(end, value) for _, end, value in digit_numbers(text)]
    found += [(end, str(value)) for _, end, value in spelled_numbers(text)]
    out: dict[str, set[str]] = {}
    for end, value in found:
        what = syllables_of(text[end : end + 40])[:2]
        if what and not _DIGIT.search(what[0]):
            out.setdefault(" ".join(what), set()).add(value)
    return out


def counts_disagree(a: dict[str, set[str]], b: dict[str, set[str]]) -> bool:
    """Some word is counted by both with no number in common (``4 người`` vs ``5 người``)."""
    return any(unit in b and not numbers & b[unit] for unit, numbers in a.items())


def near_duplicates(cluster: Cluster, threshold: float = NEAR_DUPLICATE) -> np.ndarray:
    """Boolean matrix of near-duplicate pairs (the diagonal is True): most bigrams shared
    and no conflicting numbers, so a sentence never cites an article that says otherwise.
    Numbers in words count where they count the same thing ("hai người chết" is not
    "3 người chết"; "hai nước" says nothing against "13/9")."""
    return _near_duplicate_rows(cluster, np.arange(len(cluster)), threshold)


class CountedCache:
    """``counted_numbers`` of a cluster's sentences, read once and only where asked."""

    def __init__(self, cluster: Cluster) -> None:
        self.sentences = cluster.sentences
        self.done: dict[int, dict[str, set[str]]] = {}

    def of(self, i: int) -> dict[str, set[str]]:
        if i not in self.done:
            self.done[i] = counted_numbers(self.sentences[i])
        return self.done[i]

    def disagree(self, i: int, j: int) -> bool:
        return counts_disagree(self.of(i), self.of(j))
