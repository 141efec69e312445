"""Baseline ("peer") summarizers to compare the real pipeline against.

Each takes normalized ``Document`` s and a budget in syllables and returns sentence texts in
output order. They read only ``Sentence.text`` and ``Sentence.syllables``. All run in "fill"
mode: the sentence that crosses the budget is kept, because ROUGE at a fixed length cuts the
summary to the budget anyway. Sentences without syllables and exact repeats of an already
chosen sentence are skipped: they would only spend budget.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from itertools import zip_longest
from typing import Any

import numpy as np

from tomtat.models import Document, Sentence

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _fill(sentences: Iterable[Sentence], budget: int) -> list[str]:
    """Take sentences in the given order until ``budget`` syllables are reached or passed."""
    if budget < 1:
        raise ValueError(f"budget must be positive, got {budget}")
    chosen: list[str] = []
    seen: set[str] = set()
    used = 0
    for s in sentences:
        if used >= budget:
            break
        if not s.syllables or s.text in seen:
            continue
        seen.add(s.text)
        chosen.append(s.text)
        used += len(s.syllables)
    return chosen


def lead(docs: list[Document], budget: int) -> list[str]:
    """LEAD: the leading sentences of the first article (that has any), up to the budget.

    If that article is shorter than the budget the summary is simply shorter.
    """
    for doc in docs:
        if any(s.syllables for s in doc.sentences):
            return _fill(doc.sentences, budget)
    return []


def lead_rr(docs: list[Document], budget: int) -> list[str]:
    """LEAD round robin: sentence 1 of every article, then sentence 2 of every article, ..."""
    rounds = zip_longest(*(doc.sentences for doc in docs))
    return _fill((s for rnd in rounds for s in rnd if s is not None), budget)


class SumyTokenizer:
    """The tokenizer object sumy expects (``to_sentences`` / ``to_words``).

    Words are our lower-cased syllables: sentences registered with :meth:`add` map to their
    own ``syllables``; any other text falls back to the ROUGE tokenizer.
    """

    def __init__(self) -> None:
        self._words: dict[str, tuple[str, ...]] = {}

    def add(self, sentence: Sentence) -> str:
        # sumy strips sentence text, so that is the key it will look words up by
        key = sentence.text.strip()
        self._words[key] = tuple(w.lower() for w in sentence.syllables)
        return key

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s for s in _SENTENCE_END.split(paragraph.strip()) if s)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        words = self._words.get(sentence.strip())
        if words is None:
            from tomtat.evaluation.rouge import tokenize

            words = tuple(tokenize(sentence))
        return words


def _sumy_document(docs: list[Document]) -> tuple[Any, list[Sentence]]:
    """A sumy ``ObjectDocumentModel`` (one paragraph per article) and our sentences in its order."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    tokenizer = SumyTokenizer()
    paragraphs = []
    ours: list[Sentence] = []
    for doc in docs:
        kept = [s for s in doc.sentences if s.syllables and s.text.strip()]
        if kept:
            paragraphs.append(Paragraph([SumySentence(tokenizer.add(s), tokenizer) for s in kept]))
            ours.extend(kept)
    return ObjectDocumentModel(paragraphs), ours


def _lexrank_summarizer() -> Any:
    """sumy's ``LexRankSummarizer`` with its O(n²)-Python similarity matrix done in numpy.

    The maths is sumy 0.13's unchanged (tf / max tf, idf = log(n / (1 + df)), idf-modified
    cosine, 0/1 links above ``threshold``, rows divided by degree); only the speed differs
    (about 30x on AbMuSu clusters).
    """
    from sumy.summarizers.lex_rank import LexRankSummarizer

    class FastLexRank(LexRankSummarizer):
        @staticmethod
        def _compute_idf(sentences: list[list[str]]) -> dict[str, float]:
            df = Counter(term for sentence in sentences for term in set(sentence))
            n = len(sentences)
            return {term: math.log(n / (1 + k)) for term, k in df.items()}

        def _create_matrix(
            self,
            sentences: list[list[str]],
            threshold: float,
            tf_metrics: list[dict[str, float]],
            idf_metrics: dict[str, float],
        ) -> np.ndarray:
            vocab = {term: i for i, term in enumerate(idf_metrics)}
            weights = np.zeros((len(sentences), len(vocab)))
            for row, tf in enumerate(tf_metrics):
                for term, value in tf.items():
                    weights[row, vocab[term]] = value * idf_metrics[term]
            norms = np.linalg.norm(weights, axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                cosine = (weights @ weights.T) / np.outer(norms, norms)
            links = np.where(np.isfinite(cosine) & (cosine > threshold), 1.0, 0.0)
            degrees = links.sum(axis=1)
            degrees[degrees == 0] = 1
            return links / degrees[:, None]

    return FastLexRank()  # no stop words: sumy ships no Vietnamese list


def _lexrank_scores(document: Any) -> np.ndarray:
    """LexRank centrality per sentence position, computed as sumy 0.13's ``__call__`` does.

    sumy 0.13 has no ``rate_sentences`` for LexRank and keys its ratings by sentence text, so
    repeated sentences would collapse; this keeps one score per position instead.
    """
    summarizer = _lexrank_summarizer()
    words = [summarizer._to_words_set(s) for s in document.sentences]
    tf = summarizer._compute_tf(words)
    idf = summarizer._compute_idf(words)
    matrix = summarizer._create_matrix(words, summarizer.threshold, tf, idf)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(summarizer.power_method(matrix, summarizer.epsilon), dtype=float)


def _textrank_summarizer() -> Any:
    """sumy's ``TextRankSummarizer`` with its edge weights computed in numpy.

    Same maths as sumy 0.13: edge = shared word count / (log len1 + log len2), or the raw
    count when both sentences are one word long; rows normalized, damping 0.85.
    """
    from sumy.summarizers.text_rank import TextRankSummarizer

    class FastTextRank(TextRankSummarizer):
        def _create_matrix(self, document: Any) -> np.ndarray:
            words = [self._to_words_set(s) for s in document.sentences]
            vocab: dict[str, int] = {}
            for sentence in words:
                for w in sentence:
                    vocab.setdefault(w, len(vocab))
            n = len(words)
            counts = np.zeros((n, len(vocab)))
            for row, sentence in enumerate(words):
                for w in sentence:
                    counts[row, vocab[w]] += 1
            shared = counts @ counts.T
            with np.errstate(divide="ignore"):
                log_len = np.log(counts.sum(axis=1))
            norm = log_len[:, None] + log_len[None, :]
            one_word = np.isclose(norm, 0.0)
            with np.errstate(invalid="ignore", divide="ignore"):
                weights = np.where(one_word, shared, shared / np.where(one_word, 1.0, norm))
            weights = np.where(shared == 0, 0.0, weights)
            weights /= weights.sum(axis=1)[:, None] + self._ZERO_DIVISION_PREVENTION
            return np.full((n, n), (1.0 - self.damping) / n) + self.damping * weights

    return FastTextRank()  # no stop words, as for LexRank


def _textrank_scores(document: Any) -> np.ndarray:
    """TextRank score per sentence position (sumy 0.13's matrix and power method)."""
    summarizer = _textrank_summarizer()
    matrix = summarizer._create_matrix(document)
    return np.asarray(summarizer.power_method(matrix, summarizer.epsilon), dtype=float)


def _by_rank(docs: list[Document], budget: int, rate: Any) -> list[str]:
    if budget < 1:
        raise ValueError(f"budget must be positive, got {budget}")
    document, ours = _sumy_document(docs)
    if not ours:
        return []
    # a degenerate graph (e.g. no shared words) gives NaNs: rank those last, in document order
    scores = np.nan_to_num(rate(document), nan=-np.inf)
    order = np.argsort(-scores, kind="stable")
    return _fill((ours[i] for i in order), budget)


def sumy_lexrank(docs: list[Document], budget: int) -> list[str]:
    """sumy's LexRank over all sentences of all articles, best-rated first, up to the budget."""
    return _by_rank(docs, budget, _lexrank_scores)


def sumy_textrank(docs: list[Document], budget: int) -> list[str]:
    """sumy's TextRank over all sentences of all articles, best-rated first, up to the budget."""
    return _by_rank(docs, budget, _textrank_scores)
