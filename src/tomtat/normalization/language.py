"""Is an article Vietnamese at all?

Every later stage (stop words, tone canonicalization, the trained ranker) is made for
Vietnamese; an English wire copy or a Chinese page in a folder of Vietnamese articles would
be summarized into nonsense or cited as saying what it does not. Vietnamese marks most of its
syllables (in each of the 1,088 benchmark articles 73% or more of the lower-case words hold a
toned or modified vowel or "đ", 87% in the median one); English, and Vietnamese typed
without marks, almost none.
"""

from __future__ import annotations

import re

_VIETNAMESE_LETTERS = frozenset(
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
)
_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "was",
        "that",
        "for",
        "on",
        "with",
        "as",
        "by",
        "at",
        "from",
        "are",
        "were",
        "has",
        "have",
        "had",
        "be",
        "been",
        "it",
        "its",
        "this",
        "which",
        "their",
        "said",
        "after",
        "would",
        "will",
        "not",
        "but",
        "or",
        "an",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORDS = 30  # shorter texts (a caption, a one-line tip) are judged more strictly:
_MIN_SHORT_WORDS = 12  # below this, not at all
_SHORT_ENGLISH_SHARE = 0.25  # and with no Vietnamese letter in any word
_MIN_LETTERS = 60
_MARKED_SHARE = 0.05  # benchmark articles: 0.73 and up
_ENGLISH_SHARE = 0.15  # English prose: 0.3-0.4 of its words are these; Vietnamese: ~0
_OTHER_SCRIPT_SHARE = 0.5


# Letters outside Basic Latin, Latin-1, Latin Extended-A/B and Latin Extended Additional
# (ạ, ế, ữ, …): Chinese, Cyrillic, Thai, …
_NON_LATIN = re.compile("[^\x00-\u024f\u1e00-\u1eff]")
_JUDGED_WORDS = 400  # the opening of an article says its language; the rest is not read


def _opening_words(text: str) -> list[str]:
    """The first ``_JUDGED_WORDS`` words. 400 words of prose fit in about 2,500
    characters; the regex is the costly part, so a longer window is read only when the
    short one holds too few (tables of numbers, long links)."""
    words = _WORD.findall(text, 0, 8 * _JUDGED_WORDS)
    if len(words) < _JUDGED_WORDS and len(text) > 8 * _JUDGED_WORDS:
        words = _WORD.findall(text, 0, 20 * _JUDGED_WORDS)
    return words[:_JUDGED_WORDS]


def foreign_language(text: str) -> str | None:
    """What the text is written in instead of Vietnamese ("English", "a non-Latin
    script"), or None when it is Vietnamese, too short to tell, or unmarked Latin text
    that is not English (Vietnamese typed without tone marks is still read)."""
    words = _opening_words(text)
    letters = "".join(words)
    # counted in letters: Chinese, Japanese or Thai put no spaces between words
    if (
        len(letters) >= _MIN_LETTERS
        and _NON_LATIN.search(letters)
        and len(_NON_LATIN.findall(letters)) > _OTHER_SCRIPT_SHARE * len(letters)
    ):
        return "a non-Latin script"
    lower = [w for w in words if w[0].islower()]
    short = len(lower) < _MIN_WORDS
    if len(lower) < _MIN_SHORT_WORDS:
        return None
    enough = 1 if short else _MARKED_SHARE * len(lower)
    marked = 0
    for w in lower:
        if not _VIETNAMESE_LETTERS.isdisjoint(w):
            marked += 1
            if marked >= enough:  # Vietnamese: decided within the first few dozen words
                return None
    english = sum(1 for w in lower if w in _ENGLISH_FUNCTION_WORDS)
    share = _SHORT_ENGLISH_SHARE if short else _ENGLISH_SHARE
    return "English" if english >= share * len(lower) else None
