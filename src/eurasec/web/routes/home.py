"""The home page (the architecture at a glance) and the health endpoint."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from eurasec import __version__, registry
from eurasec.storage import Store
from eurasec.web.deps import SettingsDep, StoreDep, record_day
from eurasec.web.money import money
from eurasec.web.render import render, request_language

__all__ = ["router"]

router = APIRouter()


class HealthPublic(BaseModel):
    """Liveness and what the server runs on."""

    status: str
    version: str
    backend: str
    sandbox: bool


def _glance(store: Store) -> dict[str, Any]:
    """Parties, formats, the Charter's state, the next Forum, Fund totals, active projects."""
    from eurasec.institutions import charter, forum, fund, get_rules, projects
    from eurasec.institutions.participant import open_record

    record = open_record(store)
    day = record_day(store).isoformat()
    with store.connect() as conn:
        rules = get_rules(conn)
        has_sessions = bool(forum.sessions(conn))
        return {
            "as_of": day,
            "records": record.size(),
            "charter": charter.status(conn, day, rules) if charter.versions(conn) else None,
            "next_forum": forum.next_session_due(conn, rules) if has_sessions else None,
            "cash": fund.statement(conn, day)["cash"],
            "active_projects": projects.active(conn, day),
            "formats": registry.formats(),
            "treaties": len(registry.treaties()),
            "eurasian_states": len(registry.states(eurasian=True)),
            "today": date.today().isoformat(),
        }


@router.get("/", response_class=HTMLResponse, include_in_schema=False, name="page_home")
def home(request: Request, store: StoreDep) -> HTMLResponse:
    """The architecture at a glance."""
    glance = _glance(store)
    lang = request_language(request)
    return render(
        request,
        "home.html",
        {
            "glance": glance,
            "money": lambda amount, currency: money(amount, currency, lang),
        },
    )


@router.get("/api/v1/health", tags=["meta"])
def health(store: StoreDep, settings: SettingsDep) -> HealthPublic:
    """Liveness, version and storage backend."""
    return HealthPublic(
        status="ok", version=__version__, backend=store.backend, sandbox=settings.sandbox
    )
