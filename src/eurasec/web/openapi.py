"""The OpenAPI document: stable operation ids, problem media types, links between operations.

- Each operation's id is ``<tag>_<function name>`` (``fund_transactions``,
  ``projects_project``): short, unique and stable, for generated clients and for links.
- Every error response is declared as ``application/problem+json`` with the
  :class:`~eurasec.web.schemas.common.Problem` schema, including the ``422`` FastAPI declares
  for each operation with parameters (its default ``HTTPValidationError`` is not what the
  API answers).
- :func:`follow` declares OpenAPI links (an id in one answer is a parameter of another
  operation), which Schemathesis follows in its stateful run (``tests/web/test_fuzz.py``).

Usage docs: ``docs/reference/api.md``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from eurasec.web.problems import PROBLEM
from eurasec.web.schemas.common import Problem

__all__ = ["follow", "install_openapi", "operation_id"]

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_FASTAPI_422 = "#/components/schemas/HTTPValidationError"


def operation_id(route: APIRoute) -> str:
    """``<first tag>_<function name>``, or the function name for an untagged route."""
    return f"{route.tags[0]}_{route.name}" if route.tags else route.name


def follow(
    status: int = 200, **links: tuple[str, dict[str, str]]
) -> dict[int | str, dict[str, Any]]:
    """``responses`` declaring links from a ``status`` answer: ``name=(operation id, params)``.

    Parameter values are OpenAPI runtime expressions, e.g.
    ``{"project": "$response.body#/data/0/project"}``.
    """
    return {
        status: {
            "links": {
                name: {"operationId": op, "parameters": params}
                for name, (op, params) in links.items()
            }
        }
    }


def _as_problem(response: dict[str, Any]) -> None:
    """Declare the error ``response`` as problem details (other declared bodies stay)."""
    content = response.get("content", {})
    for media_type, body in list(content.items()):
        if body.get("schema", {}).get("$ref") in (_PROBLEM_REF["$ref"], _FASTAPI_422):
            del content[media_type]  # the route's own media type, given to its errors
    content[PROBLEM] = {"schema": _PROBLEM_REF}
    response["content"] = content


def _problems_everywhere(doc: dict[str, Any]) -> None:
    for item in doc.get("paths", {}).values():
        for operation in item.values():
            for status, response in operation.get("responses", {}).items():
                if status[:1] in ("4", "5"):
                    _as_problem(response)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas.setdefault("Problem", problem)


def install_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` publish problem details as the API answers them."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _problems_everywhere(build())
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]
