"""Near-duplicate sentences across a cluster: the basis of both de-duplication and citations.

Two sentences are near-duplicates when most syllable bigrams of the shorter one occur in the
other, most of its second half too (where a Vietnamese sentence states its claim), their
numbers agree, and no negation, direction, scale word or name is swapped for another.
Containment (not Jaccard) lets a short outlet's sentence match
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
_COUNTED_NEXT = re.compile(r"\s+[^\W\d_]")
NEAR_DUPLICATE = 0.6  # share of the shorter sentence's bigrams found in the other
CLAIM_SHARED = 0.5  # share of the second half of the shorter one found in the other


def _near_duplicate_rows(cluster: Cluster, rows: np.ndarray, threshold: float) -> np.ndarray:
    """Rows ``rows`` of the near-duplicate matrix (len(rows) × n): most of the shorter
    sentence's distinct bigrams in the other, no conflicting digits, no count that differs."""
    n = len(cluster)
    # the whole matrix is symmetric: read each pair once
    full = len(rows) == n and bool(np.array_equal(rows, np.arange(n)))
    bigrams = cluster.bigram_presence
    shared = cluster.shared_bigrams if full else (bigrams[rows] @ bigrams.T).toarray()
    sizes = cluster.bigram_sizes
    smaller = np.minimum(sizes[rows][:, None], sizes[None, :])
    contained = np.divide(shared, smaller, out=np.zeros(shared.shape), where=smaller > 0)
    # digits_conflict over the matrix: both state some and neither's are all among the other's
    # ("5 người chết, 1 mất tích" vs "4 người chết, 2 mất tích": an updated toll)
    numbers = cluster.number_presence
    in_both = ((numbers if full else numbers[rows]) @ numbers.T).toarray()
    count = numbers.getnnz(axis=1)
    mine = count[rows][:, None]
    conflict = (mine > 0) & (count[None, :] > 0) & (in_both < mine) & (in_both < count[None, :])
    dup = (contained >= threshold) & ~conflict
    dup[np.arange(len(rows)), rows] = True
    counted = CountedCache(cluster)
    for r, j in zip(*np.nonzero(np.triu(dup, k=1) if full else dup), strict=True):
        i = int(rows[r])
        if i != j and (
            counted.disagree(i, int(j))
            or claims_differ(cluster, i, int(j), sizes)
            or counted.words_conflict(i, int(j))
        ):
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
        tail = sequences[a][len(sequences[a]) // 2 :].tolist()
        if tail:
            other = set(sequences[b].tolist())  # sets: np.isin is slow on a few dozen ids
            if sum(t in other for t in tail) < CLAIM_SHARED * len(tail):
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
        if not _COUNTED_NEXT.match(text, end):
            continue  # "ngày 30/10, đoàn kiểm tra": the counted word follows at once
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


# Words whose swap reverses or rescales a claim that otherwise reads the same: "đã ký" /
# "không ký", "tăng 5%" / "giảm 5%", "50 triệu" / "50 nghìn", "ông Hải" / "ông Bình".
_NEGATORS = frozenset({"không", "chưa", "chẳng", "chả", "chớ", "đừng"})


def _both_ways(*pairs: tuple[str, str]) -> dict[str, str]:
    return {pair[k]: pair[1 - k] for pair in pairs for k in (0, 1)}


_OPPOSITES = _both_ways(
    ("tăng", "giảm"),
    ("lên", "xuống"),
    ("cao", "thấp"),
    ("thắng", "thua"),
    ("mở", "đóng"),
    ("trước", "sau"),
    ("thêm", "bớt"),
    ("nhiều", "ít"),
    ("lớn", "nhỏ"),
)
# the same, for words of more than one syllable, tenses and directions; and what turns an
# action into its refusal ("đã ký" / "đã từ chối", "đã hoãn ký")
_PHRASE_OPPOSITES = _both_ways(
    ("khai mạc", "bế mạc"),
    ("ủng hộ", "phản đối"),
    ("đồng ý", "từ chối"),
    ("chấp thuận", "bác bỏ"),
    ("thông qua", "bác bỏ"),
    ("nhập khẩu", "xuất khẩu"),
    ("tăng", "cắt giảm"),
    ("đã", "sẽ"),
    ("đông", "tây"),
    ("nam", "bắc"),
    ("trúng", "trượt"),
    ("sống", "chết"),
)
_REFUSALS = ("từ chối", "bác bỏ", "hoãn", "phản đối", "hủy bỏ")
_SPAN = 4  # longest swapped wording compared as one phrase, in syllables
_SCALES = {"trăm": "trăm", "nghìn": "nghìn", "ngàn": "nghìn", "triệu": "triệu"}
_SCALES |= {"tỷ": "tỷ", "tỉ": "tỷ"}
_TOKEN = re.compile(r"[^\W_]+")

Tokens = tuple[tuple[str, ...], tuple[int, ...]]


def tokens_of(sentence: Sentence) -> Tokens:
    """(lower-cased tone-canonical syllables, per syllable past the first 1 if capitalized,
    2 if an acronym in capitals ("TP", "BHYT"), else 0)."""
    words = sentence.syllables
    found = list(_TOKEN.finditer(sentence.text))
    if len(found) != len(words):  # a letter whose lower case splits differently: no names
        return words, (0,) * len(words)
    return words, tuple(_capitals(m.group()) if k else 0 for k, m in enumerate(found))


def _capitals(token: str) -> int:
    if not token[0].isupper():
        return 0
    return 2 if len(token) > 1 and token.isupper() else 1


def words_conflict(a: Tokens, b: Tokens) -> bool:
    """One wording of a sentence with a word swapped for a negation, an opposite, another
    scale or another name, in the same place between the same neighbours (or a negation
    inserted there): the two say different things, whatever else they share."""
    if a[0] == b[0]:
        return False  # one wording (a third of the pairs: copies between outlets)
    return _swapped(a, b) or _swapped(b, a) or _phrase_swapped(a, b)


def _phrase_swapped(a: Tokens, b: Tokens) -> bool:
    """A short wording between the same neighbours replaced by its opposite, a refusal of
    it, or another name ("Thủ tướng Nhật Bản" / "Tổng thống Hàn Quốc"), its words found
    nowhere in the other sentence (so lists in another order stay one claim)."""
    from difflib import SequenceMatcher

    (words_a, caps_a), (words_b, caps_b) = a, b
    ops = SequenceMatcher(None, words_a, words_b, autojunk=False).get_opcodes()
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal" or k == 0 or k == len(ops) - 1 or max(i2 - i1, j2 - j1) > _SPAN:
            continue
        span_a, span_b = words_a[i1:i2], words_b[j1:j2]
        if set(span_a) & set(words_b) or set(span_b) & set(words_a):
            continue
        said_a, said_b = " ".join(span_a), " ".join(span_b)
        if _refuses(said_a) != _refuses(said_b):
            return True
        if not span_a or not span_b:
            continue
        before, after = words_a[i1 - 1], words_a[i2]  # equal neighbours: the same in b
        for x, y in (
            (said_a, said_b),
            (f"{said_a} {after}", f"{said_b} {after}"),
            (f"{before} {said_a}", f"{before} {said_b}"),
        ):
            if _PHRASE_OPPOSITES.get(x) == y:
                return True
        names_a, names_b = caps_a[i1:i2], caps_b[j1:j2]
        if (  # another name of the same length; an acronym may stand for the other wording
            len(span_a) == len(span_b)
            and any(names_a)
            and any(names_b)
            and 2 not in names_a
            and 2 not in names_b
            and not all(len(w) == 1 for w in span_a)  # initials: "anh Đ.L" is "anh Điểu Lâm"
            and not all(len(w) == 1 for w in span_b)
        ):
            return True
    return False


def _refuses(wording: str) -> bool:
    return any(f" {r} " in f" {wording} " for r in _REFUSALS)


def _swapped(a: Tokens, b: Tokens) -> bool:
    words_a, caps_a = a
    words_b, caps_b = b
    in_b = set(words_b)
    at: dict[str, list[int]] = {}
    for m, w in enumerate(words_a):
        at.setdefault(w, []).append(m)
    last = len(words_a) - 1
    for k in range(1, len(words_b) - 1):
        word, before, after = words_b[k], words_b[k - 1], words_b[k + 1]
        if word in _NEGATORS:
            # "nước không ký" against "nước ký" or "nước đã ký"
            for m in at.get(after, ()):
                if (
                    m >= 1
                    and words_a[m - 1] not in _NEGATORS
                    and (words_a[m - 1] == before or (m >= 2 and words_a[m - 2] == before))
                ):
                    return True
            continue
        scale = _SCALES.get(word)
        for m in at.get(before, ()):
            if m + 2 > last or words_a[m + 2] != after:
                continue
            other = words_a[m + 1]
            if other == word or word in at or other in in_b:
                continue  # not swapped: both words in both (a list, another order)
            if (
                (scale is not None and _SCALES.get(other, scale) != scale)
                or _OPPOSITES.get(word) == other
                or (caps_b[k] and caps_a[m + 1])
            ):
                return True
    return False


class CountedCache:
    """``counted_numbers`` and ``tokens_of`` of a cluster's sentences, read once and only
    where asked."""

    def __init__(self, cluster: Cluster) -> None:
        self.sentences = cluster.sentences
        self.done: dict[int, dict[str, set[str]]] = {}
        self.tokens: dict[int, Tokens] = {}

    def of(self, i: int) -> dict[str, set[str]]:
        if i not in self.done:
            self.done[i] = counted_numbers(self.sentences[i])
        return self.done[i]

    def disagree(self, i: int, j: int) -> bool:
        return counts_disagree(self.of(i), self.of(j))

    def words_conflict(self, i: int, j: int) -> bool:
        for k in (i, j):
            if k not in self.tokens:
                self.tokens[k] = tokens_of(self.sentences[k])
        return words_conflict(self.tokens[i], self.tokens[j])
