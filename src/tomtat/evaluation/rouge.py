"""ROUGE on Vietnamese syllables.

The stock ``rouge-score`` tokenizer keeps only ``[a-z0-9]`` and so silently drops every
Vietnamese letter with a diacritic; we give it our own Unicode-aware tokenizer instead.
``rouge_score`` is imported lazily so that ``import tomtat.evaluation`` stays light.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

ROUGE_TYPES: tuple[str, ...] = ("rouge1", "rouge2", "rougeL")

_TOKEN = re.compile(r"\w+")


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    # NFC again after lower(): lower-casing can in principle un-compose a character, and the
    # scorer re-tokenizes our joined tokens, so tokenize() must be idempotent.
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).lower())
    # "\w" matches "_", and segmented corpora join syllables of a word with "_"
    return tuple(_TOKEN.findall(text.replace("_", " ")))


def tokenize(text: str) -> list[str]:
    """NFC, lower-cased syllable tokens of ``text`` (``_`` splits, only ``\\w+`` runs kept)."""
    return list(_tokens(text))


def truncate(text: str, n: int) -> list[str]:
    """The first ``n`` tokens of ``text``."""
    if n < 0:
        raise ValueError(f"cannot truncate to a negative length ({n})")
    return list(_tokens(text)[:n])


class SyllableTokenizer:
    """The ``.tokenize`` object ``rouge_score`` calls (cached: references get scored often)."""

    def tokenize(self, text: str) -> list[str]:
        return list(_tokens(text))


class RougeScorer:
    """ROUGE-1/2/L of a summary against one or more references, in percent."""

    def __init__(self) -> None:
        from rouge_score import rouge_scorer

        self._scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), tokenizer=SyllableTokenizer())

    def score(
        self, summary: str, references: list[str], budget: int | None = None
    ) -> dict[str, dict[str, float]]:
        """Score ``summary`` cut to its first ``budget`` tokens against each reference.

        Returns ``{"rouge1"|"rouge2"|"rougeL": {"p", "r", "f"}}`` (0-100), each the mean over
        the references scored separately.
        """
        if not references:
            raise ValueError("at least one reference summary is needed")
        tokens = _tokens(summary)
        if budget is not None:
            if budget < 0:
                raise ValueError(f"budget must not be negative, got {budget}")
            tokens = tokens[:budget]
        # our tokens re-tokenize to themselves, so the scorer sees exactly this cut
        prediction = " ".join(tokens)
        totals = {t: {"p": 0.0, "r": 0.0, "f": 0.0} for t in ROUGE_TYPES}
        for reference in references:
            result: dict[str, Any] = self._scorer.score(reference, prediction)
            for rouge_type in ROUGE_TYPES:
                s = result[rouge_type]
                totals[rouge_type]["p"] += s.precision
                totals[rouge_type]["r"] += s.recall
                totals[rouge_type]["f"] += s.fmeasure
        scale = 100.0 / len(references)
        return {t: {k: v * scale for k, v in prf.items()} for t, prf in totals.items()}
