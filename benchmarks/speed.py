"""Speed of tomtat against sumy's LexRank on every VN-MDS cluster, in one run on one input.

Usage (from the repository root, with the venv active)::

    python benchmarks/speed.py [--data ../shared/data/vnmds] [--runs 3] [--json OUT]

What is timed (best of ``--runs`` wall-clock runs each, same 149 clusters everywhere):

* ``tomtat batch`` end to end, as a user runs it: ``python -m tomtat.cli batch clusters.jsonl``
  in a fresh process (interpreter start, imports, reading JSON, normalization, sentence
  splitting, word segmentation, summarization, writing JSONL), with ``--jobs 1`` and with
  ``--jobs`` = all cores, for the default ``--segmenter syllables`` and for ``pyvi``;
* the same work in-process (``tomtat.batch.summarize_line`` over every line, no process start),
  and ``tomtat.documents.build_documents`` alone (the normalization + segmentation share);
* stock sumy ``LexRankSummarizer`` called the normal way (``PlaintextParser.from_string`` on each
  cluster's concatenated bodies with a regex tokenizer, 8 sentences), in-process: Python start
  and imports are NOT counted for sumy;
* ``tomtat.evaluation.peers.sumy_lexrank`` (sumy's LexRank with a numpy similarity matrix) on
  documents already built by ``build_documents`` (their building is not counted).

The headline ratio is stock sumy LexRank seconds / ``tomtat batch`` (all cores, end to end)
seconds. ``--json OUT`` writes every number so another script can render docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "vnmds"
PEER_BUDGET = 180  # syllables, tomtat's default budget
SUMY_SENTENCES = 8  # ~180 syllables of VN-MDS news sentences
TARGET_SPEEDUP = 20.0  # x faster than stock sumy LexRank
TARGET_RATE = 100.0  # clusters per second on 2 cores
STOCK_SUMY = "sumy_lexrank_stock"
HEADLINE = "batch_syllables_all_cores"


@dataclass
class Timing:
    """Wall-clock runs of one system over all clusters; ``seconds`` is the best run."""

    key: str
    system: str
    runs: list[float]
    clusters: int
    cpu_seconds: float | None = None  # user + sys of the best run, child processes included
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return min(self.runs)

    @property
    def clusters_per_second(self) -> float | None:
        return self.clusters / self.seconds if self.clusters else None

    def to_dict(self, reference: float) -> dict[str, Any]:
        return {
            "key": self.key,
            "system": self.system,
            "seconds": self.seconds,
            "runs": self.runs,
            "clusters": self.clusters,
            "clusters_per_second": self.clusters_per_second,
            # only whole-corpus runs are comparable with sumy over the same clusters
            "speedup_vs_stock_sumy": reference / self.seconds if self.clusters > 1 else None,
            "cpu_seconds": self.cpu_seconds,
            "note": self.note,
            **self.extra,
        }


class RegexTokenizer:
    """The tokenizer object sumy expects; NLTK's punkt data is not available offline."""

    language = "vietnamese"
    _sentence_end = re.compile(r"(?<=[.!?…])\s+")
    _word = re.compile(r"\w+")

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s for s in self._sentence_end.split(paragraph.strip()) if s)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(self._word.findall(sentence))


# ---------------------------------------------------------------------------- machine info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                return value.strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


def machine_info() -> dict[str, Any]:
    affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    status = _git("status", "--porcelain", "--untracked-files=no")
    return {
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(affinity) if affinity is not None else None,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "load_average_at_start": list(os.getloadavg()),
        "versions": {
            p: _version(p) for p in ("tomtat", "sumy", "numpy", "scipy", "pyvi", "underthesea")
        },
        "git_commit": _git("rev-parse", "HEAD"),
        "git_dirty": bool(status) if status is not None else None,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


# ---------------------------------------------------------------------------- input


def write_clusters(clusters: Sequence[Any], path: Path) -> None:
    """The ``tomtat batch`` input: one ``{"id", "documents": [article objects]}`` a line."""
    with path.open("w", encoding="utf-8") as out:
        for cluster in clusters:
            documents = []
            for article in cluster.articles:
                obj: dict[str, str] = {"id": article.id, "text": article.text}
                if article.title:
                    obj["title"] = article.title
                if article.published:
                    obj["published"] = article.published.isoformat()
                documents.append(obj)
            story = {"id": cluster.id, "documents": documents}
            out.write(json.dumps(story, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------- timing


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def time_command(
    key: str, system: str, command: list[str], clusters: int, runs: int, workdir: Path
) -> Timing:
    """Best-of-``runs`` wall time of a fresh process; checks it wrote one good line a cluster.

    One untimed run goes first, so that every run finds the modules byte-compiled, as in an
    installed package (pip compiles them at install time; an environment that sets
    PYTHONDONTWRITEBYTECODE would otherwise time the compiler on every start)."""
    walls: list[float] = []
    cpus: list[float] = []
    out_path = workdir / f"{key}.out.jsonl"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    for _ in range(runs):
        cpu0 = _cpu_children()
        with out_path.open("wb") as out:
            t0 = time.perf_counter()
            done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, check=False, env=env)
            walls.append(time.perf_counter() - t0)
        cpus.append(_cpu_children() - cpu0)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode()}")
    lines = out_path.read_bytes().splitlines()
    if len(lines) != clusters:
        sys.exit(f"{key}: expected {clusters} output lines, got {len(lines)}")
    _check_results([json.loads(line) for line in lines], key)
    best = walls.index(min(walls))
    return Timing(key, system, walls, clusters, cpus[best])


def _check_results(results: Sequence[dict[str, Any]], key: str) -> None:
    """Timings of failed stories would be meaningless: stop at the first error line."""
    for result in results:
        if "error" in result:
            sys.exit(f"{key}: story {result.get('id')} failed: {result['error']}")


def time_calls(
    key: str, system: str, work: Callable[[], object], clusters: int, runs: int, note: str = ""
) -> Timing:
    """Best-of-``runs`` wall time of an in-process call."""
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(runs):
        cpu0 = _cpu_self()
        t0 = time.perf_counter()
        work()
        walls.append(time.perf_counter() - t0)
        cpus.append(_cpu_self() - cpu0)
    best = walls.index(min(walls))
    return Timing(key, system, walls, clusters, cpus[best], note=note)


# ---------------------------------------------------------------------------- systems


def bench_tomtat_cli(jsonl: Path, clusters: int, args: argparse.Namespace) -> list[Timing]:
    base = [sys.executable, "-m", "tomtat.cli", "batch", str(jsonl), "--no-progress"]
    base += ["--method", args.method]
    all_cores = args.jobs
    segmenters = ["syllables", *args.segmenters]
    timings = []
    for segmenter in segmenters:
        for name, jobs, label in (
            ("jobs1", 1, "1 job"),
            ("all_cores", all_cores, f"{all_cores} jobs (all cores)"),
        ):
            key = f"batch_{segmenter}_{name}"
            command = [*base, "--jobs", str(jobs), "--segmenter", segmenter]
            timing = time_command(
                key,
                f"tomtat batch --segmenter {segmenter}, {label}",
                command,
                clusters,
                args.runs,
                jsonl.parent,
            )
            timing.note = "end to end: process start + imports + read + summarize + write"
            timings.append(timing)
    # fixed cost: interpreter start, and tomtat start + imports on a one-cluster input
    one = jsonl.parent / "one.jsonl"
    one.write_bytes(jsonl.read_bytes().splitlines(keepends=True)[0])
    startup = time_command(
        "startup_one_cluster",
        "tomtat batch on 1 cluster, 1 job",
        [*base[:4], str(one), *base[5:], "--jobs", "1"],
        1,
        args.runs,
        jsonl.parent,
    )
    startup.note = "fixed start-up cost (process + imports) plus one cluster"
    python = time_command(
        "python_startup",
        "python -c pass",
        [sys.executable, "-c", "pass"],
        0,
        args.runs,
        jsonl.parent,
    )
    python.note = "bare interpreter start"
    return [*timings, startup, python, _pooled_story(jsonl, base, args.runs)]


def _pooled_story(jsonl: Path, base: list[str], runs: int) -> Timing:
    """Every article as one story: the size a 'full coverage' page of a big event reaches."""
    from tomtat.selection.core import MAX_ARTICLES, MAX_SENTENCES

    lines = jsonl.read_text(encoding="utf-8").splitlines()
    documents = [d for line in lines for d in json.loads(line)["documents"]]
    pooled = jsonl.parent / "pooled.jsonl"
    story = {"id": "pooled", "documents": documents}
    pooled.write_text(json.dumps(story, ensure_ascii=False) + "\n", encoding="utf-8")
    command = [*base[:4], str(pooled), *base[5:], "--jobs", "1"]
    timing = time_command(
        "one_pooled_story",
        f"tomtat batch on one story of all {len(documents)} articles, 1 job",
        command,
        1,
        runs,
        jsonl.parent,
    )
    megabytes = _peak_memory_mb(command)
    timing.extra["peak_memory_mb"] = megabytes
    timing.note = (
        f"chosen from its core articles (≤ {MAX_ARTICLES}, ≤ {MAX_SENTENCES:,} sentences), "
        f"cited in all; peak memory {megabytes:.0f} MB"
    )
    return timing


def _peak_memory_mb(command: list[str]) -> float:
    """Peak resident memory of ``command``, measured by a parent that runs nothing else."""
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, check=True)
    return int(out.stdout) / 1024  # ru_maxrss is in KiB on Linux


def bench_tomtat_in_process(
    jsonl: Path, clusters: Sequence[Any], runs: int, method: str
) -> list[Timing]:
    from tomtat.batch import BatchOptions, summarize_line
    from tomtat.documents import build_documents

    lines = [line for line in jsonl.read_bytes().splitlines() if line.strip()]
    options = BatchOptions(method=method)
    origin = str(jsonl)
    # load the lazily imported modules and check every story summarizes
    _check_results(
        [summarize_line(line, f"{origin}:{n}", options) for n, line in enumerate(lines, 1)],
        "in_process_summarize_line",
    )

    def run_lines() -> None:
        for n, line in enumerate(lines, start=1):
            summarize_line(line, f"{origin}:{n}", options)

    def run_build() -> None:
        for cluster in clusters:
            build_documents(cluster.articles)

    return [
        time_calls(
            "in_process_summarize_line",
            "tomtat summarize_line, in-process, 1 core",
            run_lines,
            len(lines),
            runs,
            note="no process start, modules already imported",
        ),
        time_calls(
            "in_process_build_documents",
            "tomtat build_documents only, in-process",
            run_build,
            len(clusters),
            runs,
            note="normalization + sentence splitting + word segmentation share",
        ),
    ]


def bench_sumy(clusters: Sequence[Any], runs: int) -> list[Timing]:
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer

    from tomtat.documents import build_documents
    from tomtat.evaluation.peers import sumy_lexrank

    tokenizer = RegexTokenizer()
    texts = ["\n\n".join(a.text for a in cluster.articles) for cluster in clusters]

    def run_stock() -> None:
        summarizer = LexRankSummarizer()
        for text in texts:
            document = PlaintextParser.from_string(text, tokenizer).document
            summary = summarizer(document, SUMY_SENTENCES)
            if not summary:
                raise RuntimeError("stock sumy LexRank returned an empty summary")

    documents = [build_documents(cluster.articles)[0] for cluster in clusters]

    def run_peer() -> None:
        for docs in documents:
            sumy_lexrank(docs, PEER_BUDGET)

    return [
        time_calls(
            STOCK_SUMY,
            f"stock sumy LexRankSummarizer ({SUMY_SENTENCES} sentences), in-process",
            run_stock,
            len(clusters),
            runs,
            note="PlaintextParser + regex tokenizer + LexRank; Python start/imports not counted",
        ),
        time_calls(
            "sumy_lexrank_peer_numpy",
            f"tomtat peers.sumy_lexrank (numpy matrix, {PEER_BUDGET} syl), in-process",
            run_peer,
            len(clusters),
            runs,
            note="on documents pre-built by build_documents (their cost not counted)",
        ),
    ]


# ---------------------------------------------------------------------------- report


def print_report(report: dict[str, Any]) -> None:
    m = report["machine"]
    print(
        f"\nCPU: {m['cpu_model']} | cores: {m['cores']} | Python {m['python']} "
        f"({m['implementation']}) | load avg at start: "
        + ", ".join(f"{x:.2f}" for x in m["load_average_at_start"])
    )
    d = report["dataset"]
    print(f"Data: {d['path']} ({d['clusters']} clusters, {d['articles']} articles)")
    print(f"tomtat --method {report['config']['method']}\n")
    header = f"{'system':<62} {'seconds':>8} {'clusters/s':>11} {'vs sumy':>8} {'cpu s':>7}"
    print(header)
    print("-" * len(header))
    for r in report["results"]:
        rate, ratio = r["clusters_per_second"], r["speedup_vs_stock_sumy"]
        rate_text = f"{rate:11.1f}" if rate is not None else f"{'':11}"
        ratio_text = f"{ratio:7.1f}x" if ratio is not None else f"{'':8}"
        cpu = f"{r['cpu_seconds']:7.2f}" if r["cpu_seconds"] is not None else f"{'':7}"
        print(f"{r['system']:<62} {r['seconds']:8.3f} {rate_text} {ratio_text} {cpu}")
    print("\nvs sumy = stock sumy LexRank seconds / system seconds (higher is faster).")
    print("Stock sumy is timed in-process (its Python start and imports are not counted).")
    print("cpu s = user + sys CPU seconds of the best run, worker processes included.")
    t = report["targets"]
    print(
        f"\nHeadline: tomtat batch (all cores, end to end) is {t['speedup']:.1f}x stock sumy "
        f"LexRank (target >= {TARGET_SPEEDUP:.0f}x: {'PASS' if t['speedup_ok'] else 'FAIL'}); "
        f"{t['clusters_per_second']:.1f} clusters/s on {m['cores']} cores "
        f"(target >= {TARGET_RATE:.0f}/s on 2 cores: {'PASS' if t['rate_ok'] else 'FAIL'})"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="VN-MDS folder")
    parser.add_argument("--json", type=Path, help="write all numbers to this JSON file")
    parser.add_argument("--runs", type=int, default=3, help="runs per system (best is kept)")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="'all cores' job count"
    )
    parser.add_argument("--method", default="default", help="tomtat --method (default: default)")
    parser.add_argument(
        "--segmenters",
        type=lambda v: [x for x in v.split(",") if x],
        default=[s for s in ("pyvi", "underthesea") if importlib.util.find_spec(s) is not None],
        help="word segmenters timed beside syllables (comma-separated; default: installed ones)",
    )
    args = parser.parse_args(argv)

    from tomtat.evaluation import load_vnmds

    machine = machine_info()
    clusters = load_vnmds(args.data)
    with tempfile.TemporaryDirectory(prefix="tomtat-speed-") as tmp:
        jsonl = Path(tmp) / "clusters.jsonl"
        write_clusters(clusters, jsonl)
        dataset = {
            "path": str(args.data),
            "clusters": len(clusters),
            "articles": sum(len(c.articles) for c in clusters),
            "jsonl_bytes": jsonl.stat().st_size,
        }
        timings = bench_tomtat_cli(jsonl, len(clusters), args)
        timings += bench_tomtat_in_process(jsonl, clusters, args.runs, args.method)
    timings += bench_sumy(clusters, args.runs)

    by_key = {t.key: t for t in timings}
    reference = by_key[STOCK_SUMY].seconds
    headline = by_key[HEADLINE]
    rate = headline.clusters_per_second or 0.0
    machine["load_average_at_end"] = list(os.getloadavg())
    report = {
        "machine": machine,
        "dataset": dataset,
        "config": {
            "runs": args.runs,
            "method": args.method,
            "all_cores_jobs": args.jobs,
            "peer_budget_syllables": PEER_BUDGET,
            "sumy_sentences": SUMY_SENTENCES,
        },
        "results": [t.to_dict(reference) for t in timings],
        "targets": {
            "speedup": reference / headline.seconds,
            "speedup_target": TARGET_SPEEDUP,
            "speedup_ok": reference / headline.seconds >= TARGET_SPEEDUP,
            "clusters_per_second": rate,
            "clusters_per_second_target": TARGET_RATE,
            "rate_ok": rate >= TARGET_RATE,
        },
    }
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
