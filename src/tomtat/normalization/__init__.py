"""Text normalization: Unicode repair, desegmentation, title split, boilerplate removal.

``normalize_article`` is the entry point; the helpers are exported for features and tests.
"""

from tomtat.normalization.article import CleanText, normalize_article
from tomtat.normalization.desegment import desegment, is_segmented
from tomtat.normalization.unicode import (
    canonical_tones,
    fix_unicode,
    looks_like_legacy_encoding,
    looks_like_legacy_sentence,
    to_nfc,
)

__all__ = [
    "CleanText",
    "canonical_tones",
    "desegment",
    "fix_unicode",
    "is_segmented",
    "looks_like_legacy_encoding",
    "looks_like_legacy_sentence",
    "normalize_article",
    "to_nfc",
]
