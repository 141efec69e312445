"""Per-sentence scores and features, all vectorized over a ``Cluster``."""

from __future__ import annotations

import numpy as np

from tomtat.scoring.representation import Cluster
from tomtat.segmentation.words import syllables


def centroid_similarity(cluster: Cluster) -> np.ndarray:
    """Cosine of each sentence to the cluster centroid (MEAD's centroid value)."""
    tfidf = cluster.tfidf
    centroid = np.asarray(tfidf.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    if norm == 0:
        return np.zeros(len(cluster))
    return np.asarray(tfidf @ (centroid / norm)).ravel()


def lexrank(cluster: Cluster, *, damping: float = 0.85, iterations: int = 100) -> np.ndarray:
    """Continuous LexRank (Erkan & Radev 2004): PageRank over the cosine-similarity graph."""
    n = len(cluster)
    if n == 0:
        return np.zeros(0)
    sim = cluster.similarity.copy()
    np.fill_diagonal(sim, 0.0)
    row_sums = sim.sum(axis=1, keepdims=True)
    transition = np.divide(sim, row_sums, out=np.full_like(sim, 1.0 / n), where=row_sums > 0)
    rank = np.full(n, 1.0 / n)
    teleport = (1.0 - damping) / n
    for _ in range(iterations):
        new = teleport + damping * (transition.T @ rank)
        if np.abs(new - rank).sum() < 1e-9:
            rank = new
            break
        rank = new
    return rank


def other_doc_similarity(cluster: Cluster) -> tuple[np.ndarray, np.ndarray]:
    """Mean and max cosine to sentences of *other* documents: how much the story repeats it."""
    n = len(cluster)
    if cluster.n_docs < 2:
        return np.zeros(n), np.zeros(n)
    other = cluster.doc_of[:, None] != cluster.doc_of[None, :]
    sim = np.where(other, cluster.similarity, 0.0)
    counts = other.sum(axis=1)
    mean = sim.sum(axis=1) / np.maximum(counts, 1)
    return mean, sim.max(axis=1)


def bigram_support(cluster: Cluster) -> np.ndarray:
    """Mean share of the other documents that also contain each of the sentence's bigrams."""
    n = len(cluster)
    if cluster.n_docs < 2 or n == 0:
        return np.zeros(n)
    presence = cluster.bigram_presence
    support = (cluster.bigram_df - 1.0) / (cluster.n_docs - 1.0)
    total = np.asarray(presence @ support).ravel()
    size = np.asarray(presence.sum(axis=1)).ravel()
    return total / np.maximum(size, 1.0)


def content_bigram_weight(cluster: Cluster) -> np.ndarray:
    """Concept weights for coverage: document frequency of content bigrams.

    In a single document every bigram has df 1, so its term frequency stands in.
    """
    if cluster.n_docs >= 2:
        weights = cluster.bigram_df.astype(np.float64) - 1.0
    else:
        weights = np.asarray(cluster.bigram_counts.sum(axis=0)).ravel() - 1.0
    weights[~cluster.bigram_is_content] = 0.0
    return np.maximum(weights, 0.0)


def position_prior(cluster: Cluster) -> np.ndarray:
    """1 for an article's first sentence, decaying with position (news is written lead-first)."""
    return 1.0 / np.sqrt(1.0 + cluster.position)


def _title_masks(cluster: Cluster) -> np.ndarray:
    """Per document, which cluster unigrams occur in its title (documents × vocabulary)."""
    index = {t: i for i, t in enumerate(cluster.unigram_vocabulary)}
    masks = np.zeros((cluster.n_docs, len(index)))
    for d, document in enumerate(cluster.documents):
        ids = [index[t] for t in syllables(document.title or "") if t in index]
        masks[d, ids] = 1.0
    return masks


def _share_in(cluster: Cluster, masks: np.ndarray) -> np.ndarray:
    """Per sentence and mask row, the share of the sentence's syllables the mask holds."""
    hits = np.asarray(cluster.unigram_counts @ masks.T)
    return hits / np.maximum(cluster.length, 1)[:, None]


FEATURE_NAMES: tuple[str, ...] = (
    "position",
    "relative_position",
    "is_first",
    "doc_sentences",
    "n_docs",
    "length",
    "centroid",
    "centroid_rank_in_doc",
    "lexrank",
    "other_doc_mean",
    "other_doc_max",
    "bigram_support",
    "coverage_density",
    "title_overlap",
    "cluster_title_overlap",
    "first_sentence_similarity",
    "doc_rank",
    "digit_share",
    "capital_share",
    "has_quote",
    "ends_with_colon",
    "paragraph_start",
    "round_robin_order",
    "syllables_before",
    "paragraph_index",
    "doc_paragraphs",
    "doc_syllables",
    "centroid_share",
    "lexrank_rank",
    "lead_consensus",
)


def _rank_within(groups: np.ndarray, values: np.ndarray) -> np.ndarray:
    """0 for the highest value in each group, 1 for the next, ..."""
    order = np.lexsort((-values, groups))
    ranks = np.empty(len(values))
    start = 0
    for g_end in np.flatnonzero(np.diff(groups[order], append=-1) != 0) + 1:
        ranks[order[start:g_end]] = np.arange(g_end - start)
        start = g_end
    return ranks


def sentence_features(cluster: Cluster) -> np.ndarray:
    """One row per candidate sentence, columns as in ``FEATURE_NAMES``."""
    from tomtat.ordering.chronological import document_rank

    n = len(cluster)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)))
    sizes = cluster.doc_sizes[cluster.doc_of].astype(np.float64)
    position = cluster.position.astype(np.float64)
    centroid = centroid_similarity(cluster)
    mean_other, max_other = other_doc_similarity(cluster)
    weights = content_bigram_weight(cluster)
    presence = cluster.bigram_presence
    density = np.asarray(presence @ weights).ravel() / np.maximum(cluster.length, 1)
    density /= max(density.max(), 1e-9)
    title_masks = _title_masks(cluster)
    title_shares = _share_in(cluster, title_masks)
    first_index = np.flatnonzero(cluster.position == 0)
    first_of_doc = np.zeros(cluster.n_docs, dtype=np.int64)
    first_of_doc[cluster.doc_of[first_index]] = first_index
    first_sim = cluster.similarity[np.arange(n), first_of_doc[cluster.doc_of]]
    # how much the sentence agrees with the other articles' openings (what the story is)
    leads = (cluster.position < 2)[None, :] & (cluster.doc_of[:, None] != cluster.doc_of[None, :])
    lead_consensus = (cluster.similarity * leads).sum(axis=1) / np.maximum(leads.sum(axis=1), 1)
    rank = np.asarray(document_rank(cluster.documents), dtype=np.float64)[cluster.doc_of]
    lex = lexrank(cluster) * n
    digit = np.empty(n)
    capital = np.empty(n)
    quote = np.empty(n)
    colon = np.empty(n)
    para = np.empty(n)
    syllables_before = np.empty(n)
    paragraph = np.empty(n)
    doc_paragraphs = np.array([d.text.count("\n") + 1 for d in cluster.documents], dtype=float)
    doc_syllables = np.bincount(cluster.doc_of, weights=cluster.length, minlength=cluster.n_docs)
    running = np.zeros(cluster.n_docs)
    for i, s in enumerate(cluster.sentences):
        syllables_before[i] = running[s.doc_index]
        running[s.doc_index] += len(s.syllables)
        doc_text = cluster.documents[s.doc_index].text
        paragraph[i] = doc_text.count("\n", 0, s.start)
        text = s.text
        tokens = text.split()
        digit[i] = sum(map(str.isdigit, text)) / max(len(text), 1)
        capital[i] = sum([t[0].isupper() for t in tokens[1:]]) / max(len(tokens) - 1, 1)
        quote[i] = any(q in text for q in '"“”')
        colon[i] = text.rstrip().endswith(":")
        para[i] = s.start == 0 or doc_text[s.start - 1] == "\n"
    return np.column_stack(
        [
            position,
            position / sizes,
            position == 0,
            sizes,
            np.full(n, cluster.n_docs, dtype=np.float64),
            cluster.length,
            centroid,
            _rank_within(cluster.doc_of, centroid),
            lex,
            mean_other,
            max_other,
            bigram_support(cluster),
            density,
            title_shares[np.arange(n), cluster.doc_of],
            _share_in(cluster, title_masks.max(axis=0, keepdims=True))[:, 0],
            first_sim,
            rank,
            digit,
            capital,
            quote,
            colon,
            para,
            position * cluster.n_docs + rank,
            syllables_before,
            paragraph,
            doc_paragraphs[cluster.doc_of],
            doc_syllables[cluster.doc_of],
            centroid / max(centroid.max(), 1e-9),
            _rank_within(np.zeros(n, dtype=np.int64), lex),
            lead_consensus,
        ]
    ).astype(np.float64)
