"""The Forum's HTTP API: sessions, rotation, proposals, Working Group, rules, acts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from eurasec.institutions import forum, get_rules
from eurasec.institutions import working_group as wg
from eurasec.web.deps import StoreDep
from eurasec.web.routes._acts import ActReceipt, day, submit_act

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/forum", tags=["forum"])
AsOf = Annotated[date | None, Query(description="Date YYYY-MM-DD (default: today).")]


@router.get("/sessions")
def sessions(store: StoreDep, as_of: AsOf = None) -> list[dict[str, Any]]:
    """Sessions convened by a date."""
    with store.connect() as conn:
        return forum.sessions(conn, day(as_of))


@router.get("/sessions/{number}")
def session(store: StoreDep, number: Annotated[int, Path(ge=1, le=100_000)]) -> dict[str, Any]:
    """One session: host, declines, agenda with votes and outcomes, minutes."""
    with store.connect() as conn:
        return forum.session_report(conn, number)


@router.get("/next")
def next_session(store: StoreDep) -> dict[str, Any]:
    """The next session number, its earliest regular date and whose turn it is to host."""
    with store.connect() as conn:
        return forum.next_session_due(conn, get_rules(conn))


@router.get("/proposals")
def proposals(
    store: StoreDep, session: Annotated[int | None, Query(ge=1, le=100_000)] = None
) -> list[dict[str, Any]]:
    """Proposals with votes and outcomes."""
    with store.connect() as conn:
        return forum.proposals(conn, session)


@router.get("/working-group")
def working_group(store: StoreDep, as_of: AsOf = None) -> list[dict[str, str]]:
    """Working Group members and the parties that nominated them."""
    with store.connect() as conn:
        return wg.members(conn, day(as_of))


@router.get("/rules")
def rules(store: StoreDep) -> dict[str, Any]:
    """The institutional rules this store runs under."""
    with store.connect() as conn:
        return get_rules(conn).to_json()


@router.post("/acts", status_code=201)
async def act(request: Request, store: StoreDep) -> ActReceipt:
    """Append a signed ``forum.*`` or ``wg.*`` act."""
    return await submit_act(request, store, ("forum.", "wg."))
