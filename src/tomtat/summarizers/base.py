"""The one interface every summarization method implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

import numpy as np

from tomtat.models import Budget, Document, Summary, SummarySentence
from tomtat.ordering import chronological_order
from tomtat.ordering.chronological import leans_back
from tomtat.scoring.representation import Cluster
from tomtat.selection import citations, near_duplicates
from tomtat.selection.core import StoryCore, story_core


class Summarizer(ABC):
    """Turns the documents of one story into a budgeted, ordered, cited ``Summary``.

    Subclasses only choose sentences (``select``); de-duplication data, ordering and
    citations are shared so that every method is compared on the same footing.
    """

    name: ClassVar[str]
    description: ClassVar[str]

    def warm_up(self) -> None:  # noqa: B027 (an optional hook, not abstract)
        """Load what the method needs once (before forking workers that share it)."""

    @abstractmethod
    def select(self, cluster: Cluster, budget: Budget, duplicates: np.ndarray) -> list[int]:
        """Indices into ``cluster.sentences``, best first, within ``budget``."""

    def __call__(self, documents: list[Document], budget: Budget) -> Summary:
        core = story_core(documents)
        if core is None:
            return self.summarize_cluster(Cluster(documents), budget)
        return self.summarize_cluster(core.cluster, budget, core=core)

    def summarize_cluster(
        self,
        cluster: Cluster,
        budget: Budget,
        *,
        duplicates: np.ndarray | None = None,
        core: StoryCore | None = None,
    ) -> Summary:
        """Like calling the summarizer, for a caller that already built the ``Cluster`` (and
        maybe its ``near_duplicates``, to share them with the timeline).

        ``core``: given when ``cluster`` is ``core.cluster``, the core articles of a story
        past the limits (``selection.core``); every sentence then cites every article.
        """
        if duplicates is None:
            duplicates = near_duplicates(cluster)
        picks = self.select(cluster, budget, duplicates)
        if _opens_leaning(cluster, picks, _overflow(picks, cluster, budget)):
            # a one-sentence summary "Trước đó, …" leans on nothing: pick again among the
            # sentences that stand on their own, if any fits
            standing = cluster.selectable & ~np.fromiter(
                (leans_back(s.text) for s in cluster.sentences), bool, len(cluster)
            )
            if standing.any():
                saved = cluster.selectable
                cluster.selectable = standing
                try:
                    picks = self.select(cluster, budget, duplicates) or picks
                finally:
                    cluster.selectable = saved
        warnings: list[str] = []
        if not picks and len(cluster):
            warnings.append(
                f"no sentence fits in a budget of {budget.limit} {budget.unit}; "
                "raise --budget or use --fill"
            )
        order = chronological_order(
            cluster, picks, last=_overflow(picks, cluster, budget), duplicates=duplicates
        )
        if core is None:
            cited = [citations(cluster, i, duplicates) for i in order]
        else:
            cited = core.citations(order)
            warnings.append(core.note)
        sentences = [
            SummarySentence(cluster.sentences[i].text, sources)
            for i, sources in zip(order, cited, strict=True)
        ]
        documents = cluster.documents if core is None else core.whole.documents
        return Summary(sentences, documents, self.name, budget, warnings)


def _opens_leaning(cluster: Cluster, picks: list[int], last: int | None) -> bool:
    """Whether every pick that can open the summary leans on a sentence before it, so
    that ordering finds no opener (the ``--fill`` overflow always goes last)."""
    openers = [i for i in picks if i != last] or picks
    return bool(openers) and all(leans_back(cluster.sentences[i].text) for i in openers)


def _overflow(picks: list[int], cluster: Cluster, budget: Budget) -> int | None:
    """The pick past the budget: selectors add it last, and only when ``budget.fill``."""
    if not budget.fill or not picks:
        return None
    used = sum(budget.cost(cluster.sentences[i]) for i in picks)
    return picks[-1] if used > budget.limit else None
