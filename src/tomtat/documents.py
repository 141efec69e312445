"""Articles → normalized ``Document``s with feature-ready ``Sentence``s.

This is the glue of the first three stages: normalization, sentence splitting and word
segmentation. Everything after it works on ``Document``s only.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from tomtat.models import Article, Document, Sentence
from tomtat.normalization import (
    canonical_tones,
    looks_like_legacy_encoding,
    looks_like_legacy_sentence,
    normalize_article,
    to_nfc,
)
from tomtat.normalization.language import foreign_language
from tomtat.readers.datelines import split_dateline
from tomtat.readers.ids import make_ids_unique
from tomtat.segmentation.sentences import is_boilerplate_sentence, split_sentences
from tomtat.segmentation.words import segment_words, syllables

MIN_SENTENCE_SYLLABLES = 4  # shorter pieces are datelines or debris, not summary text
MAX_HEADING_SYLLABLES = 12
_FINAL = (".", "!", "?", "…", '"', "”", "’", ")", "»")


def _is_heading(text: str, start: int, end: int, n_syllables: int) -> bool:
    """A short line of its own without final punctuation: a subheading, not a sentence."""
    whole_line = (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n")
    return (
        whole_line
        and n_syllables <= MAX_HEADING_SYLLABLES
        and not text[start:end].rstrip().endswith(_FINAL)
    )


def _with_lead(article: Article) -> str:
    """The article text with its lead paragraph in front, unless the body already has it."""
    text = article.text
    lead = (article.lead or "").strip()
    if not lead:
        return text
    lead_key = " ".join(syllables(to_nfc(lead)))
    body_key = " ".join(syllables(to_nfc(text[: len(lead) * 2])))
    if body_key.startswith(lead_key):
        return text
    return f"{lead}\n{text}"


def build_document(article: Article, *, index: int = 0, segmenter: str = "syllables") -> Document:
    """Normalize one article and split it into candidate sentences.

    The document keeps every sentence that could appear in a summary; boilerplate and
    fragments are dropped here so that no later stage can select them.
    """
    # a dateline line in the text (an Article built in Python from a copied page) is no
    # sentence, and the time when none is given: as the file and JSON readers read it. A
    # reader that found one set the time, and a second pass could take another line.
    text, dateline = _with_lead(article), None
    if article.published is None:
        text, dateline = split_dateline(text)
    clean = normalize_article(text, article.title)
    doc = Document(
        id=article.id or str(index + 1),
        text=clean.text,
        title=clean.title or (to_nfc(article.title).strip() if article.title else None),
        source=article.source,
        url=article.url,
        published=article.published or dateline,
        origin=article.origin,
    )
    if looks_like_legacy_encoding(clean.text):
        doc.warnings.append(
            f"{article.origin}: not Vietnamese Unicode text (a legacy VNI or TCVN3 font "
            "encoding? convert it to Unicode first) (skipped)"
        )
        return doc
    language = foreign_language(clean.text)
    if language:
        doc.warnings.append(
            f"{article.origin}: written in {language}, not Vietnamese; tomtat summarizes "
            "Vietnamese news only (skipped)"
        )
        return doc
    legacy = 0
    for start, end in split_sentences(clean.text):
        sentence_text = clean.text[start:end]
        if is_boilerplate_sentence(sentence_text):
            continue
        if looks_like_legacy_sentence(sentence_text):
            legacy += 1  # quoted as it reads, it would be garbage in the summary
            continue
        sylls = syllables(sentence_text)
        if len(sylls) < MIN_SENTENCE_SYLLABLES or _is_heading(clean.text, start, end, len(sylls)):
            continue
        if clean.joins or segmenter != "syllables":
            words = segment_words(
                sentence_text, offset=start, joins=clean.joins, segmenter=segmenter
            )
        else:  # syllable features: the words are the syllables just computed
            words = sylls
        doc.sentences.append(
            Sentence(
                doc_index=index,
                position=len(doc.sentences),
                start=start,
                end=end,
                text=sentence_text,
                syllables=tuple(sylls),
                words=tuple(words),
            )
        )
    if legacy:
        doc.warnings.append(
            f"{article.origin}: {legacy} sentence{'s' * (legacy != 1)} in a legacy VNI or TCVN3 "
            "font encoding left out (convert the file to Unicode to keep them)"
        )
    if not doc.sentences:
        doc.warnings.append(f"{article.origin}: no usable sentences after cleaning (skipped)")
    return doc


def repeat_key(text: str) -> str:
    """What two copies of one article share however they were spaced, word-segmented or
    tone-marked ("thỏa_thuận ," / "thoả thuận,"): the text (NFC, as a document's is)
    without spaces or joiners, with one tone placement."""
    return "".join(canonical_tones(text).split()).replace("_", "")


def build_documents(
    articles: Iterable[Article], *, segmenter: str = "syllables"
) -> tuple[list[Document], list[str]]:
    """Documents with at least one usable sentence, and warnings for the ones dropped (also
    a repeat of an earlier article's normalized text) or partly left out."""
    documents: list[Document] = []
    warnings: list[str] = []
    first_with: dict[str, Document] = {}
    for article in articles:
        doc = build_document(article, index=len(documents), segmenter=segmenter)
        warnings.extend(doc.warnings)
        if not doc.sentences:
            continue
        # a copy (another file name, a segmented, re-spaced, NFD or hoà/hòa twin) would count
        # its sentences twice and be cited as another outlet
        same = first_with.setdefault(repeat_key(doc.text), doc)
        if same is not doc:
            warnings.append(f"{doc.origin}: same text as {same.origin} (skipped)")
            continue
        documents.append(doc)
    # ids must be unique for citations to mean anything
    warnings.extend(make_ids_unique(documents))
    return documents, warnings


_SAME_TEXT = 0.6  # share of the shorter version's syllable pairs found in the other
# Same headline alone is weak: a daily column ("Giá vàng hôm nay") saved under one file name
# keeps its headline and its template. It also needs this share of the text, and times (when
# both are known) on the same Vietnam-time day or under _CLOSE_HOURS apart.
_SAME_HEADLINE_TEXT = 0.3
_CLOSE_HOURS = 12.0


def _headline(article: Article) -> str:
    first = article.title or article.text.lstrip().split("\n", 1)[0][:200]
    return " ".join(to_nfc(first).casefold().split())


def _syllable_pairs(article: Article) -> set[tuple[str, str]]:
    return set(pairwise(syllables(to_nfc(article.text).replace("_", " "))))


def _published_close(old: Article, new: Article) -> bool:
    """Whether the two publication times could be one article's (true when one is unknown)."""
    from tomtat.readers.dates import local_time

    if old.published is None or new.published is None:
        return True
    a, b = local_time(old.published), local_time(new.published)
    return a.date() == b.date() or abs((a - b).total_seconds()) < _CLOSE_HOURS * 3600


def is_new_version(old: Article, new: Article) -> bool:
    """Whether ``new`` is another version of ``old`` (an article stored under the same id):
    the same URL; or, when neither has one, mostly the same text (60% of the shorter one's
    syllable pairs), or the same headline (title, else first line) with at least 30% of them
    and publication times, when both are known, on the same day or under 12 hours apart.
    Another article under a reused id (``1.txt`` or a daily column from another day) is not.
    The rule of ``tomtat stories --state DIR add`` and of the service."""
    if old.url or new.url:
        return old.url == new.url
    a, b = _syllable_pairs(old), _syllable_pairs(new)
    shared = len(a & b) / min(len(a), len(b)) if a and b else 0.0
    if shared >= _SAME_TEXT:
        return True
    return (
        bool(_headline(old))
        and _headline(old) == _headline(new)
        and shared >= _SAME_HEADLINE_TEXT
        and _published_close(old, new)
    )
