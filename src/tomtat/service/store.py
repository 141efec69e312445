"""The service's store: articles, their stories and cached story summaries in a SQL database.

The database is the truth: articles, the membership (article → story) and the story rows are
written in one transaction, committed before a request is acknowledged. The grouping itself
runs on an in-memory :class:`~tomtat.stories.StoryIndex`, rebuilt at start by adding every
stored article in insertion order and reconciled with the stored membership (story ids keep
the stored names). One lock serializes every write, so one server process owns a database.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Engine,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from tomtat.documents import is_new_version
from tomtat.errors import InputError, TomtatError
from tomtat.models import Article
from tomtat.ordering.chronological import local_time
from tomtat.readers.ids import free_id
from tomtat.stories.state import StoryIndex

SCHEMA_VERSION = 7
STORY_BUDGET = 120  # syllables, as ``tomtat stories``
_KEY_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"  # fixed width, so keys sort as text in any database


logger = logging.getLogger(__name__)


class StoreError(TomtatError):
    """The database cannot be opened or is not a tomtat store of a known version."""


class TooSlow(TomtatError):
    """The request ran out of time before it changed anything."""


class Base(DeclarativeBase):
    pass


class SchemaVersion(Base):
    __tablename__ = "schema_version"
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    applied: Mapped[str] = mapped_column(String(40))


class ArticleRow(Base):
    __tablename__ = "articles"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    lead: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)  # as posted: the grouping is rebuilt from it
    normalized: Mapped[str] = mapped_column(Text)  # what citation offsets index into
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text, index=True)
    published: Mapped[str | None] = mapped_column(String(40))  # ISO, naive or with offset
    added: Mapped[str] = mapped_column(String(40))  # ISO, UTC


class StoryRow(Base):
    __tablename__ = "stories"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer, index=True)  # 0: emptied; the id stays taken
    outlets: Mapped[str] = mapped_column(Text)  # JSON list
    start: Mapped[str | None] = mapped_column(String(40))
    end: Mapped[str | None] = mapped_column(String(40))
    updated: Mapped[str | None] = mapped_column(String(40))
    updated_key: Mapped[str | None] = mapped_column(String(40), index=True)  # Vietnam time
    version: Mapped[str] = mapped_column(String(64))  # hash of member ids and text hashes
    changed: Mapped[str] = mapped_column(String(40))  # last membership change, UTC
    # an emptied story: the story most of its articles went to (a client's old id follows it)
    merged_into: Mapped[str | None] = mapped_column(String(40))


class Membership(Base):
    __tablename__ = "memberships"
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    story_id: Mapped[str] = mapped_column(ForeignKey("stories.id"), index=True)


class SummaryRow(Base):
    __tablename__ = "summaries"
    story_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[str] = mapped_column(Text)  # the story JSON


# Numbered upgrades from version N-1 to N, each run in its own transaction. A new database
# is created at SCHEMA_VERSION directly from the models above.
def _version_2(connection: Connection) -> None:
    """``stories.merged_into``; a dateline line leaves stored texts as it leaves new posts;
    versions hash the members' texts too (cached summaries are dropped: they are rebuilt on
    request)."""
    from tomtat.readers.datelines import split_dateline

    connection.execute(text("ALTER TABLE stories ADD COLUMN merged_into VARCHAR(40)"))
    # stored as posts are now, so that posting an older article again is seen as a repeat
    query = text("SELECT seq, id, text, title, lead, published FROM articles")
    for seq, article_id, posted, title, lead, published in connection.execute(query).all():
        body, dateline = split_dateline(posted)
        if dateline is None:
            continue
        normalized = normalized_text(Article(text=body, id=article_id, title=title, lead=lead))
        connection.execute(
            text(
                "UPDATE articles SET text = :text, normalized = :normalized, text_hash = :hash,"
                " published = :published WHERE seq = :seq"
            ),
            {
                "text": body,
                "normalized": normalized,
                "hash": text_hash(normalized),
                "published": published or dateline.isoformat(),
                "seq": seq,
            },
        )
    _restamp(connection)


def _version_3(connection: Connection) -> None:
    """``text_hash`` is the hash of the text's ``repeat_key``: a copy spaced, segmented or
    tone-marked otherwise is a repeat (story versions follow; cached summaries are dropped).
    """
    query = text("SELECT seq, normalized FROM articles")
    for seq, normalized in connection.execute(query).all():
        connection.execute(
            text("UPDATE articles SET text_hash = :hash WHERE seq = :seq"),
            {"hash": repeat_hash(normalized), "seq": seq},
        )
    _restamp(connection)


def _normalize_again(connection: Connection) -> None:
    """Every stored ``normalized`` text and its hash recomputed with the current cleaning,
    the migration for a change of the cleaning: ``normalized`` is what citation offsets
    index, and story builds normalize anew, so a stale one would misplace every citation
    after a removed piece; the hashes follow, so that posting a stored article again stays a
    repeat; story versions follow and cached summaries are dropped."""
    query = text("SELECT seq, id, text, title, lead, published, normalized FROM articles")
    for seq, article_id, body, title, lead, published, old in connection.execute(query).all():
        when = datetime.fromisoformat(published) if published else None
        article = Article(text=body, id=article_id, title=title, lead=lead, published=when)
        normalized = normalized_text(article)
        if normalized != old:
            connection.execute(
                text(
                    "UPDATE articles SET normalized = :normalized, text_hash = :hash"
                    " WHERE seq = :seq"
                ),
                {"normalized": normalized, "hash": repeat_hash(normalized), "seq": seq},
            )
    _restamp(connection)


def _restamp(connection: Connection) -> None:
    """Recompute every story's version from its members' text hashes; drop the cache."""
    members: dict[str, list[tuple[str, str]]] = {}
    query = text(
        "SELECT m.story_id, a.id, a.text_hash FROM memberships m "
        "JOIN articles a ON a.id = m.article_id ORDER BY a.seq"
    )
    for story_id, article_id, digest in connection.execute(query):
        members.setdefault(story_id, []).append((article_id, digest))
    for (story_id,) in connection.execute(text("SELECT id FROM stories")).all():
        connection.execute(
            text("UPDATE stories SET version = :version WHERE id = :id"),
            {"version": _version(members.get(story_id, [])), "id": story_id},
        )
    connection.execute(text("DELETE FROM summaries"))


MIGRATIONS: dict[int, Any] = {
    2: _version_2,
    3: _version_3,
    4: _normalize_again,  # uncredited photo captions removed
    5: _normalize_again,  # a connective before a dateline ("Theo đó Sáng 12/3,") kept
    6: _normalize_again,  # outlet tags and datelines ("TPO -") cut, and a caption's lone "."
    7: _normalize_again,  # a second tone mark on a toned vowel ("đế" + U+0301) dropped
}


@dataclass(frozen=True, slots=True)
class Added:
    """What happened to one posted article: stored as a new article (``created``), stored
    as a new version of a stored one (``updated``), or neither (a repeat)."""

    id: str
    story: str
    created: bool
    updated: bool = False


_Fields = tuple[str | None, str | None]  # (title, lead): the metadata the normalized text uses


@dataclass(slots=True)
class _Prepared:
    """One posted article, normalized outside the write lock."""

    article: Article
    normalized: str
    # normalized texts of the article with a stored version's title and lead filled in (a
    # new version that omits them keeps them), by (title, lead); None: no usable sentence
    filled: dict[_Fields, str | None] = field(default_factory=dict)


@dataclass(slots=True)
class _Job:
    """One post's articles on their way through the write queue."""

    prepared: list[_Prepared]
    deadline: float | None
    done: bool = False
    ids: list[tuple[str, bool, bool]] = field(default_factory=list)  # id, created, updated
    result: list[Added] = field(default_factory=list)
    error: BaseException | None = None


@dataclass(frozen=True, slots=True)
class StoryBuild:
    """What building one version of a story's body takes (see ``Store.story_plan``)."""

    row: StoryRow
    articles: list[Article]
    current: bool  # the articles read are the version's: the body may be cached

    @property
    def key(self) -> tuple[str, str, bool]:
        """Identical builds have equal keys."""
        return (self.row.id, self.row.version, self.current)


def engine_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` URLs use the psycopg 3 driver; only SQLite and
    PostgreSQL are supported (others would fail later on a missing driver)."""
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if url.startswith("sqlite:///"):
        return url
    raise TomtatError(
        f"unsupported database URL {url!r}; use sqlite:///path/to/file.sqlite or postgresql://…"
    )


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _sort_key(moment: datetime) -> str:
    return local_time(moment).strftime(_KEY_FORMAT)


def since_key(moment: datetime) -> str:
    """The ``updated_key`` form of a time given by a client."""
    return _sort_key(moment)


def text_hash(normalized: str) -> str:
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def repeat_hash(normalized: str) -> str:
    """``text_hash``: the same for copies that differ in spacing, word joiners or tone
    placement only (``tomtat.documents.repeat_key``)."""
    from tomtat.documents import repeat_key

    return text_hash(repeat_key(normalized))


def normalized_text(article: Article) -> str:
    """The text citations index into: what ``build_documents`` makes of the article."""
    from tomtat.documents import build_document

    return build_document(article).text


def usable_text(article: Article) -> str:
    """``normalized_text`` of an article with a usable sentence.

    Raises ``InputError`` with the reason ``build_document`` gives otherwise: such an
    article's story could never be summarized.
    """
    from tomtat.documents import build_document

    document = build_document(article)
    if not document.text.strip():  # its hash would equal every other such article's
        raise InputError(article.origin, "no text left after removing boilerplate")
    if not document.sentences:
        raise InputError(article.origin, unusable_reason(document.warnings, article))
    return document.text


def unusable_reason(warnings: Sequence[str], article: Article) -> str:
    """Why ``build_document`` kept no sentence of ``article``, from its warnings, without
    the origin prefix and the ``(skipped)`` suffix."""
    reason = warnings[-1] if warnings else "no usable sentences after cleaning"
    return reason.removeprefix(f"{article.origin}: ").removesuffix(" (skipped)")


def _version(members: Iterable[tuple[str, str]]) -> str:
    """A story's membership: its (article id, text hash) pairs in insertion order. The text
    counts: an article deleted and posted again under its id with other words is news."""
    joined = "\n".join(f"{article_id}\t{digest}" for article_id, digest in members)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


def _article(row: ArticleRow) -> Article:
    return Article(
        text=row.text,
        id=row.id,
        title=row.title,
        lead=row.lead,
        source=row.source,
        url=row.url,
        published=datetime.fromisoformat(row.published) if row.published else None,
        origin=f"article {row.id}",
    )


def _revision(row: ArticleRow, article: Article) -> Article:
    """The new version ``article`` of the stored ``row``: its text, and its title, lead,
    source and publication time where it gives them, else the stored ones (a page fetched
    again without its date does not lose it). Id and url stay the stored ones."""
    stored = _article(row)
    return replace(
        article,
        id=row.id,
        url=row.url,
        title=article.title or stored.title,
        lead=article.lead or stored.lead,
        source=article.source or stored.source,
        published=article.published if article.published is not None else stored.published,
    )


def _fields(article: Article) -> _Fields:
    return (article.title or None, article.lead or None)


def _usable_or_none(article: Article) -> str | None:
    try:
        return usable_text(article)
    except InputError:
        return None


def _story_number(story_id: str) -> int:
    return int(story_id[1:]) if story_id[1:].isdigit() else 0


class Store:
    """Articles grouped into stories, kept in the database at ``url``.

    Raises ``StoreError`` when the database cannot be opened or has an unknown schema.
    """

    def __init__(self, url: str) -> None:
        try:
            self.engine = _engine(engine_url(url))
            _migrate(self.engine)
        except ArgumentError:
            raise StoreError(f"not a database URL: {url!r}") from None
        except SQLAlchemyError as error:
            raise StoreError(f"cannot open the database: {_reason(error)}") from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._lock = threading.Lock()  # one writer: the index and the database move together
        self._queue_lock = threading.Lock()
        self._queue: list[_Job] = []  # posts waiting for the writer
        # story summaries built by reads, waiting to be stored (and served meanwhile)
        self._pending: dict[tuple[str, str], str] = {}
        self._load()

    def close(self) -> None:
        self.engine.dispose()

    # -- the in-memory grouping ------------------------------------------------------------

    def _load(self) -> None:
        """Rebuild the index from every stored article, reconcile the stored membership."""
        with self._sessions.begin() as session:
            rows = session.scalars(select(ArticleRow).order_by(ArticleRow.seq)).all()
            stored = dict(session.execute(select(Membership.article_id, Membership.story_id)).all())
            story_ids = session.scalars(select(StoryRow.id)).all()
            self._next_story = max(map(_story_number, story_ids), default=0) + 1
            self._members = stored
            index = StoryIndex()
            if rows:
                index.add([_article(row) for row in rows])
            self._index = index
            self._names = self._match(index, stored)
            self._sync(session, index)

    def _match(self, index: StoryIndex, stored: dict[str, str]) -> dict[str, str]:
        """Index story id → stored story id: each index story takes the stored name it shares
        most articles with, larger overlaps and older names first; one index story per name."""
        overlap: Counter[tuple[str, str]] = Counter()
        for story in index.stories():
            for article_id in story.articles:
                if article_id in stored:
                    overlap[story.id, stored[article_id]] += 1
        names: dict[str, str] = {}
        taken: set[str] = set()
        ranked = sorted(overlap.items(), key=lambda o: (-o[1], _story_number(o[0][1])))
        for (index_id, name), _ in ranked:
            if index_id not in names and name not in taken:
                names[index_id] = name
                taken.add(name)
        return names

    def _name(self, index_id: str) -> str:
        if index_id not in self._names:
            self._names[index_id] = f"s{self._next_story}"
            self._next_story += 1
        return self._names[index_id]

    def _sync(self, session: Session, index: StoryIndex, touched: Iterable[str] = ()) -> None:
        """Write the index's membership and the rows of the stories whose members changed,
        and of the ``touched`` ones (a member's text changed: a new version)."""
        grouped = index.stories()
        target = {
            article_id: self._name(story.id) for story in grouped for article_id in story.articles
        }
        titles = {self._name(story.id): story.title for story in grouped}
        changed: set[str] = set()
        for article_id, story_id in target.items():
            old = self._members.get(article_id)
            if old != story_id:
                changed.update(s for s in (old, story_id) if s)
        changed.update(self._members[a] for a in self._members.keys() - target.keys())
        changed.update(touched)
        if not changed:
            return
        with self._queue_lock:  # built for a membership that is no more
            self._pending = {k: v for k, v in self._pending.items() if k[0] not in changed}
        # story rows first: memberships refer to them
        members: dict[str, list[str]] = {story_id: [] for story_id in changed}
        for article_id, story_id in target.items():
            if story_id in members:
                members[story_id].append(article_id)
        for story_id in sorted(changed):
            row = self._story_row(session, story_id, members[story_id], titles)
            if not members[story_id]:
                went = Counter(
                    target[a] for a, s in self._members.items() if s == story_id and a in target
                )
                # most articles, then the older story: ids are never reused, so no cycles
                row.merged_into = min(
                    went, key=lambda s: (-went[s], _story_number(s)), default=None
                )
            session.merge(row)
        session.flush()
        for article_id, story_id in target.items():
            if self._members.get(article_id) != story_id:
                session.merge(Membership(article_id=article_id, story_id=story_id))
        session.execute(delete(SummaryRow).where(SummaryRow.story_id.in_(changed)))
        self._members = target

    def _story_row(
        self, session: Session, story_id: str, members: list[str], titles: dict[str, str | None]
    ) -> StoryRow:
        rows = session.scalars(
            select(ArticleRow).where(ArticleRow.id.in_(members)).order_by(ArticleRow.seq)
        ).all()
        published = [datetime.fromisoformat(r.published) for r in rows if r.published]
        # ``updated``: the latest publication time, or when stored if no article is dated
        # (store times are UTC: given as Vietnam time, like naive publication times)
        moments = published or [
            local_time(datetime.fromisoformat(r.added)).replace(microsecond=0) for r in rows
        ]
        latest = max(moments, key=local_time) if moments else None
        outlets = Counter(r.source for r in rows if r.source)
        title = titles.get(story_id)
        if title is None and rows:
            title = " ".join(rows[0].normalized.split()[:15])
        old = session.get(StoryRow, story_id)
        return StoryRow(
            id=story_id,
            title=title or (old.title if old else None),
            size=len(rows),
            outlets=json.dumps(sorted(outlets, key=lambda o: (-outlets[o], o)), ensure_ascii=False),
            start=min(published, key=local_time).isoformat() if published else None,
            end=max(published, key=local_time).isoformat() if published else None,
            updated=latest.isoformat() if latest else None,
            updated_key=_sort_key(latest) if latest else None,
            version=_version((r.id, r.text_hash) for r in rows),
            changed=_now(),
            merged_into=None,
        )

    # -- writes ----------------------------------------------------------------------------

    def add(self, articles: Sequence[Article], *, deadline: float | None = None) -> list[Added]:
        """Store new articles and group them. A repeated one (same url or same normalized
        text) is not stored again; a new version of a stored one (same url, other text; or,
        neither having a url, same id and ``documents.is_new_version``: the rule of
        ``tomtat stories --state DIR add``) replaces the stored text in place and stays
        in its story (``updated``). Committed before returning.

        Raises ``InputError`` for an article without a usable sentence, with the reason
        ``build_document`` gives (nothing of the batch is stored).

        Raises ``TooSlow`` if ``deadline`` (``time.monotonic()``) passes before anything
        is changed; after that point the work always completes.
        """
        # normalizing is the slow part and needs no lock
        prepared = [_Prepared(a, usable_text(a)) for a in articles]
        self._fill_ahead(prepared)
        job = _Job(prepared, deadline)
        with self._queue_lock:
            self._queue.append(job)
        with self._lock:
            if not job.done:  # else a writer before us took our job with its own
                with self._queue_lock:
                    jobs, self._queue = self._queue, []
                self._write(jobs)
        if job.error is not None:
            raise job.error
        return job.result

    def _fill_ahead(self, prepared: Sequence[_Prepared]) -> None:
        """Normalize, still outside the write lock, the new versions that will keep a
        stored title or lead (both count in the normalized text), against the stored article
        as it is now. The writer normalizes again only if that article changed meanwhile."""
        lacking = [p for p in prepared if not (p.article.title and p.article.lead)]
        if not lacking:
            return
        with self._sessions() as session:
            for post in lacking:
                row = self._previous(session, post.article)
                if row is None:
                    continue
                version = _revision(row, post.article)
                if _fields(version) != _fields(post.article):
                    post.filled[_fields(version)] = _usable_or_none(version)

    @staticmethod
    def _previous(session: Session, article: Article) -> ArticleRow | None:
        """The stored article ``article`` may be a version of: the first stored with its
        url; else the one with its id, if ``is_new_version`` says so (no url on either side,
        and mostly the same text, or the same headline published the same day)."""
        if article.url:
            query = select(ArticleRow).where(ArticleRow.url == article.url)
            row = session.scalars(query.order_by(ArticleRow.seq).limit(1)).first()
            if row is not None:
                return row
        if article.id:
            row = session.scalars(select(ArticleRow).where(ArticleRow.id == article.id)).first()
            if row is not None and is_new_version(_article(row), article):
                return row
        return None

    def _write(self, jobs: list[_Job]) -> None:
        """Store the queued jobs in one transaction and one grouping step (group commit:
        concurrent posts share the cost of regrouping). Called with the write lock held."""
        now = time.monotonic()
        live = []
        for job in jobs:
            if job.deadline is not None and now > job.deadline:
                job.error = TooSlow("request took too long; nothing was stored")
            else:
                live.append(job)
        try:
            with self._sessions.begin() as session:
                fresh: dict[str, Article] = {}  # new articles, by id, in insertion order
                revised: dict[str, Article] = {}  # new versions of grouped ones
                for job in live:
                    job.ids = self._insert(session, job.prepared, fresh, revised)
                touched = {self._members[i] for i in revised if i in self._members}
                if revised:  # first: new articles meet the corrected texts
                    self._index.update(list(revised.values()))
                if fresh:
                    self._index.add(list(fresh.values()))
                if fresh or revised:
                    self._sync(session, self._index, touched)
        except BaseException as error:
            for job in live:
                job.error = error
            self._load()  # the index may hold what the database does not
        else:
            for job in live:
                job.result = [Added(i, self._members[i], *what) for i, *what in job.ids]
        finally:
            for job in jobs:
                job.done = True
        self._flush_pending()

    def _insert(
        self,
        session: Session,
        prepared: Iterable[_Prepared],
        fresh: dict[str, Article],
        revised: dict[str, Article],
    ) -> list[tuple[str, bool, bool]]:
        """Insert the articles not stored yet (into ``fresh``), replace the stored ones they
        are new versions of (into ``revised``, or ``fresh`` if inserted by this write);
        return (id, created, updated) of each."""
        results: list[tuple[str, bool, bool]] = []
        added = _now()
        for post in prepared:
            article, normalized = post.article, post.normalized
            digest = repeat_hash(normalized)
            # same url: a repeat or a new version, whatever the text
            row = self._previous(session, article) if article.url else None
            if row is None:
                same = session.scalars(
                    select(ArticleRow.id).where(ArticleRow.text_hash == digest).limit(1)
                ).first()
                if same is not None:  # a stored text, whatever the id
                    results.append((same, False, False))
                    continue
                # same id, no urls: a new version if ``is_new_version`` says so
                row = None if article.url else self._previous(session, article)
            if row is not None:
                results.append((row.id, False, self._revise(session, row, post, fresh, revised)))
                continue
            article_id = self._free_id(session, article.id)
            session.add(
                ArticleRow(
                    id=article_id,
                    title=article.title,
                    lead=article.lead,
                    text=article.text,
                    normalized=normalized,
                    text_hash=digest,
                    source=article.source,
                    url=article.url,
                    published=article.published.isoformat() if article.published else None,
                    added=added,
                )
            )
            session.flush()  # later articles of the batch see this one
            fresh[article_id] = replace(article, id=article_id)
            results.append((article_id, True, False))
        return results

    @staticmethod
    def _revise(
        session: Session,
        row: ArticleRow,
        post: _Prepared,
        fresh: dict[str, Article],
        revised: dict[str, Article],
    ) -> bool:
        """Store ``post`` as the new version of ``row`` unless its text is the stored one
        (or another stored article's: a repeat, not a version). True if it was stored."""
        if repeat_hash(post.normalized) == row.text_hash:
            return False
        version = _revision(row, post.article)
        key = _fields(version)
        normalized: str | None = post.normalized
        if key != _fields(post.article):
            if key not in post.filled:  # the stored article changed since ``_fill_ahead``
                post.filled[key] = _usable_or_none(version)
            normalized = post.filled[key]
            if normalized is None:  # no usable sentence with the stored title or lead
                version = replace(version, title=post.article.title, lead=post.article.lead)
                normalized = post.normalized
        digest = repeat_hash(normalized)
        if digest == row.text_hash:
            return False
        # another stored article's text, as posted or completed: a repeat, not a version
        posted = {digest, repeat_hash(post.normalized)}
        elsewhere = select(ArticleRow.id).where(ArticleRow.text_hash.in_(posted)).limit(1)
        if session.scalars(elsewhere).first() is not None:
            return False
        row.text, row.normalized, row.text_hash = version.text, normalized, digest
        row.title, row.lead, row.source = version.title, version.lead, version.source
        row.published = version.published.isoformat() if version.published else None
        session.flush()
        # as a rebuild at start would read it
        (fresh if row.id in fresh else revised)[row.id] = _article(row)
        return True

    @staticmethod
    def _free_id(session: Session, wanted: str) -> str:
        """The client's id if no stored article has it, else ``id-2``, ``id-3``…; an article
        without an id gets a random one."""

        def taken(candidate: str) -> bool:
            query = select(ArticleRow.seq).where(ArticleRow.id == candidate).limit(1)
            return session.scalars(query).first() is not None

        if not wanted:
            return f"a{uuid.uuid4().hex[:12]}"
        return free_id(wanted, taken)

    def delete(self, article_id: str) -> bool:
        """Remove an article; its story is regrouped without it. False if it is unknown."""
        with self._lock:
            try:
                with self._sessions.begin() as session:
                    row = session.scalars(
                        select(ArticleRow).where(ArticleRow.id == article_id)
                    ).first()
                    if row is None:
                        return False
                    session.execute(delete(Membership).where(Membership.article_id == article_id))
                    session.delete(row)
                    session.flush()
                    # regroup from scratch: the index cannot forget one article
                    rows = session.scalars(select(ArticleRow).order_by(ArticleRow.seq)).all()
                    index = StoryIndex()
                    if rows:
                        index.add([_article(r) for r in rows])
                    remaining = {a: s for a, s in self._members.items() if a != article_id}
                    self._names = self._match(index, remaining)
                    self._sync(session, index)
                self._index = index
            except BaseException:
                self._load()
                raise
            return True

    # -- reads -----------------------------------------------------------------------------

    def ping(self) -> None:
        """Ask the database a trivial question. Raises ``StoreError`` if it does not answer."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError as error:
            raise StoreError(f"the database does not answer: {_reason(error)}") from None

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.url.get_backend_name()

    def by_url(self, url: str) -> Added | None:
        """The stored article with this url, if any."""
        with self._sessions() as session:
            query = (
                select(ArticleRow.id, Membership.story_id)
                .join(Membership, Membership.article_id == ArticleRow.id)
                .where(ArticleRow.url == url)
                .limit(1)
            )
            found = session.execute(query).first()
        return Added(found[0], found[1], False) if found else None

    def article(self, article_id: str) -> dict[str, Any] | None:
        """An article's metadata and normalized text, or None."""
        with self._sessions() as session:
            row = session.scalars(select(ArticleRow).where(ArticleRow.id == article_id)).first()
            if row is None:
                return None
            story = session.scalars(
                select(Membership.story_id).where(Membership.article_id == article_id)
            ).first()
            return {
                "id": row.id,
                "title": row.title,
                "lead": row.lead,
                "source": row.source,
                "url": row.url,
                "published": row.published,
                "added": row.added,
                "story": story,
                "text": row.normalized,
            }

    def stories(
        self, *, since: datetime | None = None, limit: int = 100, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Stories updated at or after ``since``, largest first, then most recently updated,
        then by id: a total order, so that pages by ``offset`` neither repeat nor skip a
        story while the stories do not change."""
        query = select(StoryRow).where(StoryRow.size > 0)
        if since is not None:
            query = query.where(StoryRow.updated_key >= since_key(since))
        query = (
            query.order_by(StoryRow.size.desc(), StoryRow.updated_key.desc(), StoryRow.id)
            .limit(limit)
            .offset(offset)
        )
        with self._sessions() as session:
            rows = session.scalars(query).all()
            members = self._members_of(session, [row.id for row in rows])
            return [_story_json(row, members[row.id]) for row in rows]

    @staticmethod
    def _members_of(session: Session, story_ids: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {story_id: [] for story_id in story_ids}
        if story_ids:
            query = (
                select(Membership.story_id, ArticleRow.id)
                .join(ArticleRow, ArticleRow.id == Membership.article_id)
                .where(Membership.story_id.in_(story_ids))
                .order_by(ArticleRow.seq)
            )
            for story_id, article_id in session.execute(query):
                out[story_id].append(article_id)
        return out

    def moved(self, story_id: str) -> str | None:
        """The story now holding the articles of an emptied story (merged into another, maybe
        more than once), or None if ``story_id`` is live, unknown, or its articles were deleted.
        """
        with self._sessions() as session:
            row = session.get(StoryRow, story_id)
            seen = {story_id}
            while row is not None and row.size == 0 and row.merged_into not in (None, *seen):
                seen.add(row.merged_into)
                row = session.get(StoryRow, row.merged_into)
            return row.id if row is not None and row.size > 0 and row.id != story_id else None

    def story(self, story_id: str) -> dict[str, Any] | None:
        """A story's summary, timeline and sources (cached per membership), or None.

        Raises ``NoArticlesError`` when none of its articles has a usable sentence.
        """
        found = self.story_plan(story_id)
        return self.build(found) if isinstance(found, StoryBuild) else found

    def story_plan(self, story_id: str) -> dict[str, Any] | StoryBuild | None:
        """A story's cached body, or what building it takes (``build``), or None if the
        story is unknown or emptied. Quick: the slow part is ``build``."""
        with self._sessions() as session:
            row = session.get(StoryRow, story_id)
            if row is None or row.size == 0:
                return None
            cached = session.get(SummaryRow, (story_id, row.version))
            if cached is not None:
                return json.loads(cached.body)
            with self._queue_lock:
                pending = self._pending.get((story_id, row.version))
            if pending is not None:
                return json.loads(pending)
            rows = session.scalars(
                select(ArticleRow)
                .join(Membership, Membership.article_id == ArticleRow.id)
                .where(Membership.story_id == story_id)
                .order_by(ArticleRow.seq)
            ).all()
            articles = [_article(a) for a in rows]
            version = _version((a.id, a.text_hash) for a in rows)
        # not changed between the two reads: else built, served, but not cached
        return StoryBuild(row, articles, current=version == row.version)

    def build(self, plan: StoryBuild) -> dict[str, Any]:
        """Build a story's body from ``story_plan``'s answer, and cache it if current.

        Raises ``NoArticlesError`` when none of its articles has a usable sentence.
        """
        from tomtat.stories.pipeline import StoryOptions, build_story

        row, articles = plan.row, plan.articles
        members = [a.id for a in articles]
        built = build_story(row.id, articles, StoryOptions(budget=STORY_BUDGET)).to_dict()
        body = {**built, **_story_json(row, members)}
        body["title"] = body["title"] or built["title"]  # titles found by normalization
        if plan.current:
            self._cache(row.id, row.version, body)
        return body

    def _cache(self, story_id: str, version: str, body: dict[str, Any]) -> None:
        """Keep a built summary. A read never waits for the writer (with SQLite it would
        wait for the whole regrouping, holding a pooled connection): while one is busy, the
        summary is served from memory and the writer stores it with its own transaction."""
        with self._queue_lock:
            self._pending[(story_id, version)] = json.dumps(body, ensure_ascii=False)
        if not self._lock.acquire(blocking=False):
            return
        try:
            self._flush_pending()
        finally:
            self._lock.release()

    def _flush_pending(self) -> None:
        """Store the summaries reads left, those of a membership still current only, in a
        transaction of their own, so that a failure fails neither a read nor the posts just
        written. Called with the write lock held."""
        with self._queue_lock:
            pending, self._pending = self._pending, {}
        if not pending:
            return
        ids = {story_id for story_id, _ in pending}
        versions = select(StoryRow.id, StoryRow.version).where(StoryRow.id.in_(ids))
        cached = select(SummaryRow.story_id, SummaryRow.version).where(SummaryRow.story_id.in_(ids))
        try:
            with self._sessions.begin() as session:
                current = {tuple(row) for row in session.execute(versions)}
                stored = {tuple(row) for row in session.execute(cached)}
                for key in current.intersection(pending).difference(stored):
                    session.add(SummaryRow(story_id=key[0], version=key[1], body=pending[key]))
        except SQLAlchemyError as error:  # the cache is optional
            logger.warning("story summaries not cached: %s", _reason(error))


def _story_json(row: StoryRow, documents: list[str]) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "documents": documents,
        "updated": row.updated,
        "size": row.size,
        "outlets": json.loads(row.outlets),
        "start": row.start,
        "end": row.end,
    }


def _engine(url: str) -> Engine:
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _pragmas(connection: Any, _record: Any) -> None:
        # WAL lets readers work during a write; FULL syncs each commit, so an acknowledged
        # article survives a crash of the process or of the machine
        cursor = connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "foreign_keys=ON",
            "busy_timeout=10000",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    return engine


def _migrate(engine: Engine) -> None:
    """Create the schema in a new database, or apply the numbered migrations it lacks."""
    if not inspect(engine).has_table(SchemaVersion.__tablename__):
        if inspect(engine).has_table(ArticleRow.__tablename__):
            raise StoreError("the database has tomtat tables but no schema version")
        with engine.begin() as connection:
            Base.metadata.create_all(connection)
            connection.execute(
                SchemaVersion.__table__.insert().values(version=SCHEMA_VERSION, applied=_now())
            )
        return
    with engine.connect() as connection:
        current = connection.execute(select(SchemaVersion.version)).scalars().all()
    version = max(current, default=0)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the database has schema version {version}, newer than this tomtat "
            f"({SCHEMA_VERSION}); upgrade tomtat"
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        with engine.begin() as connection:
            MIGRATIONS[number](connection)
            connection.execute(
                SchemaVersion.__table__.insert().values(version=number, applied=_now())
            )


def _reason(error: SQLAlchemyError) -> str:
    original = getattr(error, "orig", None)
    text = str(original if original is not None else error).strip()
    return text.splitlines()[0] if text else type(error).__name__
