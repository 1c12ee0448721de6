"""``/api/v1/problems``: what each problem type means (the ``type`` URI of every error)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field

from eurasec.errors import ERROR_CODES, NotFound
from eurasec.web.deps import PagingDep
from eurasec.web.openapi import follow
from eurasec.web.problems import declare, title, type_uri
from eurasec.web.schemas.common import Page

__all__ = ["ProblemTypePublic", "ProblemTypesPublic", "router"]

router = APIRouter(prefix="/api/v1/problems", tags=["problems"])


class ProblemTypePublic(BaseModel):
    """A problem type: its URI, stable code and meaning (docs/errors.md has more)."""

    type: str = Field(description="The absolute URI errors of this type carry.")
    code: str
    title: str


class ProblemTypesPublic(Page[ProblemTypePublic]):
    """A page of problem types, by code."""


def _public(request: Request, code: str) -> ProblemTypePublic:
    return ProblemTypePublic(
        type=type_uri(str(request.base_url), code), code=code, title=title(code)
    )


_FIRST = "$response.body#/data/0/code"


@router.get("", responses=follow(problem=("problems_problem", {"code": _FIRST})))
def problems(request: Request, paging: PagingDep) -> ProblemTypesPublic:
    """Every problem type the API may answer, by code."""
    return paging.page(ProblemTypesPublic, sorted(ERROR_CODES), each=lambda c: _public(request, c))


@router.get("/{code}", responses=declare(404))
def problem(
    request: Request, code: Annotated[str, Path(max_length=64, description="A stable code.")]
) -> ProblemTypePublic:
    """One problem type: the document an error's ``type`` URI points at."""
    if code not in ERROR_CODES:
        raise NotFound("problem type", code, ERROR_CODES)
    return _public(request, code)
