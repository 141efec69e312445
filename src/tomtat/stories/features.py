"""Compact signatures of articles for story grouping: hashed term counts in five views.

An article is read once, lightly normalized (NFC with repaired tone marks, ``_`` word joiners
as spaces, lower case, one tone-mark style), and reduced to counts of hashed terms in five
*views*: syllable unigrams and bigrams of its title, of its lead and of the start of its body,
its named entities (runs of capitalised words) and its numbers. Only these counts and the
publication time are kept, so an index can re-weight old articles when new ones arrive
without reading their text again.

:func:`unit_vectors` weights counts by sublinear TF times an IDF computed on the current pool,
makes each view unit length times the square root of its weight, then the whole row unit
length: the dot product of two rows is a weighted mean of per-view cosines, and the average
similarity of two groups is the dot product of their mean rows (what makes average-link
merging cheap, see :mod:`tomtat.stories.linkage`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
import scipy.sparse as sp
from sklearn.utils import murmurhash3_32

from tomtat.models import Article
from tomtat.normalization import canonical_tones, to_nfc
from tomtat.readers.dates import in_published_range
from tomtat.scoring.stopwords import STOPWORDS

__all__ = [
    "BUCKETS",
    "VIEWS",
    "VIEW_WEIGHTS",
    "article_counts",
    "epoch_days",
    "unit_vectors",
]

# Views and their weights: the body carries most evidence; title, lead and named entities
# say what the story is about in few words; numbers (dates, tolls, prices) pin an event.
# Chosen on the development pools (AbMuSu train + odd VN-MDS clusters), see docs/stories.md.
VIEWS: tuple[str, ...] = ("body", "title", "lead", "entity", "number")
VIEW_WEIGHTS: dict[str, float] = {
    "body": 1.0,
    "title": 0.3,
    "lead": 0.3,
    "entity": 0.3,
    "number": 0.2,
}
BUCKETS = 2**20  # hashed terms per view: collisions are rare at this size
# The story is told at the top of a news article; the rest adds cost more than evidence.
BODY_CHARS = 3000
LEAD_SYLLABLES = 60  # lead of an article that has none: the first syllables of its body
# An IDF prior of this many pretend documents that contain no term: in a pile of a handful
# of articles every term would otherwise look common and every pair alike.
PRIOR_DOCUMENTS = 50.0
_CHUNK = 1024  # articles whose tokens are hashed together: bounds memory, stays in cache

_SYLLABLE = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\d[\d.,/:-]*\d")  # two digits at least: 23/10, 1.000, 5,3, 2014
_UPPER = "".join(c for c in map(chr, [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]) if c.isupper())
# A run of capitalised words: Sam Rainsy, Phnom Penh, CNRP, Tân Hoa Xã.
_CAPITALISED = re.compile(rf"\b[{_UPPER}][^\W_]*(?:[ -][{_UPPER}][^\W_]*)*")
_SENTENCE_START = frozenset('.!?…:;"“”«»()[]-–—\n')
_MAX_ENTITY_WORDS = 4  # longer capitalised runs are headings or title-case headlines

# Each distinct string is hashed once per process: murmurhash3 (stable across runs and
# machines, so saved signatures stay valid) times 4, plus flags for syllables that are
# function words (bit 0) or digits (bit 1).
_STOP, _DIGIT = 1, 2
_codes: dict[str, int] = {}
_MAX_CODES = 2_000_000
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant: spreads bigram hashes


def _code(token: str) -> int:
    flags = (_STOP if token in STOPWORDS else 0) | (_DIGIT if token.isdigit() else 0)
    return murmurhash3_32(token, seed=0, positive=True) * 4 + flags


def _codes_of(tokens: list[str]) -> np.ndarray:
    if len(_codes) > _MAX_CODES:  # names and numbers never stop coming: bound the cache
        _codes.clear()
    missing = set(tokens).difference(_codes)
    _codes.update((t, _code(t)) for t in missing)
    return np.fromiter(map(_codes.__getitem__, tokens), dtype=np.int64, count=len(tokens))


def _light(text: str | None) -> str:
    """NFC with repaired tone marks, word joiners as spaces: the only cleaning grouping needs."""
    return to_nfc(text).replace("_", " ") if text else ""


def _entities(text: str) -> list[str]:
    """Runs of capitalised words; a sentence's first word counts only when another
    capitalised word follows it (``Tân Hoa Xã`` yes, ``Ngày 23/10`` no), and then without a
    leading function word (``Theo AFP`` -> ``AFP``)."""
    out = []
    for m in _CAPITALISED.finditer(text):
        words = m.group().split()
        if len(words) > _MAX_ENTITY_WORDS:
            continue
        j = m.start() - 1
        if j >= 0 and text[j] == " ":
            j -= 1
        if j < 0 or text[j] in _SENTENCE_START:
            if len(words) == 1:
                continue
            if words[0].lower() in STOPWORDS:
                words = words[1:]
        out.append(" ".join(words))
    return out


class _ViewTokens:
    """Tokens of every article, view by view, flattened, and how many each article gave."""

    def __init__(self) -> None:
        self.tokens: list[list[str]] = [[] for _ in VIEWS]
        self.rows: list[list[int]] = [[] for _ in VIEWS]  # token count per article

    def add(self, article: Article) -> None:
        title = _light((article.title or "")[:BODY_CHARS])
        lead = _light((article.lead or "")[:BODY_CHARS])
        body = _light(article.text[: BODY_CHARS + 200])[:BODY_CHARS]
        marked = canonical_tones(f"\n{title}\n{lead}\n{body}")
        lower = marked.lower()
        title_end = len(title) + 1
        lead_end = title_end + len(lead) + 1
        body_syllables = _SYLLABLE.findall(lower, lead_end)
        lead_syllables = (
            _SYLLABLE.findall(lower, title_end, lead_end)
            if lead
            else body_syllables[:LEAD_SYLLABLES]
        )
        entities = "\n".join(_entities(marked)).lower()
        views = (
            body_syllables,
            _SYLLABLE.findall(lower, 0, title_end),
            lead_syllables,
            entities.split("\n") if entities else [],
            _NUMBER.findall(marked),
        )
        for tokens, rows, found in zip(self.tokens, self.rows, views, strict=True):
            tokens.extend(found)
            rows.append(len(found))


def _syllable_terms(codes: np.ndarray, row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and hashed columns of content unigrams and of bigrams of two content syllables;
    bigrams never span two articles."""
    h = (codes >> 2).astype(np.uint64)
    stop = (codes & _STOP) > 0
    unigram = ~stop & ((codes & _DIGIT) == 0)
    pair = (row[1:] == row[:-1]) & ~(stop[1:] | stop[:-1])
    bigram = (h[:-1] * _MIX + h[1:]) >> np.uint64(20)
    rows = np.concatenate([row[unigram], row[:-1][pair]])
    cols = np.concatenate([h[unigram], bigram[pair]])
    return rows, cols


def article_counts(articles: Sequence[Article]) -> sp.csr_matrix:
    """Hashed term counts of ``articles``: one row each, view ``v`` in columns
    ``[v * BUCKETS, (v + 1) * BUCKETS)`` in the order of :data:`VIEWS`."""
    chunks = [
        _chunk_counts(articles[start : start + _CHUNK]) for start in range(0, len(articles), _CHUNK)
    ]
    if not chunks:
        return sp.csr_matrix((0, BUCKETS * len(VIEWS)), dtype=np.float32)
    return sp.vstack(chunks, format="csr")


def _chunk_counts(articles: Sequence[Article]) -> sp.csr_matrix:
    n = len(articles)
    found = _ViewTokens()
    for article in articles:
        found.add(article)
    all_rows, all_cols = [], []
    for v, (tokens, lengths) in enumerate(zip(found.tokens, found.rows, strict=True)):
        codes = _codes_of(tokens)
        row = np.repeat(np.arange(n), lengths)
        if VIEWS[v] in ("entity", "number"):
            rows, cols = row, (codes >> 2).astype(np.uint64)
        else:
            rows, cols = _syllable_terms(codes, row)
        all_rows.append(rows)
        all_cols.append((cols % np.uint64(BUCKETS)).astype(np.int64) + v * BUCKETS)
    rows = np.concatenate(all_rows)
    cols = np.concatenate(all_cols)
    counts = sp.csr_matrix(
        (np.ones(len(rows), np.float32), (rows, cols)), shape=(n, BUCKETS * len(VIEWS))
    )
    counts.sum_duplicates()
    return counts


def epoch_days(articles: Sequence[Article]) -> np.ndarray:
    """Publication time of each article in days since 1970 (NaN when unknown)."""
    out = np.full(len(articles), np.nan)
    for i, article in enumerate(articles):
        published = article.published
        # out of range is undated, as the readers read it ("0001-01-01T00:00+07:00")
        if isinstance(published, datetime) and in_published_range(published):
            if published.tzinfo is None:  # naive times: taken as UTC, hours do not matter
                published = published.replace(tzinfo=UTC)
            out[i] = published.timestamp() / 86400.0
    return out


def unit_vectors(counts: sp.csr_matrix) -> sp.csr_matrix:
    """TF-IDF rows of unit length from :func:`article_counts` rows, IDF from these rows.

    Columns are renumbered to the terms present (the returned matrix is narrow); only dot
    products between its rows are meaningful.
    """
    n = counts.shape[0]
    # number the columns present (a bincount over all buckets: cheaper than sorting)
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    present = np.flatnonzero(df)
    number = np.zeros(counts.shape[1], np.int32)
    number[present] = np.arange(len(present), dtype=np.int32)
    local = number[counts.indices]
    df = df[present]
    idf = np.log((n + 1.0 + PRIOR_DOCUMENTS) / (df + 1.0))
    values = (1.0 + np.log(counts.data.astype(np.float64))) * idf[local]
    # per view: unit length times sqrt(weight), so dot products are weighted cosines
    view_of = counts.indices // BUCKETS
    row_of = np.repeat(np.arange(n), np.diff(counts.indptr))
    cell = row_of * len(VIEWS) + view_of
    squares = np.bincount(cell, weights=values**2, minlength=n * len(VIEWS))
    squares = squares.reshape(n, len(VIEWS))
    weights = np.array([VIEW_WEIGHTS[v] for v in VIEWS])
    has_view = squares > 0
    scale = np.sqrt(weights / np.where(has_view, squares, 1.0)) * has_view
    # views an article lacks (no title, no numbers) leave the others their relative weight
    total = np.sqrt((weights * has_view).sum(axis=1))
    scale /= np.where(total > 0, total, 1.0)[:, None]
    values *= scale.ravel()[cell]
    return sp.csr_matrix(
        (values.astype(np.float32), local, counts.indptr.copy()),
        shape=(n, len(present)),
    )
