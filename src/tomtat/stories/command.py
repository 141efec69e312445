"""``tomtat stories``: read articles, group them, summarize and date every story.

With ``--state DIR`` the grouping is incremental: ``add`` assigns new articles to the stored
stories (``DIR/stories.npz``, signatures only) and keeps the articles themselves in
``DIR/articles.jsonl`` so that stories can be summarized again; ``list`` shows them all.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from tomtat.errors import InputError, TomtatError
from tomtat.models import Article
from tomtat.stories.state import ARTICLES_FILE, state_lock

ACTIONS = ("add", "list")


def _in_vietnam_time(article: Article) -> Article:
    """``article`` with an aware publication time moved to +07:00 (the same instant): a Unix
    or UTC feed time would otherwise show as 01:30+00:00 beside local 08:30 times."""
    from dataclasses import replace

    from tomtat.readers.dates import VIETNAM

    moment = article.published
    if moment is None or moment.tzinfo is None or moment.utcoffset() == VIETNAM.utcoffset(None):
        return article
    return replace(article, published=moment.astimezone(VIETNAM))


def load_articles(
    folder: Path, report: Callable[[str], None] = lambda _m: None
) -> dict[str, Article]:
    """Articles kept in a state folder, by id; a line torn by a crash is skipped and reported."""
    return _load_stored(folder, report)[0]


def _load_stored(
    folder: Path, report: Callable[[str], None] = lambda _m: None
) -> tuple[dict[str, Article], list[Article]]:
    """The stored articles by id (the last version of each), and the earlier versions later
    lines replaced: a replayed old version is a text the index has seen."""
    from tomtat.readers import article_from_mapping

    path = folder / ARTICLES_FILE
    out: dict[str, Article] = {}
    earlier: list[Article] = []
    if not path.exists():
        return out, earlier
    # a write cut inside a multi-byte character must not make the whole store unreadable
    with path.open(encoding="utf-8", errors="replace") as lines:
        for n, line in enumerate(lines, start=1):
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise ValueError("not an object")
                article = article_from_mapping(obj, f"{path}:{n}", str(obj.get("id") or n))
            except (ValueError, InputError):
                if line.strip():
                    report(f"{path}:{n}: incomplete or unreadable stored article (skipped)")
                continue
            replaced = out.get(article.id)  # an updated version is stored after the old one
            if replaced is not None:
                earlier.append(replaced)
            out[article.id] = _in_vietnam_time(article)
    return out, earlier


def _ends_line(path: Path) -> bool:
    with path.open("rb") as f:
        f.seek(-1, os.SEEK_END)
        return f.read(1) == b"\n"


def _append_articles(folder: Path, articles: Sequence[Article]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ARTICLES_FILE
    with path.open("a", encoding="utf-8") as out:
        torn = out.tell() > 0 and not _ends_line(path)
        if torn:  # a crash cut the last line: end it, so that it stays alone and skipped
            out.write("\n")
        for article in articles:
            out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())  # stored before the index names them


def _same_text_key(article: Article) -> str:
    from tomtat.documents import repeat_key
    from tomtat.normalization import to_nfc

    return repeat_key(to_nfc(article.text))


def _new_articles(
    articles: Sequence[Article],
    stored: dict[str, Article],
    report: Callable[[str], None] = lambda _m: None,
    earlier: Sequence[Article] = (),
) -> tuple[list[Article], list[Article], int]:
    """Articles not stored yet (by text, whatever their id or file name), new versions of
    stored ones (same id, and :func:`~tomtat.documents.is_new_version`), and how many were
    stored already. One that reuses a stored id for another article gets a new id.
    ``report`` hears of repeats in the input; stored ones are only counted, since a feed job
    adds its whole folder again every run. ``earlier``: stored versions later ones replaced,
    so that an old version replayed after its correction is a repeat, not a newer version."""
    from dataclasses import replace

    from tomtat.documents import is_new_version
    from tomtat.readers.ids import free_id

    stored_texts = {_same_text_key(a) for a in [*stored.values(), *earlier]}
    seen: dict[str, Article] = {}
    new: list[Article] = []
    updated: list[Article] = []
    already = 0
    for article in articles:
        key = _same_text_key(article)
        if key in stored_texts:
            already += 1  # the same article again, maybe under another name
            continue
        if key in seen:
            report(f"{article.origin}: same text as {seen[key].origin} (skipped)")
            continue
        seen[key] = article
        old = stored.get(article.id)
        if old is not None and is_new_version(old, article):
            updated.append(article)
            continue
        if old is not None:
            article = replace(article, id=free_id(article.id, stored.__contains__))
        new.append(article)
    return new, updated, already


def _read(inputs: Sequence[str], recursive: bool, timeout: float, report: Callable) -> list:
    """The articles of every input; a bad one (a file named by a shell glob, as a feed job
    passes them) is reported and skipped as a bad file inside a folder is."""
    from tomtat.readers import read_inputs
    from tomtat.readers.ids import make_ids_unique

    articles: list[Article] = []
    for item in inputs:
        try:
            result = read_inputs([item], recursive=recursive, timeout=timeout)
        except InputError as exc:
            if len(inputs) == 1:
                raise  # the one input named: its problem is the error
            report(f"{exc} (skipped)")
            continue
        for warning in result.warnings:
            report(warning)
        articles.extend(map(_in_vietnam_time, result.articles))
    if not articles:
        raise TomtatError("no usable articles in the input")
    for warning in make_ids_unique(articles):
        report(warning)
    return articles


def run_stories(
    inputs: Sequence[str],
    out: IO[str],
    *,
    state: Path | None = None,
    budget: int = 120,
    unit: str = "syllables",
    method: str = "default",
    fmt: str = "jsonl",
    recursive: bool = False,
    timeout: float = 10.0,
    jobs: int = 1,
    progress: bool = False,
    report: Callable[[str], None] = lambda _m: None,
    status: Callable[[str], None] = lambda _m: None,
) -> int:
    """Write the stories of ``inputs`` (or of the state folder) to ``out``; return how many
    stories could not be summarized. ``report`` gets problems, ``status`` what 'add' did."""
    from tomtat.stories.pipeline import StoryOptions
    from tomtat.stories.state import StoryIndex

    if state is None:
        if inputs and inputs[0] in ACTIONS and not Path(inputs[0]).exists():
            raise TomtatError(f"'{inputs[0]}' needs --state DIR")
        # repeats dropped as 'add' drops them, so that both group the same articles
        articles, _, _ = _new_articles(_read(inputs, recursive, timeout, report), {}, report)
        index = StoryIndex()
        index.add(articles)
        by_id = {a.id: a for a in articles}
        chosen = index.stories()
    else:
        action, rest = (inputs[0], inputs[1:]) if inputs else ("", [])
        if action not in ACTIONS:
            raise TomtatError("with --state, say 'add INPUTS...' or 'list'")
        if action == "list" and rest:
            raise TomtatError(f"'list' takes no inputs (to add them: 'add {rest[0]} …')")
        if state.exists() and not state.is_dir():
            raise TomtatError(f"{state}: not a folder (--state needs a folder for the stories)")
        if action == "list" and not state.is_dir():
            raise TomtatError(f"{state}: no such state folder (create it with 'add')")
        incoming: list[Article] = []
        if action == "add":
            if not rest:
                raise TomtatError("'add' needs articles to add")
            incoming = _read(rest, recursive, timeout, report)  # before the lock: may be slow
            try:
                state.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise TomtatError(f"{state}: cannot create the state folder ({exc})") from None
        # one run at a time: a second 'add' reading the index before the first saved it
        # would overwrite its stories and hand out its story ids again
        with state_lock(state, lambda: status(f"waiting for another run using {state}")):
            chosen, by_id = _run_locked(state, action, incoming, report, status)
    options = StoryOptions(budget=budget, unit=unit, method=method)
    return _write(chosen, by_id, options, out, fmt=fmt, jobs=jobs, progress=progress, report=report)


def _run_locked(
    state: Path,
    action: str,
    incoming: list[Article],
    report: Callable[[str], None],
    status: Callable[[str], None],
) -> tuple[list[Any], dict[str, Article]]:
    """Load the state, add ``incoming`` ('add') and save: the stories to show, and the
    stored articles by id. Called with the state folder locked."""
    from tomtat.stories.state import StoryIndex

    try:
        index = StoryIndex.load(state)
    except ValueError as exc:
        raise TomtatError(str(exc)) from None
    by_id, earlier = _load_stored(state, report)
    _check_stored(state, index.article_ids, by_id, report)
    # articles stored by a run killed before it saved the index join now
    missing = [a for i, a in by_id.items() if i not in index]
    if missing:
        index.add(missing)
    if action != "add":
        if missing:
            index.save(state)
        return index.stories(), by_id
    new, updated, already = _new_articles(incoming, by_id, report, earlier)
    new, updated = _usable(new, report), _usable(updated, report)
    _append_articles(state, [*new, *updated])  # a later line replaces an earlier one
    touched = set(index.add(new)) | set(index.update(updated))
    by_id.update((a.id, a) for a in [*new, *updated])
    index.save(state)
    versions = f", {_count(len(updated), 'updated article')}" if updated else ""
    stored = f", {already} already stored" if already else ""
    status(
        f"{_count(len(new), 'new article')}{versions}{stored},"
        f" {_count(len(touched), 'story')} updated"
    )
    return [s for s in index.stories() if s.id in touched], by_id


def _usable(articles: list[Article], report: Callable[[str], None]) -> list[Article]:
    """The articles that can be summarized. Another language, a legacy font encoding or no
    usable sentence will never change: such an article is reported here, once, by its file,
    and not stored (kept, it would make every later 'list' fail on it)."""
    from tomtat.documents import build_document

    out = []
    for article in articles:
        doc = build_document(article)
        if doc.sentences:
            out.append(article)
        else:
            for warning in doc.warnings:
                report(warning.replace("(skipped)", "(not added)"))
    return out


def _check_stored(
    state: Path, grouped: list[str], stored: dict[str, Article], report: Callable[[str], None]
) -> None:
    """The articles the index groups must be stored: their texts are what gets summarized."""
    lost = [i for i in grouped if i not in stored]
    if not lost:
        return
    path = state / ARTICLES_FILE
    if not stored:
        grouped_count = _count(len(grouped), "article")
        raise TomtatError(
            f"{path}: missing or empty, but the story index groups {grouped_count}"
            " (restore it, or start a new state folder)"
        )
    shown = ", ".join(lost[:3]) + (", …" if len(lost) > 3 else "")
    report(
        f"{path}: {_count(len(lost), 'grouped article')} not stored ({shown}); "
        "their stories are listed without them"
    )


def _count(n: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"


def _write(
    chosen: Sequence[Any],
    by_id: dict[str, Article],
    options: Any,
    out: IO[str],
    *,
    fmt: str,
    jobs: int,
    progress: bool,
    report: Callable[[str], None],
) -> int:
    from tomtat.batch import progress_bar
    from tomtat.rendering.stories import render_stories
    from tomtat.stories.pipeline import build_stories, failed_story

    groups = [(s.id, [by_id[i] for i in s.articles if i in by_id]) for s in chosen]
    failures = 0

    def results(advance: Callable[[], None]) -> Iterator[dict[str, Any]]:
        nonlocal failures
        for (story_id, articles), result in zip(
            groups, build_stories(groups, options, jobs=jobs), strict=True
        ):
            advance()
            if isinstance(result, str):
                # still listed: every article is in exactly one story, usable or not
                failures += 1
                report(result)
                yield failed_story(story_id, articles, result)
                continue
            yield result.to_dict()

    with progress_bar("stories", len(groups), enabled=progress) as advance:
        for chunk in render_stories(results(advance), fmt):
            out.write(chunk)
    out.flush()
    return failures
