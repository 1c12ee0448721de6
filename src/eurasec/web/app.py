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

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from eurasec import __version__
from eurasec.errors import DOCS_URL, EurasecError, InputError, Unavailable
from eurasec.settings import Settings, get_settings
from eurasec.web import service
from eurasec.web.cache import ResponseCache
from eurasec.web.limits import RequestLimits

__all__ = ["create_app"]

_HERE = Path(__file__).parent
PROBLEM = "application/problem+json"


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
        "Eurasian security architecture. Errors are problem JSON: {code, message, docs_url}.",
        lifespan=lifespan,
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
    _add_error_handlers(app)
    import eurasec.web.render  # noqa: F401 (template defaults for every page)
    import eurasec.web.routes as routes

    for info in sorted(pkgutil.iter_modules(routes.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"eurasec.web.routes.{info.name}")
        if hasattr(module, "router"):
            app.include_router(module.router)
    return app


def _wants_page(request: Request) -> bool:
    """A browser asking for a page (not the API) gets an HTML error page."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def _error_page(request: Request, status: int, message: str) -> Response:
    from eurasec.web.render import render  # the page layer, imported only when needed

    return render(request, "error.html", {"status": status, "message": message}, status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(EurasecError)
    async def _eurasec_error(request: Request, exc: EurasecError) -> Response:
        if _wants_page(request):
            return _error_page(request, exc.http_status, str(exc))
        retry = {"Retry-After": "1"} if isinstance(exc, Unavailable) else None
        return JSONResponse(
            exc.to_problem(), status_code=exc.http_status, media_type=PROBLEM, headers=retry
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_page(request):
            return _error_page(request, exc.status_code, str(exc.detail))
        # Framework errors (unknown route, wrong method) as problem JSON like every other error.
        code = {404: "not_found", 413: "request_too_large", 414: "uri_too_long"}.get(
            exc.status_code, "invalid_input"
        )
        body = {
            "code": code,
            "message": str(exc.detail),
            "docs_url": f"{DOCS_URL}#{code.replace('_', '-')}",
        }
        return JSONResponse(
            body, status_code=exc.status_code, media_type=PROBLEM, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()))
        body = {
            "code": "validation_failed",
            "message": f"{where}: {first.get('msg', 'invalid')}" if where else first["msg"],
            "docs_url": f"{DOCS_URL}#validation-failed",
        }
        if _wants_page(request):
            return _error_page(request, 422, str(body["message"]))
        return JSONResponse(body, status_code=422, media_type=PROBLEM)

    async def _out_of_range(_request: Request, _exc: Exception) -> JSONResponse:
        # Safety net: a number too large for a database integer column (SQLite's
        # OverflowError, PostgreSQL's numeric_value_out_of_range) is the caller's error, not
        # the server's. Routes should still bound their parameters (tests/web/test_bounds.py).
        err = InputError("a value in the request is out of range for storage")
        return JSONResponse(err.to_problem(), status_code=422, media_type=PROBLEM)

    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(DataError, _out_of_range)

    async def _database_trouble(request: Request, exc: Exception) -> Response:
        # A lock or statement timeout, a lost connection: the database, not the request, is
        # the trouble, and the client may retry (docs/operations.md has the bounds).
        store = getattr(request.app.state, "store", None)
        if store is None or not store.unavailable(exc):
            raise exc
        err = Unavailable(f"the database did not answer in time: {store.reason(exc)}")
        return JSONResponse(
            err.to_problem(), status_code=503, media_type=PROBLEM, headers={"Retry-After": "1"}
        )

    app.add_exception_handler(OperationalError, _database_trouble)
    app.add_exception_handler(DBAPIError, _database_trouble)
