"""Many stories in, one JSON line per story out, in input order, in parallel.

A bad story never stops the batch: its line carries ``"error"`` and it is reported on stderr.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any, TypeVar

from tomtat.errors import InputError, TomtatError
from tomtat.models import Article

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class BatchOptions:
    budget: int = 180
    unit: str = "syllables"
    method: str = "default"
    fill: bool = False
    segmenter: str = "syllables"


def _story_articles(story: Any, origin: str) -> tuple[list[Article], list[str]]:
    from tomtat.readers import article_from_mapping
    from tomtat.readers.ids import has_own_id, make_ids_unique

    if not isinstance(story, dict):
        raise InputError(origin, 'a story must be a JSON object with "documents"')
    documents = story.get("documents")
    if documents is not None and not isinstance(documents, list):
        kind = type(documents).__name__
        raise InputError(origin, f'"documents" must be a list of articles, not {kind}')
    if not documents:
        raise InputError(origin, 'missing or empty "documents" list')
    articles: list[Article] = []
    chosen: list[bool] = []
    warnings: list[str] = []
    for k, obj in enumerate(documents, start=1):
        try:
            # an unreadable date keeps the article undated, with a warning, as summarize does
            article = article_from_mapping(obj, f"{origin} document {k}", str(k), warnings=warnings)
            articles.append(article)
            chosen.append(has_own_id(obj))
        except InputError as exc:
            warnings.append(f"{exc} (skipped)")
    warnings.extend(make_ids_unique(articles, chosen))
    return articles, warnings


def summarize_line(line: bytes | str, origin: str, options: BatchOptions) -> dict[str, Any]:
    """One input line → one output object (with ``"error"`` when the story is unusable)."""
    from tomtat.api import summarize_documents
    from tomtat.documents import build_documents
    from tomtat.readers.json_articles import JsonLineError, id_field, loads_line

    story_id = origin
    try:
        try:
            story = loads_line(line)
        except JsonLineError as exc:
            raise InputError(origin, str(exc)) from None
        if isinstance(story, dict):
            # as an article's: null is no id, {"a": 1} is no id to join output lines on (the
            # error line it gets is named by its origin)
            story_id = id_field(story.get("id"), origin, origin)
        articles, warnings = _story_articles(story, origin)
        documents, dropped = build_documents(articles, segmenter=options.segmenter)
        if not documents:
            reasons = [*warnings, *dropped]
            why = f" ({reasons[0]}{'; …' if len(reasons) > 1 else ''})" if reasons else ""
            raise InputError(origin, f"no usable articles in this story{why}")
        summary = summarize_documents(
            documents,
            budget=options.budget,
            unit=options.unit,  # type: ignore[arg-type]
            method=options.method,
            fill=options.fill,
            warnings=[*warnings, *dropped],
        )
    except TomtatError as exc:
        return {"id": story_id, "error": str(exc)}
    data = summary.to_dict()
    return {
        "id": story_id,
        "summary": data["summary"],
        "sentences": data["sentences"],
        "warnings": data["warnings"],
    }


def _work(args: tuple[int, str, str, BatchOptions]) -> tuple[str, str | None, str]:
    """(story id, error or None, the output line): serialized in the worker, so the parent
    only writes."""
    line_no, line, origin, options = args
    result = summarize_line(line, f"{origin}:{line_no}", options)
    return result["id"], result.get("error"), json.dumps(result, ensure_ascii=False)


def warm_up(method: str) -> None:
    """Import the pipeline and load ``method``'s model in this process, so that workers
    forked from it start ready."""
    import tomtat.api
    import tomtat.documents  # noqa: F401
    from tomtat.summarizers import get_summarizer

    get_summarizer(method).warm_up()


def parallel_map(
    work: Callable[[T], R], tasks: Sequence[T], *, jobs: int, method: str
) -> Iterator[R]:
    """``work`` over ``tasks``, results in order; in forked worker processes when ``jobs``
    > 1, which start with the pipeline imported and ``method``'s model loaded."""
    if jobs > 1 and len(tasks) > 1:
        warm_up(method)
        with multiprocessing.get_context("fork").Pool(min(jobs, len(tasks))) as pool:
            yield from pool.imap(work, tasks, chunksize=4)
    else:
        yield from map(work, tasks)


@contextmanager
def progress_bar(label: str, total: int, *, enabled: bool) -> Iterator[Callable[[], None]]:
    """A function to call once per finished item: advances a rich bar on stderr when
    ``enabled``, does nothing otherwise. Asked for on a stderr that is not a terminal (a
    log file), it writes a plain ``label: done/total`` line at every tenth instead."""
    if not enabled:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    if not console.is_terminal:
        yield _progress_lines(label, total)
        return
    bar = Progress(console=console, transient=True)
    task = bar.add_task(label, total=total)
    bar.start()
    try:
        yield lambda: bar.advance(task)
    finally:
        bar.stop()


def _progress_lines(label: str, total: int) -> Callable[[], None]:
    done = 0
    step = max(1, -(-total // 10))

    def advance() -> None:
        nonlocal done
        done += 1
        if done % step == 0 or done == total:
            print(f"{label}: {done}/{total}", file=sys.stderr, flush=True)

    return advance


def run_batch(
    stream: IO[bytes],
    out: IO[str],
    options: BatchOptions,
    *,
    origin: str = "<stdin>",
    jobs: int = 1,
    progress: bool = False,
    report: Callable[[str], None] = lambda _m: None,
) -> tuple[int, int]:
    """Summarize every story line of ``stream`` into ``out``; returns (stories, failed).
    Raises ``InputError`` when the stream is binary or cannot be decoded."""
    from tomtat.readers import decode_lines

    notes: list[str] = []
    # decoded whole, then split: UTF-16's newline is two bytes
    lines = decode_lines(stream.read(), origin, warnings=notes)
    for note in notes:
        report(note)
    tasks = [(n, line, origin, options) for n, line in enumerate(lines, start=1) if line.strip()]
    failures = 0
    seen: dict[str, int] = {}
    with progress_bar("summarizing", len(tasks), enabled=progress) as advance:
        for (line_no, *_), (story_id, error, output) in zip(
            tasks, parallel_map(_work, tasks, jobs=jobs, method=options.method), strict=True
        ):
            if error is not None:
                failures += 1
                report(error)
            elif story_id in seen:
                # the output is matched to the input by id: say so rather than let one win
                report(f"{origin}:{line_no}: story id {story_id!r} repeats line {seen[story_id]}")
            seen.setdefault(story_id, line_no)
            out.write(output + "\n")
            advance()
    out.flush()
    return len(tasks), failures
