"""The institutions' page: Charter, Forum, Fund and Project Office on one page, as of a date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from eurasec.institutions import charter, forum, projects
from eurasec.institutions.fund import statement
from eurasec.web.deps import SettingsDep, StoreDep, record_day
from eurasec.web.i18n import N_
from eurasec.web.labels import labels
from eurasec.web.render import render, translate
from eurasec.web.routes.pages_institutions import base_context

__all__ = ["router"]

router = APIRouter()

_PARTY_KINDS = {"state": N_("state"), "organisation": N_("organisation")}


@router.get(
    "/institutions", response_class=HTMLResponse, include_in_schema=False, name="page_institutions"
)
def institutions(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    as_of: Annotated[date | None, Query()] = None,
) -> HTMLResponse:
    """Charter status, Forum sessions, Fund contributions and projects as of a date.

    ``as_of`` defaults to the record's current day, as in the JSON API.
    """
    when = (as_of or record_day(store)).isoformat()
    with store.connect() as conn:
        context = {
            "as_of": when,
            "status": charter.status(conn, when),
            "sessions": forum.sessions(conn, when),
            "fund": statement(conn, when),
            "projects": projects.project_list(conn, when),
        }
    context.update(base_context(request, store, settings.sandbox))
    context["kind_labels"] = labels(_PARTY_KINDS, translate(request))
    return render(request, "institutions.html", context)
