"""A response cache for reads of immutable data, in front of the whole application.

The registry's reference data is loaded once per process and never changes while it runs, so
a ``GET`` under one of :data:`IMMUTABLE_PREFIXES` gives the same answer for the same URL, the
same day (``as_of`` defaults to today, so the day is part of the key) and the same record (the
Charter joins the registry once in force, from the record): the key holds the log's size as
:class:`LogSize` knows it. The cache stores the complete response (status 200 only) and
replays it without entering FastAPI's routing, validation or serialisation; it answers
``If-None-Match`` with ``304``. It is a bounded LRU (:attr:`Settings.response_cache` entries;
``0`` turns it off).

Several processes serve one database: each keys its caches on the log's size read from the
database, at most :attr:`Settings.log_size_ttl` seconds old (its own appends count at once), so
an act appended through one process reaches every other process's cached answers within that
bound (``docs/operations.md``).

Usage docs: ``docs/concepts/web.md``.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import date
from typing import Any

__all__ = ["IMMUTABLE_PREFIXES", "MAX_BODY_BYTES", "LogSize", "ResponseCache", "log_size"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Paths whose answers depend only on the URL and the day: the in-process reference registry.
IMMUTABLE_PREFIXES: tuple[str, ...] = (
    "/api/v1/states",
    "/api/v1/formats",
    "/api/v1/treaties",
    "/api/v1/actors/",
    "/api/v1/channels",
    "/api/v1/alignment",
)
#: Larger responses are served but not kept.
MAX_BODY_BYTES = 512 * 1024
_KEPT_HEADERS = {b"content-type", b"content-language"}


class LogSize:
    """The log's size as this process knows it: re-read at most every ``ttl`` seconds.

    ``read`` asks the database (an index lookup); :meth:`note` takes the size an append of this
    process reported, so its own writes show at once.
    """

    def __init__(self, read: Callable[[], int], ttl: float) -> None:
        """Wrap ``read``; nothing is read until :meth:`current`."""
        self._read, self.ttl = read, ttl
        self._size = -1
        self._at = float("-inf")

    def current(self) -> int:
        """The size, read again when the last reading is older than ``ttl``."""
        now = time.monotonic()
        if now - self._at >= self.ttl:
            self._size, self._at = max(self._size, self._read()), now
        return self._size

    def note(self, size: int) -> None:
        """An append of this process left the log at ``size`` entries (or more)."""
        self._size = max(self._size, size)


def log_size(app: Any) -> int:
    """The size the app's :class:`LogSize` knows (``0`` for an app without one)."""
    tracker = getattr(getattr(app, "state", None), "log_size", None)
    return tracker.current() if isinstance(tracker, LogSize) else 0


class ResponseCache:
    """ASGI middleware: replay cached ``200`` answers to ``GET`` reads of immutable data."""

    def __init__(self, app: ASGIApp, max_entries: int) -> None:
        """Wrap ``app``, keeping at most ``max_entries`` responses (LRU)."""
        self.app = app
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[str, bytes, str], tuple[list[Any], bytes, bytes]]
        self._entries = OrderedDict()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def _cacheable(scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return False
        path: str = scope["path"]
        return path.startswith(IMMUTABLE_PREFIXES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve from the cache, or run the app and keep its answer."""
        if self.max_entries <= 0 or not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        size = log_size(scope.get("app"))
        key = (scope["path"], scope["query_string"], f"{date.today().isoformat()}/{size}")
        entry = self._entries.get(key)
        if entry is not None:
            self.hits += 1
            self._entries.move_to_end(key)
            await self._replay(scope, send, *entry)
            return
        self.misses += 1
        await self._fill(scope, receive, send, key)

    async def _replay(
        self, scope: Scope, send: Send, headers: list[Any], body: bytes, etag: bytes
    ) -> None:
        request_headers = dict(scope["headers"])
        if request_headers.get(b"if-none-match") == etag:
            await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", etag)]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )

    async def _fill(
        self, scope: Scope, receive: Receive, send: Send, key: tuple[str, bytes, str]
    ) -> None:
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return  # held back until the body is complete, to add the ETag
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await self._finish(scope, send, key, start, b"".join(chunks))
                return
            await send(message)

        await self.app(scope, receive, capture)

    async def _finish(
        self, scope: Scope, send: Send, key: tuple[str, bytes, str], start: Message, body: bytes
    ) -> None:
        status = start.get("status", 500)
        headers = list(start.get("headers", []))
        keep = status == 200 and scope["method"] == "GET" and len(body) <= MAX_BODY_BYTES
        if keep:
            etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
            stored = [(k, v) for k, v in headers if k.lower() in _KEPT_HEADERS]
            stored += [(b"content-length", str(len(body)).encode()), (b"etag", etag)]
            self._entries[key] = (stored, body, etag)
            if len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
            headers = stored
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})
