"""From a pile of articles to stories: group, then summarize and date each group.

Each story is built from its own articles only (documents numbered per story), so its
summary and timeline cite exactly as ``tomtat summarize`` does on that story alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tomtat.batch import BatchOptions
from tomtat.models import Article, Budget, Document
from tomtat.ordering.chronological import local_time


@dataclass(frozen=True, slots=True)
class StoryOptions(BatchOptions):
    """How each story is summarized (as ``batch`` does), plus the timeline's length."""

    timeline_entries: int = 12


@dataclass(slots=True)
class StorySummary:
    """One story: its articles' ids, a title, the summary and the dated timeline."""

    id: str
    articles: list[Article]
    title: str
    summary: dict[str, Any]  # ``Summary.to_dict()``
    timeline: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)

    @property
    def updated(self) -> datetime | None:
        times = [a.published for a in self.articles if a.published is not None]
        return max(times, key=local_time) if times else None

    def to_dict(self) -> dict[str, Any]:
        updated = self.updated
        return {
            "id": self.id,
            "title": self.title,
            "documents": [a.id for a in self.articles],
            "updated": updated.isoformat() if updated else None,
            "summary": self.summary["summary"],
            "sentences": self.summary["sentences"],
            "timeline": self.timeline,
            "sources": self.summary["documents"],
            "warnings": self.warnings,
        }


def failed_story(story_id: str, articles: Sequence[Article], error: str) -> dict[str, Any]:
    """The JSON of a story that could not be summarized (no article has a usable
    sentence): its articles and the reason, in the shape of a summarized one."""
    sources = [
        {key: value for key, value in a.to_dict().items() if key not in ("text", "lead")}
        for a in articles
    ]
    story = StorySummary(
        id=story_id,
        articles=list(articles),
        title=story_title(articles, fallback=articles[0].id if articles else story_id),
        summary={"summary": "", "sentences": [], "documents": sources},
        timeline=[],
    )
    return {**story.to_dict(), "error": error}


def story_title(items: Sequence[Article | Document], fallback: str) -> str:
    """The title sharing most syllables with the other titles: the story's common name.

    Give documents rather than articles: normalization finds titles that a file only has
    as its first line or glued onto its first sentence.
    """
    from tomtat.segmentation.words import syllables

    titles = [(item.title or "").strip() for item in items]
    sets = [set(syllables(t)) for t in titles]
    best, best_score = None, -1.0
    for k, words in enumerate(sets):
        if not words:
            continue
        score = sum(
            len(words & other) / len(words | other) for j, other in enumerate(sets) if j != k
        )
        if score > best_score:
            best, best_score = titles[k], score
    return best or fallback


def build_story(story_id: str, articles: Sequence[Article], options: StoryOptions) -> StorySummary:
    """Summarize and date one group of articles (raises ``NoArticlesError`` when none of
    them has a usable sentence)."""
    from tomtat.documents import build_documents
    from tomtat.errors import NoArticlesError
    from tomtat.scoring.representation import Cluster
    from tomtat.selection import near_duplicates
    from tomtat.selection.core import story_core
    from tomtat.summarizers import get_summarizer
    from tomtat.summarizers.learned import LearnedSummarizer
    from tomtat.timeline import build_timeline

    documents, warnings = build_documents(articles, segmenter=options.segmenter)
    if not documents:
        why = f" ({warnings[0]}{'; …' if len(warnings) > 1 else ''})" if warnings else ""
        raise NoArticlesError(f"story {story_id}: no usable sentences in its articles{why}")
    # a very large story is summarized and dated from its core articles (selection.core)
    core = story_core(documents)
    cluster = core.cluster if core is not None else Cluster(documents)
    duplicates = near_duplicates(cluster)
    budget = Budget(options.budget, options.unit, options.fill)  # type: ignore[arg-type]
    summarizer = get_summarizer(options.method)
    summary = summarizer.summarize_cluster(cluster, budget, duplicates=duplicates, core=core)
    summary.warnings[:0] = warnings
    # the timeline ranks dated sentences by the learned scorer whatever the summary method
    ranker = summarizer if isinstance(summarizer, LearnedSummarizer) else LearnedSummarizer()
    timeline = build_timeline(
        cluster.documents,
        cluster=cluster,
        scores=ranker.scores(cluster),
        duplicates=duplicates,
        max_entries=options.timeline_entries,
        story_time=max(
            (d.published for d in documents if d.published), key=local_time, default=None
        ),
    )
    if core is not None:  # timeline entries cite every article too, like the summary
        where = {
            (cluster.documents[s.doc_index].id, s.start): i for i, s in enumerate(cluster.sentences)
        }
        picks = [where[(e.sources[0].document, e.sources[0].start)] for e in timeline]
        for entry, sources in zip(timeline, core.citations(picks), strict=True):
            entry.sources = sources
    first_sentence = summary.sentences[0].text if summary.sentences else story_id
    return StorySummary(
        id=story_id,
        articles=list(articles),
        title=story_title(documents, fallback=first_sentence),
        summary=summary.to_dict(),
        timeline=[entry.to_dict() for entry in timeline],
        warnings=list(summary.warnings),
    )


def _work(task: tuple[str, list[Article], StoryOptions]) -> StorySummary | str:
    from tomtat.errors import TomtatError

    story_id, articles, options = task
    try:
        return build_story(story_id, articles, options)
    except TomtatError as exc:
        return str(exc)


def build_stories(
    groups: Sequence[tuple[str, Sequence[Article]]],
    options: StoryOptions,
    *,
    jobs: int = 1,
) -> Iterator[StorySummary | str]:
    """Build every ``(id, articles)`` group in order; a story that cannot be built yields
    its one-line error instead, so the rest continue."""
    from tomtat.batch import parallel_map

    tasks = [(story_id, list(articles), options) for story_id, articles in groups]
    return parallel_map(_work, tasks, jobs=jobs, method=options.method)
