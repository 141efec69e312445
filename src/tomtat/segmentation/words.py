"""Syllables and words of a sentence, the tokens every feature is computed from.

Syllables are what Vietnamese ROUGE and the budget count: lower-cased ``\\w+`` runs with one
tone-mark style. Words group syllables: reused from the input when it came word-segmented
(``joins``), otherwise from a segmenter (pyvi, or underthesea when installed; both loaded
lazily) or left as syllables.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import lru_cache

from tomtat.normalization import canonical_tones

_SYLLABLE = re.compile(r"[^\W_]+")
SEGMENTERS: tuple[str, ...] = ("syllables", "pyvi", "underthesea")


def syllables(text: str) -> list[str]:
    """Lower-cased, tone-canonical syllables of ``text`` (NFC expected)."""
    return _SYLLABLE.findall(canonical_tones(text.lower()))


def count_syllables(text: str) -> int:
    return len(_SYLLABLE.findall(text))


def words_from_joins(text: str, offset: int, joins: Collection[int]) -> list[str]:
    """Words of ``text`` (a slice starting at ``offset`` of a text with ``joins``).

    A space whose absolute offset is in ``joins`` was a ``_`` in the segmented input, so the
    syllables on both sides belong to one word.
    """
    out: list[str] = []
    current: list[str] = []
    last_end = None
    for m in _SYLLABLE.finditer(text):
        if (
            current
            and last_end is not None
            and (offset + last_end) in joins
            and (m.start() == last_end + 1)
        ):
            current.append(m.group())
        else:
            if current:
                out.append("_".join(current))
            current = [m.group()]
        last_end = m.end()
    if current:
        out.append("_".join(current))
    return [canonical_tones(w.lower()) for w in out]


@lru_cache(maxsize=1)
def _pyvi_tokenize() -> Callable[[str], str]:
    from pyvi import ViTokenizer  # 1 s to load its CRF model: only when asked for

    return ViTokenizer.tokenize


def _as_words(tokens: list[str]) -> list[str]:
    """A segmenter's tokens as words: syllables joined by ``_``, punctuation dropped."""
    out = []
    for token in tokens:
        sylls = _SYLLABLE.findall(token)
        if sylls:
            out.append(canonical_tones("_".join(sylls).lower()))
    return out


def words_pyvi(text: str) -> list[str]:
    """Words found by pyvi's CRF segmenter (punctuation dropped)."""
    return _as_words(_pyvi_tokenize()(text).split())


@lru_cache(maxsize=1)
def _underthesea_tokenize() -> Callable[[str], list[str]]:
    try:
        from underthesea import word_tokenize  # its CRF model ships in the package
    except ImportError:
        from tomtat.errors import TomtatError

        raise TomtatError(
            "the underthesea segmenter is not installed; pip install 'tomtat[underthesea]'"
        ) from None
    return word_tokenize


def words_underthesea(text: str) -> list[str]:
    """Words found by underthesea's CRF segmenter (punctuation dropped)."""
    return _as_words(_underthesea_tokenize()(text))


def segment_words(
    text: str, *, offset: int = 0, joins: Collection[int] = (), segmenter: str = "syllables"
) -> list[str]:
    """Words of one sentence: the input's own segmentation when present, else ``segmenter``."""
    if joins:
        return words_from_joins(text, offset, joins)
    if segmenter == "pyvi":
        return words_pyvi(text)
    if segmenter == "underthesea":
        return words_underthesea(text)
    if segmenter == "syllables":
        return syllables(text)
    raise ValueError(f"unknown segmenter {segmenter!r}; use one of {', '.join(SEGMENTERS)}")
