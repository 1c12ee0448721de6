"""JSON API of the indivisible-security engine: assess, Richardson, mediators, validation."""

from __future__ import annotations

import json
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel

from eurasec.analysis.assess import assess as run_assess
from eurasec.analysis.mediators import mediators as run_mediators
from eurasec.analysis.move import Move
from eurasec.analysis.richardson import solve
from eurasec.web.deps import RegistryDayDep
from eurasec.web.problems import declare
from eurasec.web.schemas.analysis import (
    AssessmentPublic,
    MediatorsPublic,
    RichardsonPublic,
    ValidationPublic,
)

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/analysis", tags=["analysis"])


class RichardsonParams(BaseModel):
    """dX/dt = (K − A)X + G: K n×n, A the n fatigue terms, G the n grievances."""

    K: list[list[float]]
    A: list[float]
    G: list[float]


@router.post("/assess", responses=declare(404, 413))
def assess(move: Annotated[Move, Body(description="a move document")]) -> AssessmentPublic:
    """Every actor's change in security per dimension, the verdict, losers and Richardson."""
    return AssessmentPublic(**run_assess(move).to_dict(), as_of=move.date)


@router.post("/richardson", responses=declare(413))
def richardson(params: RichardsonParams) -> RichardsonPublic:
    """Equilibrium, eigenvalues ([re, im]) and stability of a Richardson system."""
    return RichardsonPublic(**solve(params.K, params.A, params.G).to_dict())


@router.get("/mediators", responses=declare(404))
def mediators(
    a: Annotated[str, Query(description="First party.")],
    b: Annotated[str, Query(description="Second party.")],
    as_of: RegistryDayDep,
    limit: Annotated[int, Query(ge=1, le=100, description="Most candidates to rank.")] = 10,
) -> MediatorsPublic:
    """Channels of A and B and ranked mediator candidates."""
    return MediatorsPublic(**run_mediators(a, b, as_of, limit=limit), as_of=as_of)


@router.get("/validation")
def validation() -> ValidationPublic:
    """The shipped validation result (recompute with ``eurasec analyse validate``)."""
    text = resources.files("eurasec.analysis").joinpath("files", "validation.json")
    return ValidationPublic(**json.loads(text.read_text("utf-8")))
