"""A story's timeline: its summary-worthy dated sentences, one per event, in date order.

Candidates are sentences with a resolvable date (see ``tomtat.timeline.dates``), ranked by the
summarizer's sentence scores. The same event told by several outlets becomes one entry citing
each of them, exactly as summary sentences are cited.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from tomtat.models import Citation, Document
from tomtat.normalization import canonical_tones
from tomtat.readers.dates import local_time
from tomtat.scoring.representation import Cluster
from tomtat.scoring.stopwords import STOPWORDS
from tomtat.segmentation.words import syllables
from tomtat.selection import citations, near_duplicates
from tomtat.selection.redundancy import CountedCache, digits_conflict
from tomtat.summarizers.learned import LearnedSummarizer
from tomtat.timeline.clock import EventClock, event_clock, other_numbers
from tomtat.timeline.dates import DateMention, Part, Precision, find_dates

MAX_PER_DATE = 2  # more would let one busy day crowd out the rest of the story
# Two outlets' sentences of one date tell one event when this share of the shorter one's
# content words (_Gist) is in the other. In a hand-read sample of 104 same-date entry pairs
# from different VN-MDS and AbMuSu articles, 39 of the 43 day pairs at 0.4 or more were one
# event told twice (3 were two), under it 8 of 16; a month or a year holds more events than a
# day, so its bar is higher: 22 of its 29 pairs at 0.5 or more were one event (2 were two).
SAME_EVENT_OVERLAP: dict[Precision, float] = {"day": 0.4, "month": 0.5, "year": 0.5}
# ...and at least this many of them: "Tối 31/5, Ninh tiếp tục đánh cháu P." shares half its
# few words with any report of the case.
SAME_EVENT_WORDS = 5
# ...and this share of the shorter one's words that are no name: names alone make no event
# ("lũ quét cuốn trôi 12 nhà ở xã Mường Pồn" / "UBND tỉnh họp bàn hỗ trợ xã Mường Pồn" share
# one such word in eight); the one-event pairs of the sample shared a fifth or more.
SAME_EVENT_PLAIN = 0.2
# Sentences the summarizer ranks in the bottom quarter of the story are details and quotes,
# not events worth a timeline line; the cut is a quantile so it works for any score scale.
MIN_SCORE_QUANTILE = 0.25
# "kể từ năm 2019" (first visit since 2019), "trước ngày 13/9" (and "trước ngày hôm nay 1/11",
# whose date expression starts at "hôm nay"), "sau trận lũ quét hôm 14/10",
# "sau khi HĐND bác đề án hôm 17/11": the date is a reference point, not when the sentence's
# event happened. So is a comparison ("tăng 65% so với cùng kỳ năm 2012", "thấp hơn phiên
# sáng qua", "trái với đà tăng trong phiên hôm qua").
_CLAUSE_WORDS = r"[^,.;:!?\"“”]{0,50}?\s+"
_REFERENCE_POINT = re.compile(
    r"(?<!\w)(?:(?:kể\s+từ|trước|sau)\s+(?:ngày\s+|(?:khi|vụ|trận|cuộc|đợt|sự\s+cố|sự\s+kiện)(?!\w)"
    + _CLAUSE_WORDS
    + r")?|(?:so\s+với|trái\s+với|cùng\s+kỳ)\s+(?:"
    + _CLAUSE_WORDS
    + r")?|(?:cao|thấp|nhiều|ít|lớn|nhỏ|mạnh|nhanh|chậm)\s+hơn\s+(?:(?:mức|phiên|cùng\s+kỳ"
    r"|con\s+số|thời\s+điểm|giai\s+đoạn|của)(?!\w)" + _CLAUSE_WORDS + r")?)$",
    re.IGNORECASE,
)
# a law named by its year ("Hiến pháp năm 1992", "Luật Đất đai năm 2013") dates no event
_LAW_NAME = re.compile(
    r"(?<!\w)(?:hiến\s+pháp|luật(?!\s+sư)(?:\s+[^\W\d_]+){0,4}?)\s+$", re.IGNORECASE
)
_REFERENCE_WINDOW = 64
# "vụ sạt lở đêm 14/11 đến nay đã làm 5 người chết": the sentence tells the state as of its
# article's publication; the dates it names are background.
_AS_OF_NOW = re.compile(
    r"(?<!\w)(?:(?:cho\s+)?(?:đến|tới)|tính\s+đến)\s+"
    r"(?:nay|thời\s+điểm\s+(?:này|hiện\s+tại)|hiện\s+tại)(?!\w)",
    re.IGNORECASE,
)
# "từ trước đến nay", "từ xưa tới nay": "ever", not a state reported as of the article
_EVER = re.compile(r"(?<!\w)từ\s+(?:trước|xưa|lâu)\s+$", re.IGNORECASE)
# A day named in the first words ("Chiều 15/11, UBND tỉnh cho biết tính đến nay …") is when
# the sentence's statement was made, and its "nay" is that day.
_OPENING_WORDS = 3
_RANK = {"day": 3, "month": 2, "year": 1}
# Where a partial date sorts within its period: "đầu/giữa/cuối" (early/mid/late).
_MONTH_OF_PART = {None: 0.0, "early": 0.0, "mid": 6.5, "late": 12.5}
_DAY_OF_PART = {None: 0.0, "early": 0.0, "mid": 15.5, "late": 31.5}


@dataclass(slots=True)
class TimelineEntry:
    """One dated event: ``date`` is ISO-like (``2023-09-13``, ``2023-09``, ``2023``,
    ``--09-13`` when no year is known), ``text`` the sentence that reports it."""

    date: str
    precision: Precision
    year_known: bool
    text: str
    sources: list[Citation]
    score: float = 0.0
    part: Part | None = None  # "cuối năm 2022" is 2022, late in it: shown, and sorted so

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "date": self.date,
            "precision": self.precision,
            "year_known": self.year_known,
        }
        if self.part:
            out["part"] = self.part
        return out | {"text": self.text, "sources": [c.to_dict() for c in self.sources]}


_LETTERS = re.compile(r"[^\W\d_]+")
_PERSON_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3})\s+tuổi|(?:SN|[Ss]inh\s+năm)\s+(\d{4})(?!\d)")


@dataclass(frozen=True, slots=True)
class _Gist:
    """What a sentence says happened: its content syllables (no stop word, number or word of
    its date expression, so "vào thứ Sáu tới" and "ngày 16/1" add nothing), and those of them
    that are not capitalized past the first word (no name)."""

    words: frozenset[str]
    plain: frozenset[str]

    @classmethod
    def of(cls, text: str, mention: DateMention) -> _Gist:
        date = set(syllables(mention.expression))
        words: set[str] = set()
        plain: set[str] = set()
        for k, match in enumerate(_LETTERS.finditer(text)):
            word = canonical_tones(match.group().lower())
            if word in STOPWORDS or word in date:
                continue
            words.add(word)
            if k == 0 or not match.group()[0].isupper():
                plain.add(word)
        return cls(frozenset(words), frozenset(plain))

    def alike(self, other: _Gist, overlap: float) -> bool:
        """Whether the two tell one event, by the shares of their words they have in common."""
        shared = len(self.words & other.words)
        if shared < SAME_EVENT_WORDS or shared < overlap * min(len(self.words), len(other.words)):
            return False
        common = len(self.plain & other.plain)
        smaller = min(len(self.plain), len(other.plain))
        return smaller > 0 and common >= SAME_EVENT_PLAIN * smaller  # names only: no event


@dataclass(slots=True)
class _Event:
    pick: int  # the best-scoring sentence, whose text the entry shows
    mention: DateMention
    members: list[int]  # the pick and its near-duplicates


def build_timeline(
    documents: list[Document],
    *,
    cluster: Cluster | None = None,
    scores: Sequence[float] | np.ndarray | None = None,
    max_entries: int = 12,
    story_time: datetime | None = None,
    duplicates: np.ndarray | None = None,
) -> list[TimelineEntry]:
    """The story's timeline, at most ``max_entries`` entries sorted by date then score.

    ``story_time`` (the story's latest publication time) dates the documents that carry no
    time of their own: outlets report one story within days of each other, so "14/11" in an
    undated report of a November 2026 story is 14/11/2026, and is the same day as the dated
    reports' "14/11". Without it such dates keep an unknown year.

    ``cluster`` is ``Cluster(documents)`` when the caller already has one (and
    ``duplicates`` its ``near_duplicates``); ``scores`` are per-sentence worthiness scores
    in cluster order (the learned ranker's by default).
    Entries whose year is unknown (``--09-13``) come after all dated ones: a text leaves the
    year out when it is the story's current one, while stated years tend to be background.
    """
    if cluster is None:
        cluster = Cluster(documents)
    if any(s.doc_index != k for k, d in enumerate(cluster.documents) for s in d.sentences):
        # citations would name the wrong article; build_documents numbers them per story
        raise ValueError("sentence.doc_index must be its document's position in the list")
    if len(cluster) == 0 or max_entries < 1:
        return []
    if scores is None:
        scores = LearnedSummarizer().scores(cluster)
    score = np.asarray(scores, dtype=np.float64)
    if score.shape != (len(cluster),):
        raise ValueError(f"expected {len(cluster)} sentence scores, got shape {score.shape}")

    floor = float(np.quantile(score, MIN_SCORE_QUANTILE))
    dated = _dated_sentences(cluster, story_time)
    # a question dates no event: "Liệu đến ngày 20/11 có xong?"
    candidates = [(i, m) for i, m in dated if score[i] >= floor and cluster.selectable[i]]
    candidates.sort(key=lambda c: -score[c[0]])
    if duplicates is None:
        duplicates = near_duplicates(cluster)
    clocks: dict[int, EventClock] = {}
    numbers: dict[int, frozenset[str]] = {}
    facts: dict[int, frozenset[str]] = {}  # numbers of the event, not of a person's age
    gists: dict[int, _Gist] = {}
    for i, mention in candidates:
        sentence = cluster.sentences[i]
        text = cluster.documents[sentence.doc_index].text
        numbers[i] = other_numbers(text, sentence.start, sentence.end, mention)
        facts[i] = numbers[i] - _person_numbers(sentence.text)
        gists[i] = _Gist.of(sentence.text, mention)
        if mention.precision == "day" and (
            at := event_clock(text, sentence.start, sentence.end, mention)
        ):
            clocks[i] = at
    counted = CountedCache(cluster)

    def another_report(
        i: int, mention: DateMention, event: _Event, stated: dict[int, frozenset[str]]
    ) -> bool:
        """Another article's sentence on the event's date, no number of ``stated`` (the
        numbers each sentence states) differing ("làm chết
        4 người" / "làm 5 người tử vong": no one report, whatever they count) and no word
        swapped for a negation, opposite, scale or name. One article's two sentences of one
        day tell two things."""
        doc = cluster.sentences[i].doc_index
        if mention.iso != event.mention.iso:
            return False
        if any(cluster.sentences[j].doc_index == doc for j in event.members):
            return False
        return not any(
            digits_conflict(stated[i], stated[j])
            or counted.disagree(i, j)
            or counted.words_conflict(i, j)  # "đã ký" / "không ký": cited as one, it would lie
            for j in event.members
        )

    def same_clock(i: int, mention: DateMention, event: _Event) -> bool:
        """Another outlet's report of the event at the same day and hour."""
        if i not in clocks or not any(clocks.get(j) == clocks[i] for j in event.members):
            return False
        return another_report(i, mention, event, numbers)

    mentions = dict(candidates)

    def same_event(i: int, mention: DateMention, event: _Event) -> bool:
        """Another outlet's wording of the event on the same date: "Tướng Jama'a bị bắn tỉa
        hôm 17.10" / "... thiệt mạng do bị bắn tỉa hôm thứ Năm", most content words shared and
        no part of the day, clock time, count, negation or name differing. The date's words
        are left out of the comparison, so "thứ Sáu tới" and "ngày 16/1" count alike; numbers
        differ as near-duplicates' do, ages and birth years left out ("48 tuổi" / "SN 1965" is
        one person; "4 người chết, 2 bị thương" / "5 người tử vong, 2 bị thương" are two
        tolls, whatever they share)."""
        overlap = SAME_EVENT_OVERLAP[mention.precision]
        if not any(gists[i].alike(gists[j], overlap) for j in event.members):
            return False
        mine = _part_of_day(mention.expression)
        for j in event.members:
            theirs = _part_of_day(mentions[j].expression)
            if (mine and theirs and mine != theirs) or (
                i in clocks and j in clocks and clocks[i] != clocks[j]
            ):
                return False  # "Sáng 16/11, cứu hộ tìm thấy …" / "Chiều 16/11, cứu hộ dừng …"
        return another_report(i, mention, event, facts)

    events: list[_Event] = []
    per_date: Counter[str | None] = Counter()
    for i, mention in candidates:
        event = next((e for e in events if duplicates[i, e.members].any()), None)
        if event is None:
            event = next((e for e in events if same_clock(i, mention, e)), None)
        if event is None:
            event = next((e for e in events if same_event(i, mention, e)), None)
        if event is not None:
            event.members.append(i)
            refined = _refine(event.mention, mention)
            per_date[event.mention.iso] -= 1
            per_date[refined.iso] += 1
            event.mention = refined
            if per_date[refined.iso] > MAX_PER_DATE:
                # "hồi tháng 9" refined to "hôm 13/9" can join two entries of 13/9: the
                # worst-ranked of the three goes
                same = [e for e in events if e.mention.iso == refined.iso]
                events.remove(min(same, key=lambda e: score[e.pick]))
                per_date[refined.iso] -= 1
        elif len(events) < max_entries and per_date[mention.iso] < MAX_PER_DATE:
            events.append(_Event(i, mention, [i]))
            per_date[mention.iso] += 1

    events.sort(key=lambda e: (_date_key(e.mention), -score[e.pick]))
    return [_entry(cluster, e, duplicates, float(score[e.pick])) for e in events]


_PARTS_OF_DAY = (
    ("rạng sáng", "night"),
    ("sáng", "morning"),
    ("trưa", "noon"),
    ("chiều", "afternoon"),
    ("tối", "evening"),
    ("đêm", "night"),
    ("khuya", "night"),
)


def _person_numbers(text: str) -> frozenset[str]:
    """Ages and birth years: one outlet writes "48 tuổi", another "SN 1978" of one man."""
    return frozenset(a or b for a, b in _PERSON_NUMBER.findall(text))


def _part_of_day(expression: str) -> str | None:
    """The part of the day a date expression names ("Chiều 16/11" -> afternoon), if any."""
    lowered = " ".join(expression.lower().split())
    return next((part for word, part in _PARTS_OF_DAY if lowered.startswith(word)), None)


def _dated_sentences(
    cluster: Cluster, story_time: datetime | None
) -> list[tuple[int, DateMention]]:
    """Each sentence with a date it is about, in cluster order."""
    out: list[tuple[int, DateMention]] = []
    index = 0
    for doc in cluster.documents:
        found = find_dates(doc.text, doc.published or story_time)
        mentions = [m for m in found if _dates_event(doc.text, m)]
        for sentence in doc.sentences:
            inside = [
                m
                for m in mentions
                if sentence.start <= m.start
                and m.end <= sentence.end
                and not (m.relative and _quoted(doc.text, sentence.start, m.start))
            ]
            opening = any(
                m.precision == "day"
                and len(doc.text[sentence.start : m.start].split()) <= _OPENING_WORDS
                for m in inside
            )
            now = None if opening else _as_of_publication(doc, sentence.start, sentence.end)
            if now is not None:
                out.append((index, now))
            elif inside:
                out.append((index, _most_specific(inside)))
            index += 1
    return out


def _as_of_publication(doc: Document, start: int, end: int) -> DateMention | None:
    """The publication day, for a sentence telling the state "đến nay" (as of now); only an
    article's own time says when its "nay" is."""
    if doc.published is None:
        return None
    match = _AS_OF_NOW.search(doc.text, start, end)
    if match is None or _quoted(doc.text, start, match.start()):
        return None
    if _EVER.search(doc.text, max(start, match.start() - 12), match.start()):
        return None
    day = local_time(doc.published).date()
    return DateMention(
        start=match.start(),
        end=match.end(),
        expression=match.group(),
        year=day.year,
        month=day.month,
        day=day.day,
        precision="day",
        year_known=True,
        relative=True,
    )


def _quoted(text: str, start: int, position: int) -> bool:
    """Whether ``position`` is inside a quotation opened after ``start``: a speaker's
    "hôm nay" is often rhetorical ("những ngày như hôm nay") and not the news day."""
    before = text[start:position]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _dates_event(text: str, m: DateMention) -> bool:
    """Whether ``m`` can date the event of its sentence. A relative date without a year
    ("tháng 11 năm ngoái" in an undated article) is left out: it is not in the unknown year
    the other year-less dates share, so it has no place among them."""
    if not m.resolved or (m.relative and not m.year_known):
        return False
    before = max(0, m.start - _REFERENCE_WINDOW)
    if m.precision == "year" and _LAW_NAME.search(text, before, m.start):
        return False
    return not _REFERENCE_POINT.search(text, before, m.start)


def _most_specific(mentions: list[DateMention]) -> DateMention:
    """The finest date, then one with a year, then the first: in "Shoigu, who visited in
    July, said on 4/9…" the day is the sentence's event and the month a subordinate one."""
    return max(mentions, key=lambda m: (_RANK[m.precision], m.year_known, -m.start))


def _refine(current: DateMention, other: DateMention) -> DateMention:
    """The finer of two dates given to one event by different reports, if they agree: an
    article with a publication time supplies a year, "hôm 13/9" refines "hồi tháng 9"."""
    if current.year_known and other.year_known and other.year != current.year:
        return current
    if current.month is not None and other.month != current.month:
        return current
    if current.precision == "day" and other.day != current.day:
        return current
    finer = (other.year_known, _RANK[other.precision]) > (
        current.year_known,
        _RANK[current.precision],
    )
    return other if finer else current


def _date_key(m: DateMention) -> tuple[bool, int, float, float]:
    if m.precision == "year":
        month, day = _MONTH_OF_PART[m.part], 0.0
    elif m.precision == "month":
        month, day = float(m.month or 0), _DAY_OF_PART[m.part]
    else:
        month, day = float(m.month or 0), float(m.day or 0)
    return (m.year is None, m.year or 0, month, day)


def _entry(cluster: Cluster, event: _Event, duplicates: np.ndarray, score: float) -> TimelineEntry:
    sources = citations(cluster, event.pick, duplicates)
    cited = {c.document for c in sources}
    for i in event.members:  # near-duplicates of a member but not of the pick itself
        sentence = cluster.sentences[i]
        doc_id = cluster.documents[sentence.doc_index].id
        if doc_id not in cited:
            sources.append(Citation(doc_id, sentence.start, sentence.end))
            cited.add(doc_id)
    mention = event.mention
    return TimelineEntry(
        date=mention.iso or "",  # never empty: only resolved mentions become events
        precision=mention.precision,
        year_known=mention.year_known,
        text=cluster.sentences[event.pick].text,
        sources=sources,
        score=score,
        part=mention.part if mention.precision != "day" else None,
    )
