"""The ``tomtat`` command line. Heavy modules are imported inside commands to keep start fast."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tomtat.errors import TomtatError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Summarize many Vietnamese news articles about one story, with sources.",
    pretty_exceptions_enable=False,
)


class Unit(StrEnum):
    syllables = "syllables"
    words = "words"
    sentences = "sentences"


class Method(StrEnum):
    default = "default"
    learned = "learned"
    coverage = "coverage"
    lead = "lead"
    centroid = "centroid"
    lexrank = "lexrank"


class Format(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class Segmenter(StrEnum):
    syllables = "syllables"
    pyvi = "pyvi"
    underthesea = "underthesea"


BudgetOpt = Annotated[
    int, typer.Option("--budget", "-b", min=1, help="Length limit of the summary, in --unit.")
]
UnitOpt = Annotated[Unit, typer.Option("--unit", "-u", help="What --budget counts.")]
MethodOpt = Annotated[Method, typer.Option("--method", "-m", help="Summarization method.")]
FillOpt = Annotated[
    bool,
    typer.Option(
        "--fill",
        help="Add one sentence past a syllable or word budget (for fixed-length ROUGE only).",
    ),
]
SegmenterOpt = Annotated[
    Segmenter,
    typer.Option(help="Word features for unsegmented text (segmented input keeps its own)."),
]

JobsOpt = Annotated[
    int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0 = all cores).")
]
ProgressOpt = Annotated[
    bool | None,
    typer.Option(
        "--progress/--no-progress", help="Progress bar (default: when stderr is a terminal)."
    ),
]


def _warn(message: str) -> None:
    print(f"tomtat: warning: {message}", file=sys.stderr)


def _status(message: str) -> None:
    print(f"tomtat: {message}", file=sys.stderr)


def _fail(message: str, code: int = 2) -> typer.Exit:
    print(f"tomtat: error: {message}", file=sys.stderr)
    return typer.Exit(code)


@app.command()
def summarize(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Folders, files (.txt .md .html .json .jsonl), http(s) URLs, or - for stdin.",
            show_default=False,
        ),
    ],
    budget: BudgetOpt = 180,
    unit: UnitOpt = Unit.syllables,
    method: MethodOpt = Method.default,
    fill: FillOpt = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    recursive: Annotated[
        bool, typer.Option("--recursive", "-r", help="Descend into sub-folders.")
    ] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each URL.")] = 10.0,
    segmenter: SegmenterOpt = Segmenter.syllables,
    include_text: Annotated[
        bool,
        typer.Option(
            "--include-text",
            help="JSON only: add each document's normalized text (what offsets point into).",
        ),
    ] = False,
) -> None:
    """Summarize the articles of ONE story into a short cited summary."""
    from tomtat.api import summarize_documents
    from tomtat.documents import build_documents
    from tomtat.readers import read_inputs
    from tomtat.rendering import render

    try:
        result = read_inputs(inputs, recursive=recursive, timeout=timeout)
        documents, dropped = build_documents(result.articles, segmenter=segmenter.value)
        warnings = [*result.warnings, *dropped]
        if not documents:
            raise TomtatError(
                "no usable articles to summarize"
                + (f" ({len(warnings)} skipped)" if warnings else "")
            )
        summary = summarize_documents(
            documents,
            budget=budget,
            unit=unit.value,
            method=method.value,
            fill=fill,
            warnings=warnings,
        )
    except TomtatError as exc:
        for w in locals().get("warnings", []):
            _warn(w)
        raise _fail(str(exc)) from None
    for w in summary.warnings:
        _warn(w)
    if include_text and fmt is not Format.json:
        raise _fail("--include-text needs --format json")
    if include_text:
        from tomtat.rendering import render_json

        print(render_json(summary, include_text=True))
    else:
        print(render(summary, fmt.value))


@app.command()
def batch(
    source: Annotated[
        str,
        typer.Argument(help="JSONL file (or - for stdin): one story a line.", show_default=False),
    ],
    budget: BudgetOpt = 180,
    unit: UnitOpt = Unit.syllables,
    method: MethodOpt = Method.default,
    fill: FillOpt = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Output format (only jsonl).")
    ] = "jsonl",
    jobs: JobsOpt = 0,
    segmenter: SegmenterOpt = Segmenter.syllables,
    progress: ProgressOpt = None,
) -> None:
    """Summarize many stories: input lines {"id", "documents": [...]}, output JSONL in order."""
    from tomtat.batch import BatchOptions, run_batch

    if fmt != "jsonl":
        raise _fail(f"--format {fmt!r} is not supported by batch; use jsonl")
    try:
        stream = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        raise _fail(f"{source}: {exc.strerror or exc}") from None
    options = BatchOptions(budget, unit.value, method.value, fill, segmenter.value)
    with stream:
        try:
            stories, failures = run_batch(
                stream,
                sys.stdout,
                options,
                origin="<stdin>" if source == "-" else source,
                jobs=jobs or os.cpu_count() or 1,
                progress=sys.stderr.isatty() if progress is None else progress,
                report=_warn,
            )
        except TomtatError as exc:
            raise _fail(str(exc)) from None
    if not stories:
        raise _fail(f"{source}: no story lines (expected JSONL: one story object a line)")
    if failures:
        plural = "y" if stories == 1 else "ies"
        _warn(f"{failures} of {stories} stor{plural} failed (see the error lines)")
        # scripts can tell: 2 when nothing was summarized, 1 when some stories were
        raise typer.Exit(2 if failures == stories else 1)


@app.command(name="eval")
def evaluate(
    data: Annotated[
        Path,
        typer.Argument(help="A VN-MDS folder or an AbMuSu JSONL file.", show_default=False),
    ],
    budget: Annotated[int, typer.Option("--budget", "-b", min=1, help="Syllables scored.")] = 180,
    method: Annotated[
        list[Method] | None,
        typer.Option("--method", "-m", help="tomtat method(s) to score (repeatable)."),
    ] = None,
    fill: Annotated[
        bool, typer.Option("--fill/--no-fill", help="Fill the budget (fixed-length ROUGE).")
    ] = True,
    peers: Annotated[bool, typer.Option("--peers/--no-peers", help="Also run the peers.")] = True,
    cv: Annotated[
        int,
        typer.Option(
            min=0,
            help="Also score the learned method by K-fold cross-validation on DATA (0 = off).",
        ),
    ] = 0,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    segmenter: SegmenterOpt = Segmenter.syllables,
) -> None:
    """Score tomtat and its peers with Vietnamese ROUGE on a benchmark corpus."""
    import json

    from tomtat.evaluation.datasets import load_dataset
    from tomtat.evaluation.runner import PEERS, format_table
    from tomtat.evaluation.runner import evaluate as run_eval

    if fmt not in ("table", "json"):
        raise _fail(f"--format {fmt!r}: use table or json")
    try:
        corpus, clusters = load_dataset(data)
    except TomtatError as exc:
        raise _fail(str(exc)) from None
    chosen = [m.value for m in (method or [Method.default])]
    if {"default", "learned"} & set(chosen) and corpus in ("vnmds", "abmusu"):
        _warn(
            "the shipped model was trained on the shared VN-MDS and AbMuSu clusters, so its "
            "score on them is optimistic; use --cv 5 for a cross-validated score"
        )
    extra = {}
    if cv == 1 or cv > len(clusters):
        raise _fail(
            f"--cv {cv}: needs 2 to {len(clusters)} folds ({data} has {len(clusters)} clusters)"
        )
    if cv:
        from tomtat.evaluation.crossval import cross_validated_summaries
        from tomtat.models import Budget
        from tomtat.scoring.training import prepare

        def produce(cs):  # type: ignore[no-untyped-def]
            prepared = prepare(cs, segmenter=segmenter.value)
            return cross_validated_summaries(prepared, Budget(budget, "syllables", fill), folds=cv)

        extra[f"tomtat learned ({cv}-fold CV)"] = produce
    report = run_eval(
        corpus,
        clusters,
        methods=chosen,
        peers=PEERS if peers else (),
        budget=budget,
        fill=fill,
        segmenter=segmenter.value,
        extra_systems=extra,
        on_system=lambda name: print(f"tomtat: scoring {name} ...", file=sys.stderr),
    )
    if fmt == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_table(report))


class StoryFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    markdown = "markdown"


@app.command()
def stories(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Articles as for summarize (folders, files, URLs, - for stdin). With --state: "
            "'add INPUTS...' to add articles to the stored stories, or 'list' to show them.",
            show_default=False,
        ),
    ],
    state: Annotated[
        Path | None,
        typer.Option(help="Folder keeping the stories between runs (created on first add)."),
    ] = None,
    budget: BudgetOpt = 120,
    unit: UnitOpt = Unit.syllables,
    method: MethodOpt = Method.default,
    fmt: Annotated[
        StoryFormat, typer.Option("--format", "-f", help="Output format.")
    ] = StoryFormat.jsonl,
    recursive: Annotated[
        bool, typer.Option("--recursive", "-r", help="Descend into sub-folders.")
    ] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each URL.")] = 10.0,
    jobs: JobsOpt = 0,
    progress: ProgressOpt = None,
) -> None:
    """Group a pile of articles into stories, each with a cited summary and a dated timeline."""
    from tomtat.stories.command import run_stories

    try:
        failures = run_stories(
            inputs,
            sys.stdout,
            state=state,
            budget=budget,
            unit=unit.value,
            method=method.value,
            fmt=fmt.value,
            recursive=recursive,
            timeout=timeout,
            jobs=jobs or os.cpu_count() or 1,
            progress=sys.stderr.isatty() if progress is None else progress,
            report=_warn,
            status=_status,
        )
    except TomtatError as exc:
        raise _fail(str(exc)) from None
    if failures:
        _warn(
            f"{failures} stor{'y' if failures == 1 else 'ies'} could not be summarized "
            '(listed with an "error")'
        )
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(
            help="Database URL: sqlite:///path/to/file.sqlite or postgresql://user@host/db "
            "(default: tomtat.sqlite in the user data folder).",
            show_default=False,
        ),
    ] = None,
    allow_private_urls: Annotated[
        bool,
        typer.Option(
            "--allow-private-urls",
            help="Let posted URLs be fetched from loopback, private and link-local addresses "
            "(refused by default: clients could reach the server's own network).",
        ),
    ] = False,
) -> None:
    """Run the web service: the HTTP API (docs at /docs) and the web page."""
    try:
        import uvicorn

        from tomtat.service import create_app, default_db_url
    except ImportError as exc:
        raise _fail(f"{exc.name} is missing; install tomtat[serve]") from None
    try:
        application = create_app(db or default_db_url(), allow_private_urls=allow_private_urls)
    except TomtatError as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"cannot create the data folder: {exc}") from None
    uvicorn.run(application, host=host, port=port, log_level="info")


@app.command()
def methods() -> None:
    """List the summarization methods."""
    from tomtat.summarizers import _METHODS, DEFAULT_METHOD

    for name, cls in _METHODS.items():
        mark = " (default)" if name == DEFAULT_METHOD else ""
        print(f"{name:10s} {cls.description}{mark}")


def main() -> None:
    from typer._click.exceptions import NoArgsIsHelpError, UsageError

    try:
        code = app(standalone_mode=False)
    except NoArgsIsHelpError as exc:
        exc.show()  # "tomtat" alone: the help, as asked
        sys.exit(exc.exit_code)
    except UsageError as exc:
        # one line, as for every other error (click prints usage and a box of several)
        command = exc.ctx.command_path if exc.ctx else "tomtat"
        print(f"tomtat: error: {exc.format_message()} (see '{command} --help')", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("tomtat: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except TomtatError as exc:
        print(f"tomtat: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except Exception as exc:  # a bug, but the user still gets one line, not a traceback
        if os.environ.get("TOMTAT_DEBUG"):
            raise
        print(
            f"tomtat: internal error: {type(exc).__name__}: {exc} (set TOMTAT_DEBUG=1 for details)",
            file=sys.stderr,
        )
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
