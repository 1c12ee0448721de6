"""Request size limits: an ASGI middleware that refuses oversize bodies and URLs.

A body is refused with 413 ``request_too_large`` when its ``Content-Length`` is over
``Settings.max_body_bytes``, before the route reads a byte; a body without a length (chunked)
is counted as it streams in and refused the moment it passes the limit, so the route never
sees more than the limit. A path plus query string over ``Settings.max_url_bytes`` gets 414
``uri_too_long``. Both answers are problem details like every other error
(:mod:`eurasec.web.problems`).

Usage docs: ``docs/concepts/security.md``.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eurasec.errors import RequestTooLarge
from eurasec.web.problems import PROBLEM, problem_body

__all__ = ["RequestLimits"]


class RequestLimits:
    """Pure ASGI middleware enforcing ``max_body_bytes`` and ``max_url_bytes``."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_url_bytes: int) -> None:
        """Wrap ``app`` with the two limits (bytes)."""
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_url_bytes = max_url_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the URL and the declared length, then count the body as it arrives."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("raw_path") or str(scope.get("path", "")).encode()
        if len(path) + len(scope.get("query_string", b"")) > self.max_url_bytes:
            message = f"request URL is over {self.max_url_bytes} bytes"
            await _problem(scope, send, 414, RequestTooLarge(message, code="uri_too_long"))
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await _problem(scope, send, 413, self._too_large())
            return
        await _Guard(self, scope, receive, send).run()

    def _too_large(self) -> RequestTooLarge:
        return RequestTooLarge(f"request body is over {self.max_body_bytes} bytes")


class _Guard:
    """One request: counts body bytes and answers 413 itself once they pass the limit."""

    def __init__(self, limits: RequestLimits, scope: Scope, receive: Receive, send: Send) -> None:
        self.limits = limits
        self.scope = scope
        self._receive = receive
        self._send = send
        self.seen = 0
        self.started = False
        self.refused = False

    async def run(self) -> None:
        try:
            await self.limits.app(self.scope, self.receive, self.send)
        except Exception:
            # Once refused, the 413 is the answer: the app's reaction to the "disconnect"
            # (starlette's ClientDisconnect, a parse error) is moot and is not a server error.
            if not self.refused:
                raise

    async def receive(self) -> Message:
        if self.refused:
            return {"type": "http.disconnect"}
        message = await self._receive()
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            if self.seen > self.limits.max_body_bytes:
                if not self.started:
                    await _problem(self.scope, self._send, 413, self.limits._too_large())
                self.refused = True
                # The app sees the client go away and stops; whatever it answers is dropped.
                return {"type": "http.disconnect"}
        return message

    async def send(self, message: Message) -> None:
        if self.refused:
            return
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _problem(scope: Scope, send: Send, status: int, error: RequestTooLarge) -> None:
    body = json.dumps(problem_body(scope, status, error.code, error.message)).encode()
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", PROBLEM.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    start: dict[str, Any] = {"type": "http.response.start", "status": status, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": body})
