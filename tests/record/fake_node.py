"""A node that answers what the test tells it to: hostile mirrors' sources and lying witnesses.

:class:`FakeNode` is a real HTTP server on 127.0.0.1 (a thread of this process) whose answer
to each path is a function the test sets: it can serve a real log's entries and proofs,
answer bytes that are not UTF-8, stream more than any client should read, or trickle one
byte at a time. Every answer it streams is bounded in size and time, so a client that keeps
reading cannot make a test hang.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from eurasec.record.log import Record

#: What a route gives back: status, content type, and the body (bytes, or chunks to stream).
Answer = tuple[int, str, bytes | Iterable[bytes]]
Route = Callable[[dict[str, str], bytes], Answer]


def text(body: bytes | str, status: int = 200) -> Answer:
    """A plain-text answer."""
    return status, "text/plain", body.encode() if isinstance(body, str) else body


def as_json(data: Any, status: int = 200) -> Answer:
    """A JSON answer."""
    return status, "application/json", json.dumps(data).encode()


def endless(chunk: bytes, most: int) -> Iterator[bytes]:
    """``chunk`` again and again, ``most`` bytes at most (a client should stop long before)."""
    sent = 0
    while sent < most:
        yield chunk
        sent += len(chunk)


def trickle(pause: float, most_seconds: float) -> Iterator[bytes]:
    """One byte every ``pause`` seconds, for ``most_seconds`` at most."""
    end = time.monotonic() + most_seconds
    while time.monotonic() < end:
        yield b"a"
        time.sleep(pause)


def log_routes(record: Record, note: str, vkey: str) -> dict[str, Route]:
    """An honest node's read API for ``record``, its latest checkpoint being ``note``."""

    def entries(q: dict[str, str], _body: bytes) -> Answer:
        start = int(q["offset"])
        found = record.entries(start, start + int(q["limit"]))
        items = [{"index": e.index, "leaf": base64.b64encode(e.leaf).decode()} for e in found]
        return as_json({"data": items, "count": len(items), "offset": start})

    def consistency(q: dict[str, str], _body: bytes) -> Answer:
        p = record.consistency_proof(int(q["first"]), int(q["second"]))
        return as_json({"first": p.first, "second": p.second,
                        "hashes": [base64.b64encode(h).decode() for h in p.hashes]})  # fmt: skip

    return {
        "/api/v1/record/log-key": lambda _q, _b: text(vkey + "\n"),
        "/api/v1/record/checkpoint": lambda _q, _b: text(note),
        "/api/v1/record/entries": entries,
        "/api/v1/record/proof/consistency": consistency,
    }


class FakeNode:
    """An HTTP server whose routes (path → :data:`Route`) the test sets and changes."""

    def __init__(self) -> None:
        """Not serving yet: use :meth:`serving`."""
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []

    @contextmanager
    def serving(self) -> Iterator[str]:
        """Serve on a free port of 127.0.0.1; the base URL."""
        node = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # a streamed body ends when the connection closes

            def log_message(self, *_args: Any) -> None:  # quiet
                pass

            def _answer(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                node.requests.append(url.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                route = node.routes.get(url.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                status, kind, payload = route(query, body) if route else text("no", 404)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                if isinstance(payload, bytes):
                    self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    for chunk in [payload] if isinstance(payload, bytes) else payload:
                        self.wfile.write(chunk)
                        self.wfile.flush()
                except OSError:
                    pass  # the client hung up: what a careful client does with such answers

            # (the names http.server dispatches to)
            do_GET = _answer  # noqa: N815
            do_POST = _answer  # noqa: N815

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False  # a handler still streaming to a client that left
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()
