"""Photo captions without a credit line.

Captions with a credit ("... Ảnh: KCNA") go in :mod:`tomtat.normalization.boilerplate`. Two
kinds without one are recognizable precisely enough to remove:

* a bare caption paragraph: one short sentence naming what the photo shows, with no predicate
  marker ("Tiền đạo Mạc Hồng Quân.", "Ông Nguyễn Văn A phát biểu tại hội nghị.");
* a caption glued without punctuation to the next sentence when that sentence opens with a
  dateline ("Hiện trường vụ tai nạn Sáng 12/3, một xe tải ...").

Short real sentences ("Vụ việc đang được điều tra.", "Đội tuyển thắng 2-0.") nearly always
carry a tense/aspect/modal word, a negation, a pronoun, a number or a clause comma, so any of
those keeps the paragraph.
"""

from __future__ import annotations

import re

from tomtat.normalization.desegment import JOINER

__all__ = ["glued_caption_end", "has_dateline", "is_bare_caption"]

_MAX_CAPTION_SYLLABLES = 12
_SYLLABLE = re.compile(r"[^\W_]+")
# Syllables that mark a finite clause, a speaker or a comment rather than a photo's subject,
# and verbs of change that make a one-line news item ("Giá xăng tăng mạnh.", "Hà Nội mưa to.").
_PREDICATE_CUES = frozenset(
    _SYLLABLE.findall(
        """
        đã đang sẽ vừa từng sắp được bị là có không chưa chẳng chả vẫn cũng đều cần phải nên
        hãy đừng thì mà nếu vì bởi rằng còn rất hơn nhất để cho nhưng tuy song nay này đây đó
        ấy ai gì sao nào bao khiến nói luôn chỉ xin ta tôi họ mình nó chúng so
        tăng giảm mưa cháy nổ chết thắng thua đạt vượt sập ngập
        """
    )
)
_PREDICATE_PHRASES = ("cho biết", "tiếp tục", "bắt đầu", "làm rõ", "điều tra", "lập tức", "thật sự")
# Clause commas, quotes, questions, lists, brackets, ellipses: prose, not a caption.
_PROSE_MARKS = re.compile(r"[,;:?!\"“”‘’'«»…()\[\]]|\.\.")


def is_bare_caption(paragraph: str) -> bool:
    """Whether ``paragraph`` (one whole paragraph) reads as an uncredited photo caption.

    Judged on the paragraph alone; the caller decides where one can occur (not the first
    paragraph, not inside a list, only in paragraph layout).
    """
    s = paragraph.replace(JOINER, " ").strip()
    if len(s) < 2 or not s[0].isupper() or s[-1] != "." or _PROSE_MARKS.search(s[:-1]):
        return False
    syllables = _SYLLABLE.findall(s.lower())
    if not 2 <= len(syllables) <= _MAX_CAPTION_SYLLABLES or any(w.isdigit() for w in syllables):
        return False
    if _PREDICATE_CUES.intersection(syllables):
        return False
    joined = f" {' '.join(syllables)} "
    return not any(f" {p} " in joined for p in _PREDICATE_PHRASES)


_SP = f"[ {JOINER}]"
# A dateline opening a sentence: "Sáng 12/3,", "Ngày 11 tháng 10,", "Tối qua (31/10),".
_DATELINE = re.compile(
    rf"(?:Rạng{_SP}sáng|Sáng|Trưa|Chiều|Tối|Đêm|Ngày|Hôm){_SP}"
    rf"(?:\d{{1,2}}(?:[/.-]|{_SP}tháng{_SP})\d{{1,2}}(?:[/.-]\d{{2,4}})?|qua|nay)"
    rf"(?:{_SP}*\([^()\n]{{1,20}}\))?{_SP}*,"
)
# Words after which a capitalized time word is inside the sentence ("vào Chiều 12/3").
_BEFORE_TIME = frozenset(
    _SYLLABLE.findall("vào từ đến tới trong hồi cho sau trước là thứ của tháng")
)
_MAX_GLUED_WORDS = 20
# A connective opening the sentence ("Theo đó Sáng 12/3, …", a comma lost) is no caption.
_CONNECTIVE = re.compile(
    rf"(?:(?:Theo|Trước|Sau|Khi|Lúc|Trong{_SP}khi|Bên{_SP}cạnh|Do|Vì|Qua){_SP}đó|Tuy{_SP}nhiên|"
    rf"Tuy{_SP}vậy|Như{_SP}vậy|Vì{_SP}vậy|Ngoài{_SP}ra|Đồng{_SP}thời|Mặt{_SP}khác|Cụ{_SP}thể|"
    rf"Riêng|Cũng|Còn|Nhưng|Và)(?![^\W_])",
    re.IGNORECASE,
)


def has_dateline(text: str) -> bool:
    """Whether a dateline occurs in ``text`` past its first character: a cheap test that
    spares splitting into sentences the lines :func:`glued_caption_end` finds nothing in."""
    return _DATELINE.search(text, 1) is not None


def glued_caption_end(sentence: str) -> int | None:
    """Where the sentence proper starts if ``sentence`` opens with a caption or heading
    glued to it without punctuation: "Hiện trường vụ tai nạn | Sáng 12/3, một xe tải ...".

    Only a dateline marks the join: a capitalized time word with a date and a comma right
    after a word (no punctuation between) is a sentence start that lost its line break.
    """
    m = _DATELINE.search(sentence, 1)
    if m is None:
        return None
    before = sentence[: m.start()].rstrip(" " + JOINER)
    if not before or not before[-1].isalnum():
        return None  # punctuation before the dateline: nothing glued
    words = _SYLLABLE.findall(before)
    if not 2 <= len(words) <= _MAX_GLUED_WORDS or words[-1].lower() in _BEFORE_TIME:
        return None
    if _CONNECTIVE.match(before.lstrip(" \"“'(" + JOINER)):
        return None
    return m.start()
