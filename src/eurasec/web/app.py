"""``create_app(settings)``: the one place the web application is assembled.

Every module in ``eurasec.web.routes`` that defines ``router`` (an ``APIRouter``) is included;
API routers carry their own ``/api/v1`` prefix, page routers none.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from eurasec import __version__
from eurasec.settings import Settings, get_settings
from eurasec.web import service
from eurasec.web.cache import ResponseCache
from eurasec.web.limits import RequestLimits
from eurasec.web.openapi import install_openapi, operation_id
from eurasec.web.problems import add_problem_handlers, declare

__all__ = ["create_app"]

_HERE = Path(__file__).parent
#: Routers included first, in this order: those that take signed acts. FastAPI tries the
#: included routers' routes in order on every request, a pattern match each, and appends are
#: the path a deployment's throughput depends on (docs/operations.md). Their prefixes are
#: their own, so the order changes no route's meaning; the rest follow by module name.
_FIRST = ("fund", "record", "charter", "forum", "projects", "consultations")


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service.start(app.state, settings)  # refuses a schema that is not current
        try:
            yield
        finally:
            service.stop(app.state)

    app = FastAPI(
        title="eurasec",
        version=__version__,
        description="Registry, verifiable record, institutions and analysis of a multilateral "
        "Eurasian security architecture. Collections are pages {data, count, limit, offset, "
        "as_of, links}; dated answers echo as_of; errors are RFC 9457 problem details with a "
        "stable code. The contract and what may change within v1: docs/reference/api.md.",
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        docs_url=None,  # /docs and /redoc are served with local assets (routes/apidocs.py)
        redoc_url=None,
        # Off unless asked for: with no provider configured, FastAPI still looked the three
        # global providers up on every request (about a tenth of a Fund act's server time).
        telemetry={
            "tracing": settings.opentelemetry,
            "metrics": settings.opentelemetry,
            "logs": settings.opentelemetry,
        },
    )
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")
    app.add_middleware(ResponseCache, max_entries=settings.response_cache)
    # Added last, so outermost: oversize requests are refused before anything else runs.
    app.add_middleware(
        RequestLimits,
        max_body_bytes=settings.max_body_bytes,
        max_url_bytes=settings.max_url_bytes,
    )
    add_problem_handlers(app)
    import eurasec.web.render  # noqa: F401 (template defaults for every page)
    import eurasec.web.routes as routes

    def order(name: str) -> tuple[int, str]:
        return (_FIRST.index(name), "") if name in _FIRST else (len(_FIRST), name)

    for info in sorted(pkgutil.iter_modules(routes.__path__), key=lambda m: order(m.name)):
        module = importlib.import_module(f"eurasec.web.routes.{info.name}")
        if hasattr(module, "router"):
            # Any request may be refused for its URL's length (RequestLimits).
            app.include_router(module.router, responses=declare(414))
    install_openapi(app)
    return app
