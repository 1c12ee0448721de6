"""Errors as RFC 9457 problem details, mapped once for the whole application.

Every error the API answers is ``application/problem+json``::

    {"type": "http://127.0.0.1:8000/api/v1/problems/not_found", "title": "An id that does
     not exist", "status": 404, "detail": "unknown organisation 'SOC'; did you mean SCO?",
     "instance": "/api/v1/formats/SOC", "code": "not_found"}

``type`` is absolute: the node's own ``/api/v1/problems/{code}``, which describes the problem
type when dereferenced; ``code`` is eurasec's stable code (``docs/errors.md``), the same on
every node, and what a program should switch on. ``title`` is the code's one-line meaning
from :data:`eurasec.errors.ERROR_CODES`; ``detail`` says what went wrong this time; a failed
validation also lists every failure in ``errors``. A browser asking for a page (not the API)
gets an HTML error page instead.

Usage docs: ``docs/reference/api.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from eurasec.errors import ERROR_CODES, EurasecError, Unavailable
from eurasec.web.schemas.common import Problem, ProblemIssue

__all__ = [
    "PROBLEM",
    "PROBLEMS_PATH",
    "add_problem_handlers",
    "declare",
    "problem_body",
    "title",
    "type_uri",
]

PROBLEM = "application/problem+json"
#: Where each problem type is described (``type`` is this path under the node's base URL).
PROBLEMS_PATH = "/api/v1/problems"

#: Codes of the framework's own HTTP errors (unknown route, wrong method, limits).
_HTTP_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    414: "uri_too_long",
}

#: Seconds a client should wait before retrying when the database is the trouble (503).
_RETRY = {"Retry-After": "1"}

#: What each declared status means, for the OpenAPI document.
_STATUS_MEANING = {
    403: "Not authorised: the actor may not make this act (`not_authorised`).",
    404: "No such resource (`not_found`).",
    409: "The act breaks an institutional rule (`rule_violation`, `duplicate_act`, ...).",
    413: "The request body is over the configured limit (`request_too_large`).",
    414: "The request URL is over the configured limit (`uri_too_long`).",
    422: "Invalid input (`validation_failed`, `invalid_input`, `record_*`, ...).",
    500: "The server cannot answer: stored history does not verify (`record_tampered`), or "
    "unusable settings (`configuration`).",
    503: "The database did not answer in time or the process cannot serve yet "
    "(`database_unavailable`, `not_ready`); retry after `Retry-After` seconds.",
}


def title(code: str) -> str:
    """The problem type's title: the code's one-line meaning, capitalised."""
    meaning = ERROR_CODES[code]
    return meaning[:1].upper() + meaning[1:]


def type_uri(base_url: str, code: str) -> str:
    """The absolute URI of problem type ``code`` on the node at ``base_url``."""
    return f"{base_url.rstrip('/')}{PROBLEMS_PATH}/{code}"


def problem_body(
    scope: Scope,
    status: int,
    code: str,
    detail: str,
    errors: list[ProblemIssue] | None = None,
) -> dict[str, Any]:
    """The problem-details object for an error answered to the request in ``scope``."""
    request = Request(scope)
    problem = Problem(
        type=type_uri(str(request.base_url), code),
        title=title(code),
        status=status,
        detail=detail,
        instance=request.url.path,
        code=code,
        errors=errors,
    )
    return problem.model_dump(mode="json", exclude_none=True)


def _answer(
    request: Request,
    status: int,
    code: str,
    detail: str,
    *,
    errors: list[ProblemIssue] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    if _wants_page(request):
        from eurasec.web.labels import ERROR_MEANINGS
        from eurasec.web.render import render, translate  # the page layer, when needed

        meaning = ERROR_MEANINGS.get(code)
        context = {
            "status": status,
            "message": detail,
            "code": code,
            "meaning": translate(request)(meaning) if meaning else "",
        }
        return render(request, "error.html", context, status_code=status)
    body = problem_body(request.scope, status, code, detail, errors)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _wants_page(request: Request) -> bool:
    """A browser asking for a page (not the API) gets an HTML error page."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def _issues(exc: RequestValidationError) -> list[ProblemIssue]:
    return [
        ProblemIssue(
            location=".".join(str(p) for p in err.get("loc", ())),
            message=str(err.get("msg", "invalid")),
        )
        for err in exc.errors()
    ]


def add_problem_handlers(app: FastAPI) -> None:
    """Answer every error ``app`` raises (ours, the framework's, unexpected) as a problem."""

    @app.exception_handler(EurasecError)
    async def _eurasec_error(request: Request, exc: EurasecError) -> Response:
        retry = _RETRY if isinstance(exc, Unavailable) else None
        return _answer(request, exc.http_status, exc.code, exc.message, headers=retry)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400:
            # A body that does not parse is invalid input like any other: one status, 422.
            return _answer(request, 422, "validation_failed", str(exc.detail))
        code = _HTTP_CODES.get(exc.status_code, "invalid_input")
        return _answer(request, exc.status_code, code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        issues = _issues(exc) or [ProblemIssue(location="", message="invalid request")]
        first = issues[0]
        detail = f"{first.location}: {first.message}" if first.location else first.message
        return _answer(request, 422, "validation_failed", detail, errors=issues)

    async def _out_of_range(request: Request, _exc: Exception) -> Response:
        # Safety net: a number too large for a database integer column (SQLite's
        # OverflowError, PostgreSQL's numeric_value_out_of_range) is the caller's error, not
        # the server's. Routes should still bound their parameters (tests/web/test_bounds.py).
        detail = "a value in the request is out of range for storage"
        return _answer(request, 422, "invalid_input", detail)

    async def _unexpected(request: Request, _exc: Exception) -> Response:
        # Starlette still re-raises the exception after this answer, so it is logged.
        return _answer(request, 500, "internal_error", "the server failed to answer")

    async def _database_trouble(request: Request, exc: Exception) -> Response:
        # A lock or statement timeout, a lost connection: the database, not the request, is
        # the trouble, and the client may retry (docs/operations.md has the bounds). Any other
        # driver error goes on to ``_unexpected``.
        store = getattr(request.app.state, "store", None)
        if store is None or not store.unavailable(exc):
            raise exc
        err = Unavailable(f"the database did not answer in time: {store.reason(exc)}")
        return _answer(request, err.http_status, err.code, err.message, headers=_RETRY)

    app.add_exception_handler(OverflowError, _out_of_range)
    app.add_exception_handler(DataError, _out_of_range)
    app.add_exception_handler(OperationalError, _database_trouble)
    app.add_exception_handler(DBAPIError, _database_trouble)
    app.add_exception_handler(Exception, _unexpected)


def declare(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` declaring problem answers with ``statuses``."""
    return {s: {"model": Problem, "description": _STATUS_MEANING[s]} for s in statuses}
