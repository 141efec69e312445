"""The HTTP API and the web page: ``create_app(db_url)`` gives the FastAPI application.

Every error is ``{"error": "one line"}`` with a 4xx code (500 ``internal error`` for a bug,
whose traceback goes to the server log only). The heavy work of a request runs in a worker
thread with a time limit; the request body is capped before it is parsed. HEAD works wherever
GET does, OPTIONS answers with ``Allow``, and every 405 says what is allowed.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import time
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Body, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tomtat import __version__
from tomtat.errors import InputError, NoArticlesError, TomtatError
from tomtat.models import Article
from tomtat.readers.json_articles import id_field
from tomtat.service.inputs import (
    check_published,
    check_url,
    checked_origin,
    clean_article,
    clean_prose,
    nfc_id,
    shown,
    vietnam_time,
)
from tomtat.service.schemas import ARTICLES_EXAMPLES, ErrorBody, FetchRequest, SummarizeRequest
from tomtat.service.store import Added, Store, StoreError, StoryBuild, TooSlow

STATIC = Path(__file__).parent / "static"
URL_TIMEOUT = 10.0  # seconds for fetching one posted URL, within the request's limit
MAX_OFFSET = 1_000_000_000  # beyond any store, within every database's integers
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_MAX_MESSAGE = 1000  # characters of an error line
_UNPARSED = "There was an error parsing the body"  # FastAPI's words for undecodable JSON
_BODY = "request body"  # names the body's own "url" in an error
_SHAPE = 'expected an article object, a list of them, {"articles": [...]} or {"url": "..."}'
_ERRORS = {
    400: "Invalid JSON, an empty body, or a body of the wrong shape.",
    404: "Unknown article or story.",
    413: "Body over the size limit, or too many articles in one request.",
    415: "Body not sent as JSON (`Content-Type: application/json`).",
    422: "A field's value cannot be used (the message names it).",
    503: "The request took longer than the time limit (health: the database does not answer).",
}

logger = logging.getLogger("tomtat.service")
T = TypeVar("T")


class ApiError(Exception):
    """A client error with its status code and one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def create_app(
    db_url: str,
    *,
    max_body_bytes: int = 10_000_000,
    max_articles: int = 500,
    request_timeout: float = 30.0,
    allow_private_urls: bool = False,
    max_builds: int = max(1, (os.cpu_count() or 1) - 1),
    cors_origins: Sequence[str] = (),
) -> FastAPI:
    """The service over the database at ``db_url`` (opened, migrated and loaded now).
    A posted URL is fetched only from a public internet address unless
    ``allow_private_urls``. At most ``max_builds`` story summaries are built at once.
    Web pages of ``cors_origins`` (``"https://news.example"``, or ``"*"`` for any) may call
    the API from a browser; by default no page of another origin may.

    Raises ``tomtat.service.store.StoreError`` when the database cannot be used, and
    ``ValueError`` for an origin that is none (``service.inputs.checked_origin``).
    """
    origins = [checked_origin(origin) for origin in cors_origins]
    store = Store(db_url)
    # threads for the heavy work: a request that times out leaves its thread running
    # writes wait for the store's single writer lock: in their own pool they can never
    # occupy every thread and make reads queue behind them
    writers = ThreadPoolExecutor(max_workers=8, thread_name_prefix="tomtat-write")
    workers = ThreadPoolExecutor(thread_name_prefix="tomtat")
    # story builds (slow: minutes for a huge article) get threads of their own, at most one
    # per spare core, so that health, listings and article reads always find a worker;
    # requests for the same story version share one build (single flight)
    builders = ThreadPoolExecutor(max_workers=max_builds, thread_name_prefix="tomtat-build")
    builds: dict[tuple[str, str, bool], _Flight] = {}

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        builders.shutdown(wait=True, cancel_futures=True)
        writers.shutdown(wait=True)
        workers.shutdown(wait=True)
        store.close()

    app = FastAPI(
        title="tomtat",
        version=__version__,
        description="Cited summaries of Vietnamese news, and articles grouped into stories.",
        lifespan=lifespan,
        # Swagger UI and ReDoc load from a CDN, and the service runs offline: /docs is a
        # page of its own over /openapi.json
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.add_middleware(_Guard, max_body_bytes=max_body_bytes)
    if origins:  # added last, so outermost: _Guard's own answers (413, 415) get it too
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "HEAD", "POST", "DELETE"],
            allow_headers=["Content-Type"],  # JSON bodies: every POST is preflighted
        )
    _add_error_handlers(app)

    async def run(work: Callable[..., T], *args: Any, write: bool = False) -> T:
        pool = writers if write else workers
        future = asyncio.get_running_loop().run_in_executor(pool, functools.partial(work, *args))
        try:
            return await asyncio.wait_for(future, request_timeout)
        except TimeoutError:
            raise ApiError(503, f"request took longer than {request_timeout:g} s") from None

    async def build(plan: StoryBuild) -> dict[str, Any]:
        """The story body ``plan`` describes, built once for all who ask at the same time."""
        flight = builds.get(plan.key)
        if flight is None:
            job = builders.submit(store.build, plan)
            flight = builds[plan.key] = _Flight(job)

            def landed(_done: Any, key: tuple[str, str, bool] = plan.key) -> None:
                if builds.get(key) is flight:
                    del builds[key]

            flight.future.add_done_callback(landed)
        flight.waiting += 1
        try:
            return await asyncio.wait_for(asyncio.shield(flight.future), request_timeout)
        except TimeoutError:
            raise ApiError(503, f"request took longer than {request_timeout:g} s") from None
        finally:
            flight.waiting -= 1
            if not flight.waiting:
                # nobody waits for it any more: dropped if it has not started (a running
                # build goes on, for the next request to join, and caches its body)
                flight.job.cancel()

    def check_count(n: int) -> None:
        if n > max_articles:
            raise ApiError(413, f"too many articles in one request ({n} > {max_articles})")

    @app.post("/api/summarize", tags=["summarize"], responses=_responses(400, 413, 415, 422, 503))
    async def summarize(request: SummarizeRequest) -> dict[str, Any]:
        """Summarize the articles of ONE story: the JSON of `tomtat summarize --format json`.
        Stateless: nothing is stored."""
        check_count(len(request.documents))
        return await run(_summarize, request)

    @app.post("/api/fetch", tags=["summarize"], responses=_responses(400, 415, 422, 503))
    async def fetch_article(request: FetchRequest) -> dict[str, Any]:
        """Fetch a page and read its article as `POST /api/articles` would, without storing
        it: the article object to pass on to `/api/summarize`. Public addresses only."""
        from tomtat.readers.urls import url_id

        url = check_url(request.url, _BODY)
        timeout = min(URL_TIMEOUT, request_timeout)
        article = await run(_fetch, url, timeout, allow_private_urls)
        article.id = url_id(url)  # what `tomtat summarize URL` calls it
        return article.to_dict()

    @app.post("/api/articles", tags=["stories"], responses=_responses(400, 413, 415, 422, 503))
    async def add_articles(
        body: Annotated[Any, Body(openapi_examples=ARTICLES_EXAMPLES)],
    ) -> dict[str, list[dict[str, Any]]]:
        """Store articles and group them into stories: one article object, a list of them,
        `{"articles": [...]}`, or `{"url": "..."}` to fetch one. An article already stored
        (same url, or same normalized text) is not stored again: its id comes back with
        `created: false`. A new version of a stored article (same url, other text; without
        urls, same id and same headline or mostly the same text) replaces its text in
        place: `created: false, updated: true`. A taken id is renamed `id-2`; an article
        without one gets one. A stored URL is not fetched again unless `"refresh": true`.
        A URL is fetched only from a public internet address."""
        deadline = time.monotonic() + request_timeout
        items, url, refresh, wanted_id = _posted(body)
        check_count(len(items))

        def work() -> list[dict[str, Any]]:
            if url is not None:
                known = None if refresh else store.by_url(url)
                if known is not None:  # stored already: no need to fetch it again
                    return [_answer(known)]
                timeout = min(URL_TIMEOUT, request_timeout)
                articles = [_fetch(url, timeout, allow_private_urls)]
                articles[0].id = wanted_id  # "": the store gives one
            else:
                articles = [_article(item, f"article {n}") for n, item in enumerate(items, 1)]
            for article in articles:
                check_published(article, future=False)
            return [_answer(a) for a in store.add(articles, deadline=deadline)]

        return {"articles": await run(work, write=True)}

    @app.get("/api/articles/{article_id}", tags=["stories"], responses=_responses(404, 422, 503))
    async def get_article(article_id: str) -> dict[str, Any]:
        """An article's metadata and its normalized text (what citation offsets index into)."""
        found = await run(store.article, nfc_id(article_id))
        if found is None:
            raise ApiError(404, f"no article {shown(article_id)}")
        return found

    @app.delete("/api/articles/{article_id}", tags=["stories"], responses=_responses(404, 422, 503))
    async def delete_article(article_id: str) -> dict[str, Any]:
        """Remove an article; its story is regrouped without it."""
        wanted = nfc_id(article_id)
        if not await run(store.delete, wanted, write=True):
            raise ApiError(404, f"no article {shown(article_id)}")
        return {"deleted": wanted}

    @app.get("/api/stories", tags=["stories"], responses=_responses(422, 503))
    async def list_stories(
        since: Annotated[
            datetime | None,
            Query(description="Only stories updated at or after this ISO 8601 time."),
        ] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[
            int, Query(ge=0, le=MAX_OFFSET, description="Skip this many stories (paging).")
        ] = 0,
    ) -> dict[str, list[dict[str, Any]]]:
        """Stories, largest first, then most recently updated. `updated` is the latest
        publication time of a story's articles (when none is dated: when it was last stored).
        Page with `offset`: `offset=100&limit=100` gives the second hundred."""
        if since is not None:
            vietnam_time(since, "since")  # refused here, not as an overflow in the query
        listing = functools.partial(store.stories, since=since, limit=limit, offset=offset)
        return {"stories": await run(listing)}

    @app.get(
        "/api/stories/{story_id}",
        tags=["stories"],
        responses={
            308: {"description": "merged into the story `Location` names"},
            **_responses(404, 422, 503),
        },
    )
    async def get_story(story_id: str) -> Any:
        """A story's cited summary, dated timeline and sources (cached until it changes)."""
        found = await run(store.story_plan, story_id)
        if isinstance(found, StoryBuild):
            found = await build(found)
        if found is None:
            moved = await run(store.moved, story_id)
            if moved is None:
                raise ApiError(404, f"no story {shown(story_id)}")
            # merged into another story: the old id (from a post's answer) leads there
            # relative, so that it holds behind a proxy prefix (root_path) or a mount too
            return RedirectResponse(moved, status_code=308)
        return found

    @app.get("/api/health", tags=["service"], responses=_responses(503))
    async def health() -> dict[str, str]:
        """Whether the service and its database answer: `{"status": "ok", ...}`, else 503."""
        try:
            await run(store.ping)
        except StoreError as error:
            raise ApiError(503, str(error)) from None
        return {"status": "ok", "version": __version__, "database": store.backend}

    @app.get("/", include_in_schema=False)
    async def summarize_page() -> FileResponse:
        return _page("index.html")

    @app.get("/stories", include_in_schema=False)
    async def stories_page() -> FileResponse:
        return _page("stories.html")

    @app.get("/stories/{story_id}", include_in_schema=False)
    async def story_page(story_id: str) -> FileResponse:
        return _page("stories.html")

    @app.get("/docs", include_in_schema=False)
    async def api_page() -> FileResponse:
        return _page("api.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


class _Flight:
    """One story build in progress and how many requests wait for it."""

    def __init__(self, job: Future[dict[str, Any]]) -> None:
        self.job = job
        self.future = asyncio.wrap_future(job)
        self.waiting = 0


def _responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The error answers an operation can give, for the OpenAPI schema."""
    return {code: {"model": ErrorBody, "description": _ERRORS[code]} for code in codes}


def _page(name: str) -> FileResponse:
    path = STATIC / name
    if not path.is_file():
        raise ApiError(404, f"page {name} is not installed")
    return FileResponse(path, media_type="text/html; charset=utf-8")


def _article(item: Any, origin: str) -> Article:
    from tomtat.readers import article_from_mapping

    # no id: the store gives one
    return article_from_mapping(clean_article(item, origin, stored=True), origin, "")


def _answer(added: Added) -> dict[str, Any]:
    """One article's entry in the answer to POST /api/articles."""
    return {
        "id": added.id,
        "story": added.story,
        "created": added.created,
        "updated": added.updated,
    }


def _posted(body: Any) -> tuple[list[Any], str | None, bool, str]:
    """The article objects of a POST /api/articles body, or the URL to fetch, whether to
    fetch it again if it is stored (``refresh``) and the id to store it under ("": any)."""
    if isinstance(body, dict):
        if "url" in body and "articles" in body:  # one would be dropped without a word
            raise ApiError(400, 'post "articles" or a "url" to fetch, not both')
        if "url" in body and "text" not in body and "raw_text" not in body:
            url = check_url(body["url"], _BODY)
            refresh = body.get("refresh", False)
            if not isinstance(refresh, bool):
                raise ApiError(422, '"refresh" must be true or false')
            # checked as a posted article's id: a string or number naming one URL segment
            wanted = clean_article({"id": body.get("id")}, _BODY, stored=True)["id"]
            return [url], url, refresh, id_field(wanted, _BODY, "")
        if "articles" in body and "text" not in body:
            body = body["articles"]
            if not isinstance(body, list):
                raise ApiError(400, '"articles" must be a list of article objects')
        else:
            body = [body]
    if not isinstance(body, list):
        raise ApiError(400, _SHAPE)
    if not body:
        raise ApiError(422, "no articles given")
    return body, None, False, ""


def _fetch(url: str, timeout: float, allow_private: bool) -> Article:
    from tomtat.service.fetch import fetch

    article = fetch(url, timeout=timeout, allow_private=allow_private)
    article.url = article.url or url  # so that posting the URL again finds it
    # the address after redirects becomes the article's url: checked as a posted one (each
    # redirect was checked before it was followed, but percent-encoding lengthens a URL)
    check_url(article.url, url, "the page's final address")
    article.id = ""
    return clean_prose(article)


def _summarize(request: SummarizeRequest) -> dict[str, Any]:
    from tomtat.api import summarize_documents
    from tomtat.documents import build_documents
    from tomtat.readers import article_from_mapping
    from tomtat.readers.ids import has_own_id, make_ids_unique

    articles = [
        article_from_mapping(clean_article(item, f"documents[{n}]"), f"documents[{n}]", str(n + 1))
        for n, item in enumerate(request.documents)
    ]
    for article in articles:
        check_published(article, future=True)  # nothing is stored: any date may be meant
    warnings = make_ids_unique(articles, [has_own_id(item) for item in request.documents])
    documents, dropped = build_documents(articles)
    if not documents:  # why, as `tomtat batch` says it
        why = f" ({dropped[0]}{'; …' if len(dropped) > 1 else ''})" if dropped else ""
        raise NoArticlesError(f"no usable articles to summarize{why}")
    summary = summarize_documents(
        documents,
        budget=request.budget,
        unit=request.unit,
        method=request.method,
        fill=request.fill,
        warnings=[*warnings, *dropped],
    )
    return summary.to_dict(include_text=request.include_text)


def _error(status: int, message: str) -> JSONResponse:
    if len(message) > _MAX_MESSAGE:  # a value echoed from a huge request: keep the reason
        message = f"{message[: _MAX_MESSAGE // 2]} … {message[-_MAX_MESSAGE // 4 :]}"
    return JSONResponse({"error": message}, status_code=status)


def _allowed(request: Request) -> str:
    """The methods some route takes at the request's path, for ``Allow``."""
    scope = request.scope
    # the path as the app saw it: routing into a mount (/static) changes root_path
    root = scope.get("app_root_path", scope.get("root_path", ""))
    probe = {"type": "http", "path": scope["path"], "root_path": root, "method": "GET"}
    methods = {"OPTIONS"}
    for route in request.app.router.routes:
        if route.matches(probe)[0] is not Match.NONE:
            methods.update(getattr(route, "methods", None) or {"GET"})  # a mount: files
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.message)

    @app.exception_handler(TomtatError)
    async def input_error(_request: Request, exc: TomtatError) -> JSONResponse:
        if isinstance(exc, InputError | NoArticlesError):
            return _error(422, str(exc))
        return _error(503 if isinstance(exc, TooSlow) else 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400 and exc.detail == _UNPARSED:
            return _error(
                400,
                "the request body is not JSON that can be read (UTF-8, nested "
                "less than 1,000 levels deep)",
            )
        if exc.status_code != 405:
            return _error(exc.status_code, str(exc.detail))
        allow = _allowed(request)
        if request.method == "OPTIONS":  # no route takes OPTIONS: answered for all here
            return Response(status_code=204, headers={"Allow": allow})
        response = _error(405, f"method not allowed here; allowed: {allow}")
        response.headers["Allow"] = allow
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return _error(400, "invalid JSON in the request body")
        whole = [
            e
            for e in errors
            if tuple(e.get("loc", ())) == ("body",) and e.get("type") != "string_unicode"
        ]
        if whole:  # not an object at all: a shape error, not a field's value
            if whole[0].get("type") == "missing":
                return _error(400, "the request body is empty")
            return _error(400, "the request body must be a JSON object")
        parts = []
        for e in errors[:3]:
            where = ".".join(str(p) for p in e.get("loc", ())[1:]) or "a key of the body"
            message = e.get("msg")
            if e.get("type") == "string_unicode":  # "\ud800" in JSON: no character at all
                message = "contains an invalid character (lone surrogate)"
            parts.append(f"{where}: {message}")
        return _error(422, "; ".join(parts))


class _Guard:
    """Outermost checks: a body larger than the limit gets 413 before anything parses it,
    and an unexpected exception gets 500 ``internal error`` (traceback to the log only)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "HEAD":  # FastAPI's GET routes take no HEAD: a GET, bodiless
            scope = {**scope, "method": "GET"}
            send = _without_body(send)
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            if scope["method"] in _BODY_METHODS:
                body = await self._body(scope, receive)
                if body is None:
                    limit = f"{self.max_body_bytes:,} bytes"
                    await _send_json(send, 413, f"request body larger than {limit}")
                    return
                if body and not _is_json(scope):  # FastAPI would not parse it
                    await _send_json(send, 415, "send JSON with Content-Type: application/json")
                    return
                receive = _replay(body, receive)
            await self.app(scope, receive, watched)
        except Exception:
            logger.exception("internal error in %s %s", scope["method"], scope["path"])
            if not started:
                await _send_json(send, 500, "internal error")

    async def _body(self, scope: Scope, receive: Receive) -> bytes | None:
        """The whole body, or None when it is over the limit (declared or streamed)."""
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body_bytes:
                return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return b""
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _is_json(scope: Scope) -> bool:
    """``application/json`` or ``application/...+json``, the types FastAPI parses as JSON
    (``text/json`` and ``application/x-jsonp`` are not, whatever their names say)."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            media = value.split(b";", 1)[0].strip().lower()
            kind, _, subtype = media.partition(b"/")
            return kind == b"application" and (subtype == b"json" or subtype.endswith(b"+json"))
    return False


def _without_body(send: Send) -> Send:
    """The answer to HEAD: a GET's status and headers (its Content-Length too), no body."""

    async def headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return headers_only


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


async def _send_json(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
