"""The Project Office's HTTP API: the pool, one project, the rubric, acts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from eurasec.institutions import projects
from eurasec.institutions.parameters import PROGRAMME_LINES, RUBRIC
from eurasec.web.deps import StoreDep
from eurasec.web.routes._acts import ActReceipt, day, submit_act

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/projects", tags=["projects"])
AsOf = Annotated[date | None, Query(description="Date YYYY-MM-DD (default: today).")]


@router.get("")
def project_list(store: StoreDep, as_of: AsOf = None) -> list[dict[str, Any]]:
    """Every project with its status as of a date."""
    with store.connect() as conn:
        return projects.project_list(conn, day(as_of))


@router.get("/rubric")
def rubric() -> dict[str, Any]:
    """The appraisal rubric and the programme lines."""
    return {
        "criteria": {k: {"weight": w, "question": q} for k, (w, q) in RUBRIC.items()},
        "programme_lines": PROGRAMME_LINES,
    }


@router.get("/{project}")
def project(store: StoreDep, project: str, as_of: AsOf = None) -> dict[str, Any]:
    """One project: plan, appraisals, tranches, milestones, results, money."""
    with store.connect() as conn:
        return projects.project(conn, project, day(as_of))


@router.post("/acts", status_code=201)
async def act(request: Request, store: StoreDep) -> ActReceipt:
    """Append a signed ``project.*`` act."""
    return await submit_act(request, store, ("project.",))
