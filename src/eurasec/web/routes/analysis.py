"""JSON API of the indivisible-security engine: assess, Richardson, mediators, validation."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel

from eurasec.analysis.assess import assess as run_assess
from eurasec.analysis.mediators import mediators as run_mediators
from eurasec.analysis.move import Move
from eurasec.analysis.richardson import solve

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/analysis", tags=["analysis"])


class RichardsonParams(BaseModel):
    """dX/dt = (K − A)X + G: K n×n, A the n fatigue terms, G the n grievances."""

    K: list[list[float]]
    A: list[float]
    G: list[float]


@router.post("/assess")
def assess(move: Annotated[Move, Body(description="a move document")]) -> dict[str, Any]:
    """Every actor's change in security per dimension, the verdict, losers and Richardson."""
    return run_assess(move).to_dict()


@router.post("/richardson")
def richardson(params: RichardsonParams) -> dict[str, Any]:
    """Equilibrium, eigenvalues ([re, im]) and stability of a Richardson system."""
    return solve(params.K, params.A, params.G).to_dict()


@router.get("/mediators")
def mediators(
    a: str, b: str, as_of: date | None = None, limit: Annotated[int, Query(ge=1, le=100)] = 10
) -> dict[str, Any]:
    """Channels of A and B and ranked mediator candidates."""
    return run_mediators(a, b, as_of, limit=limit)


@router.get("/validation")
def validation() -> dict[str, Any]:
    """The shipped validation result (recompute with ``eurasec analyse validate``)."""
    text = resources.files("eurasec.analysis").joinpath("files", "validation.json")
    data: dict[str, Any] = json.loads(text.read_text("utf-8"))
    return data
