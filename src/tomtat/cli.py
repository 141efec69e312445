"""The ``tomtat`` command line. Heavy modules are imported inside commands to keep start fast.

Built on click rather than typer: typer builds a pydantic adapter for every parameter, which
cost about 0.1 s on every start (docs/dependencies.md).
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from tomtat.errors import TomtatError

UNITS = ("syllables", "words", "sentences")
METHODS = ("default", "learned", "coverage", "lead", "centroid", "lexrank")
FORMATS = ("text", "markdown", "json")
SEGMENTERS = ("syllables", "pyvi", "underthesea")
STORY_FORMATS = ("jsonl", "json", "markdown")


@click.group(
    invoke_without_command=True,
    subcommand_metavar="COMMAND [ARGS]...",  # a command is still what it takes
    context_settings={"show_default": True, "help_option_names": ["-h", "--help"]},
    help="Summarize many Vietnamese news articles about one story, with sources.",
)
@click.pass_context
def app(ctx: click.Context) -> None:
    # "tomtat" alone asks what tomtat does: the help, as --help gives it (stdout, exit 0);
    # click's no_args_is_help would print it to stderr and exit 2, as for a mistake
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def _options(*decorators: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Apply option decorators in reading order."""

    def apply(function: Any) -> Any:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


class _Count(click.IntRange):
    """A whole number in a range: 'abc' is "not a valid integer", not "integer range"."""

    name = "integer"


class _Seconds(click.ParamType):
    """A time limit: a positive, finite number of seconds (0, -1, nan and inf are refused,
    not passed on to the socket library to fail with a misleading message or a crash)."""

    name = "seconds"

    def convert(self, value: Any, param: Any, ctx: Any) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not (math.isfinite(seconds) and seconds > 0):
            self.fail(f"{value!r} must be a positive number of seconds", param, ctx)
        return seconds


class _Origin(click.ParamType):
    """A web page's origin as a browser sends it in ``Origin``, or ``*`` for any
    (``tomtat.service.inputs.checked_origin``)."""

    name = "origin"

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        from tomtat.service.inputs import checked_origin

        try:
            return checked_origin(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


def budget_option(default: int) -> Callable[[Any], Any]:
    return click.option(
        "--budget",
        "-b",
        type=_Count(min=1),
        default=default,
        help="Length limit of the summary, in --unit.",
    )


unit_option = click.option(
    "--unit", "-u", type=click.Choice(UNITS), default="syllables", help="What --budget counts."
)
method_option = click.option(
    "--method", "-m", type=click.Choice(METHODS), default="default", help="Summarization method."
)
fill_option = click.option(
    "--fill",
    is_flag=True,
    help="Stop at the first sentence that does not fit a syllable or word budget and add it "
    "anyway, instead of trying shorter ones (for fixed-length ROUGE only).",
)
# what one summary is made of, shared by summarize and batch (stories: its own budget, no fill)
summary_options = (budget_option(180), unit_option, method_option, fill_option)
segmenter_option = click.option(
    "--segmenter",
    type=click.Choice(SEGMENTERS),
    default="syllables",
    help="Word features for unsegmented text (segmented input keeps its own).",
)
jobs_option = click.option(
    "--jobs",
    "-j",
    type=_Count(min=0),
    default=0,
    help="Worker processes (0 = all cores).",
)
progress_option = click.option(
    "--progress/--no-progress",
    default=None,
    show_default=False,
    help="Progress bar (default: when stderr is a terminal).",
)
recursive_option = click.option("--recursive", "-r", is_flag=True, help="Descend into sub-folders.")
timeout_option = click.option(
    "--timeout", type=_Seconds(), default=10.0, help="Seconds to wait for each URL."
)


def _warn(message: str) -> None:
    print(f"tomtat: warning: {message}", file=sys.stderr)


def _status(message: str) -> None:
    print(f"tomtat: {message}", file=sys.stderr)


def _fail(message: str, code: int = 2) -> NoReturn:
    print(f"tomtat: error: {message}", file=sys.stderr)
    sys.exit(code)


def _check_stdin_once(inputs: tuple[str, ...]) -> None:
    """'-' twice: the second read found stdin used up and said "<stdin>: input is empty"."""
    if inputs.count("-") > 1:
        _fail("- (stdin) is named more than once; it can be read only once")


@app.command()
@click.argument("inputs", nargs=-1, required=True)
@_options(
    *summary_options,
    click.option(
        "--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", help="Output format."
    ),
    recursive_option,
    timeout_option,
    segmenter_option,
    click.option(
        "--include-text",
        is_flag=True,
        help="JSON only: add each document's normalized text (what offsets point into).",
    ),
)
def summarize(
    inputs: tuple[str, ...],
    budget: int,
    unit: str,
    method: str,
    fill: bool,
    fmt: str,
    recursive: bool,
    timeout: float,
    segmenter: str,
    include_text: bool,
) -> None:
    """Summarize the articles of ONE story into a short cited summary.

    INPUTS: folders, files (.txt .md .html .json .jsonl), http(s) URLs, or - for stdin.
    """
    from tomtat.api import summarize_documents
    from tomtat.documents import build_documents
    from tomtat.readers import read_inputs
    from tomtat.rendering import render

    if include_text and fmt != "json":
        _fail("--include-text needs --format json")
    _check_stdin_once(inputs)
    warnings: list[str] = []
    try:
        result = read_inputs(list(inputs), recursive=recursive, timeout=timeout)
        documents, dropped = build_documents(result.articles, segmenter=segmenter)
        warnings = [*result.warnings, *dropped]
        if not documents:
            skipped = [w for w in warnings if w.endswith(" (skipped)")]
            if len(skipped) == 1:  # one article and why: the error line names its file
                warnings.remove(skipped[0])
                raise TomtatError(skipped[0].removesuffix(" (skipped)"))
            raise TomtatError(
                "no usable articles to summarize"
                + (f" ({len(skipped)} skipped, see the warnings above)" if skipped else "")
            )
        summary = summarize_documents(
            documents, budget=budget, unit=unit, method=method, fill=fill, warnings=warnings
        )
    except TomtatError as exc:
        for w in warnings:
            _warn(w)
        _fail(str(exc))
    for w in summary.warnings:
        _warn(w)
    if include_text:
        from tomtat.rendering import render_json

        print(render_json(summary, include_text=True))
    else:
        print(render(summary, fmt))


@app.command()
@click.argument("source")
@_options(
    *summary_options,
    click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(("jsonl",)),
        default="jsonl",
        help="Output format (JSON Lines: one story a line).",
    ),
    jobs_option,
    segmenter_option,
    progress_option,
)
def batch(
    source: str,
    budget: int,
    unit: str,
    method: str,
    fill: bool,
    fmt: str,
    jobs: int,
    segmenter: str,
    progress: bool | None,
) -> None:
    """Summarize many stories: input lines {"id", "documents": [...]}, output JSONL in order.

    SOURCE: a JSONL file (or - for stdin), one story a line.
    """
    from tomtat.batch import BatchOptions, run_batch

    origin = "<stdin>" if source == "-" else source
    try:
        stream = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        _fail(f"{source}: {(exc.strerror or str(exc)).lower()}")
    options = BatchOptions(budget, unit, method, fill, segmenter)
    with stream:
        try:
            stories, failures = run_batch(
                stream,
                sys.stdout,
                options,
                origin=origin,
                jobs=jobs or os.cpu_count() or 1,
                progress=sys.stderr.isatty() if progress is None else progress,
                report=_warn,
            )
        except TomtatError as exc:
            _fail(str(exc))
    if not stories:
        _fail(f"{origin}: no story lines (expected JSONL: one story object a line)")
    if failures:
        plural = "y" if stories == 1 else "ies"
        _warn(f"{failures} of {stories} stor{plural} failed (see the error lines)")
        # scripts can tell: 2 when nothing was summarized, 1 when some stories were
        sys.exit(2 if failures == stories else 1)


@app.command(name="eval")
@click.argument("data", type=click.Path(path_type=Path))
@_options(
    click.option("--budget", "-b", type=_Count(min=1), default=180, help="Syllables scored."),
    click.option(
        "--method",
        "-m",
        type=click.Choice(METHODS),
        multiple=True,
        help="tomtat method(s) to score (repeatable; default: default).",
    ),
    click.option("--fill/--no-fill", default=True, help="Fill the budget (fixed-length ROUGE)."),
    click.option("--peers/--no-peers", default=True, help="Also run the peers."),
    click.option(
        "--cv",
        type=_Count(min=0),
        default=0,
        help="Also score the learned method by K-fold cross-validation on DATA (0 = off).",
    ),
    click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(("table", "json")),
        default="table",
        help="Output format.",
    ),
    segmenter_option,
)
def evaluate(
    data: Path,
    budget: int,
    method: tuple[str, ...],
    fill: bool,
    peers: bool,
    cv: int,
    fmt: str,
    segmenter: str,
) -> None:
    """Score tomtat and its peers with Vietnamese ROUGE on a benchmark corpus.

    DATA: a VN-MDS folder or an AbMuSu JSONL file.
    """
    import json

    from tomtat.evaluation.datasets import load_dataset
    from tomtat.evaluation.runner import PEERS, build_cluster_documents, format_table
    from tomtat.evaluation.runner import evaluate as run_eval

    try:
        corpus, clusters = load_dataset(data)
        documents = build_cluster_documents(clusters, segmenter=segmenter)
    except TomtatError as exc:
        _fail(str(exc))
    for warning in documents[1]:
        _warn(warning)
    chosen = list(dict.fromkeys(method or ("default",)))  # '-m lead -m lead': scored once
    if cv and len(clusters) < 2:
        _fail(f"--cv {cv}: cross-validation needs at least 2 clusters; {data} has 1")
    if cv == 1 or cv > len(clusters):
        _fail(f"--cv {cv}: needs 2 to {len(clusters)} folds ({data} has {len(clusters)} clusters)")
    if {"default", "learned"} & set(chosen) and corpus in ("vnmds", "abmusu"):
        _warn(
            "the shipped model was trained on the shared VN-MDS and AbMuSu clusters, so its "
            "score on them is optimistic; "
            + (
                f"the 'tomtat learned ({cv}-fold CV)' row is cross-validated"
                if cv
                else "use --cv 5 for a cross-validated score"
            )
        )
    extra = {}
    if cv:
        from tomtat.evaluation.crossval import cross_validated_summaries
        from tomtat.models import Budget
        from tomtat.scoring.training import prepare

        def produce(cs):  # type: ignore[no-untyped-def]
            prepared = prepare(cs, segmenter=segmenter)
            return cross_validated_summaries(prepared, Budget(budget, "syllables", fill), folds=cv)

        extra[f"tomtat learned ({cv}-fold CV)"] = produce
    report = run_eval(
        corpus,
        clusters,
        methods=chosen,
        peers=PEERS if peers else (),
        budget=budget,
        fill=fill,
        segmenter=segmenter,
        extra_systems=extra,
        on_system=lambda name: print(f"tomtat: scoring {name} ...", file=sys.stderr),
        documents=documents,
    )
    if fmt == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_table(report))


@app.command()
@click.argument("inputs", nargs=-1, required=True)
@_options(
    click.option(
        "--state",
        type=click.Path(path_type=Path),
        default=None,
        help="Folder keeping the stories between runs (created on first add).",
    ),
    budget_option(120),
    unit_option,
    method_option,
    click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(STORY_FORMATS),
        default="jsonl",
        help="Output format.",
    ),
    recursive_option,
    timeout_option,
    jobs_option,
    progress_option,
)
def stories(
    inputs: tuple[str, ...],
    state: Path | None,
    budget: int,
    unit: str,
    method: str,
    fmt: str,
    recursive: bool,
    timeout: float,
    jobs: int,
    progress: bool | None,
) -> None:
    """Group a pile of articles into stories, each with a cited summary and a dated timeline.

    INPUTS: articles as for summarize (folders, files, URLs, - for stdin). With --state:
    'add INPUTS...' to add articles to the stored stories, or 'list' to show them.
    """
    from tomtat.stories.command import run_stories

    _check_stdin_once(inputs)
    try:
        failures = run_stories(
            list(inputs),
            sys.stdout,
            state=state,
            budget=budget,
            unit=unit,
            method=method,
            fmt=fmt,
            recursive=recursive,
            timeout=timeout,
            jobs=jobs or os.cpu_count() or 1,
            progress=sys.stderr.isatty() if progress is None else progress,
            report=_warn,
            status=_status,
        )
    except TomtatError as exc:
        _fail(str(exc))
    if failures:
        _warn(
            f"{failures} stor{'y' if failures == 1 else 'ies'} could not be summarized "
            '(listed with an "error")'
        )
        sys.exit(1)


@app.command()
@_options(
    click.option("--host", default="127.0.0.1", help="Address to listen on."),
    click.option("--port", type=_Count(1, 65535), default=8000, help="Port to listen on."),
    click.option(
        "--db",
        default=None,
        show_default=False,
        help="Database URL: sqlite:///path/to/file.sqlite or postgresql://user@host/db "
        "(default: tomtat.sqlite in the user data folder).",
    ),
    click.option(
        "--allow-private-urls",
        is_flag=True,
        help="Let posted URLs be fetched from loopback, private and link-local addresses "
        "(refused by default: clients could reach the server's own network).",
    ),
    click.option(
        "--cors-origin",
        "cors_origins",
        type=_Origin(),
        multiple=True,
        show_default=False,
        help="Let web pages of this origin (https://news.example; repeatable; * for any) "
        "call the API from a browser (default: none).",
    ),
)
def serve(
    host: str, port: int, db: str | None, allow_private_urls: bool, cors_origins: tuple[str, ...]
) -> None:
    """Run the web service: the HTTP API (docs at /docs) and the web page."""
    _check_address(host, port)
    try:
        import uvicorn

        from tomtat.service import create_app, default_db_url
    except ImportError as exc:
        _fail(f"{exc.name} is missing; install tomtat[serve]")
    try:
        application = create_app(
            db or default_db_url(),
            allow_private_urls=allow_private_urls,
            cors_origins=cors_origins,
        )
    except TomtatError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot create the data folder: {exc}")
    uvicorn.run(application, host=host, port=port, log_level="info")


def _check_address(host: str, port: int) -> None:
    """Fail in one line, before the database is opened, when ``host:port`` cannot be listened
    on (a port in use, a host name that does not resolve): uvicorn would log it among its
    start-up lines and exit 3."""
    import socket

    try:
        addresses = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except (socket.gaierror, UnicodeError) as exc:
        _fail(f"--host {host}: cannot resolve it ({getattr(exc, 'strerror', None) or exc})")
    for family, kind, proto, _name, address in addresses:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as asyncio does
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                _fail(f"cannot listen on {host}:{port}: {(exc.strerror or str(exc)).lower()}")


@app.command()
def methods() -> None:
    """List the summarization methods."""
    from tomtat.summarizers import _METHODS, DEFAULT_METHOD

    for name, cls in _METHODS.items():
        mark = " (default)" if name == DEFAULT_METHOD else ""
        print(f"{name:10s} {cls.description}{mark}")


def _utf8_streams() -> None:
    """Write UTF-8 whatever the locale says (PYTHONIOENCODING=latin-1, a Windows code page):
    JSON and Markdown of Vietnamese text cannot be written in an encoding without its
    letters, and a crash on the first "ạ" helps no one."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding not in ("utf8", "utf16", "utf32") and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(encoding="utf-8")


def main() -> None:
    from click.exceptions import Abort, UsageError

    _utf8_streams()
    try:
        code = app(standalone_mode=False)
    except UsageError as exc:
        # one line, as for every other error (click prints usage and a box of several)
        command = exc.ctx.command_path if exc.ctx else "tomtat"
        print(f"tomtat: error: {exc.format_message()} (see '{command} --help')", file=sys.stderr)
        sys.exit(2)
    except (KeyboardInterrupt, Abort):  # click turns Ctrl-C into Abort
        print("tomtat: interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except OSError as exc:  # writing the output failed (a full disk): not a bug in tomtat
        with contextlib.suppress(OSError, ValueError, AttributeError):  # no retry at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        where = f"{exc.filename}: " if exc.filename else "cannot write the output: "
        print(f"tomtat: error: {where}{exc.strerror or exc}", file=sys.stderr)
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
