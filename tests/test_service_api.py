"""The HTTP service (``tomtat serve``): every endpoint through FastAPI's test client, against
SQLite and against a real PostgreSQL server, plus a kill -9 during ingest of a real process.

PostgreSQL: ``TOMTAT_TEST_POSTGRES_URL`` (a role that may create databases) names a server;
without it a throwaway server is started from Debian's postgresql binaries if installed. The
PostgreSQL cases are skipped, with the reason, only when neither is possible.
"""

from __future__ import annotations

import contextlib
import glob
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the service needs tomtat[serve]")

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tomtat.api import summarize_documents
from tomtat.documents import build_documents
from tomtat.readers import read_inputs
from tomtat.service import create_app
from tomtat.service.store import SCHEMA_VERSION, StoreError, engine_url

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sat-lo-song-may"

BRIDGE = [
    {
        "id": "cau-1",
        "title": "Khánh thành cầu Bến Sỏi nối hai huyện ven biển",
        "source": "Báo Hải Lam",
        "url": "https://example.vn/cau-ben-soi-1",
        "published": "2026-10-20T09:00:00",
        "text": "Sáng 20/10, UBND tỉnh Hải Lam khánh thành cầu Bến Sỏi bắc qua sông Trà Mi, nối "
        "huyện Đông Phố với huyện Cát Hải. Cây cầu dài 1,2 km, rộng 16 m, có tổng vốn đầu tư "
        "780 tỷ đồng từ ngân sách tỉnh. Theo chủ đầu tư, cầu được thi công trong 26 tháng, sớm "
        "hơn kế hoạch 4 tháng. Người dân hai huyện trước đây phải đi phà mất khoảng 40 phút, "
        "nay chỉ cần 5 phút để qua sông.",
    },
    {
        "id": "cau-2",
        "title": "Cầu Bến Sỏi thông xe, người dân hết cảnh chờ phà",
        "source": "Tin Nhanh",
        "published": "2026-10-20T15:30:00",
        "text": "Cầu Bến Sỏi dài 1,2 km nối huyện Đông Phố và huyện Cát Hải của tỉnh Hải Lam đã "
        "chính thức thông xe sáng 20/10. Công trình có tổng vốn 780 tỷ đồng và hoàn thành sớm 4 "
        "tháng so với kế hoạch. Ông Lê Văn Tám, một người dân xã Cát Thành, cho biết trước đây "
        "mỗi ngày ông phải chờ phà gần một giờ để chở hàng sang chợ Đông Phố. Bến phà Trà Mi sẽ "
        "ngừng hoạt động từ ngày 1/11.",
    },
]


EXAMPLE_ARTICLES = read_inputs([EXAMPLE]).articles
LANDSLIDE = [a.to_dict() for a in EXAMPLE_ARTICLES]


# -- databases ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_postgres() -> Iterator[str | None]:
    """A throwaway PostgreSQL server from the installed binaries: yields its URL, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    initdb = found[-1] if found else shutil.which("initdb")
    if initdb is None:
        yield None
        return
    bindir = Path(initdb).parent
    folder = Path(tempfile.mkdtemp(prefix="tomtat-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        runuser = shutil.which("runuser")
        if runuser is None:
            yield None
            return
        shutil.chown(folder, "postgres", "postgres")
        prefix = [runuser, "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "timeout": 120}
    try:
        subprocess.run(
            [*prefix, initdb, "-D", str(data), "-A", "trust", "-U", "tomtat", "-E", "UTF8"],
            check=True,
            **quiet,
        )
        options = f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off"
        pg_ctl = str(bindir / "pg_ctl")
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-o", options, "-w", "start"], **quiet)
    except (OSError, subprocess.SubprocessError):
        yield None
        shutil.rmtree(folder, ignore_errors=True)
        return
    try:
        yield f"postgresql://tomtat@/postgres?host={folder}&port={port}"
    finally:
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], **quiet)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    url = os.environ.get("TOMTAT_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    servers = _start_postgres()
    started = next(servers)
    if started is None:
        pytest.skip(
            "PostgreSQL tests skipped: TOMTAT_TEST_POSTGRES_URL is not set and no server could "
            "be started (install Debian's postgresql package, or set the variable)"
        )
    try:
        with create_engine(engine_url(started)).connect():
            pass
    except Exception as error:  # a server that does not answer: say why
        pytest.skip(f"PostgreSQL tests skipped: the started server does not answer ({error})")
    yield started
    with contextlib.suppress(StopIteration):
        next(servers)


_databases = iter(range(1, 10**6))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database for each test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tomtat.sqlite'}"
        return
    server = request.getfixturevalue("postgres_server")
    name = f"tomtat_test_{os.getpid()}_{next(_databases)}"
    admin = create_engine(engine_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(engine_url(server)).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        _drop_database(admin, name)
        admin.dispose()


def _drop_database(admin: Any, name: str) -> None:
    """Drop a test database, closing what is still connected. An autovacuum worker that
    happens to be in it belongs to the superuser, whom FORCE may not terminate (SQLSTATE
    42501): it finishes in moments on a database this small, so try again."""
    from sqlalchemy.exc import DBAPIError

    for attempt in range(40):
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) != "42501" or attempt == 39:
                raise
            time.sleep(0.25)


@pytest.fixture
def make_client(db_url: str) -> Iterator[Any]:
    clients: list[TestClient] = []

    def make(**limits: Any) -> TestClient:
        client = TestClient(create_app(db_url, **limits), raise_server_exceptions=False)
        client.__enter__()  # runs the lifespan: closes the store at the end
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Any) -> TestClient:
    return make_client()


def _error(response: Any, status: int, *needles: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and isinstance(body["error"], str)
    assert "Traceback" not in response.text and 'File "' not in response.text
    for needle in needles:
        assert needle in body["error"]
    return body["error"]


def _post(client: TestClient, body: Any) -> list[dict[str, Any]]:
    response = client.post("/api/articles", json=body)
    assert response.status_code == 200, response.text
    return response.json()["articles"]


# -- summarize ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options", [{}, {"budget": 40, "unit": "words", "method": "lead", "fill": True}]
)
def test_summarize_equals_the_python_api(client: TestClient, options: dict[str, Any]) -> None:
    response = client.post("/api/summarize", json={"documents": LANDSLIDE, **options})
    assert response.status_code == 200, response.text
    documents, dropped = build_documents(read_inputs([EXAMPLE]).articles)
    expected = summarize_documents(documents, warnings=dropped, **options).to_dict()
    assert response.json() == json.loads(json.dumps(expected))


def test_summarize_can_return_the_texts_citations_point_into(client: TestClient) -> None:
    body = {"documents": LANDSLIDE, "include_text": True}
    response = client.post("/api/summarize", json=body)
    assert response.status_code == 200, response.text
    result = response.json()
    texts = {d["id"]: d["text"] for d in result["documents"]}
    for sentence in result["sentences"]:
        own = sentence["sources"][0]
        assert texts[own["document"]][own["start"] : own["end"]] == sentence["text"]


def test_summarize_keeps_the_ids_a_client_chose(client: TestClient) -> None:
    unnamed, named = ({"text": doc["text"]} for doc in LANDSLIDE[:2])
    body = {"documents": [unnamed, named | {"id": "1"}], "include_text": True}
    result = client.post("/api/summarize", json=body).json()
    # "1" is the client's; the article numbered 1 by its position gives way
    assert [d["id"] for d in result["documents"]] == ["1-2", "1"]
    assert result["warnings"] == ["documents[0]: duplicate id '1' renamed to '1-2'"]


def test_summarize_rejects_bad_requests(client: TestClient) -> None:
    _error(client.post("/api/summarize", json={"documents": []}), 422, "documents")
    _error(
        client.post("/api/summarize", json={"documents": [{"title": "x"}]}),
        422,
        'documents[0]: missing required field "text"',
    )
    bad_date = {"documents": [{"text": "Một câu đủ dài để tóm tắt.", "published": "hôm nao"}]}
    _error(client.post("/api/summarize", json=bad_date), 422, "cannot parse date")
    _error(client.post("/api/summarize", json={"documents": LANDSLIDE, "budget": 0}), 422)
    _error(client.post("/api/summarize", json={"documents": LANDSLIDE, "unit": "pages"}), 422)
    _error(client.post("/api/summarize", json={"documents": LANDSLIDE, "method": "gpt"}), 422)
    _error(client.post("/api/summarize", json={"documents": LANDSLIDE, "x": 1}), 422, "x")
    # JSON types as documented, not strings that look like them
    _error(client.post("/api/summarize", json={"documents": LANDSLIDE, "budget": "5"}), 422)
    _error(client.post("/api/summarize", json={"documents": LANDSLIDE, "fill": "yes"}), 422)


# -- articles and stories -------------------------------------------------------------------


def test_post_articles_in_every_shape_groups_them_into_stories(client: TestClient) -> None:
    landslide = _post(client, LANDSLIDE[:3])  # a list
    landslide += _post(client, {"articles": LANDSLIDE[3:]})  # a batch
    bridge = _post(client, BRIDGE[0]) + _post(client, BRIDGE[1])  # one object each
    assert [a["id"] for a in landslide] == [a["id"] for a in LANDSLIDE]
    assert all(a["created"] for a in landslide + bridge)
    assert len({a["story"] for a in landslide}) == 1
    assert len({a["story"] for a in bridge}) == 1
    assert landslide[0]["story"] != bridge[0]["story"]

    stories = client.get("/api/stories").json()["stories"]
    assert [s["size"] for s in stories] == [5, 2]  # largest first
    first, second = stories
    assert set(first) >= {"id", "title", "documents", "updated", "size", "outlets", "start"}
    assert first["documents"] == [a["id"] for a in LANDSLIDE]
    assert first["id"] == landslide[0]["story"] and first["title"]
    assert second["documents"] == ["cau-1", "cau-2"]
    assert second["outlets"] == ["Báo Hải Lam", "Tin Nhanh"]
    assert (second["start"], second["end"]) == ("2026-10-20T09:00:00", "2026-10-20T15:30:00")
    assert second["updated"] == "2026-10-20T15:30:00"

    assert client.get("/api/stories?limit=1").json()["stories"] == [first]
    since = client.get("/api/stories", params={"since": "2026-11-01T00:00:00"}).json()
    assert [s["id"] for s in since["stories"]] == [first["id"]]


def test_reposting_does_not_duplicate_by_url_or_by_text(client: TestClient) -> None:
    first = _post(client, BRIDGE[0])[0]
    assert first["created"] and not first["updated"]
    # same url, another id, the same text spaced otherwise: the stored article, unchanged
    # (another text at that url is a new version: see the tests of updates below)
    spaced = BRIDGE[0]["text"].replace(". ", ".\n")
    again = _post(client, {**BRIDGE[0], "id": "other", "text": spaced, "source": "X"})[0]
    assert again == {**first, "created": False}
    assert client.get("/api/articles/cau-1").json()["source"] == "Báo Hải Lam"
    # same normalized text (NFD accents, extra spaces), no url, no id: the stored article

    respaced = unicodedata.normalize("NFD", BRIDGE[0]["text"]).replace(". ", ".   ")
    again = _post(client, {"text": respaced, "title": BRIDGE[0]["title"]})[0]
    assert again == {**first, "created": False}
    # within one request too
    batch = _post(client, [BRIDGE[1], {**BRIDGE[1], "id": "copy"}])
    assert batch[0]["created"] and batch[1] == {**batch[0], "created": False}
    sizes = [s["size"] for s in client.get("/api/stories").json()["stories"]]
    assert sum(sizes) == 2


def test_a_taken_id_is_renamed_and_a_missing_one_is_given(client: TestClient) -> None:
    assert _post(client, BRIDGE[0])[0]["id"] == "cau-1"
    other = {**BRIDGE[1], "id": "cau-1"}
    assert _post(client, other)[0]["id"] == "cau-1-2"
    given = _post(client, {"text": LANDSLIDE[0]["text"]})[0]
    assert given["created"] and given["id"] not in ("", "cau-1", "cau-1-2")
    assert client.get(f"/api/articles/{given['id']}").status_code == 200


def test_get_article_gives_metadata_and_the_text_citations_index(client: TestClient) -> None:
    _post(client, LANDSLIDE + BRIDGE)
    article = client.get("/api/articles/cau-1").json()
    assert article["title"] == BRIDGE[0]["title"]
    assert article["source"] == "Báo Hải Lam" and article["url"] == BRIDGE[0]["url"]
    assert article["published"] == "2026-10-20T09:00:00"
    assert article["text"].startswith("Sáng 20/10, UBND tỉnh Hải Lam")
    assert article["story"] == client.get("/api/stories").json()["stories"][1]["id"]

    story_id = client.get("/api/stories").json()["stories"][0]["id"]
    story = client.get(f"/api/stories/{story_id}").json()
    texts = {d: client.get(f"/api/articles/{d}").json()["text"] for d in story["documents"]}
    for sentence in story["sentences"]:
        spans = [texts[c["document"]][c["start"] : c["end"]] for c in sentence["sources"]]
        assert sentence["text"] in spans  # the sentence stands in a cited article


def test_story_has_summary_timeline_sources_and_is_cached(client: TestClient) -> None:
    ids = _post(client, LANDSLIDE)
    story_id = ids[0]["story"]
    response = client.get(f"/api/stories/{story_id}")
    assert response.status_code == 200, response.text
    story = response.json()
    assert story["id"] == story_id and story["summary"] and story["timeline"]
    assert story["documents"] == [a["id"] for a in LANDSLIDE]
    assert {s["id"] for s in story["sources"]} <= set(story["documents"])
    assert story["size"] == 5 and story["title"]
    with client.app.state.store._sessions() as session:  # cached in the summaries table
        assert session.execute(text("SELECT count(*) FROM summaries")).scalar() == 1
    assert client.get(f"/api/stories/{story_id}").json() == story
    _error(client.get("/api/stories/s999"), 404, "s999")


def test_a_summary_built_before_a_change_is_never_served_after_it(client: TestClient) -> None:
    # Built while a writer holds the lock (so kept in memory), then the article is deleted
    # and posted again under its id with another figure: the old summary must not come back.
    store = client.app.state.store
    story = _post(client, BRIDGE)[0]["story"]
    with store._lock:
        old = store.story(story)
    assert client.delete("/api/articles/cau-2").status_code == 200
    fixed = dict(BRIDGE[1], text=BRIDGE[1]["text"].replace("780", "800"))
    assert "800" in fixed["text"] and _post(client, [fixed])[0]["story"] == story
    now = client.get(f"/api/stories/{story}").json()
    assert now != old
    assert "800" in json.dumps(now, ensure_ascii=False)


def test_a_merged_story_id_leads_to_the_story_holding_its_articles(client: TestClient) -> None:
    store = client.app.state.store
    landslide = _post(client, LANDSLIDE)[0]["story"]
    bridge = _post(client, BRIDGE)[0]["story"]
    assert landslide != bridge
    # Later articles can show the index that two stories are one; forced here, as the index
    # does it: the merged story keeps one story's index id, the other id is emptied.
    index_id = {name: index_id for index_id, name in store._names.items()}[landslide]
    merged = SimpleNamespace(
        id=index_id, articles=[a["id"] for a in LANDSLIDE + BRIDGE], title="Sạt lở và cầu"
    )
    with store._lock, store._sessions.begin() as session:
        store._sync(session, SimpleNamespace(stories=lambda: [merged]))
    answer = client.get(f"/api/stories/{bridge}", follow_redirects=False)
    assert answer.status_code == 308, answer.text
    assert answer.headers["location"] == landslide  # relative: /api/stories/<landslide>
    story = client.get(f"/api/stories/{bridge}").json()  # clients follow it
    assert story["id"] == landslide
    assert {a["id"] for a in BRIDGE} <= set(story["documents"])
    listed = [s["id"] for s in client.get("/api/stories").json()["stories"]]
    assert listed == [landslide]
    _error(client.get("/api/stories/s999"), 404, "s999")


def test_delete_updates_the_story(client: TestClient) -> None:
    ids = _post(client, LANDSLIDE + BRIDGE)
    story_id = ids[0]["story"]
    before = client.get(f"/api/stories/{story_id}").json()
    assert client.delete("/api/articles/01-tin-nhanh").json() == {"deleted": "01-tin-nhanh"}
    _error(client.get("/api/articles/01-tin-nhanh"), 404)
    _error(client.delete("/api/articles/01-tin-nhanh"), 404, "01-tin-nhanh")
    after = client.get(f"/api/stories/{story_id}").json()
    assert after["documents"] == before["documents"][1:] and after["size"] == 4
    assert "01-tin-nhanh" not in {c["document"] for s in after["sentences"] for c in s["sources"]}
    # deleting a story's last article ends the story
    bridge_story = ids[-1]["story"]
    client.delete("/api/articles/cau-1")
    client.delete("/api/articles/cau-2")
    _error(client.get(f"/api/stories/{bridge_story}"), 404)
    assert [s["id"] for s in client.get("/api/stories").json()["stories"]] == [story_id]
    # the deleted text may come back, as a new article
    assert _post(client, LANDSLIDE[0])[0] == {
        "id": "01-tin-nhanh",
        "story": story_id,
        "created": True,
        "updated": False,
    }


def test_restart_keeps_articles_stories_and_their_ids(make_client: Any) -> None:
    first = make_client()
    ids = _post(first, LANDSLIDE[:4] + BRIDGE[:1])
    stories = first.get("/api/stories").json()
    first.__exit__(None, None, None)
    second = make_client()
    assert second.get("/api/stories").json() == stories
    more = _post(second, [LANDSLIDE[4], BRIDGE[1]])
    assert [a["story"] for a in more] == [ids[0]["story"], ids[-1]["story"]]


def test_post_url_fetches_once(make_client: Any) -> None:
    client = make_client(allow_private_urls=True)  # the page is on this machine
    handler = partial(SimpleHTTPRequestHandler, directory=str(EXAMPLE))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/03-bao-dien-tu.html"
    try:
        first = _post(client, {"url": url})[0]
        assert first["created"]
        server.shutdown()  # a repeated url is answered from the store
        assert _post(client, {"url": url})[0] == {**first, "created": False}
        # pasted with spaces: the same address, as in an article object
        assert _post(client, {"url": f"  {url} "})[0] == {**first, "created": False}
    finally:
        server.server_close()
    article = client.get(f"/api/articles/{first['id']}").json()
    assert article["url"] == url and "sạt lở" in article["text"].lower()
    _error(client.post("/api/articles", json={"url": "ftp://x"}), 422, "url")


def test_a_url_post_keeps_the_id_it_names(make_client: Any) -> None:
    client = make_client(allow_private_urls=True)  # the page is on this machine
    with _web_server("127.0.0.1") as (server, _handler):
        url = f"http://127.0.0.1:{server.server_port}/03-bao-dien-tu.html"
        _error(client.post("/api/articles", json={"url": url, "id": "a/b"}), 422, '"/"')
        _error(client.post("/api/articles", json={"url": url, "id": True}), 422, '"id"')
        (stored,) = _post(client, {"url": url, "id": "bao-dien-tu"})  # it was ignored
    assert stored["id"] == "bao-dien-tu" and stored["created"]
    assert client.get("/api/articles/bao-dien-tu").json()["url"] == url


def test_fetch_reads_a_page_without_storing_it(make_client: Any) -> None:
    client = make_client(allow_private_urls=True)  # the page is on this machine
    with _web_server("127.0.0.1") as (server, _handler):
        url = f"http://127.0.0.1:{server.server_port}/03-bao-dien-tu.html"
        article = client.post("/api/fetch", json={"url": url})
        assert article.status_code == 200, article.text
    fetched = article.json()
    assert set(fetched) == {"id", "title", "lead", "text", "source", "url", "published"}
    assert fetched["id"] == "03-bao-dien-tu" and fetched["url"] == url
    assert "sạt lở" in fetched["text"].lower() and fetched["title"]
    assert client.get("/api/stories").json() == {"stories": []}  # nothing stored
    summary = client.post("/api/summarize", json={"documents": [fetched]}).json()
    assert summary["sentences"][0]["sources"][0]["document"] == "03-bao-dien-tu"
    _error(client.post("/api/fetch", json={"url": "ftp://x"}), 422, "url")
    _error(client.post("/api/fetch", json={"url": url, "x": 1}), 422, "x")
    private = make_client()
    _error(private.post("/api/fetch", json={"url": url}), 422, "not a public internet address")


# -- new versions of stored articles ---------------------------------------------------------


def _corrected(article: dict[str, Any], old: str, new: str, **fields: Any) -> dict[str, Any]:
    assert old in article["text"]
    return {**article, "text": article["text"].replace(old, new), **fields}


def _cited_spans_hold(client: TestClient, story: dict[str, Any]) -> None:
    texts = {d: client.get(f"/api/articles/{d}").json()["text"] for d in story["documents"]}
    for sentence in story["sentences"]:
        spans = [texts[c["document"]][c["start"] : c["end"]] for c in sentence["sources"]]
        assert sentence["text"] in spans


def test_a_new_version_at_a_stored_url_replaces_the_text_in_place(make_client: Any) -> None:
    client = make_client()
    store = client.app.state.store
    ids = _post(client, LANDSLIDE + BRIDGE)
    story = ids[-2]["story"]
    before = client.get(f"/api/stories/{story}").json()
    listing = client.get("/api/stories").json()["stories"]
    with store._sessions() as session:
        version = session.execute(text("SELECT version FROM stories WHERE id = :s"), {"s": story})
        version = version.scalar()
    # the outlet corrects a figure and the title; the client posts it under another id and
    # without a source: the stored article takes the text, keeps its id, source and story
    fixed = _corrected(BRIDGE[0], "780 tỷ", "810 tỷ", id="ban-sua", source=None)
    fixed["title"] = "Khánh thành cầu Bến Sỏi trị giá 810 tỷ đồng"
    answer = _post(client, fixed)
    assert answer == [{"id": "cau-1", "story": story, "created": False, "updated": True}]
    article = client.get("/api/articles/cau-1").json()
    assert "810 tỷ" in article["text"] and "780 tỷ" not in article["text"]
    assert article["title"] == fixed["title"] and article["source"] == "Báo Hải Lam"
    assert article["url"] == BRIDGE[0]["url"] and article["story"] == story
    _error(client.get("/api/articles/ban-sua"), 404)
    # same stories, same members; the story's version moved, so its summary is rebuilt
    assert client.get("/api/stories").json()["stories"][1]["documents"] == ["cau-1", "cau-2"]
    assert [s["size"] for s in client.get("/api/stories").json()["stories"]] == [5, 2]
    with store._sessions() as session:
        rows = session.execute(text("SELECT story_id, version FROM summaries")).all()
        now = session.execute(text("SELECT version FROM stories WHERE id = :s"), {"s": story})
        now = now.scalar()
    assert now != version and (story, version) not in rows
    after = client.get(f"/api/stories/{story}").json()
    assert after != before and after["documents"] == before["documents"]
    assert "810" in json.dumps(after, ensure_ascii=False)
    _cited_spans_hold(client, after)
    # the same version again changes nothing; so does posting the text spaced otherwise
    assert _post(client, fixed) == [{**answer[0], "updated": False}]
    spaced = {**fixed, "text": fixed["text"].replace(". ", ".\n")}
    assert _post(client, spaced) == [{**answer[0], "updated": False}]
    assert client.get(f"/api/stories/{story}").json() == after  # cached
    # a restart rebuilds the grouping from the stored (new) texts: same stories and ids
    stories = client.get("/api/stories").json()
    client.__exit__(None, None, None)
    again = make_client()
    assert again.get("/api/stories").json() == stories
    assert "810 tỷ" in again.get("/api/articles/cau-1").json()["text"]
    assert [s["id"] for s in stories["stories"]] == [s["id"] for s in listing]


def test_a_new_version_without_urls_is_known_by_id_and_headline(client: TestClient) -> None:
    plain = {k: v for k, v in BRIDGE[1].items() if k != "url"}
    assert "url" not in plain and _post(client, plain)[0]["created"]
    story = client.get("/api/articles/cau-2").json()["story"]
    # same id, same title, a corrected date: a new version
    fixed = _corrected(plain, "ngày 1/11", "ngày 15/11")
    assert _post(client, fixed) == [
        {"id": "cau-2", "story": story, "created": False, "updated": True}
    ]
    assert "15/11" in client.get("/api/articles/cau-2").json()["text"]
    # same id, another headline but mostly the same text: a new version too
    retitled = _corrected(fixed, "gần một giờ", "gần 50 phút", title="Cầu Bến Sỏi thông xe")
    assert _post(client, retitled)[0]["updated"]
    assert client.get("/api/articles/cau-2").json()["title"] == "Cầu Bến Sỏi thông xe"
    # same id, another article: a new id, as before (it is no version of cau-2)
    other = {"id": "cau-2", "title": "Sạt lở", "text": LANDSLIDE[0]["text"]}
    assert _post(client, other)[0] == {
        "id": "cau-2-2",
        "story": _post(client, other)[0]["story"],
        "created": True,
        "updated": False,
    }
    # a url on one side only: not the same article by the rule, a new id
    with_url = _corrected(retitled, "50 phút", "45 phút", url="https://example.vn/cau-2")
    assert _post(client, with_url)[0]["id"] == "cau-2-3"
    assert "50 phút" in client.get("/api/articles/cau-2").json()["text"]


def test_a_new_version_keeps_what_it_omits_and_a_stored_text_is_no_version(
    client: TestClient,
) -> None:
    lead = "Cây cầu dài nhất tỉnh Hải Lam chính thức được đưa vào sử dụng sau 26 tháng thi công."
    _post(client, [{**BRIDGE[0], "lead": lead}, BRIDGE[1]])
    stored = client.get("/api/articles/cau-1").json()
    assert stored["text"].startswith(lead)  # the lead counts in the normalized text
    # a page fetched again without title, lead and date: the text changes, the rest stays
    bare = {"url": BRIDGE[0]["url"], "text": BRIDGE[0]["text"].replace("16 m", "18 m")}
    assert _post(client, bare)[0]["updated"]
    article = client.get("/api/articles/cau-1").json()
    assert article["text"].startswith(lead) and "18 m" in article["text"]
    assert (article["title"], article["lead"]) == (BRIDGE[0]["title"], lead)
    assert article["published"] == BRIDGE[0]["published"]
    # the same body again without the lead is the stored text: nothing changes
    assert not _post(client, bare)[0]["updated"]
    # the url now shows another stored article's text: a repeat, not a new version
    answer = _post(client, {"url": BRIDGE[0]["url"], "text": BRIDGE[1]["text"]})[0]
    assert answer["id"] == "cau-1" and not answer["created"] and not answer["updated"]
    assert "18 m" in client.get("/api/articles/cau-1").json()["text"]


def test_a_version_in_the_batch_that_stores_the_article_is_applied(client: TestClient) -> None:
    fixed = _corrected(BRIDGE[0], "780 tỷ", "820 tỷ", id="cau-1b")
    answer = _post(client, [BRIDGE[0], BRIDGE[1], fixed])
    assert [(a["id"], a["created"], a["updated"]) for a in answer] == [
        ("cau-1", True, False),
        ("cau-2", True, False),
        ("cau-1", False, True),
    ]
    assert "820 tỷ" in client.get("/api/articles/cau-1").json()["text"]
    stories = client.get("/api/stories").json()["stories"]
    assert [s["documents"] for s in stories] == [["cau-1", "cau-2"]]
    story = client.get(f"/api/stories/{stories[0]['id']}").json()
    _cited_spans_hold(client, story)


def test_a_summary_built_from_the_old_version_is_never_served_after_it(
    client: TestClient,
) -> None:
    store = client.app.state.store
    story = _post(client, BRIDGE)[0]["story"]
    plan = store.story_plan(story)  # a build planned before the update…
    with store._lock:  # …and one built while a writer is busy: kept in memory
        kept = store.story(story)
    assert store._pending
    fixed = _corrected(BRIDGE[0], "780 tỷ", "830 tỷ")
    assert _post(client, fixed)[0]["updated"]
    late = store.build(plan)  # …lands after it: served to its own readers, never cached
    assert "830" not in json.dumps(late, ensure_ascii=False)
    new_plan = store.story_plan(story)
    assert new_plan.key != plan.key  # so that no single-flight build is shared across it
    now = client.get(f"/api/stories/{story}").json()
    assert now != kept and "830" in json.dumps(now, ensure_ascii=False)
    _cited_spans_hold(client, now)
    with store._sessions() as session:
        cached = session.execute(text("SELECT body FROM summaries")).scalars().all()
    assert len(cached) == 1 and "830" in cached[0]


def test_concurrent_versions_and_posts_leave_a_consistent_store(make_client: Any) -> None:
    client = make_client()
    _post(client, BRIDGE)
    versions = [_corrected(BRIDGE[0], "780 tỷ", f"{790 + n} tỷ") for n in range(6)]
    errors: list[str] = []

    def post(body: Any) -> None:
        response = client.post("/api/articles", json=body)
        if response.status_code != 200:
            errors.append(response.text)

    threads = [threading.Thread(target=post, args=(v,)) for v in versions]
    threads += [threading.Thread(target=post, args=(a,)) for a in LANDSLIDE]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    article = client.get("/api/articles/cau-1").json()
    assert any(v["text"].split("780")[0] in article["text"] for v in versions)
    stories = client.get("/api/stories").json()
    assert sorted(s["size"] for s in stories["stories"]) == [2, 5]
    for listed in stories["stories"]:
        story = client.get(f"/api/stories/{listed['id']}").json()
        _cited_spans_hold(client, story)
    client.__exit__(None, None, None)
    assert make_client().get("/api/stories").json() == stories


def test_refresh_fetches_a_stored_url_again(make_client: Any, tmp_path: Path) -> None:
    client = make_client(allow_private_urls=True)  # the page is on this machine
    page = tmp_path / "bai.html"
    original = (EXAMPLE / "03-bao-dien-tu.html").read_text(encoding="utf-8")
    assert "860 hộ" in original
    page.write_text(original, encoding="utf-8")
    handler = type("Handler", (_CountingHandler,), {"requests": 0})
    handler.__init__ = lambda self, *a, **k: SimpleHTTPRequestHandler.__init__(
        self, *a, directory=str(tmp_path), **k
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/bai.html"
    try:
        first = _post(client, {"url": url})[0]
        assert first["created"] and handler.requests == 1
        page.write_text(original.replace("860 hộ", "960 hộ"), encoding="utf-8")
        # by default a stored url is answered from the store, not fetched
        assert _post(client, {"url": url}) == [{**first, "created": False}]
        assert _post(client, {"url": url, "refresh": False}) == [{**first, "created": False}]
        assert handler.requests == 1
        assert "860 hộ" in client.get(f"/api/articles/{first['id']}").json()["text"]
        # refresh: fetched again, and stored as a new version
        refreshed = _post(client, {"url": url, "refresh": True})
        assert refreshed == [{**first, "created": False, "updated": True}]
        assert handler.requests == 2
        assert "960 hộ" in client.get(f"/api/articles/{first['id']}").json()["text"]
        # unchanged page: fetched, nothing changes
        assert _post(client, {"url": url, "refresh": True}) == [{**first, "created": False}]
        assert handler.requests == 3
    finally:
        server.shutdown()
        server.server_close()
    _error(client.post("/api/articles", json={"url": url, "refresh": "yes"}), 422, "refresh")


# -- errors and limits ----------------------------------------------------------------------


def test_bad_requests_are_one_json_line(client: TestClient) -> None:
    json_headers = {"content-type": "application/json"}
    for path in ("/api/summarize", "/api/articles"):
        _error(client.post(path, content=b"{bad", headers=json_headers), 400, "invalid JSON")
        _error(client.post(path, content=b"", headers=json_headers), 400)
        _error(client.post(path, content=b"{}", headers={"content-type": "text/plain"}), 415)
    _error(client.post("/api/summarize", json=[1, 2]), 400, "JSON object")
    _error(client.post("/api/articles", json="text"), 400, "article object")
    _error(client.post("/api/articles", json={"articles": "x"}), 400, "list")
    both = {"articles": [{"text": "Một câu đủ dài để lưu."}], "url": "http://a.example/b"}
    _error(client.post("/api/articles", json=both), 400, "not both")  # one was dropped
    _error(client.post("/api/articles", json=[]), 422, "no articles")
    _error(client.post("/api/articles", json=[{"text": "ok"}, 3]), 422, "article 2")
    _error(client.post("/api/articles", json={"title": "no text"}), 422, '"text"')
    _error(client.post("/api/articles", json={"text": "Ảnh: VnExpress"}), 422, "boilerplate")
    _error(client.get("/api/articles/nope"), 404, "nope")
    _error(client.get("/api/nope"), 404)
    _error(client.put("/api/articles/x", json={}), 405)
    _error(client.get("/api/stories?since=yesterday"), 422, "since")
    _error(client.get("/api/stories?limit=0"), 422, "limit")
    for body in (b'{"text": "\xff"}', b"[" * 100_000 + b"]" * 100_000):  # not UTF-8; too deep
        _error(client.post("/api/articles", content=body, headers=json_headers), 400, "UTF-8")
    assert client.get("/api/stories").json() == {"stories": []}


def test_errors_never_echo_a_huge_value(client: TestClient) -> None:
    huge = "x" * 50_000
    for answer in (
        client.get(f"/api/articles/{huge}"),
        client.get(f"/api/stories/{huge}"),
        client.post("/api/articles", json={"url": "http://a.example/" + huge}),
        client.post("/api/articles", json={"text": "Một câu đủ dài.", "url": "http://a/" + huge}),
    ):
        assert 400 <= answer.status_code < 500 and len(answer.json()["error"]) <= 1100


def test_an_undated_story_is_updated_when_stored_in_vietnam_time(client: TestClient) -> None:
    _post(client, {"text": "Mưa lớn kéo dài khiến nhiều tuyến đường ở thành phố bị ngập sâu."})
    updated = client.get("/api/stories").json()["stories"][0]["updated"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", updated)  # as naive times are
    vietnam = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=7)
    assert abs(datetime.fromisoformat(updated) - vietnam) < timedelta(minutes=5)


def test_one_url_check_for_stored_urls_and_urls_to_fetch(client: TestClient) -> None:
    # a URL to fetch had no length limit, and its own words
    text = "Mưa lớn kéo dài khiến nhiều tuyến đường ở thành phố bị ngập sâu."
    for url, problem in [
        ("javascript:alert(1)", "must be an http(s):// URL, not 'javascript:alert(1)'"),
        ("not a url", "must be an http(s):// URL, not 'not a url'"),
        ("https://a.example/" + "x" * 3000, "is longer than 2048 characters"),
    ]:
        stored = client.post("/api/articles", json={"text": text, "url": url})
        assert _error(stored, 422) == f'article 1: field "url" {problem}'
        for path in ("/api/articles", "/api/fetch"):
            fetched = client.post(path, json={"url": url})
            assert _error(fetched, 422) == f'request body: field "url" {problem}'
    not_text = client.post("/api/articles", json={"url": 5})
    assert _error(not_text, 422) == 'request body: field "url" must be a string (an http(s):// URL)'
    assert _post(client, {"text": text, "url": " "})[0]["created"]  # blank: no url
    # a URL to fetch pasted with a space is the same address, as in an article object
    spaced = client.post("/api/articles", json={"url": " ftp://x "})
    assert (
        _error(spaced, 422)
        == "request body: field \"url\" must be an http(s):// URL, not 'ftp://x'"
    )
    assert client.get("/api/stories").json()["stories"][0]["size"] == 1


def test_limits_on_body_size_and_article_count(make_client: Any) -> None:
    client = make_client(max_body_bytes=20_000, max_articles=3)
    big = {"documents": [{"text": "Một câu. " * 3000}]}
    _error(client.post("/api/summarize", json=big), 413, "20,000 bytes")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield b'{"documents": [{"text": "'
        for _ in range(100):
            yield b"x" * 1000
        yield b'"}]}'

    headers = {"content-type": "application/json"}
    _error(client.post("/api/articles", content=chunks(), headers=headers), 413)
    _error(client.post("/api/articles", json=LANDSLIDE[:1] * 4), 413, "4 > 3")
    _error(client.post("/api/summarize", json={"documents": BRIDGE * 2}), 413, "4 > 3")
    assert client.get("/api/stories").json() == {"stories": []}  # nothing was stored


def test_time_limit_gives_503_and_stores_nothing(make_client: Any, monkeypatch: Any) -> None:
    import tomtat.service.app as service_app
    import tomtat.service.store as service_store

    client = make_client(request_timeout=0.2)
    slow_normalize = service_store.usable_text

    # work five times the limit: on a loaded machine the loop may wake late, and a job
    # only twice as long could finish first
    def slow(article: Any) -> str:
        time.sleep(1.0)
        return slow_normalize(article)

    monkeypatch.setattr(service_store, "usable_text", slow)
    _error(client.post("/api/articles", json=BRIDGE[0]), 503, "0.2 s")
    monkeypatch.setattr(service_app, "_summarize", lambda _request: time.sleep(1.0))
    _error(client.post("/api/summarize", json={"documents": BRIDGE}), 503)
    time.sleep(1.0)  # the abandoned work finishes: past its deadline, it stores nothing
    assert client.get("/api/stories").json() == {"stories": []}


def test_a_bug_is_500_internal_error_without_details(client: TestClient, monkeypatch: Any) -> None:
    def broken(_article_id: str) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(client.app.state.store, "article", broken)
    response = client.get("/api/articles/a1")
    assert _error(response, 500) == "internal error"
    assert "secret" not in response.text


# -- pages, docs, store ---------------------------------------------------------------------


def test_pages_static_files_and_openapi(client: TestClient) -> None:
    for path in ("/", "/stories", "/stories/s1"):
        response = client.get(path)
        assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    assert "<html" in client.get("/").text.lower()
    assert client.get("/static/index.html").status_code == 200
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/summarize", "/api/articles", "/api/stories", "/api/stories/{story_id}"} <= set(
        paths
    )


def test_a_version_1_store_is_upgraded_in_place(db_url: str) -> None:
    app = create_app(db_url)
    client = TestClient(app)
    _post(client, LANDSLIDE)
    app.state.store.close()
    engine = create_engine(engine_url(db_url))
    with engine.begin() as connection:  # what version 1 created
        connection.execute(text("ALTER TABLE stories DROP COLUMN merged_into"))
        connection.execute(text("UPDATE schema_version SET version = 1"))
        # version 1 hashed member ids only, and cached summaries under those versions
        connection.execute(text("UPDATE stories SET version = 'v1-hash'"))
        connection.execute(
            text("INSERT INTO summaries VALUES ((SELECT id FROM stories), 'v1-hash', '{}')")
        )
        # and stored a text's dateline line as posted (its hash computed with it)
        connection.execute(
            text(
                "UPDATE articles SET text = :dateline || text, published = NULL,"
                " text_hash = 'v1-text-hash' WHERE id = :id"
            ),
            {"dateline": "Chủ nhật, 15/11/2026, 06:00 (GMT+7)\n", "id": LANDSLIDE[0]["id"]},
        )
    engine.dispose()
    upgraded = TestClient(create_app(db_url))
    [listed] = upgraded.get("/api/stories").json()["stories"]
    assert listed["size"] == 5
    first = upgraded.get(f"/api/articles/{LANDSLIDE[0]['id']}").json()
    assert first["published"] == "2026-11-15T06:00:00+07:00" and "2026" not in first["text"]
    # posting that article again is a repeat, as it was before the upgrade
    assert [a["created"] for a in _post(upgraded, [LANDSLIDE[0]])] == [False]
    assert upgraded.get(f"/api/stories/{listed['id']}").json()["summary"]
    engine = create_engine(engine_url(db_url))
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version FROM schema_version")).scalars()
        assert sorted(versions) == list(range(1, SCHEMA_VERSION + 1))
        assert connection.execute(text("SELECT merged_into FROM stories")).all() == [(None,)]
        # versions recomputed, the old cache dropped, the page cached under the new version
        cached = text("SELECT s.version FROM summaries s JOIN stories t ON t.version = s.version")
        assert len(connection.execute(cached).all()) == 1
        assert connection.execute(text("SELECT count(*) FROM summaries")).scalar() == 1
    engine.dispose()
    upgraded.app.state.store.close()


def test_a_version_3_store_is_normalized_again(db_url: str) -> None:
    """Texts stored before uncredited captions were removed: their ``normalized`` (what
    citations index) and hashes are recomputed, so citations slice the sentences they cite
    and posting the article again is still a repeat."""
    story = dict(LANDSLIDE[0])
    paragraphs = story["text"].split("\n\n")  # title, lead, body paragraphs
    story["text"] = "\n\n".join([*paragraphs[:3], "Hiện trường vụ sạt lở.", *paragraphs[3:]])
    app = create_app(db_url)
    client = TestClient(app)
    _post(client, [story, *LANDSLIDE[1:]])
    stored = client.get(f"/api/articles/{story['id']}").json()
    assert "Hiện trường vụ sạt lở." not in stored["text"]
    app.state.store.close()
    engine = create_engine(engine_url(db_url))
    with engine.begin() as connection:  # what version 3 stored: the caption kept
        connection.execute(text("UPDATE schema_version SET version = 3"))
        before = paragraphs[2].strip()  # the paragraph the caption followed
        stale = stored["text"].replace(before, before + "\nHiện trường vụ sạt lở.", 1)
        connection.execute(
            text("UPDATE articles SET normalized = :stale, text_hash = 'old' WHERE id = :id"),
            {"stale": stale, "id": story["id"]},
        )
    engine.dispose()
    upgraded = TestClient(create_app(db_url))
    again = upgraded.get(f"/api/articles/{story['id']}").json()
    assert again["text"] == stored["text"]
    [listed] = upgraded.get("/api/stories").json()["stories"]
    page = upgraded.get(f"/api/stories/{listed['id']}").json()
    texts = {a["id"]: a["text"] for a in (again,)}
    for sentence in page["sentences"]:
        for source in sentence["sources"]:
            if source["document"] in texts:
                cited = texts[source["document"]][source["start"] : source["end"]]
                assert "Hiện trường" not in cited and cited.strip()
    assert [a["created"] for a in _post(upgraded, [story])] == [False]
    upgraded.app.state.store.close()


def test_a_version_4_store_is_normalized_again(db_url: str) -> None:
    """A connective before a dateline was cut as a glued caption before version 5: stored
    texts are normalized again, so citations slice the sentences they cite and posting the
    article again stays a repeat."""
    story = {
        "id": "soi-1",
        "text": "Bộ Y tế họp khẩn về ngộ độc thực phẩm ở trường học. Theo đó Sáng 12/3, "
        "đoàn kiểm tra tới bếp ăn của trường và lấy mẫu thức ăn. Đoàn yêu cầu bệnh viện "
        "báo cáo số ca mỗi ngày.",
    }
    app = create_app(db_url)
    client = TestClient(app)
    _post(client, [story])
    stored = client.get("/api/articles/soi-1").json()["text"]
    assert "Theo đó Sáng 12/3," in stored
    app.state.store.close()
    # what version 4 stored: "Theo đó " cut
    upgraded = _upgraded(db_url, 4, "soi-1", stored.replace("Theo đó ", "", 1), stored)
    assert [a["created"] for a in _post(upgraded, [{**story, "id": "soi-copy"}])] == [False]
    upgraded.app.state.store.close()


def _upgraded(db_url: str, version: int, article_id: str, stale: str, text_now: str) -> TestClient:
    """The store put back at ``version`` with ``stale`` as the article's normalized text,
    opened again: the text is ``text_now`` and every citation of its story slices it."""
    engine = create_engine(engine_url(db_url))
    with engine.begin() as connection:
        connection.execute(text("UPDATE schema_version SET version = :v"), {"v": version})
        connection.execute(
            text("UPDATE articles SET normalized = :stale, text_hash = 'old' WHERE id = :id"),
            {"stale": stale, "id": article_id},
        )
    engine.dispose()
    upgraded = TestClient(create_app(db_url))
    assert upgraded.get(f"/api/articles/{article_id}").json()["text"] == text_now
    [listed] = upgraded.get("/api/stories").json()["stories"]
    page = upgraded.get(f"/api/stories/{listed['id']}").json()
    for sentence in page["sentences"]:
        [source] = sentence["sources"]
        assert text_now[source["start"] : source["end"]] == sentence["text"]
    return upgraded


@pytest.mark.parametrize(
    ("version", "article", "starts", "stale"),
    [
        (  # outlet tags and datelines ("TPO -") stayed in the text before version 6
            5,
            {
                "id": "sxh-1",
                "text": "TPO - Số ca mắc sốt xuất huyết trên cả nước tiếp tục tăng mạnh trong "
                "tuần qua. Bộ Y tế yêu cầu các địa phương tăng cường phòng chống dịch.",
            },
            "Số ca mắc",
            lambda stored: "TPO - " + stored,
        ),
        (  # a second tone mark on a toned vowel ("đế" + U+0301) stayed before version 7
            6,
            {
                "id": "lu-1",
                "text": "Đoàn cứu hộ đế\u0301n xã Minh Tân lúc 7 giờ sáng nay. Nước lũ đã rút "
                "dần, người dân bắt đầu dọn dẹp nhà cửa.",
            },
            "Đoàn cứu hộ đến xã",
            lambda stored: stored.replace("đến", "đế\u0301n", 1),
        ),
    ],
)
def test_a_store_of_an_older_cleaning_is_normalized_again(
    db_url: str, version: int, article: dict[str, str], starts: str, stale: Any
) -> None:
    """Stored texts are normalized again, so citations slice the sentences they cite."""
    app = create_app(db_url)
    client = TestClient(app)
    _post(client, [article])
    stored = client.get(f"/api/articles/{article['id']}").json()["text"]
    assert stored.startswith(starts)
    app.state.store.close()
    # what the older version stored
    _upgraded(db_url, version, article["id"], stale(stored), stored).app.state.store.close()


def test_store_refuses_a_newer_schema(db_url: str) -> None:
    create_app(db_url).state.store.close()
    engine = create_engine(engine_url(db_url))
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO schema_version VALUES (99, 'later')"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer"):
        create_app(db_url)


@pytest.mark.parametrize("url", ["nonsense:/x", "mysql://user@host/db"])
def test_serve_reports_a_bad_database_in_one_line(url: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tomtat.cli", "serve", "--db", url],
        capture_output=True,
        timeout=60,
    )
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err
    assert err.startswith("tomtat: error: ") and len(err.strip().splitlines()) == 1
    assert "database URL" in err


# -- a real process, killed mid-ingest ------------------------------------------------------


def _serve(database: Path, port: int, log: Any) -> subprocess.Popen:
    command = [sys.executable, "-m", "tomtat.cli", "serve", "--port", str(port)]
    command += ["--db", f"sqlite:///{database}"]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, "tomtat serve exited early"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories", timeout=2):
                return process
        except OSError:
            assert time.monotonic() < deadline, "tomtat serve did not start within 60 s"
            time.sleep(0.1)


def _article(n: int) -> dict[str, Any]:
    return {
        "id": f"k{n}",
        "title": f"Bản tin số {n}",
        "text": f"Bản tin số {n} ghi nhận {n * 7} hộ dân ở xã Phú Lâm được hỗ trợ sau mưa lớn. "
        f"Chính quyền cấp {n + 3} tấn gạo và {n * 11} thùng nước sạch cho người dân.",
    }


def test_kill_9_during_ingest_loses_no_acknowledged_article(tmp_path: Path) -> None:
    database = tmp_path / "crash.sqlite"
    acknowledged: list[str] = []
    stop = threading.Event()
    with (tmp_path / "serve.log").open("w") as log:
        port = _free_port()
        process = _serve(database, port, log)

        def ingest() -> None:
            n = 0
            while not stop.is_set():
                n += 1
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/articles",
                    data=json.dumps(_article(n)).encode(),
                    headers={"content-type": "application/json"},
                )
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        if response.status == 200:
                            acknowledged.append(json.load(response)["articles"][0]["id"])
                except (OSError, ValueError, http.client.HTTPException):
                    return  # the server is gone (a reply cut short is no acknowledgement)

        clients = [threading.Thread(target=ingest) for _ in range(3)]
        for thread in clients:
            thread.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < 10 and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)  # mid-ingest: requests are in flight
        process.wait()
        stop.set()
        for thread in clients:
            thread.join()
        assert len(acknowledged) >= 10

        port = _free_port()
        process = _serve(database, port, log)
        try:
            for article_id in acknowledged:
                url = f"http://127.0.0.1:{port}/api/articles/{article_id}"
                with urllib.request.urlopen(url, timeout=10) as response:
                    assert json.load(response)["id"] == article_id
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stories") as response:
                grouped = {d for s in json.load(response)["stories"] for d in s["documents"]}
            assert set(acknowledged) <= grouped
        except urllib.error.HTTPError as error:
            pytest.fail(f"acknowledged article lost: {error.url} gives {error.code}")
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_a_story_read_never_waits_for_the_writer(client: TestClient) -> None:
    # While articles are being grouped (the write lock held), a story page is built and
    # served without waiting; the next write stores its summary in the cache table.
    store = client.app.state.store
    story = _post(client, LANDSLIDE)[0]["story"]
    answers: list[Any] = []

    def read_twice() -> None:
        answers.extend(client.get(f"/api/stories/{story}") for _ in range(2))

    with store._lock:
        reader = threading.Thread(target=read_twice)
        reader.start()
        reader.join(timeout=120)
        assert not reader.is_alive(), "a story read waited for the writer"
    first, second = answers
    assert first.status_code == 200, first.text
    assert second.json() == first.json()  # served from memory
    count = "SELECT count(*) FROM summaries"
    with store._sessions() as session:
        assert session.execute(text(count)).scalar() == 0
    _post(client, BRIDGE)  # another story: the landslide's summary is still current
    with store._sessions() as session:
        assert session.execute(text(count)).scalar() == 1
    assert client.get(f"/api/stories/{story}").json() == first.json()


def test_a_locked_cache_write_does_not_fail_the_story(client: TestClient) -> None:
    from sqlalchemy.exc import OperationalError

    store = client.app.state.store
    sessions = store._sessions

    class Locked:
        """Reads work; the cache write hits SQLite's 'database is locked'."""

        def __call__(self) -> Any:
            return sessions()

        def begin(self) -> Any:
            raise OperationalError("INSERT", {}, Exception("database is locked"))

    story = _post(client, LANDSLIDE)[0]["story"]
    store._sessions = Locked()
    try:
        response = client.get(f"/api/stories/{story}")
    finally:
        store._sessions = sessions
    assert response.status_code == 200, response.text
    assert response.json()["summary"]


# -- robustness: odd input, HTTP details, private addresses ----------------------------------


def _raw(client: TestClient, path: str, body: Any) -> Any:
    """Post ``body`` as JSON text: a lone surrogate in it is written as the escape
    ``\\ud800``, as a JavaScript client would send it (httpx's ``json=`` cannot encode it)."""
    headers = {"content-type": "application/json"}
    return client.post(path, content=json.dumps(body), headers=headers)


def test_lone_surrogates_are_refused_in_names_and_replaced_in_prose(client: TestClient) -> None:
    cut = BRIDGE[0]["text"] + " \udfff"  # an emoji cut in half
    broken = {**BRIDGE[0], "id": "sur1", "title": "Cầu \ud800", "text": cut}
    response = _raw(client, "/api/articles", broken)
    assert response.status_code == 200, response.text
    article = client.get("/api/articles/sur1").json()
    assert article["title"] == "Cầu \ufffd" and article["text"].endswith("\ufffd")
    for field in ("id", "url"):
        bad = {**BRIDGE[1], field: "x\ud800"}
        _error(_raw(client, "/api/articles", bad), 422, f'"{field}"', "lone surrogate \\ud800")
    _error(_raw(client, "/api/articles", {"url": "https://example.vn/\ud800"}), 422, '"url"')

    prose = {"documents": [{**BRIDGE[0], "text": cut}, BRIDGE[1]]}
    assert _raw(client, "/api/summarize", prose).status_code == 200
    bad_id = {"documents": [{**BRIDGE[0], "id": "\ud800"}]}
    _error(_raw(client, "/api/summarize", bad_id), 422, 'documents[0]: field "id"', "surrogate")
    bad_unit = {"documents": BRIDGE, "unit": "\ud800"}
    _error(_raw(client, "/api/summarize", bad_unit), 422, "unit", "lone surrogate")
    bad_key = {"documents": BRIDGE, "\ud800": 1}
    _error(_raw(client, "/api/summarize", bad_key), 422, "lone surrogate")


def test_publication_times_out_of_range_are_refused(client: TestClient) -> None:
    for published in ("0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-12:00", "1799-12-31"):
        article = {**BRIDGE[0], "published": published}
        _error(client.post("/api/articles", json=article), 422, "published", "out of range")
        answer = client.post("/api/summarize", json={"documents": [article, BRIDGE[1]]})
        _error(answer, 422, "documents[0]: published", "out of range")
    for since in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"):
        _error(client.get("/api/stories", params={"since": since}), 422, "since", "out of range")
    # a stored article from the far future would be the latest news for ever
    future = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    _error(client.post("/api/articles", json={**BRIDGE[0], "published": future}), 422, "future")
    assert client.get("/api/stories").json() == {"stories": []}
    # a summary stores nothing: any date it can order is fine
    dated = {"documents": [{**BRIDGE[0], "published": "9999-12-31T00:00:00"}, BRIDGE[1]]}
    assert client.post("/api/summarize", json=dated).status_code == 200
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()  # a clock a little ahead
    assert _post(client, {**BRIDGE[0], "published": soon})[0]["created"]


def test_head_works_where_get_does_and_405_says_what_is_allowed(client: TestClient) -> None:
    story = _post(client, BRIDGE)[0]["story"]
    paths = ["/", "/stories", "/docs", "/static/style.css", "/api/stories", "/api/health"]
    for path in [*paths, f"/api/stories/{story}", "/api/articles/cau-1"]:
        get, head = client.get(path), client.head(path)
        assert (head.status_code, head.content) == (200, b""), path
        assert head.headers["content-type"] == get.headers["content-type"]
        assert head.headers["content-length"] == get.headers["content-length"]
    missing = client.head("/api/stories/s999")
    assert (missing.status_code, missing.content) == (404, b"")

    article = "DELETE, GET, HEAD, OPTIONS"
    options = client.options("/api/articles/cau-1")
    assert (options.status_code, options.headers["allow"]) == (204, article)
    assert client.options("/api/summarize").headers["allow"] == "OPTIONS, POST"
    assert client.options("/static/style.css").headers["allow"] == "GET, HEAD, OPTIONS"
    wrong = client.put("/api/articles/x", json={})
    assert _error(wrong, 405, article) and wrong.headers["allow"] == article
    assert client.get("/api/summarize").headers["allow"] == "OPTIONS, POST"
    assert client.post("/static/style.css").headers["allow"] == "GET, HEAD, OPTIONS"
    _error(client.options("/api/nope"), 404)


def test_health_says_whether_the_database_answers(client: TestClient, monkeypatch: Any) -> None:
    from tomtat import __version__

    store = client.app.state.store
    health = client.get("/api/health").json()
    assert health == {"status": "ok", "version": __version__, "database": store.backend}
    assert store.backend in ("sqlite", "postgresql")
    monkeypatch.setattr(store, "engine", create_engine("sqlite:////nonexistent/dir/x.sqlite"))
    _error(client.get("/api/health"), 503, "the database does not answer")


def test_api_docs_need_no_internet(client: TestClient) -> None:
    for page in ("/", "/stories"):
        assert 'href="/docs"' in client.get(page).text  # the pages' "API" link
    docs = client.get("/docs")
    assert docs.status_code == 200 and "text/html" in docs.headers["content-type"]
    assert "/openapi.json" in docs.text and "/static/api.js" in docs.text
    script = client.get("/static/api.js")
    assert script.status_code == 200 and "/openapi.json" in script.text
    for served in (docs.text, script.text):  # no script or style from elsewhere
        assert "jsdelivr" not in served and "https://" not in served
    _error(client.get("/redoc"), 404)


def test_openapi_declares_the_real_error_answers(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    models = schema["components"]["schemas"]
    assert "HTTPValidationError" not in models and models["ErrorBody"]["required"] == ["error"]
    body = {"400", "413", "415", "422", "503"}
    expected = {
        ("post", "/api/summarize"): body,
        ("post", "/api/articles"): body,
        ("get", "/api/articles/{article_id}"): {"404", "422", "503"},
        ("delete", "/api/articles/{article_id}"): {"404", "422", "503"},
        ("get", "/api/stories"): {"422", "503"},
        ("get", "/api/stories/{story_id}"): {"404", "422", "503"},
        ("get", "/api/health"): {"503"},
    }
    error = {"$ref": "#/components/schemas/ErrorBody"}
    for (method, path), codes in expected.items():
        responses = schema["paths"][path][method]["responses"]
        assert set(responses) - {"200", "308"} == codes, (method, path)
        for code in codes:
            assert responses[code]["content"]["application/json"]["schema"] == error


def test_only_json_media_types_are_taken_as_json(client: TestClient) -> None:
    body = json.dumps({"documents": BRIDGE})
    for media in ("application/json", "application/json; charset=utf-8", "application/ld+json"):
        answer = client.post("/api/summarize", content=body, headers={"content-type": media})
        assert answer.status_code == 200, (media, answer.text)
    for media in ("text/json", "application/x-jsonp-garbage", "application/jsonx", "json"):
        answer = client.post("/api/summarize", content=body, headers={"content-type": media})
        _error(answer, 415, "application/json")


def test_ids_are_nfc_on_input_and_on_lookup(client: TestClient) -> None:
    nfc = "hà-nội-1"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert _post(client, {**BRIDGE[0], "id": nfd})[0]["id"] == nfc
    assert _post(client, {**BRIDGE[1], "id": nfc})[0]["id"] == f"{nfc}-2"  # one id: taken
    assert client.get(f"/api/articles/{nfd}").json()["id"] == nfc
    assert client.delete(f"/api/articles/{nfd}").json() == {"deleted": nfc}
    _error(client.get(f"/api/articles/{nfc}"), 404)
    twins = {"documents": [{**BRIDGE[0], "id": nfd}, {**BRIDGE[1], "id": nfc}]}
    summary = client.post("/api/summarize", json=twins).json()
    assert [d["id"] for d in summary["documents"]] == [nfc, f"{nfc}-2"]


class _CountingHandler(SimpleHTTPRequestHandler):
    """Serves the example folder; counts requests, and /away redirects to ``target``."""

    requests = 0
    target = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(EXAMPLE), **kwargs)

    def do_GET(self) -> None:
        type(self).requests += 1
        if self.path == "/away":
            self.send_response(302)
            self.send_header("Location", self.target)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *_args: Any) -> None:
        pass


@contextlib.contextmanager
def _web_server(address: str) -> Iterator[tuple[ThreadingHTTPServer, type[_CountingHandler]]]:
    handler = type("Handler", (_CountingHandler,), {"requests": 0})
    server = ThreadingHTTPServer((address, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server, handler
    finally:
        server.shutdown()
        server.server_close()


def test_urls_on_private_addresses_are_not_fetched(client: TestClient) -> None:
    with _web_server("127.0.0.1") as (server, handler):
        port = server.server_port
        urls = [
            f"http://127.0.0.1:{port}/03-bao-dien-tu.html",
            f"http://localhost:{port}/03-bao-dien-tu.html",
            f"http://[::ffff:127.0.0.1]:{port}/",
            f"http://0.0.0.0:{port}/",
            f"http://127.0.0.1:{port}/01-tin-nhanh.json",  # its content type stays unsaid
            "http://10.0.0.1/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
        ]
        for url in urls:
            answer = client.post("/api/articles", json={"url": url})
            message = _error(answer, 422, "not a public internet address", "--allow-private-urls")
            assert "content type" not in message
        assert handler.requests == 0
    assert client.get("/api/stories").json() == {"stories": []}


def test_a_redirect_to_a_private_address_is_not_followed(
    client: TestClient, monkeypatch: Any
) -> None:
    import tomtat.service.fetch as service_fetch

    # 127.0.0.1 plays a public news site, 127.0.0.2 a host of the server's own network
    monkeypatch.setattr(service_fetch, "is_public", lambda address: address == "127.0.0.1")
    with _web_server("127.0.0.1") as (site, site_log), _web_server("127.0.0.2") as (inner, log):
        site_log.target = f"http://127.0.0.2:{inner.server_port}/03-bao-dien-tu.html"
        page = f"http://127.0.0.1:{site.server_port}/03-bao-dien-tu.html"
        assert _post(client, {"url": page})[0]["created"]  # a public page is fetched
        away = f"http://127.0.0.1:{site.server_port}/away"
        _error(client.post("/api/articles", json={"url": away}), 422, "from 127.0.0.2")
        assert site_log.requests == 2 and log.requests == 0
        # nor a redirect to another scheme, whose connection nothing would check
        site_log.target = f"ftp://127.0.0.2:{inner.server_port}/bi-mat.html"
        message = _error(client.post("/api/articles", json={"url": away}), 422)
        assert (
            message
            == f"{away}: the redirect target must be an http(s):// URL, not {site_log.target!r}"
        )
        assert log.requests == 0


@pytest.mark.parametrize("allow_private_urls", [False, True])
def test_a_redirect_to_no_web_address_is_refused_in_one_line(
    make_client: Any, monkeypatch: Any, allow_private_urls: bool
) -> None:
    import tomtat.service.fetch as service_fetch

    monkeypatch.setattr(service_fetch, "is_public", lambda address: address == "127.0.0.1")
    client = make_client(allow_private_urls=allow_private_urls)
    with _web_server("127.0.0.1") as (site, site_log):
        away = f"http://127.0.0.1:{site.server_port}/away"
        for target, problem in [
            ("javascript:alert(1)", "must be an http(s):// URL, not 'javascript:alert(1)'"),
            ("/" + "x" * 3000, "is longer than 2048 characters"),  # relative: joined first
        ]:
            site_log.target = target
            for path in ("/api/articles", "/api/fetch"):
                message = _error(client.post(path, json={"url": away}), 422)
                assert message == f"{away}: the redirect target {problem}"
        assert site_log.requests == 4  # the redirects, none followed
    assert client.get("/api/stories").json() == {"stories": []}


def test_a_fetched_page_is_stored_only_if_its_final_address_is_a_url(
    client: TestClient, monkeypatch: Any
) -> None:
    import tomtat.service.fetch as service_fetch
    from tomtat.models import Article

    redirected = {"to": ""}

    def fetched(url: str, **_options: Any) -> Article:  # as if redirected
        return Article(text=BRIDGE[0]["text"], url=redirected["to"], origin=url)

    monkeypatch.setattr(service_fetch, "fetch", fetched)
    page = "https://example.vn/bai-bao"
    for final, problem in [
        ("ftp://example.vn/bai-bao", "must be an http(s):// URL, not 'ftp://example.vn/bai-bao'"),
        ("https://example.vn/" + "%C3%A1" * 400, "is longer than 2048 characters"),
    ]:
        redirected["to"] = final
        for path in ("/api/articles", "/api/fetch"):
            message = _error(client.post(path, json={"url": page}), 422)
            assert message == f"{page}: the page's final address {problem}"
    assert client.get("/api/stories").json() == {"stories": []}
    redirected["to"] = "https://example.vn/bai-bao-moi"
    assert _post(client, {"url": page})[0]["created"]
    assert client.post("/api/fetch", json={"url": page}).json()["url"] == redirected["to"]


def test_a_malformed_url_is_a_client_error(client: TestClient) -> None:
    _error(client.post("/api/articles", json={"url": "http://[::1"}), 422, "invalid URL")


@pytest.mark.parametrize(
    "address, public",
    [
        ("8.8.8.8", True),
        ("2001:4860:4860::8888", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:10.0.0.1", False),
        ("64:ff9b::7f00:1", False),
        ("2002:7f00:1::", False),
    ],
)
def test_which_addresses_are_public(address: str, public: bool) -> None:
    from tomtat.service.fetch import is_public

    assert is_public(address) is public


def test_serve_passes_the_private_urls_opt_in(monkeypatch: Any, tmp_path: Path) -> None:
    import uvicorn
    from click.testing import CliRunner

    import tomtat.service
    from tomtat.cli import app

    seen: list[tuple[bool, tuple[str, ...]]] = []

    def fake_create_app(
        _url: str, *, allow_private_urls: bool = False, cors_origins: tuple[str, ...] = ()
    ) -> str:
        seen.append((allow_private_urls, cors_origins))
        return "app"

    monkeypatch.setattr(tomtat.service, "create_app", fake_create_app)
    monkeypatch.setattr(uvicorn, "run", lambda *_args, **_kwargs: None)
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    cors = ["--cors-origin", "https://News.example", "--cors-origin", "http://localhost:3000"]
    for flags in ([], ["--allow-private-urls"], cors):
        result = CliRunner().invoke(app, ["serve", "--db", url, *flags])
        assert result.exit_code == 0, result.output
    browsers = ("https://news.example", "http://localhost:3000")  # as a browser sends them
    assert seen == [(False, ()), (True, ()), (False, browsers)]


def test_create_app_checks_origins_as_the_command_line_does(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'tomtat.sqlite'}"
    with pytest.raises(ValueError, match="not an origin"):
        create_app(db, cors_origins=["https://news.example/"])
    app = create_app(db, cors_origins=["HTTPS://News.Example"])  # as a browser sends it
    client = TestClient(app)
    answer = client.get("/api/health", headers={"Origin": "https://news.example"})
    assert answer.headers["access-control-allow-origin"] == "https://news.example"
    app.state.store.close()


def test_cross_origin_requests_are_answered_only_for_the_origins_given(
    make_client: Any,
) -> None:
    news = "https://news.example"
    preflight = {
        "Origin": news,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    closed = make_client()  # the default: no page of another site reads an answer
    assert (
        "access-control-allow-origin"
        not in closed.get("/api/health", headers={"Origin": news}).headers
    )
    answer = closed.options("/api/articles", headers=preflight)
    assert answer.status_code == 204 and "access-control-allow-origin" not in answer.headers

    client = make_client(cors_origins=[news])
    answer = client.options("/api/articles", headers=preflight)
    assert answer.status_code == 200 and answer.headers["access-control-allow-origin"] == news
    assert "POST" in answer.headers["access-control-allow-methods"]
    posted = client.post("/api/articles", json=BRIDGE[0], headers={"Origin": news})
    assert posted.status_code == 200 and posted.headers["access-control-allow-origin"] == news
    # errors too, also those answered before the routes (415, 413)
    plain = {"Origin": news, "content-type": "text/plain"}
    refused = client.post("/api/articles", content=b"{}", headers=plain)
    assert refused.status_code == 415 and refused.headers["access-control-allow-origin"] == news

    def broken(_article_id: str) -> None:
        raise RuntimeError("a bug")

    client.app.state.store.article = broken  # a page sees the 500, not a CORS failure
    crashed = client.get("/api/articles/a1", headers={"Origin": news})
    assert crashed.status_code == 500 and crashed.headers["access-control-allow-origin"] == news
    other = client.get("/api/health", headers={"Origin": "https://other.example"})
    assert other.status_code == 200 and "access-control-allow-origin" not in other.headers
    anyone = make_client(cors_origins=["*"])
    answer = anyone.get("/api/stories", headers={"Origin": "https://other.example"})
    assert answer.headers["access-control-allow-origin"] == "*"


def test_stories_are_paged_with_offset(client: TestClient) -> None:
    _post(client, LANDSLIDE + BRIDGE)
    everything = client.get("/api/stories").json()["stories"]
    assert len(everything) == 2
    pages = [
        client.get("/api/stories", params={"limit": 1, "offset": n}).json()["stories"]
        for n in range(3)
    ]
    assert pages == [everything[:1], everything[1:], []]
    _error(client.get("/api/stories?offset=-1"), 422, "offset")
    _error(client.get(f"/api/stories?offset={10**22}"), 422, "offset")


# -- UAT 7: control characters, NFC prose, path-safe ids, unusable articles, builds ---------


def test_control_characters_are_removed_from_prose_and_refused_in_names(
    client: TestClient,
) -> None:
    # PostgreSQL text cannot hold NUL: it was a 500 there and stored as is in SQLite
    dirty = {
        **BRIDGE[0],
        "id": "ctl",
        "title": "Cầu\x00 Bến\x07 Sỏi",
        "lead": "Tin\x00 mới.",
        "source": "Báo\x00 Hải Lam",
        "text": BRIDGE[0]["text"].replace("Sáng 20/10", "Sáng\x00 20/10\x1b"),
    }
    assert _post(client, dirty)[0]["id"] == "ctl"
    article = client.get("/api/articles/ctl").json()
    assert article["title"] == "Cầu Bến Sỏi" and article["source"] == "Báo Hải Lam"
    assert article["lead"] == "Tin mới."
    assert "\x00" not in article["text"] and "\x1b" not in article["text"]
    assert "Sáng 20/10" in article["text"]
    for field, value in (("id", "nul\x00id"), ("id", "tab\tid"), ("url", "https://x.vn/\x00")):
        bad = {**BRIDGE[1], field: value}
        _error(client.post("/api/articles", json=bad), 422, f'"{field}"', "control character")
    bad = {"documents": [{**BRIDGE[1], "id": "nul\x00id"}]}
    _error(client.post("/api/summarize", json=bad), 422, '"id"', "control character")
    prose = {"documents": [dirty, BRIDGE[1]]}
    assert client.post("/api/summarize", json=prose).status_code == 200
    assert client.get("/api/stories").json()["stories"][0]["size"] == 1


def test_title_lead_and_source_are_stored_in_nfc(client: TestClient) -> None:
    nfd = partial(unicodedata.normalize, "NFD")
    first = {**BRIDGE[0], "title": nfd(BRIDGE[0]["title"]), "lead": nfd("Sạt lở.")}
    first["source"] = nfd("Sức khỏe & Đời sống")
    second = {**BRIDGE[1], "source": "Sức khỏe & Đời sống"}
    story = _post(client, [first, second])[0]["story"]
    article = client.get("/api/articles/cau-1").json()
    assert article["title"] == BRIDGE[0]["title"] and article["lead"] == "Sạt lở."
    assert article["source"] == "Sức khỏe & Đời sống"
    listed = client.get("/api/stories").json()["stories"]
    assert [s["outlets"] for s in listed if s["id"] == story] == [["Sức khỏe & Đời sống"]]


def test_ids_that_cannot_name_an_article_in_a_url_are_refused(client: TestClient) -> None:
    for bad in ("a/b", "/", "..", ".", "x" * 201):
        answer = client.post("/api/articles", json={**BRIDGE[0], "id": bad})
        _error(answer, 422, 'field "id"')
    assert client.get("/api/stories").json() == {"stories": []}
    # usable ids with characters a client percent-encodes
    for good in ("a b?c#d%e", "x" * 200, "a.b"):
        assert _post(client, {**BRIDGE[0], "id": good})[0]["id"] == good
        quoted = urllib.parse.quote(good, safe="")
        assert client.get(f"/api/articles/{quoted}").json()["id"] == good
        assert client.delete(f"/api/articles/{quoted}").json() == {"deleted": good}
    # nothing is stored by /api/summarize: any id goes
    slashed = {"documents": [{**BRIDGE[0], "id": "a/b"}, BRIDGE[1]]}
    assert client.post("/api/summarize", json=slashed).status_code == 200


def test_an_article_without_a_usable_sentence_is_refused_with_the_reason(
    client: TestClient,
) -> None:
    english = {
        "text": "The city council of London approved a new budget on Monday after a long "
        "debate. The plan includes more money for public transport and housing. Critics "
        "said the plan does not go far enough to address the rising cost of living."
    }
    vni = {
        "text": "chaøo caùc baïn. Hoâm nay trôøi ñeïp quaù, chuùng ta ñi chôi nheù. Toâi "
        "raát vui khi ñöôïc gaëp laïi moïi ngöôøi sau moät thôøi gian daøi xa caùch."
    }
    cases = [({"text": "a"}, "no usable sentences"), (english, "English"), (vni, "VNI")]
    for bad, reason in cases:
        _error(client.post("/api/articles", json=bad), 422, "article 1", reason)
        # the whole batch is refused: nothing of it is stored
        batch = [BRIDGE[0], bad]
        _error(client.post("/api/articles", json=batch), 422, "article 2", reason)
        answer = client.post("/api/summarize", json={"documents": [bad]})
        _error(answer, 422, "no usable articles", "documents[0]", reason)
    assert client.get("/api/stories").json() == {"stories": []}
    _error(client.get("/api/articles/cau-1"), 404)


def test_identical_story_builds_are_shared_and_builds_leave_threads_free(
    make_client: Any,
) -> None:
    # More waiting story reads than the worker pool has threads: health, listings and
    # article reads still answer, and one build serves all the reads of one story.
    client = make_client(request_timeout=20, max_builds=1)
    store = client.app.state.store
    landslide = _post(client, LANDSLIDE)[0]["story"]
    bridge = _post(client, BRIDGE)[0]["story"]
    original = store.build
    release = threading.Event()
    started: list[str] = []
    running = [0, 0]  # now, most at once
    finished: list[str] = []
    lock = threading.Lock()

    def gated(plan: Any) -> Any:
        with lock:
            started.append(plan.row.id)
            running[0] += 1
            running[1] = max(running)
        try:
            release.wait(30)
            return original(plan)
        finally:
            with lock:
                running[0] -= 1
                finished.append(plan.row.id)

    store.build = gated
    readers = (os.cpu_count() or 1) + 6  # more than the default pool's min(32, cpus + 4)
    answers: list[Any] = []

    def read(story: str) -> None:
        answers.append(client.get(f"/api/stories/{story}"))

    threads = [threading.Thread(target=read, args=(landslide,)) for _ in range(readers)]
    threads.append(threading.Thread(target=read, args=(bridge,)))
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while not started and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # every read has arrived
        assert client.get("/api/health").status_code == 200
        assert client.get("/api/stories").status_code == 200
        assert client.get("/api/articles/cau-1").status_code == 200
        # a build ends only when released (or after 30 s): these answers did not wait for one
        assert not finished, "reads waited for story builds"
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=60)
        store.build = original
    assert [a.status_code for a in answers] == [200] * (readers + 1)
    bodies = {json.dumps(a.json(), sort_keys=True) for a in answers}
    assert len(bodies) == 2
    assert sorted(started) == sorted([landslide, bridge])  # one build per story
    assert running[1] == 1  # max_builds


def test_a_copy_spaced_otherwise_is_a_repeat(client: TestClient) -> None:
    first = {**BRIDGE[0], "url": None}
    respaced = {"id": "copy", "text": BRIDGE[0]["text"].replace(". ", ".\n").replace(",", " ,")}
    assert _post(client, first)[0]["created"]
    repeat = {"id": "cau-1", "story": "s1", "created": False, "updated": False}
    assert _post(client, respaced) == [repeat]


def test_a_version_2_store_rehashes_its_texts(db_url: str) -> None:
    import hashlib

    client = TestClient(create_app(db_url))
    story = _post(client, [{**BRIDGE[0], "url": None}])[0]["story"]
    client.app.state.store.close()
    engine = create_engine(engine_url(db_url))
    with engine.begin() as connection:  # version 2 hashed the normalized text as it was
        connection.execute(text("UPDATE schema_version SET version = 2"))
        normalized = connection.execute(text("SELECT normalized FROM articles")).scalar()
        old = hashlib.sha256(normalized.encode("utf-8")).hexdigest()
        connection.execute(text("UPDATE articles SET text_hash = :h"), {"h": old})
        connection.execute(text("UPDATE stories SET version = 'v2-version'"))
        connection.execute(
            text("INSERT INTO summaries VALUES (:s, 'v2-version', '{}')"), {"s": story}
        )
    engine.dispose()
    upgraded = TestClient(create_app(db_url))
    respaced = {"text": BRIDGE[0]["text"].replace(". ", ".\n  ")}
    repeat = {"id": "cau-1", "story": story, "created": False, "updated": False}
    assert _post(upgraded, respaced) == [repeat]
    engine = create_engine(engine_url(db_url))
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version FROM schema_version")).scalars()
        assert sorted(versions) == list(range(2, SCHEMA_VERSION + 1))
        assert connection.execute(text("SELECT text_hash FROM articles")).scalar() != old
        assert connection.execute(text("SELECT version FROM stories")).scalar() != "v2-version"
        assert connection.execute(text("SELECT count(*) FROM summaries")).scalar() == 0
    engine.dispose()
    assert upgraded.get(f"/api/stories/{story}").json()["summary"]
    upgraded.app.state.store.close()
