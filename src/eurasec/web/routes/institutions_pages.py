"""The institutions' page: Charter, Forum, Fund and Project Office as of a date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from eurasec import __version__
from eurasec.institutions import charter, forum, projects
from eurasec.institutions.fund import statement
from eurasec.storage.meta import get_meta
from eurasec.web.deps import SettingsDep, StoreDep, record_day, templates

__all__ = ["router"]

router = APIRouter()


@router.get("/institutions", response_class=HTMLResponse, include_in_schema=False)
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
            "version": __version__,
            "sandbox": settings.sandbox,
            "store_sandbox": get_meta(conn, "sandbox") == "1",
            "as_of": when,
            "status": charter.status(conn, when),
            "sessions": forum.sessions(conn, when),
            "fund": statement(conn, when),
            "projects": projects.project_list(conn, when),
        }
    return templates.TemplateResponse(request, "institutions.html", context)
