"""An incremental story index: add articles batch by batch, list stories, save and load.

The index keeps, per article, only its id, title, publication time, story and hashed term
counts (:func:`~tomtat.stories.features.article_counts`), never its text. Adding a batch
re-weights every stored signature with the IDF of the grown pool, then runs the same
average-link merging as :func:`~tomtat.stories.grouping.group_articles` starting from the
existing stories, which may absorb new articles but never merge with each other: a story id,
once given, always names the same articles plus any that join later.

State is one ``stories.npz`` file (arrays and a JSON header, no pickled objects) written to a
temporary file and moved over the old one with ``os.replace``, so a crash mid-save leaves
either the old state or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from tomtat.models import Article
from tomtat.stories.features import BUCKETS, VIEWS, article_counts, epoch_days, unit_vectors
from tomtat.stories.linkage import average_link, candidate_pairs, horizon_days

__all__ = ["LOCK_FILE", "STATE_FILE", "Story", "StoryIndex", "state_lock"]

STATE_FILE = "stories.npz"
LOCK_FILE = ".lock"
_FORMAT = 1


@dataclass(frozen=True, slots=True)
class Story:
    """A story of an index: its id, its articles' ids (in the order they were added), the
    title of its most typical article and the span of its known publication times."""

    id: str
    articles: tuple[str, ...]
    title: str | None
    start: datetime | None
    end: datetime | None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "documents": list(self.articles),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


def _datetime(day: float) -> datetime | None:
    if np.isnan(day):
        return None
    try:
        return datetime.fromtimestamp(day * 86400.0, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None  # an index saved before times out of range were read as undated


ARTICLES_FILE = "articles.jsonl"  # the stored articles, beside the index


@contextlib.contextmanager
def state_lock(
    directory: str | os.PathLike[str], waiting: Callable[[], None] = lambda: None
) -> Iterator[None]:
    """Hold an exclusive lock on a state folder (``DIR/.lock``) for a whole read-modify-write,
    so that a second run waits instead of overwriting the first one's index. ``waiting`` is
    called once if another run holds it. Without ``fcntl`` or ``msvcrt``, or when the lock
    file cannot be opened (a read-only folder), nothing is locked."""
    path = Path(directory) / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        try:
            fd = os.open(path, os.O_RDONLY)  # flock needs no write access
        except OSError:
            yield
            return
    try:
        _lock(fd, waiting)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _lock(fd: int, waiting: Callable[[], None]) -> None:
    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            waiting()
        except OSError:  # a file system without locks
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        return
    try:
        import msvcrt
    except ImportError:
        return
    import time

    told = False
    while True:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return
        except PermissionError:  # held by another run
            if not told:
                waiting()
                told = True
            time.sleep(0.2)
        except OSError:
            return


class StoryIndex:
    """Stories of every article added so far; ``add`` assigns new articles to stories.

    >>> index = StoryIndex()
    >>> ids = index.add(articles)          # story id of each article
    >>> index.save("state/")
    >>> index = StoryIndex.load("state/")
    >>> index.add(more_articles)           # old stories keep their ids and articles
    """

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._titles: list[str | None] = []
        self._days = np.zeros(0)
        self._story = np.zeros(0, np.int64)  # index into _story_ids, one per article
        self._story_ids: list[str] = []
        self._counts = sp.csr_matrix((0, BUCKETS * len(VIEWS)), dtype=np.float32)
        self._position: dict[str, int] = {}

    def __len__(self) -> int:
        """Number of articles in the index."""
        return len(self._ids)

    @property
    def article_ids(self) -> list[str]:
        """Every grouped article's id, in the order they were added."""
        return list(self._ids)

    def __contains__(self, article_id: object) -> bool:
        """Whether an article with this id was added."""
        return article_id in self._position

    def add(self, articles: Sequence[Article]) -> list[str]:
        """Assign ``articles`` to existing stories or to new ones; return each one's story id.

        An article whose id the index already holds is not added again: its current story is
        returned (adding the same feed twice is harmless). An article without an id gets
        ``#<its position in the index>`` as id.
        """
        fresh: list[Article] = []
        fresh_ids: list[str] = []
        seen: set[str] = set()
        resolved: list[str] = []
        for article in articles:
            article_id = article.id
            if not article_id:
                article_id = f"#{len(self._ids) + len(fresh)}"
                while article_id in self._position:  # a user's own id looked like ours
                    article_id = "#" + article_id
            if article_id not in self._position and article_id not in seen:
                fresh.append(article)
                fresh_ids.append(article_id)
                seen.add(article_id)
            resolved.append(article_id)
        if fresh:
            self._extend(fresh, fresh_ids)
        return [self._story_ids[self._story[self._position[i]]] for i in resolved]

    def update(self, articles: Sequence[Article]) -> list[str]:
        """Replace the signature, title and (when given) publication time of articles the
        index already holds, by id: a corrected or updated version of a stored article. Each
        stays in its story (a follow-up report is a new article, not an update); returns
        each one's story id. Raises ``KeyError`` for an id the index does not hold."""
        if not articles:
            return []
        latest = list({a.id: a for a in articles}.values())  # one id twice: the last wins
        rows = np.array([self._position[a.id] for a in latest], dtype=np.int64)
        n = len(self._ids)
        keep = np.ones(n)
        keep[rows] = 0.0
        # row i of ``placed`` is the new signature of the article at row i, zero elsewhere
        placed = sp.csr_matrix(
            (np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(n, len(rows))
        ) @ article_counts(latest)
        self._counts = (sp.diags(keep) @ self._counts + placed).astype(np.float32).tocsr()
        days = epoch_days(latest)
        for row, article, day in zip(rows.tolist(), latest, days.tolist(), strict=True):
            if article.title:
                self._titles[row] = article.title
            if not np.isnan(day):
                self._days[row] = day
        return [self._story_ids[self._story[self._position[a.id]]] for a in articles]

    def _extend(self, articles: list[Article], ids: list[str]) -> None:
        n_old = len(self._ids)
        counts = sp.vstack([self._counts, article_counts(articles)], format="csr")
        days = np.concatenate([self._days, epoch_days(articles)])
        stories = np.concatenate([self._story, np.full(len(ids), -1)])
        rows = np.flatnonzero(self._open(days, stories, n_old))
        x = unit_vectors(counts)[rows]  # IDF of the whole pool, as grouping all at once
        groups = average_link(x, candidate_pairs(x, days[rows]), days[rows])
        # a story keeps its id: each group takes the id of the story it shares most articles
        # with, one group per id, larger overlaps and older stories first
        overlap: dict[tuple[int, int], int] = {}
        for group, story in zip(groups.tolist(), stories[rows].tolist(), strict=True):
            if story >= 0:
                overlap[group, story] = overlap.get((group, story), 0) + 1
        story_of_group: dict[int, int] = {}
        taken: set[int] = set()
        for (group, story), _ in sorted(overlap.items(), key=lambda o: (-o[1], o[0][1])):
            if group not in story_of_group and story not in taken:
                story_of_group[group] = story
                taken.add(story)
        for row, group in zip(rows.tolist(), groups.tolist(), strict=True):
            if group not in story_of_group:  # a new story, numbered in input order
                story_of_group[group] = len(self._story_ids)
                self._story_ids.append(f"s{len(self._story_ids) + 1}")
            stories[row] = story_of_group[group]
        for i, article_id in enumerate(ids):
            self._position[article_id] = n_old + i
        self._ids.extend(ids)
        self._titles.extend(a.title for a in articles)
        self._counts = counts
        self._days = days
        self._story = stories

    @staticmethod
    def _open(days: np.ndarray, stories: np.ndarray, n_old: int) -> np.ndarray:
        """Rows that the new articles (rows ``n_old:``) can still affect: all but the stories
        that ended longer before the earliest new article than any two stories can be apart
        and still merge. Those are settled and not grouped again."""
        new_days = days[n_old:]
        if n_old == 0 or np.isnan(new_days).any():  # an unknown time can meet any story
            return np.ones(len(days), bool)
        k = int(stories[:n_old].max()) + 1
        last = np.full(k, -np.inf)
        np.fmax.at(last, stories[:n_old], days[:n_old])  # fmax skips unknown times
        unknown = np.zeros(k, bool)
        np.logical_or.at(unknown, stories[:n_old], np.isnan(days[:n_old]))
        settled = ~unknown & (last < new_days.min() - horizon_days())
        return np.concatenate([~settled[stories[:n_old]], np.ones(len(new_days), bool)])

    def stories(self) -> list[Story]:
        """Every story, largest first, then oldest id first."""
        if not self._ids:
            return []
        x = unit_vectors(self._counts)
        k = len(self._story_ids)
        sizes = np.bincount(self._story, minlength=k)
        spread = sp.csr_matrix(
            (1.0 / sizes[self._story], (self._story, np.arange(len(self._ids)))),
            shape=(k, len(self._ids)),
        )
        means = (spread @ x).tocsr()
        # the most typical article: the one closest to its story's mean
        typical = np.asarray(x.multiply(means[self._story]).sum(axis=1)).ravel()
        members: list[list[int]] = [[] for _ in range(k)]
        for i, story in enumerate(self._story.tolist()):
            members[story].append(i)
        out = []
        for story in sorted(range(k), key=lambda s: (-sizes[s], s)):
            rows = members[story]
            if not rows:  # its articles all moved to other stories
                continue
            titled = [r for r in rows if self._titles[r]] or rows
            best = max(titled, key=lambda r: (typical[r], -r))
            known = self._days[rows][~np.isnan(self._days[rows])]
            out.append(
                Story(
                    id=self._story_ids[story],
                    articles=tuple(self._ids[r] for r in rows),
                    title=self._titles[best],
                    start=_datetime(known.min()) if len(known) else None,
                    end=_datetime(known.max()) if len(known) else None,
                )
            )
        return out

    def save(self, directory: str | os.PathLike[str]) -> Path:
        """Write the index to ``directory/stories.npz`` atomically; return the file's path."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / STATE_FILE
        header = {
            "format": _FORMAT,
            "views": list(VIEWS),
            "buckets": BUCKETS,
            "articles": self._ids,
            "titles": self._titles,
            "stories": self._story_ids,
        }
        temporary = folder / f".{STATE_FILE}.{os.getpid()}.tmp"
        try:
            with open(temporary, "wb") as handle:
                np.savez_compressed(
                    handle,
                    header=np.array(json.dumps(header, ensure_ascii=False)),
                    data=self._counts.data,
                    indices=self._counts.indices,
                    indptr=self._counts.indptr,
                    days=self._days,
                    story=self._story,
                )
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
        return target

    @classmethod
    def load(cls, directory: str | os.PathLike[str]) -> StoryIndex:
        """Read an index written by :meth:`save`; a folder without one gives an empty index.

        Raises ``ValueError`` when the file is not a story index of this version.
        """
        path = Path(directory) / STATE_FILE
        index = cls()
        if not path.exists():
            return index
        try:
            with np.load(path, allow_pickle=False) as saved:
                header = json.loads(str(saved["header"]))
                arrays = {name: saved[name] for name in ("data", "indices", "indptr", "days")}
                story = saved["story"]
        except Exception as error:
            # a damaged file fails in many ways; numpy's own words may advise loading
            # pickles, which is no advice to pass on
            raise ValueError(
                f"{path}: not a readable story index, damaged or not written by tomtat "
                f"({type(error).__name__}); move it away to rebuild it from {ARTICLES_FILE}"
            ) from None
        if (
            header.get("format") != _FORMAT
            or header.get("views") != list(VIEWS)
            or header.get("buckets") != BUCKETS
        ):
            raise ValueError(f"{path}: written by an incompatible version of tomtat")
        n = len(header["articles"])
        if not (
            len(arrays["days"]) == len(story) == len(header["titles"]) == n
            and len(arrays["indptr"]) == n + 1
            and (story.size == 0 or int(story.max()) < len(header["stories"]))
        ):
            raise ValueError(f"{path}: inconsistent story index")
        index._ids = list(header["articles"])
        index._titles = list(header["titles"])
        index._story_ids = list(header["stories"])
        index._days = arrays["days"].astype(np.float64)
        index._story = story.astype(np.int64)
        index._counts = sp.csr_matrix(
            (arrays["data"], arrays["indices"], arrays["indptr"]),
            shape=(n, BUCKETS * len(VIEWS)),
        )
        index._position = {article_id: i for i, article_id in enumerate(index._ids)}
        return index
