"""Greedy extractive oracle: an upper-bound-ish reference point for sentence selection."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from tomtat.evaluation.rouge import tokenize

Bigram = tuple[str, str]


def _bigrams(tokens: list[str]) -> Counter[Bigram]:
    return Counter(pairwise(tokens))


def _f1(overlap: int, n_pred: int, n_ref: int) -> float:
    # ROUGE F1 = 2PR/(P+R) = 2*overlap/(|pred| + |ref|), and 0 when nothing overlaps
    return 2.0 * overlap / (n_pred + n_ref) if overlap else 0.0


class _State:
    """The summary built so far: its tokens, bigram counts and overlap with each reference."""

    def __init__(self, refs: list[Counter[Bigram]]) -> None:
        self.refs = refs
        self.ref_sizes = [sum(r.values()) for r in refs]
        self.tokens: list[str] = []
        self.counts: Counter[Bigram] = Counter()
        self.overlaps = [0] * len(refs)

    def extension(self, cand: list[str], full: Counter[Bigram], budget: int) -> Counter[Bigram]:
        """Bigrams that appending ``cand`` (cut at the budget) adds, including the seam one."""
        room = budget - len(self.tokens)
        added = full if len(cand) <= room else _bigrams(cand[:room])
        if self.tokens and cand and room > 0:
            added = added.copy()
            added[(self.tokens[-1], cand[0])] += 1
        return added

    def score_with(self, added: Counter[Bigram]) -> float:
        n_pred = self.counts.total() + added.total()
        total = 0.0
        for ref, size, overlap in zip(self.refs, self.ref_sizes, self.overlaps, strict=True):
            for gram, c in added.items():
                r = ref.get(gram, 0)
                if r:
                    old = self.counts.get(gram, 0)
                    overlap += min(old + c, r) - min(old, r)
            total += _f1(overlap, n_pred, size)
        return total / len(self.refs)

    def add(self, cand: list[str], added: Counter[Bigram], budget: int) -> None:
        for i, ref in enumerate(self.refs):
            for gram, c in added.items():
                r = ref.get(gram, 0)
                if r:
                    old = self.counts.get(gram, 0)
                    self.overlaps[i] += min(old + c, r) - min(old, r)
        self.counts.update(added)
        self.tokens.extend(cand[: budget - len(self.tokens)])


def greedy_oracle(candidates: list[str], references: list[str], budget: int) -> list[int]:
    """Indices of candidates, in pick order, greedily maximizing mean ROUGE-2 F1.

    The summary is the picked sentences joined in pick order and cut to ``budget`` tokens,
    scored like :class:`~tomtat.evaluation.rouge.RougeScorer` would (bigrams across sentence
    seams count). Picking stops when the budget is full or no sentence raises the score.
    """
    if not references:
        raise ValueError("at least one reference summary is needed")
    if budget < 1:
        raise ValueError(f"budget must be positive, got {budget}")
    cand_tokens = [tokenize(c) for c in candidates]
    cand_bigrams = [_bigrams(t) for t in cand_tokens]
    state = _State([_bigrams(tokenize(r)) for r in references])
    picked: list[int] = []
    remaining = [i for i, t in enumerate(cand_tokens) if t]
    best = 0.0
    while remaining and len(state.tokens) < budget:
        choice, choice_score, choice_added = -1, best, Counter()
        for i in remaining:
            added = state.extension(cand_tokens[i], cand_bigrams[i], budget)
            s = state.score_with(added)
            if s > choice_score:
                choice, choice_score, choice_added = i, s, added
        if choice < 0:
            break
        state.add(cand_tokens[choice], choice_added, budget)
        best = choice_score
        picked.append(choice)
        remaining.remove(choice)
    return picked
