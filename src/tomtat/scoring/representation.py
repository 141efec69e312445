"""Vector views of a cluster of documents, computed once and shared by every scorer.

Rows are candidate sentences in document order. Terms are syllable unigrams and bigrams
(what ROUGE counts); vocabularies are local to the cluster, so no model file is needed.
"""

from __future__ import annotations

import re
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from tomtat.models import Document, Sentence
from tomtat.scoring.stopwords import STOPWORDS

_QUESTION = re.compile(r"\?[\s\"'”’»)\]]*$")


def _rows_matrix(row_lengths: np.ndarray, columns: np.ndarray, n_cols: int) -> sp.csr_matrix:
    """Count matrix from a flat list of column ids, ``row_lengths[i]`` of them for row i."""
    indptr = np.zeros(len(row_lengths) + 1, dtype=np.int64)
    np.cumsum(row_lengths, out=indptr[1:])
    m = sp.csr_matrix((np.ones(len(columns)), columns, indptr), shape=(len(row_lengths), n_cols))
    m.sum_duplicates()
    return m


def tfidf_rows(counts: sp.csr_matrix) -> sp.csr_matrix:
    """L2-normalized rows of log term frequency × smoothed IDF taken across the rows."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1.0 + counts.shape[0]) / (1.0 + df)) + 1.0
    # weighted and scaled on the data array: the same products as multiplying by diagonal
    # matrices, without building them (a dozen sparse constructions per story add up)
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    data = np.log1p(counts.data) * idf[counts.indices]
    squares = sp.csr_matrix((data * data, counts.indices, counts.indptr), shape=counts.shape)
    norms = np.sqrt(np.asarray(squares.sum(axis=1)).ravel())  # summed as scipy sums rows
    norms[norms == 0] = 1.0
    return sp.csr_matrix(
        (data * (1.0 / norms)[rows], counts.indices.copy(), counts.indptr.copy()),
        shape=counts.shape,
    )


class Cluster:
    """The documents of one story with their candidate sentences flattened."""

    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents
        self.sentences: list[Sentence] = [s for d in documents for s in d.sentences]
        self.doc_of = np.array([s.doc_index for s in self.sentences], dtype=np.int64)
        self.position = np.array([s.position for s in self.sentences], dtype=np.int64)
        self.doc_sizes = np.array([len(d.sentences) for d in documents], dtype=np.int64)
        self.length = np.array([len(s.syllables) for s in self.sentences], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.sentences)

    @property
    def n_docs(self) -> int:
        return len(self.documents)

    @cached_property
    def _terms(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], np.ndarray]:
        """Flat unigram ids, flat bigram ids, bigrams per sentence, the unigram vocabulary
        and each bigram's (first, second) unigram ids; ids in order of first appearance."""
        tokens = [t for s in self.sentences for t in s.syllables]
        vocab = list(dict.fromkeys(tokens))
        index = {t: i for i, t in enumerate(vocab)}
        uni = np.fromiter(map(index.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        # a bigram starts at every token except the last one of each sentence
        starts = np.ones(len(tokens), dtype=bool)
        ends = np.cumsum(self.length)
        starts[ends[self.length > 0] - 1] = False
        at = np.flatnonzero(starts)
        codes = uni[at] * max(len(vocab), 1) + uni[at + 1]
        unique, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
        by_appearance = np.argsort(first, kind="stable")
        rank = np.empty(len(unique), dtype=np.int64)
        rank[by_appearance] = np.arange(len(unique))
        pairs = np.column_stack([uni[at[first]], uni[at[first] + 1]])[by_appearance]
        per_sentence = np.maximum(self.length - 1, 0)
        return uni, rank[inverse.ravel()], per_sentence, vocab, pairs

    @cached_property
    def unigram_vocabulary(self) -> list[str]:
        return self._terms[3]

    @cached_property
    def unigram_counts(self) -> sp.csr_matrix:
        uni, _, _, vocab, _ = self._terms
        return _rows_matrix(self.length, uni, len(vocab))

    @cached_property
    def bigram_counts(self) -> sp.csr_matrix:
        _, bi, per_sentence, _, pairs = self._terms
        return _rows_matrix(per_sentence, bi, len(pairs))

    @cached_property
    def word_counts(self) -> sp.csr_matrix:
        """Counts of multi-syllable words (``thỏa_thuận``), when a segmenter found any."""
        if all(s.words == s.syllables for s in self.sentences):
            compounds: list[list[str]] = [[] for _ in self.sentences]  # syllable features
        else:
            compounds = [[w for w in s.words if "_" in w] for s in self.sentences]
        vocab = {w: i for i, w in enumerate(dict.fromkeys(w for ws in compounds for w in ws))}
        ids = np.fromiter(
            (vocab[w] for ws in compounds for w in ws),
            dtype=np.int64,
            count=sum(map(len, compounds)),
        )
        return _rows_matrix(np.array([len(ws) for ws in compounds]), ids, len(vocab))

    @cached_property
    def bigram_sequences(self) -> list[np.ndarray]:
        """Each sentence's bigram ids in reading order: where in it a bigram is said."""
        _, bi, per_sentence, _, _ = self._terms
        return np.split(bi, np.cumsum(per_sentence)[:-1]) if len(per_sentence) else []

    @cached_property
    def bigram_presence(self) -> sp.csr_matrix:
        """1.0 where the sentence has the bigram (shared by redundancy, features, coverage)."""
        presence = self.bigram_counts.copy()
        presence.data[:] = 1.0
        return presence

    @cached_property
    def bigram_sizes(self) -> np.ndarray:
        """Distinct bigrams per sentence."""
        return self.bigram_presence.getnnz(axis=1)

    @cached_property
    def shared_bigrams(self) -> np.ndarray:
        """Dense sentence×sentence count of distinct bigrams two sentences share, computed
        once for de-duplication and every citation (int32: half of float64's memory on a
        story of 2,000 sentences)."""
        presence = self.bigram_presence.astype(np.int32)
        return (presence @ presence.T).toarray()

    @cached_property
    def number_presence(self) -> sp.csr_matrix:
        """1.0 where the sentence writes the number in digits ("5.000" read as "5000")."""
        from tomtat.segmentation.numbers import digit_numbers

        per_sentence = [{v for _, _, v in digit_numbers(s.text)} for s in self.sentences]
        vocab = {v: k for k, v in enumerate(dict.fromkeys(v for vs in per_sentence for v in vs))}
        ids = np.fromiter((vocab[v] for vs in per_sentence for v in vs), dtype=np.int64)
        sizes = np.array([len(vs) for vs in per_sentence], dtype=np.int64)
        return _rows_matrix(sizes, ids, len(vocab))

    @cached_property
    def selectable(self) -> np.ndarray:
        """Sentences a summary may state: not questions ("Tại sao lại như vậy?", an
        interviewer's "PV: Thưa ông, …?"), which 0.3% of reference sentences are against
        1.4% of candidates, nor sentences with bytes the reader could not decode ("ngư��i":
        a damaged copy must not be quoted when a clean one says it); all of them if no
        sentence is left."""
        n = len(self.sentences)
        asks = np.fromiter((_QUESTION.search(s.text) is not None for s in self.sentences), bool, n)
        damaged = np.fromiter(("\ufffd" in s.text for s in self.sentences), bool, n)
        for unwanted in (asks | damaged, damaged, asks):
            if not unwanted.all():
                return ~unwanted
        return np.ones(n, dtype=bool)

    @cached_property
    def unigram_is_content(self) -> np.ndarray:
        """Syllables that are not stop words."""
        vocab = self._terms[3]
        return np.fromiter((t not in STOPWORDS for t in vocab), dtype=bool, count=len(vocab))

    @cached_property
    def bigram_is_content(self) -> np.ndarray:
        """Bigrams with at least one content syllable (not two stop words)."""
        stop = ~self.unigram_is_content
        pairs = self._terms[4]
        return ~(stop[pairs[:, 0]] & stop[pairs[:, 1]])

    def _doc_frequency(self, ids: np.ndarray, per_sentence: np.ndarray, n_terms: int) -> np.ndarray:
        """In how many documents each term occurs, from flat term ids."""
        docs = np.repeat(self.doc_of, per_sentence)
        pairs = np.unique(docs * max(n_terms, 1) + ids)
        return np.bincount(pairs % max(n_terms, 1), minlength=n_terms)

    @cached_property
    def bigram_df(self) -> np.ndarray:
        _, bi, per_sentence, _, pairs = self._terms
        return self._doc_frequency(bi, per_sentence, len(pairs))

    @cached_property
    def tfidf(self) -> sp.csr_matrix:
        """L2-normalized TF-IDF rows over syllable unigrams+bigrams and segmented words,
        IDF taken across sentences."""
        parts = [self.unigram_counts, self.bigram_counts]
        if self.word_counts.shape[1]:
            parts.append(self.word_counts)  # segmented words add terms, never replace syllables
        return tfidf_rows(sp.hstack(parts, format="csr"))

    @cached_property
    def similarity(self) -> np.ndarray:
        """Dense sentence×sentence cosine similarity (clusters hold at most a few hundred)."""
        return (self.tfidf @ self.tfidf.T).toarray()
