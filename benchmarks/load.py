"""Load benchmark of ``tomtat serve``: concurrent clients on loopback, then a kill -9 check.

Usage (from the repository root, with the venv active)::

    python benchmarks/load.py [--clients 50] [--seconds 60] [--db sqlite|postgresql://...]
                              [--data ../shared/data/vnmds] [--json benchmarks/results/load.json]

What is measured, in one run on one machine (clients and server share its cores):

1. Load. ``tomtat serve`` is started as a subprocess on a free port over a fresh temporary
   SQLite database (and, when ``--db postgresql://...`` is given, a second run over that
   database, which should be empty). ``--clients`` asyncio clients (one ``httpx.AsyncClient``
   connection each, no think time) run for ``--seconds``, each request drawn at random:
   60% ``POST /api/articles`` of 1 article (3 in 10 posts carry 2-5), 25%
   ``GET /api/stories?limit=20``, 15% ``GET /api/stories/{id}`` of a random story seen so far.
   Articles are the real VN-MDS ones (``*.body.txt`` + TITLE/TIME of ``*.info.txt``); when they
   run out they are posted again with a new id and a sentence added, so the store's dedup does
   not collapse them (synthetic articles when the data is absent). Reported: requests/s overall
   and per kind, p50/p95/p99 latency per kind, errors (a non-2xx answer or an exception), and
   lost articles: every article id acknowledged by a 2xx post is read back with
   ``GET /api/articles/{id}`` after the run; a missing one is lost.
2. kill -9. A fresh server on a fresh SQLite database, a few clients posting for about 10 s,
   then SIGKILL while posts are in flight; the server is restarted on the same database and
   every acknowledged article is looked up (acknowledged / present / lost).

``--json`` writes every number and the machine; :func:`render_markdown` renders the
"Service load" section of docs/benchmarks.md from that file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "vnmds"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "load.json"
SEED = 0
KINDS = ("post", "list", "story")
MIX = (0.60, 0.25, 0.15)  # post, list, story: mostly ingest, as a news feed would be
MULTI_POST_SHARE = 0.3  # posts carrying 2-5 articles rather than one
CLIENT_TIMEOUT = 120.0  # above the server's 30 s request limit: its 503 is what we count
START_TIMEOUT = 300.0  # a restart rebuilds the index from every stored article
KILL_CLIENTS = 4
KILL_AFTER = 10.0


# -- articles ------------------------------------------------------------------------------


def load_articles(data: Path) -> tuple[list[dict[str, Any]], str]:
    """The article objects to post, and where they come from."""
    if data.is_dir():
        from tomtat.evaluation.datasets import load_vnmds

        articles = [
            {
                "id": f"v{cluster.id}-{n}",
                "title": a.title,
                "text": a.text,
                "published": a.published.isoformat() if a.published else None,
            }
            for cluster in load_vnmds(data)
            for n, a in enumerate(cluster.articles)
        ]
        return articles, f"{len(articles)} VN-MDS articles"
    print(f"load.py: {data} not found; posting synthetic articles instead", file=sys.stderr)
    return [_synthetic(n) for n in range(300)], "synthetic (VN-MDS data not found)"


def _synthetic(n: int) -> dict[str, Any]:
    topic = n % 30  # ~10 articles per story, like VN-MDS clusters
    return {
        "id": f"s{n}",
        "title": f"Mưa lớn gây ngập ở tỉnh số {topic}",
        "text": f"Mưa lớn kéo dài ở tỉnh số {topic} làm {n * 7 + 3} hộ dân bị ngập. "
        f"Chính quyền đã cấp {n + 3} tấn gạo và {n * 11} thùng nước sạch cho người dân. "
        f"Lực lượng cứu hộ sơ tán {n * 2 + 5} người khỏi vùng nguy hiểm trong đêm.",
        "published": f"2023-09-{topic % 28 + 1:02d}T08:00:00+07:00",
    }


def article_stream(
    base: list[dict[str, Any]], tag: str, first_round: int = 0
) -> Iterator[dict[str, Any]]:
    """Every base article once (from round 0), then again and again with fresh ids and one
    added sentence naming ``tag`` and the round: a different normalized text, so the store's
    dedup keeps them as new articles, also in a database another run has filled."""
    rng = random.Random(SEED)
    round_ = first_round
    while True:
        order = list(base)
        rng.shuffle(order)
        for a in order:
            if round_ == 0:
                yield {**a, "id": f"{tag}-{a['id']}"}
            else:
                extra = f"Bản tin {tag} cập nhật lần {round_}, mã {rng.randrange(10**6)}."
                yield {**a, "id": f"{tag}-{a['id']}-r{round_}", "text": f"{a['text']}\n\n{extra}"}
        round_ += 1


# -- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A ``tomtat serve`` subprocess; its output goes to ``log``."""

    db_url: str
    log: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> float:
        """Start and wait until it answers; the seconds that took."""
        self.port = free_port()
        command = [sys.executable, "-m", "tomtat.cli", "serve", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--db", self.db_url]
        started = time.monotonic()
        with self.log.open("a") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        while True:
            if self.process.poll() is not None:
                tail = self.log.read_text(errors="replace")[-2000:]
                raise SystemExit(f"load.py: tomtat serve exited early:\n{tail}")
            try:
                if httpx.get(f"{self.base}/api/stories?limit=1", timeout=5).status_code == 200:
                    return time.monotonic() - started
            except httpx.HTTPError:
                pass
            if time.monotonic() - started > START_TIMEOUT:
                self.stop()
                raise SystemExit(f"load.py: tomtat serve did not answer in {START_TIMEOUT:g} s")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill9(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


# -- clients ---------------------------------------------------------------------------------


@dataclass
class Tally:
    """What the clients saw: latencies per kind, errors, acknowledged ids, known stories."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    error_samples: list[str] = field(default_factory=list)
    acknowledged: set[str] = field(default_factory=set)
    created: int = 0
    duplicates: int = 0  # acknowledged with created: false
    articles_posted: int = 0
    stories: list[str] = field(default_factory=list)
    story_set: set[str] = field(default_factory=set)
    in_flight: int = 0

    def error(self, kind: str, what: str) -> None:
        self.errors[kind] += 1
        if len(self.error_samples) < 20:  # enough to see the cause without flooding the JSON
            self.error_samples.append(f"{kind}: {what}")

    def see_story(self, story_id: str) -> None:
        if story_id not in self.story_set:
            self.story_set.add(story_id)
            self.stories.append(story_id)


async def post(
    client: httpx.AsyncClient, articles: Iterator[dict[str, Any]], count: int, tally: Tally
) -> None:
    batch = [next(articles) for _ in range(count)]
    body: Any = batch[0] if count == 1 else {"articles": batch}
    response = await client.post("/api/articles", json=body)
    if response.status_code // 100 != 2:
        raise _Status(response)
    for entry in response.json()["articles"]:
        tally.acknowledged.add(entry["id"])
        tally.see_story(entry["story"])
        if entry["created"]:
            tally.created += 1
        else:
            tally.duplicates += 1
    tally.articles_posted += count


class _Status(Exception):
    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"{response.status_code} {response.text[:200]}")


async def one_request(
    client: httpx.AsyncClient,
    kind: str,
    rng: random.Random,
    articles: Iterator[dict[str, Any]],
    tally: Tally,
) -> None:
    if kind == "post":
        count = rng.randint(2, 5) if rng.random() < MULTI_POST_SHARE else 1
        await post(client, articles, count, tally)
    elif kind == "list":
        response = await client.get("/api/stories", params={"limit": 20})
        if response.status_code // 100 != 2:
            raise _Status(response)
        for story in response.json()["stories"]:
            tally.see_story(story["id"])
    else:
        response = await client.get(f"/api/stories/{rng.choice(tally.stories)}")
        if response.status_code // 100 != 2:
            raise _Status(response)


async def client_loop(
    base: str,
    seed: int,
    until: float,
    articles: Iterator[dict[str, Any]],
    tally: Tally,
    kinds: tuple[str, ...] = KINDS,
    weights: tuple[float, ...] = MIX,
    stop: asyncio.Event | None = None,
) -> None:
    rng = random.Random(seed)
    # one connection per client, kept alive: what a real app or scraper would do
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    # a story id from an earlier answer may have been merged since: the server redirects
    async with httpx.AsyncClient(
        base_url=base, timeout=CLIENT_TIMEOUT, limits=limits, follow_redirects=True
    ) as client:
        while time.monotonic() < until and not (stop and stop.is_set()):
            kind = rng.choices(kinds, weights)[0]
            if kind == "story" and not tally.stories:
                kind = "list"  # nothing to ask for yet
            started = time.monotonic()
            tally.in_flight += 1
            try:
                await one_request(client, kind, rng, articles, tally)
            except _Status as exc:
                tally.error(kind, str(exc))
            except (httpx.HTTPError, OSError, ValueError, KeyError) as exc:
                tally.error(kind, f"{type(exc).__name__}: {exc}")
            else:
                tally.latencies[kind].append(time.monotonic() - started)
            finally:
                tally.in_flight -= 1


async def read_back(base: str, ids: set[str], concurrency: int = 8) -> list[str]:
    """The acknowledged ids that ``GET /api/articles/{id}`` does not find."""
    missing: list[str] = []
    queue = sorted(ids)
    async with httpx.AsyncClient(base_url=base, timeout=CLIENT_TIMEOUT) as client:

        async def worker() -> None:
            while queue:
                article_id = queue.pop()
                for _ in range(3):  # a transient error is not a lost article
                    try:
                        response = await client.get(f"/api/articles/{article_id}")
                    except httpx.HTTPError:
                        await asyncio.sleep(1)
                        continue
                    if response.status_code != 200 or response.json().get("id") != article_id:
                        missing.append(article_id)
                    break
                else:
                    missing.append(article_id)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return missing


# -- the two experiments ---------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (no interpolation: a value that was actually observed)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def summarize_tally(tally: Tally, seconds: float) -> dict[str, Any]:
    kinds = {}
    for kind in KINDS:
        lat = tally.latencies[kind]
        kinds[kind] = {
            "ok": len(lat),
            "errors": tally.errors[kind],
            "rps": len(lat) / seconds,
            "p50_ms": _ms(percentile(lat, 50)),
            "p95_ms": _ms(percentile(lat, 95)),
            "p99_ms": _ms(percentile(lat, 99)),
            "max_ms": _ms(max(lat) if lat else None),
        }
    ok = sum(k["ok"] for k in kinds.values())
    return {
        "seconds": seconds,
        "requests_ok": ok,
        "errors": sum(tally.errors.values()),
        "rps": ok / seconds,
        "kinds": kinds,
        "articles_posted": tally.articles_posted,
        "articles_per_second": tally.articles_posted / seconds,
        "acknowledged": len(tally.acknowledged),
        "created": tally.created,
        "duplicates": tally.duplicates,
        "stories_seen": len(tally.stories),
        "error_samples": tally.error_samples,
    }


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


async def _load(
    server: Server, clients: int, seconds: float, articles: Iterator[dict[str, Any]]
) -> tuple[Tally, float]:
    tally = Tally()
    started = time.monotonic()
    until = started + seconds
    await asyncio.gather(
        *(client_loop(server.base, SEED + n, until, articles, tally) for n in range(clients))
    )
    # the wall time includes the requests still running at the deadline
    return tally, time.monotonic() - started


def run_load(
    name: str, db_url: str, clients: int, seconds: float, base: list[dict[str, Any]], logs: Path
) -> dict[str, Any]:
    print(f"== load: {name}, {clients} clients, {seconds:g} s", flush=True)
    server = Server(db_url, logs / f"serve-{name}.log")
    startup = server.start()
    try:
        tally, wall = asyncio.run(_load(server, clients, seconds, article_stream(base, name)))
        print(f"   reading back {len(tally.acknowledged)} acknowledged articles", flush=True)
        missing = asyncio.run(read_back(server.base, tally.acknowledged))
        stored = httpx.get(f"{server.base}/api/stories?limit=1000", timeout=CLIENT_TIMEOUT)
        stories = stored.json()["stories"] if stored.status_code == 200 else []
    finally:
        server.stop()
    result = {"database": name, "clients": clients, "startup_seconds": startup}
    result |= summarize_tally(tally, wall)
    result |= {
        "lost": len(missing),
        "lost_sample": missing[:20],
        "stories_at_end": len(stories),
        "articles_in_stories_at_end": sum(s["size"] for s in stories),
    }
    return result


async def _ingest_until_killed(
    server: Server, articles: Iterator[dict[str, Any]], tally: Tally
) -> int:
    """Post from a few clients and SIGKILL the server after KILL_AFTER s while posts are in
    flight; the number of posts in flight at the kill (each fails: not acknowledged)."""
    stop = asyncio.Event()
    until = time.monotonic() + 3600  # the clients stop on ``stop``
    tasks = [
        asyncio.create_task(
            client_loop(server.base, 100 + n, until, articles, tally, ("post",), (1.0,), stop)
        )
        for n in range(KILL_CLIENTS)
    ]
    await asyncio.sleep(KILL_AFTER)
    deadline = time.monotonic() + 10
    while tally.in_flight == 0 and time.monotonic() < deadline:  # kill mid-ingest
        await asyncio.sleep(0.001)
    in_flight = tally.in_flight
    stop.set()  # no new request; the ones in flight fail when the server dies
    server.kill9()
    await asyncio.gather(*tasks)
    return in_flight


def run_kill9(
    name: str, db_url: str, base: list[dict[str, Any]], logs: Path, state: str
) -> dict[str, Any]:
    print(f"== kill -9: {name}, {KILL_CLIENTS} clients posting, SIGKILL after ~{KILL_AFTER:g} s")
    server = Server(db_url, logs / f"serve-kill-{name}.log")
    server.start()
    tally = Tally()
    try:
        in_flight = asyncio.run(
            _ingest_until_killed(server, article_stream(base, f"kill{name}", 1), tally)
        )
    finally:
        server.stop()
    restart = server.start()
    try:
        missing = asyncio.run(read_back(server.base, tally.acknowledged))
    finally:
        server.stop()
    return {
        "database": name,
        "clients": KILL_CLIENTS,
        "database_state": state,
        "killed_after_seconds": KILL_AFTER,
        "posts_acknowledged": len(tally.latencies["post"]),
        "posts_in_flight_at_kill": in_flight,
        "failed_posts_at_kill": tally.errors["post"],  # in flight when the server died
        "acknowledged": len(tally.acknowledged),
        "created": tally.created,
        "duplicates": tally.duplicates,
        "present": len(tally.acknowledged) - len(missing),
        "lost": len(missing),
        "lost_sample": missing[:20],
        "restart_seconds": restart,
    }


# -- machine and report ----------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for package in ("tomtat", "fastapi", "uvicorn", "sqlalchemy", "psycopg", "httpx"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit + ("+dirty" if dirty else ""),
    }


def _f(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def render_markdown(results: dict[str, Any]) -> str:
    """The "Service load" section of docs/benchmarks.md, from ``load.json``."""
    m, c = results["machine"], results["config"]
    out = [
        "## Service load",
        "",
        f"`tomtat serve` under {c['clients']} concurrent clients for {c['seconds']:g} s on "
        f"loopback ({c['articles']}). Latency in ms; errors are non-2xx answers or failed "
        "requests; lost = articles acknowledged by a 2xx post that `GET /api/articles/{id}` "
        "does not find afterwards.",
        "",
        "| database | requests/s | articles/s | errors | acknowledged | lost | stories at end |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results["load"]:
        out.append(
            f"| {r['database']} | {_f(r['rps'], 1)} | {_f(r['articles_per_second'], 1)} | "
            f"{r['errors']} | {r['acknowledged']:,} | {r['lost']} | {r['stories_at_end']:,} |"
        )
    for r in results["load"]:
        causes = sorted(set(r["error_samples"]))
        if causes:
            out += ["", f"Errors on {r['database']}: " + "; ".join(f"`{c}`" for c in causes)]
    out += [
        "",
        "| database | request | requests/s | p50 | p95 | p99 | max | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    labels = {
        "post": "`POST /api/articles`",
        "list": "`GET /api/stories?limit=20`",
        "story": "`GET /api/stories/{id}`",
    }
    for r in results["load"]:
        for kind in KINDS:
            k = r["kinds"][kind]
            out.append(
                f"| {r['database']} | {labels[kind]} | {_f(k['rps'], 1)} | {_f(k['p50_ms'])} | "
                f"{_f(k['p95_ms'])} | {_f(k['p99_ms'])} | {_f(k['max_ms'])} | {k['errors']} |"
            )
    out += [
        "",
        "kill -9 during ingest (then restart on the same database):",
        "",
        "| database | state | clients posting | acknowledged | present after restart | lost "
        "| posts failed at the kill | restart s |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for k in results["kill9"]:
        out.append(
            f"| {k['database']} | {k['database_state']} | {k['clients']} | {k['acknowledged']} | "
            f"{k['present']} | "
            f"{k['lost']} | {k['failed_posts_at_kill']} | {k['restart_seconds']:.1f} |"
        )
    out += [
        "",
        f"Method (`python benchmarks/load.py`): the server runs as a subprocess on the same "
        f"machine as the clients ({m['cores']} cores, {m['cpu']}, Python {m['python']}, "
        f"uvicorn {m['versions']['uvicorn']}, commit {m['commit']}), over an empty database. "
        "Each client is an asyncio task with one keep-alive `httpx` connection and no think "
        "time; each request is drawn at random: 60% posts of one article (3 in 10 posts carry "
        "2-5), 25% story listings, 15% a random known story's page (its cited summary is built "
        "on first request, then cached). Articles are the VN-MDS ones; once all are posted they "
        "are posted again with new ids and one added sentence so they are stored, not "
        "deduplicated, so the store grows all through the run. Every post regroups the store "
        "incrementally under one writer lock (concurrent posts share one group commit), so "
        "ingest throughput is bounded by grouping, not HTTP. Percentiles are nearest-rank over "
        "all requests of the run, warm-up included. The kill -9 check: "
        f"{results['kill9'][0]['clients'] if results['kill9'] else KILL_CLIENTS} clients post "
        "for ~10 s (new texts, so nothing is a duplicate), the server gets SIGKILL with posts "
        "in flight, restarts on the same database (a fresh SQLite file; on PostgreSQL the "
        "database the load run filled), and every acknowledged id is read back.",
    ]
    return "\n".join(out) + "\n"


def print_table(results: dict[str, Any]) -> None:
    for r in results["load"]:
        print(
            f"\n{r['database']}: {r['rps']:.1f} req/s, {r['articles_per_second']:.1f} articles/s,"
            f" errors {r['errors']}, acknowledged {r['acknowledged']}, lost {r['lost']}, "
            f"stories {r['stories_at_end']}"
        )
        print(f"  {'kind':6s} {'ok':>6s} {'req/s':>7s} {'p50':>8s} {'p95':>8s} {'p99':>8s} err")
        for kind in KINDS:
            k = r["kinds"][kind]
            print(
                f"  {kind:6s} {k['ok']:6d} {k['rps']:7.1f} {_f(k['p50_ms']):>8s} "
                f"{_f(k['p95_ms']):>8s} {_f(k['p99_ms']):>8s} {k['errors']}"
            )
        for sample in r["error_samples"][:5]:
            print(f"  error: {sample}")
    for k in results["kill9"]:
        print(
            f"\nkill -9 ({k['database']}): acknowledged {k['acknowledged']}, present "
            f"{k['present']}, lost {k['lost']}, {k['failed_posts_at_kill']} posts failed at "
            f"the kill, restart {k['restart_seconds']:.1f} s"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--db",
        default="sqlite",
        help="sqlite (a fresh temporary file), or a postgresql:// URL of an empty database "
        "to run against as well",
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    parser.add_argument("--no-kill", action="store_true", help="skip the kill -9 check")
    parser.add_argument(
        "--logs", type=Path, default=None, help="keep the servers' logs in this folder"
    )
    args = parser.parse_args(argv)
    if args.db != "sqlite" and not args.db.startswith(("postgresql://", "postgres://")):
        parser.error("--db must be sqlite or a postgresql:// URL")

    base, source = load_articles(args.data)
    results: dict[str, Any] = {
        "machine": machine(),
        "config": {
            "clients": args.clients,
            "seconds": args.seconds,
            "mix": dict(zip(KINDS, MIX, strict=True)),
            "multi_post_share": MULTI_POST_SHARE,
            "articles": source,
        },
        "load": [],
        "kill9": [],
    }
    with tempfile.TemporaryDirectory(prefix="tomtat-load-") as folder:
        tmp = Path(folder)
        logs = args.logs or tmp
        logs.mkdir(parents=True, exist_ok=True)
        targets = [("sqlite", f"sqlite:///{tmp / 'load.sqlite'}")]
        if args.db != "sqlite":
            targets.append(("postgresql", args.db))
        for name, url in targets:
            results["load"].append(run_load(name, url, args.clients, args.seconds, base, logs))
        if not args.no_kill:
            # a fresh SQLite file; on PostgreSQL the database of the load run, grown by it
            kill_targets = [("sqlite", f"sqlite:///{tmp / 'kill.sqlite'}", "fresh")]
            kill_targets += [(name, url, "filled by the load run") for name, url in targets[1:]]
            for name, url, state in kill_targets:
                results["kill9"].append(run_kill9(name, url, base, logs, state))
    print_table(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
