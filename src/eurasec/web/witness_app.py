"""``create_witness_app(settings)``: a witness on its own, as ``eurasec witness serve`` runs it.

A member state that witnesses another's log needs none of the platform: only the C2SP
tlog-witness endpoint (``POST /api/v1/record/witness/add-checkpoint``, the same route the
platform serves when it holds a witness key), what it last co-signed per log
(``GET /api/v1/witness``), and the liveness and readiness checks.

Usage docs: ``docs/operations.md``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.responses import PlainTextResponse
from sqlalchemy import select

from eurasec import __version__
from eurasec.errors import ConfigurationError
from eurasec.record.schema import record_witness
from eurasec.settings import Settings, get_settings
from eurasec.web import service
from eurasec.web.deps import StoreDep
from eurasec.web.problems import add_problem_handlers
from eurasec.web.routes import readiness
from eurasec.web.routes.record import add_checkpoint

__all__ = ["create_witness_app"]


def create_witness_app(settings: Settings | None = None) -> FastAPI:
    """The witness service for ``settings`` (a witness key and the logs it follows)."""
    settings = settings or get_settings()
    if not settings.record_witness_key_file or not settings.record_witness_logs.strip():
        raise ConfigurationError(
            "a witness needs EURASEC_RECORD_WITNESS_KEY_FILE and EURASEC_RECORD_WITNESS_LOGS"
        )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service.start(app.state, settings.model_copy(update={"record_key_file": None}))
        try:
            yield
        finally:
            service.stop(app.state)

    app = FastAPI(title="eurasec witness", version=__version__, lifespan=lifespan)
    app.state.settings = settings
    add_problem_handlers(app)
    router = APIRouter(tags=["witness"])
    router.add_api_route(
        "/api/v1/record/witness/add-checkpoint",
        add_checkpoint,
        methods=["POST"],
        response_class=PlainTextResponse,
    )
    router.add_api_route("/api/v1/witness", _state, methods=["GET"])
    router.add_api_route("/api/v1/health", _health, methods=["GET"])
    app.include_router(router)
    app.include_router(readiness.router)
    return app


def _state(store: StoreDep) -> dict[str, Any]:
    """The last checkpoint co-signed per log origin: ``{origin: {tree_size, root}}``."""
    import base64

    with store.connect() as conn:
        rows = conn.execute(select(record_witness)).all()
    return {
        r.origin: {"tree_size": int(r.tree_size), "root": base64.b64encode(r.root).decode()}
        for r in rows
    }


def _health() -> dict[str, str]:
    """Liveness."""
    return {"status": "ok", "version": __version__, "role": "witness"}
