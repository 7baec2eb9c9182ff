"""`extract-facts serve`: the extractor as an HTTP JSON API (FastAPI on uvicorn, extra `serve`).

    POST /extract         one article {text, published?, title?, url?, id?} -> {"records": [...]}
    POST /extract/batch   {"articles": [...]} -> {"records": [...]}, each article's block in order
    GET  /health          {"status": "ok", ...}
    GET  /schema          the JSON Schema of a record

Records are the lines `run` writes (decimals as strings, UTF-8). The pipeline is loaded once, at
start-up; extraction runs one request at a time on a worker thread, so /health stays responsive.
A body over `max_bytes` gets 413 before it is parsed; a malformed one gets 422 naming the field.
"""

from __future__ import annotations

import argparse
import json
import logging
import threading
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from extract.api import extract, pipeline
from extract.ingest import InputError
from extract.ingest.metadata import parse_date_value
from extract.models import record_schema

log = logging.getLogger("extract")

DEFAULT_MAX_BYTES = 2_000_000
DEFAULT_MAX_BATCH = 100
ASGIApp = Callable[[dict, Callable, Callable], Awaitable[None]]


class Article(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="The article: plain text, HTML or Markdown.")
    published: str | None = Field(default=None, description="Publication date, YYYY-MM-DD.")
    title: str | None = None
    url: str | None = None
    id: str | None = Field(default=None, description="The records' doc_id (default 'text').")

    @field_validator("text")
    @classmethod
    def _has_text(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("text is empty")
        return text

    @field_validator("published")
    @classmethod
    def _is_date(cls, value: str | None) -> str | None:
        if value is not None and parse_date_value(value) is None:
            raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD)")
        return value


class Batch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[Article] = Field(min_length=1)


def body_limit(app: ASGIApp, max_bytes: int) -> ASGIApp:
    """ASGI middleware: 413 for a request body over `max_bytes`, declared or streamed."""

    async def reply_413(send: Callable) -> None:
        message = json.dumps({"error": f"request body over {max_bytes} bytes"}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", b"%d" % len(message)),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": message})

    async def guarded(scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            return await app(scope, receive, send)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > max_bytes):
            return await reply_413(send)
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > max_bytes:
                return await reply_413(send)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        return await app(scope, replay, send)

    return guarded


def create_app(*, max_bytes: int = DEFAULT_MAX_BYTES, max_batch: int = DEFAULT_MAX_BATCH) -> Any:
    """The ASGI application (FastAPI), wrapped in the body-size guard."""
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, Response

    lock = threading.Lock()

    def records_json(articles: list[Article]) -> Response:
        lines = []
        with lock:
            for i, a in enumerate(articles):
                try:
                    records = extract(
                        a.text,
                        published=a.published,
                        title=a.title,
                        url=a.url,
                        doc_id=a.id or "text",
                    )
                except InputError as e:
                    where = f"article {i}: " if len(articles) > 1 else ""
                    return JSONResponse({"error": f"{where}{e}"}, status_code=422)
                lines.extend(r.model_dump_json() for r in records)
        body = '{"records":[' + ",".join(lines) + "]}"
        return Response(body, media_type="application/json; charset=utf-8")

    @asynccontextmanager
    async def lifespan(_: FastAPI):  # type: ignore[no-untyped-def]
        pipeline()  # load once, before the first request
        yield

    app = FastAPI(title="extract-facts", lifespan=lifespan)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return JSONResponse({"error": "; ".join(problems)}, status_code=422)

    @app.post("/extract")
    def extract_one(article: Article) -> Response:
        return records_json([article])

    @app.post("/extract/batch")
    def extract_batch(batch: Batch) -> Response:
        if len(batch.articles) > max_batch:
            message = f"articles: {len(batch.articles)} articles, at most {max_batch} a batch"
            return JSONResponse({"error": message}, status_code=422)
        return records_json(batch.articles)

    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "pipeline": pipeline().pipe_names, "max_bytes": max_bytes}

    @app.get("/schema")
    def schema() -> dict[str, Any]:
        return record_schema()

    return body_limit(app, max_bytes)


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "serve", help="serve the extractor as an HTTP JSON API (needs the [serve] extra)"
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="largest request body")
    p.add_argument("--max-batch", type=int, default=DEFAULT_MAX_BATCH, help="most articles a batch")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn
    except ImportError:
        log.error("serve needs FastAPI and uvicorn: pip install 'extract-facts[serve]'")
        return 2
    app = create_app(max_bytes=args.max_bytes, max_batch=args.max_batch)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
