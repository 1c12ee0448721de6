"""Request size limits (``eurasec.web.limits``): 413 and 414 as problem JSON."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from starlette.types import Message

from eurasec.settings import get_settings
from eurasec.web.app import create_app
from eurasec.web.limits import RequestLimits

LIMIT = 1_000


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The real app with a 1,000-byte body limit, plus an echo route that reads the body."""
    db: Path = tmp_path_factory.mktemp("limits") / "l.db"
    app = create_app(
        get_settings(database_url=f"sqlite:///{db}", max_body_bytes=LIMIT, max_url_bytes=256)
    )

    @app.post("/_echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"read": len(await request.body())}

    with TestClient(app) as client:
        yield client


def test_body_at_the_limit_is_read(small: TestClient) -> None:
    r = small.post("/_echo", content=b"x" * LIMIT)
    assert r.status_code == 200
    assert r.json() == {"read": LIMIT}


def test_declared_body_over_the_limit_is_413_problem_json(small: TestClient) -> None:
    r = small.post("/_echo", content=b"x" * (LIMIT + 1))
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "request_too_large"
    assert str(LIMIT) in r.json()["detail"]


def test_streamed_body_over_the_limit_is_413(small: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(5):
            yield b"y" * 300

    r = small.post("/_echo", content=chunks())
    assert r.status_code == 413
    assert r.json()["code"] == "request_too_large"


def test_long_url_is_414(small: TestClient) -> None:
    r = small.get("/api/v1/health", params={"q": "z" * 300})
    assert r.status_code == 414
    assert r.json()["code"] == "uri_too_long"
    assert small.get("/api/v1/health").status_code == 200


async def _drive(chunks: list[bytes], limit: int) -> tuple[list[Message], int]:
    """Run RequestLimits around an app that reads every chunk; return what was sent."""
    read = 0

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal read
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            read += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    queue = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "path": "/", "raw_path": b"/", "query_string": b"", "headers": []}
    await RequestLimits(app, max_body_bytes=limit, max_url_bytes=1024)(scope, receive, send)
    return sent, read


@pytest.mark.parametrize(("sizes", "status"), [([10, 10, 10], 200), ([40, 40, 40], 413)])
def test_chunked_body_is_counted_as_it_arrives(sizes: list[int], status: int) -> None:
    # A thread of its own: an earlier test in the same worker (a browser test) may have left
    # an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        sent, read = pool.submit(asyncio.run, _drive([b"a" * n for n in sizes], 100)).result()
    starts = [m for m in sent if m["type"] == "http.response.start"]
    assert [m["status"] for m in starts] == [status]  # exactly one answer, never two
    # the app never reads past the chunk that crossed the limit
    assert read <= 100 + max(sizes)
