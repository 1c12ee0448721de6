"""The Project Office's HTTP API: the pool, one project (and its IATI file), the rubric, acts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from eurasec.institutions import iati, projects
from eurasec.institutions.parameters import PROGRAMME_LINES, RUBRIC
from eurasec.web.deps import PagingDep, RecordDayDep, StoreDep
from eurasec.web.openapi import follow
from eurasec.web.problems import declare
from eurasec.web.routes._acts import ACT_BODY, ACT_RESPONSES, ActReceipt, submit_act
from eurasec.web.routes.fund import XML, XML_RESPONSE
from eurasec.web.schemas.projects import (
    Criterion,
    ProjectPublic,
    ProjectsPublic,
    ProjectSummary,
    RubricPublic,
)

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/projects", tags=["projects"])


# The act route comes first: FastAPI tries routes in order on every request, and this is
# the one a deployment's write rate depends on (docs/operations.md).
@router.post("/acts", status_code=201, responses=ACT_RESPONSES, openapi_extra=ACT_BODY)
async def act(request: Request) -> ActReceipt:
    """Append a signed ``project.*`` act."""
    return await submit_act(request, ("project.",))


ProjectId = Annotated[str, Path(max_length=200, description="Project id (P-disaster-1).")]
_FIRST = "$response.body#/data/0/project"


@router.get(
    "",
    responses=follow(
        project=("projects_project", {"project": _FIRST}),
        iati=("projects_iati_activity", {"project": _FIRST}),
    ),
)
def project_list(store: StoreDep, as_of: RecordDayDep, paging: PagingDep) -> ProjectsPublic:
    """Every project proposed by a date, with its status then."""
    with store.connect() as conn:
        rows = projects.project_list(conn, as_of.isoformat())
    return paging.page(ProjectsPublic, rows, as_of, ProjectSummary.of)


@router.get("/rubric")
def rubric() -> RubricPublic:
    """The appraisal rubric and the programme lines."""
    return RubricPublic(
        criteria={k: Criterion(weight=w, question=q) for k, (w, q) in RUBRIC.items()},
        programme_lines=PROGRAMME_LINES,
    )


@router.get("/{project}", responses=declare(404))
def project(store: StoreDep, project: ProjectId, as_of: RecordDayDep) -> ProjectPublic:
    """One project: plan, appraisals, tranches, milestones, results, money."""
    with store.connect() as conn:
        return ProjectPublic.of(projects.project(conn, project, as_of.isoformat()), as_of)


@router.get(
    "/{project}/iati.xml", response_class=Response, responses={**XML_RESPONSE, **declare(404)}
)
def iati_activity(store: StoreDep, project: ProjectId, as_of: RecordDayDep) -> Response:
    """One project as an IATI 2.03 activity file (404 before it was proposed)."""
    with store.connect() as conn:
        xml = iati.activities_xml(conn, as_of.isoformat(), project=project)
    return Response(xml, media_type=XML)
