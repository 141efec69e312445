"""Vector views of a cluster of documents, computed once and shared by every scorer.

Rows are candidate sentences in document order. Terms are syllable unigrams and bigrams
(what ROUGE counts); vocabularies are local to the cluster, so no model file is needed.
"""

from __future__ import annotations

from functools import cached_property
from itertools import pairwise

import numpy as np
import scipy.sparse as sp

from tomtat.models import Document, Sentence
from tomtat.scoring.stopwords import STOPWORDS


def _csr(
    rows: list[list[int]], n_cols: int, data: list[list[float]] | None = None
) -> sp.csr_matrix:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(r) for r in rows], out=indptr[1:])
    indices = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(indptr[-1]))
    if data is None:
        values = np.ones(len(indices), dtype=np.float64)
    else:
        values = np.fromiter((v for r in data for v in r), dtype=np.float64, count=len(indices))
    m = sp.csr_matrix((values, indices, indptr), shape=(len(rows), n_cols))
    m.sum_duplicates()
    return m


def _l2_rows(m: sp.csr_matrix) -> sp.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.diags(1.0 / norms) @ m


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
    def _terms(self) -> tuple[list[list[int]], list[list[int]], int, int]:
        """Per-sentence unigram and bigram ids (bigrams shifted after unigrams)."""
        uni_vocab: dict[str, int] = {}
        bi_vocab: dict[tuple[str, str], int] = {}
        uni_rows: list[list[int]] = []
        bi_rows: list[list[int]] = []
        for s in self.sentences:
            sy = s.syllables
            uni_rows.append([uni_vocab.setdefault(t, len(uni_vocab)) for t in sy])
            bi_rows.append([bi_vocab.setdefault(b, len(bi_vocab)) for b in pairwise(sy)])
        return uni_rows, bi_rows, len(uni_vocab), len(bi_vocab)

    @cached_property
    def unigram_counts(self) -> sp.csr_matrix:
        rows, _, n, _ = self._terms
        return _csr(rows, n)

    @cached_property
    def bigram_counts(self) -> sp.csr_matrix:
        _, rows, _, n = self._terms
        return _csr(rows, n)

    @cached_property
    def bigram_is_content(self) -> np.ndarray:
        """Bigrams with at least one content syllable (not two stop words)."""
        _, _, _, n = self._terms
        content = np.zeros(n, dtype=bool)
        for s, row in zip(self.sentences, self._terms[1], strict=True):
            sy = s.syllables
            for k, j in enumerate(row):
                content[j] = sy[k] not in STOPWORDS or sy[k + 1] not in STOPWORDS
        return content

    def _doc_frequency(self, counts: sp.csr_matrix) -> np.ndarray:
        """In how many documents each term occurs."""
        presence = (counts > 0).astype(np.float64)
        by_doc = sp.csr_matrix(
            (np.ones(len(self)), (self.doc_of, np.arange(len(self)))),
            shape=(self.n_docs, len(self)),
        )
        return np.asarray(((by_doc @ presence) > 0).sum(axis=0)).ravel()

    @cached_property
    def unigram_df(self) -> np.ndarray:
        return self._doc_frequency(self.unigram_counts)

    @cached_property
    def bigram_df(self) -> np.ndarray:
        return self._doc_frequency(self.bigram_counts)

    @cached_property
    def tfidf(self) -> sp.csr_matrix:
        """L2-normalized TF-IDF rows over unigrams+bigrams, IDF taken across sentences."""
        counts = sp.hstack([self.unigram_counts, self.bigram_counts], format="csr")
        sent_df = np.asarray((counts > 0).sum(axis=0)).ravel()
        idf = np.log((1.0 + len(self)) / (1.0 + sent_df)) + 1.0
        weighted = counts.copy()
        weighted.data = np.log1p(weighted.data)
        return _l2_rows(weighted @ sp.diags(idf))

    @cached_property
    def similarity(self) -> np.ndarray:
        """Dense sentence×sentence cosine similarity (clusters hold at most a few hundred)."""
        return (self.tfidf @ self.tfidf.T).toarray()
