"""Find the article title at the start of the body.

Three situations:

* the caller knows the title and the body repeats it: :func:`strip_given_title`;
* raw text with paragraphs whose first paragraph is a short line without final punctuation:
  :func:`split_title_paragraph`;
* the title glued onto the first sentence with no punctuation, in one-line or paragraph,
  raw or word-segmented text, ``"Nga hợp tác quốc phòng toàn diện với Triều Tiên Tổng tham
  mưu trưởng Nga Gerasimov xác nhận ..."``: :func:`split_glued_title`.

The glued case has no marker at all, so :func:`find_glued_boundary` scores every place where a
capitalized word follows another word and accepts one only with enough independent evidence
that a sentence starts there (see :func:`score_boundary`); when unsure it does not split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tomtat.normalization.desegment import JOINER
from tomtat.normalization.unicode import canonical_tones
from tomtat.segmentation.sentences import split_sentences

__all__ = [
    "find_glued_boundary",
    "split_glued_title",
    "split_title_paragraph",
    "strip_given_title",
]

_ALNUM = re.compile(r"[^\W_]")


def strip_given_title(body: str, title: str) -> int | None:
    """Return where the body starts if ``body`` begins with ``title``, else ``None``.

    The comparison ignores case, spacing, ``_``, punctuation and tone-mark style, so a
    segmented or re-punctuated copy of the title still matches. Punctuation and spaces right
    after the title (``:``, ``.``, `` - ``) are skipped too.
    """
    # compared character by character: str.lower() may change the length of a string, and
    # canonical_tones keeps it, so offsets into ``have`` are offsets into ``body``
    want = [c.lower() for c in _ALNUM.findall(canonical_tones(title))]
    if len(want) < 6:
        return None
    have = canonical_tones(body[: len(title) * 3 + 40])
    end = None
    for k, m in enumerate(_ALNUM.finditer(have)):
        if k >= len(want) or m.group().lower() != want[k]:
            return None
        if k + 1 == len(want):
            end = m.end()
            break
    if end is None:
        return None
    if end < len(body) and _ALNUM.match(body, end):
        return None  # the title ends inside a word of the body: not the same text
    while end < len(body) and body[end] in " \u2009.:;,-–—|":
        end += 1
    return end


# --- raw text with paragraphs --------------------------------------------------------------

_TITLE_LINE_MAX = 30  # syllables
_NOT_TITLE_END = tuple(".:;,…")


def split_title_paragraph(text: str) -> tuple[str, str] | None:
    """Split off a first paragraph that reads as a title: short, no final punctuation."""
    first, sep, rest = text.partition("\n")
    if not sep or not rest.strip():
        return None
    line = first.strip()
    if not line or line.endswith(_NOT_TITLE_END):
        return None
    if len(line.split()) > _TITLE_LINE_MAX or len(split_sentences(line)) > 1:
        return None
    opener = re.match(r"(\w+)(?: \w+)?,", line)
    if opener and opener.group(1).lower() in _STARTERS:
        return None  # "Mới đây, ...": a lead clause, not a headline
    return line, rest


# --- glued titles --------------------------------------------------------------------------

# Words after which a capitalized word is a name, not a new sentence: prepositions,
# conjunctions, copulas, classifiers and titles that precede a name ("ông Kim", "tại Nga",
# "Tổng thống Putin"). Compared lower-cased, as one syllable or as the last two syllables.
_NON_TERMINAL = frozenset(
    [
        "của",
        "và",
        "với",
        "tại",
        "ở",
        "cho",
        "các",
        "những",
        "một",
        "là",
        "từ",
        "đến",
        "tới",
        "về",
        "trong",
        "trên",
        "dưới",
        "theo",
        "bởi",
        "do",
        "vì",
        "khi",
        "nếu",
        "như",
        "ông",
        "bà",
        "anh",
        "chị",
        "cô",
        "em",
        "ngài",
        "giữa",
        "sau",
        "trước",
        "thăm",
        "gặp",
        "nói",
        "hỏi",
        "cùng",
        "hay",
        "hoặc",
        "nhưng",
        "mà",
        "thì",
        "được",
        "bị",
        "có",
        "đã",
        "sẽ",
        "đang",
        "vẫn",
        "cũng",
        "rằng",
        "lên",
        "xuống",
        "ra",
        "vào",
        "qua",
        "phía",
        "nước",
        "tỉnh",
        "huyện",
        "xã",
        "quận",
        "phường",
        "thôn",
        "làng",
        "hãng",
        "báo",
        "tờ",
        "đài",
        "kênh",
        "đảng",
        "sông",
        "núi",
        "biển",
        "đảo",
        "vùng",
        "miền",
        "khu",
        "đội",
        "tuyển",
        "clb",
        "hlv",
        "tướng",
        "nhà",
        "phố",
        "đường",
        "chợ",
        "bến",
        "cảng",
        "sân",
        "trường",
        "viện",
        "bộ",
        "sở",
        "cục",
        "vụ",
        "ban",
        "hội",
        "tòa",
        "tập",
        "thị",
        "thủ",
        "tổng",
        "phó",
        "giám",
        "đốc",
        "trưởng",
        "chủ",
        "tịch",
        "tá",
        "úy",
        "sĩ",
        "vs",
        "nguyên",
        "cựu",
    ]
) | frozenset(
    [
        "tổng thống",
        "thủ tướng",
        "bộ trưởng",
        "chủ tịch",
        "lãnh đạo",
        "ngoại trưởng",
        "đại sứ",
        "thành phố",
        "thủ đô",
        "công ty",
        "tập đoàn",
        "ca sĩ",
        "diễn viên",
        "cầu thủ",
        "nhạc sĩ",
        "tác giả",
        "tiền đạo",
        "hậu vệ",
        "thủ môn",
        "người mẫu",
        "hoa hậu",
        "phát ngôn",
        "ngôn viên",
        "tổng thư ký",
        "thư ký",
        "giáo sư",
        "tiến sĩ",
        "bác sĩ",
        "luật sư",
        "nghị sĩ",
        "thượng nghị",
        "hạ nghị",
        "đại tướng",
        "thượng tướng",
        "trung tướng",
        "thiếu tướng",
        "quốc gia",
        "đặc phái",
        "phái viên",
        "nhà báo",
        "phóng viên",
        "huấn luyện",
        "luyện viên",
        "tỷ phú",
        "doanh nhân",
    ]
)
# Capitalized words that usually open a sentence and are rarely part of a name.
_STARTERS = frozenset(
    [
        "ngày",
        "hôm",
        "theo",
        "trong",
        "tại",
        "sau",
        "khi",
        "trước",
        "ông",
        "bà",
        "các",
        "những",
        "một",
        "đây",
        "điều",
        "việc",
        "hiện",
        "chiều",
        "sáng",
        "tối",
        "trưa",
        "đêm",
        "vào",
        "lúc",
        "cũng",
        "nhưng",
        "tuy",
        "do",
        "vì",
        "nếu",
        "để",
        "với",
        "từ",
        "cùng",
        "mới",
        "đó",
        "vậy",
        "còn",
        "bên",
        "ngoài",
        "dù",
        "mặc",
        "cả",
        "nhiều",
        "mọi",
        "sự",
        "họ",
        "tôi",
        "chúng",
        "đến",
        "tuần",
        "cuối",
        "giữa",
        "qua",
        "đúng",
        "như",
        "ở",
        "khoảng",
        "gần",
        "hơn",
        "thậm",
        "đáng",
        "riêng",
        "song",
        "tất",
        "không",
        "chỉ",
        "đã",
        "đang",
        "sẽ",
        "được",
        "bị",
        "lần",
        "vụ",
        "trận",
        "mặt",
        "thời",
        "tính",
        "từng",
        "rạng",
    ]
)
# Capitalized single words that begin organisation names ("Bộ Quốc phòng", "Đảng Cứu quốc"):
# a capitalized word after them continues the name.
_ORG_PREFIX = frozenset(
    [
        "bộ",
        "sở",
        "cục",
        "vụ",
        "viện",
        "ban",
        "hội",
        "đảng",
        "tòa",
        "báo",
        "đài",
        "hãng",
        "trường",
        "đại",
        "công",
        "tập",
        "ủy",
        "quỹ",
        "nhà",
    ]
)
_CLOSING_PUNCT = tuple(",;:-–—(/&+")
_SENTENCE_PUNCT = re.compile(r"[.!?;…,]$")
_QUOTES = "\"'“”‘’"
_MIN_TITLE, _MAX_TITLE = 6, 30  # syllables
_MIN_REST = 5  # syllables of the first body sentence after the split
_THRESHOLD = 3


_TOKEN = re.compile(r"[^ \n]+")


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    text: str  # with JOINER between syllables of a word (segmented input)

    @property
    def syllables(self) -> list[str]:
        return self.text.split(JOINER)

    @property
    def word(self) -> str:
        return self.text.strip(_QUOTES + "()[]")


def _is_proper(word: str) -> bool:
    """Every syllable capitalized: "Nga", "Kim Jong-un", "Triều Tiên"."""
    syl = [s for s in word.split(JOINER) if s]
    return bool(syl) and all(s[0].isupper() or s[0].isdigit() for s in syl)


def _is_common(word: str) -> bool:
    """Several syllables, only the first capitalized: "Lãnh đạo", "Tổng tham mưu trưởng"."""
    syl = [s for s in word.split(JOINER) if s]
    return len(syl) >= 2 and syl[0][0].isupper() and all(s[0].islower() for s in syl[1:])


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _key(word: str) -> str:
    return word.replace(JOINER, " ").lower()


def _non_terminal(prev: _Token, prev2: _Token | None) -> bool:
    word = _key(prev.word)
    last = word.rsplit(" ", 1)[-1]
    if word in _NON_TERMINAL or last in _NON_TERMINAL:
        return True
    if " " in word:
        return " ".join(word.split()[-2:]) in _NON_TERMINAL
    return prev2 is not None and f"{_key(prev2.word).rsplit(' ', 1)[-1]} {word}" in _NON_TERMINAL


class _Usage:
    """How a word is written elsewhere in the document, looked up on demand.

    A capitalized word that the document also writes in lower case, and never capitalizes in
    the middle of a sentence, is capitalized here because a sentence starts with it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[str, bool] = {}

    def sentence_start_only(self, form: str, at: int) -> bool:
        """``form`` (written so at ``at``) occurs lower-cased and never capitalized mid-sentence."""
        hit = self._cache.get(form)
        if hit is None:
            hit = self._lower_seen(form) and not self._cap_mid_seen(form, at)
            self._cache[form] = hit
        return hit

    def name_ends(self, name: str, at: int) -> bool:
        """``name`` occurs elsewhere followed by no capitalized word: a name ends with it."""
        for m in self._occurrences(name, at):
            after = self.text[m.end() : m.end() + 8].lstrip(" \u2009")
            if not after or not after[0].isupper():
                return True
        return False

    def name_starts(self, name: str, at: int) -> bool:
        """``name`` occurs elsewhere after punctuation or a lower-case word: a name starts
        with it."""
        for m in self._occurrences(name, at):
            before = self.text[max(0, m.start() - 30) : m.start()]
            if not before.strip() or before[-1] not in " \u2009":
                return True  # the start of the text, or "(Điện Kremlin"
            prev = before.split()[-1]
            if not prev[0].isupper() or not prev[-1].isalnum():
                return True
        return False

    def written_together(self, prev: _Token, tok: _Token) -> bool:
        """The two capitalized words occur together elsewhere: one name, "Hai Bà | Trưng"."""
        pair = f"{prev.word} {tok.word.rstrip(',.;:!?…')}"
        return any(True for _ in self._occurrences(pair, prev.start))

    def _occurrences(self, form: str, at: int) -> Iterable[re.Match[str]]:
        pattern = rf"(?<![^\W_]){re.escape(form)}(?![^\W_])"
        return (m for m in re.finditer(pattern, self.text) if m.start() != at)

    def _lower_seen(self, form: str) -> bool:
        lower = form[0].lower() + form[1:]
        pattern = rf"(?<![^\W_]){re.escape(lower)}(?![^\W_])"
        return re.search(pattern, self.text) is not None

    def _cap_mid_seen(self, form: str, at: int) -> bool:
        pattern = rf"(?<![^\W_]){re.escape(form)}(?![^\W_])"
        for m in re.finditer(pattern, self.text):
            if m.start() == at:
                continue
            before = self.text[max(0, m.start() - 4) : m.start()].rstrip(" \u2009\"'“‘(")
            if before and before[-1] not in ".!?…:\n”":
                return True
        return False


def _form(tokens: list[_Token], i: int, segmented: bool) -> str:
    """The unit compared with its other occurrences: the word, or two syllables of raw text."""
    word = tokens[i].word
    if segmented or i + 1 >= len(tokens):
        return word
    return f"{word} {tokens[i + 1].word}"


_NAME_RUN = 4  # tokens
# A dated opener: "Rạng sáng 14/11,", "Chiều 3-10", "Sáng nay,". A title rarely holds one with
# a capital in its middle, a lead sentence often starts with one.
_DATED_OPENER = re.compile(
    r"(?:Rạng sáng|Sáng sớm|Chiều tối|Sáng|Trưa|Chiều|Tối|Đêm|Khuya|Ngày|Hôm)"
    r" (?:\d{1,2}[./-]\d{1,2}(?![\d./-]*%)|(?:nay|qua),)"
)


def _names_meet(tokens: list[_Token], k: int, usage: _Usage) -> bool:
    """Raw text: the capitalized run around ``tokens[k]`` is two names the document writes
    apart elsewhere ("Kim Jong-un | Điện Kremlin"), each of at least two syllables.

    What word segmentation shows by joining the syllables of each name, raw text shows only
    by how the rest of the article delimits them.
    """
    left = [tokens[k - 1]]
    for j in range(k - 2, max(-1, k - 1 - _NAME_RUN), -1):
        t = tokens[j]
        if not t.word[:1].isupper() or t.text[-1] in ',.;:!?…)"”':
            break  # "Nga, Triều Tiên": punctuation ends the run
        left.insert(0, t)
    right: list[_Token] = []
    for t in tokens[k : k + _NAME_RUN]:
        if not t.word[:1].isupper():
            break
        right.append(t)
        if not t.text[-1:].isalnum():
            break  # "Kremlin," ends the run
    # the runs may hold more than the two names ("Ông Kim Jong-un", "Điện Kremlin Dmitry
    # Peskov"): an end of at least two syllables and a start of at least two suffice
    words = [t.word.rstrip(",.;:!?…") for t in left + right]
    n = len(left)
    ends = any(usage.name_ends(" ".join(words[j:n]), left[j].start) for j in range(n - 2, -1, -1))
    return ends and any(
        usage.name_starts(" ".join(words[n:j]), tokens[k].start)
        for j in range(n + 2, len(words) + 1)
    )


def score_boundary(
    tokens: list[_Token],
    k: int,
    usage: _Usage,
    segmented: bool,
    *,
    lexical_raw: bool = True,
    names: bool = False,
) -> int:
    """Evidence that a sentence starts at ``tokens[k]`` (0 if it cannot).

    ``names``: ask the document about the capitalized words around ``k``. A pair it writes
    together elsewhere ("Hai Bà Trưng", "Thủ Dầu Một") is part of a name, no boundary; in raw
    text, two names it writes apart elsewhere count like the two joined names of segmented
    text.
    """
    tok, prev = tokens[k], tokens[k - 1]
    word, prev_word = tok.word, prev.word
    if not word or not word[0].isupper() or _is_acronym(word) or tok.text[0] in _QUOTES + "(":
        return 0
    if not prev_word or prev.text.endswith(_CLOSING_PUNCT) or _SENTENCE_PUNCT.search(prev.text):
        return 0
    if _non_terminal(prev, tokens[k - 2] if k >= 2 else None):
        return 0
    if names and _is_proper(prev_word) and usage.written_together(prev, tok):
        return 0
    first = _key(word).split(" ", 1)[0]
    starter = first in _STARTERS
    seen = usage.sentence_start_only(_form(tokens, k, segmented), tok.start)
    lexical = starter or seen
    # a syllable pair of raw text is weaker evidence than a segmented word
    score = 2 * starter + (2 if segmented else 1) * seen
    if segmented:
        common = _is_common(word)
    else:  # raw text: the next syllables tell "Lãnh đạo Triều" from "Triều Tiên" or a
        # title-cased name ("Tổ chức Cấm Sử dụng Vũ khí")
        nxt = [t.word[:1] for t in tokens[k + 1 : k + 3]]
        common = bool(nxt) and nxt[0].islower() and not (len(nxt) > 1 and nxt[1].isupper())
    prev_proper = _is_proper(prev_word) and _key(prev_word) not in _ORG_PREFIX
    score += common + prev_proper + (common and prev_proper)
    if starter and _DATED_OPENER.match(
        " ".join(t.text for t in tokens[k : k + 3]).replace(JOINER, " ")
    ):
        score += 1
    if segmented and prev_proper and _is_proper(word) and JOINER in word and JOINER in prev_word:
        score += 1  # two multi-syllable names in a row: "Kim Jong-un | Điện Kremlin"
    elif names and not segmented and prev_proper and _names_meet(tokens, k, usage):
        score += 1
        lexical = True  # evidence from the document, as "seen" is
    if not segmented and not lexical and lexical_raw:
        return 0  # raw syllables alone are weak evidence: require a lexical signal
    return score


def _headline_quote(tokens: Iterable[_Token]) -> bool:
    """A quoted phrase inside the candidate title, typical of headlines: 'không ký ...'
    (also spaced as tokenized text leaves it: ' không ký ... ')."""
    text = " ".join(t.text for t in tokens)
    return bool(
        re.search(r"(?:^| )['‘\"“][^ ].*[^ ]['’\"”](?: |$)", text)
        or re.search(r"(?:^| )['‘\"“] [^'‘’\"“”]+ ['’\"”](?: |$)", text)
    )


def _lead(tokens: list[_Token], k: int) -> bool:
    """The sentence from ``tokens[k]`` opens with a phrase closed by a comma, as a news lead
    does ("Rạng sáng 14/11,", "Theo Reuters,", "Tại hiện trường,")."""
    for t in tokens[k : k + 6]:
        if _SENTENCE_PUNCT.search(t.text):
            return t.text.endswith(",")
    return False


def _balanced(tokens: Iterable[_Token]) -> bool:
    text = "".join(t.text for t in tokens)
    return (
        text.count('"') % 2 == 0
        and text.count("'") % 2 == 0
        and text.count("“") == text.count("”")
        and text.count("(") == text.count(")")
    )


def find_glued_boundary(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    segmented: bool,
    min_score: int = _THRESHOLD,
    last: bool = False,
    min_prefix: int = _MIN_TITLE,
    max_prefix: int = _MAX_TITLE,
    lexical_raw: bool = True,
    across_punctuation: bool = False,
    title: bool = False,
) -> int | None:
    """Offset in ``text`` where a sentence most likely starts inside ``text[start:end]``.

    Considers boundaries after ``min_prefix``..``max_prefix`` syllables from ``start`` with no
    sentence punctuation before them, scores each with :func:`score_boundary` and returns the
    first (or ``last``) scoring at least ``min_score``, or ``None``. ``lexical_raw=False`` drops
    the demand for lexical evidence in raw text, ``across_punctuation=True`` looks past
    commas and question marks (lists of headlines).

    ``title=True`` searches the first sentence of an article for a glued title: it uses how
    the rest of ``text`` writes names (see :func:`score_boundary`), and it looks past commas
    ("Cháy xưởng gỗ ở Tân Phước, ba người chết | Rạng sáng ...") unless the sentence opens
    like a lead itself ("Chiều 4/11, Công an TP Thủ Dầu | Một ..."); past a comma, the
    sentence after the boundary must open like a lead (see :func:`_lead`).
    """
    end = len(text) if end is None else end
    # the window's tokens plus two before (previous words) and two after (raw text forms)
    lo = max(text.rfind("\n", 0, start) + 1, start - 60)
    hi = text.find("\n", end)
    hi = min(len(text) if hi < 0 else hi, end + 60)
    tokens = [_Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, lo, hi)]
    usage = _Usage(text)
    window = [i for i, t in enumerate(tokens) if start <= t.start and t.end <= end]
    if len(window) < 2:
        return None
    first_i = window[0]
    found = None
    syllables = 0
    past_comma = False
    # a sentence opening with an adverbial ("Ngày 2/11, ...", "Theo ông X, ...") is a lead
    commas = title and _key(tokens[first_i].word).split(" ", 1)[0] not in _STARTERS
    for i in window:
        tok = tokens[i]
        if i > first_i and syllables >= min_prefix:
            score = score_boundary(
                tokens, i, usage, segmented, lexical_raw=lexical_raw, names=title
            )
            prefix = tokens[first_i:i]
            if score and _headline_quote(prefix):
                score += 1
            if score >= min_score and _balanced(prefix) and (not past_comma or _lead(tokens, i)):
                found = tok.start
                if not last:
                    return found
        syllables += len(tok.syllables)
        if syllables > max_prefix:
            break
        stop = _SENTENCE_PUNCT.search(tok.text.rstrip(_QUOTES + ")"))
        if stop and commas and stop.group() == ",":
            past_comma = True
        elif stop and not across_punctuation:
            break  # a title has no sentence punctuation inside
    return found


def split_glued_title(text: str, *, segmented: bool) -> tuple[str, int] | None:
    """Find a title glued onto the first sentence of ``text``: ``(title, body_start)``.

    Only the first sentence of the first line is searched (the rest of ``text`` is evidence of
    how its words are written), the title may hold a comma ("Cháy xưởng gỗ ở Tân Phước, ba
    người chết"), and the part after the split must itself be a sentence of at least a few
    syllables.
    """
    first = text.find("\n")
    spans = split_sentences(text if first < 0 else text[:first])
    if not spans:
        return None
    s_start, s_end = spans[0]
    if len(spans) < 2:
        # a paragraph of one sentence: a lead followed by paragraphs, not a line that ends
        # with a colon or without punctuation (a heading, a list item)
        more = first >= 0 and text[first:].strip(" \n" + JOINER)
        if not more or not text[s_start:s_end].rstrip(_QUOTES + ")").endswith(tuple(".!?…")):
            return None
    cut = find_glued_boundary(text, s_start, s_end, segmented=segmented, title=True)
    if cut is None:
        return None
    rest = text[cut:s_end]
    if len(re.findall(r"[^\W\d_]+", rest)) < _MIN_REST:
        return None
    return text[s_start:cut].rstrip(), cut
