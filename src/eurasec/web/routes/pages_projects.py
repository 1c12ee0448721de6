"""The Project Office's pages: the pool of projects by programme line, and one page per project.

A project's page shows what the record holds about it (:func:`eurasec.institutions.projects.
project`): its line, its plan of tranches against milestones, the appraisal with the rubric
that explains its score, the tranches released, milestones and results reported, and links to
the record entries, the JSON API and its IATI activity file.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from eurasec.institutions import fund, get_rules, projects
from eurasec.institutions.parameters import PROGRAMME_LINES, RUBRIC
from eurasec.web.deps import SettingsDep, StoreDep, record_day
from eurasec.web.labels import RUBRIC_LABELS
from eurasec.web.render import render, translate
from eurasec.web.routes.pages_institutions import AsOf, base_context

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/projects", response_class=HTMLResponse, name="page_projects")
def projects_page(
    request: Request, store: StoreDep, settings: SettingsDep, as_of: AsOf = None
) -> HTMLResponse:
    """The Project Office: every programme line, and the pool of projects with their status."""
    day = (as_of or record_day(store)).isoformat()
    with store.connect() as conn:
        pool = projects.project_list(conn, day)
        purposes = fund.statement(conn, day)["purposes"]
        cap = get_rules(conn).project_cap
    context: dict[str, Any] = {
        "projects": pool,
        "funding": {
            p.removeprefix("project:"): v for p, v in purposes.items() if p.startswith("project:")
        },
        "lines": list(PROGRAMME_LINES),
        "per_line": {line: [p for p in pool if p["line"] == line] for line in PROGRAMME_LINES},
        "cap": cap,
        "as_of": day,
    }
    context.update(base_context(request, store, settings.sandbox))
    return render(request, "projects.html", context)


@router.get("/projects/{project_id}", response_class=HTMLResponse, name="page_project")
def project_page(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    project_id: Annotated[str, Path(max_length=80)],
    as_of: AsOf = None,
) -> HTMLResponse:
    """One project: line, plan, appraisal with its rubric, tranches, milestones, results."""
    day = (as_of or record_day(store)).isoformat()
    with store.connect() as conn:
        p = projects.project(conn, project_id, day)
        rules = get_rules(conn)
        payments = [
            t for t in fund.transactions(conn, day) if t["purpose"] == f"project:{project_id}"
        ]
    gettext = translate(request)
    weights = {k: w for k, (w, _q) in RUBRIC.items()}
    context: dict[str, Any] = {
        "p": p,
        "as_of": day,
        "payments": payments,
        "rubric": [
            (k, gettext(RUBRIC_LABELS[k][0]), gettext(RUBRIC_LABELS[k][1]), weights[k])
            for k in RUBRIC
        ],
        "rubric_max": sum(weights.values()) * 4,
        "pass_share": round(100 * rules.appraisal_pass_share),
    }
    context.update(base_context(request, store, settings.sandbox))
    return render(request, "project.html", context)
