"""The Forum's HTTP API: sessions, rotation, proposals, Working Group, rules, acts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from eurasec.institutions import forum, get_rules
from eurasec.institutions import working_group as wg
from eurasec.web.deps import PagingDep, RecordDayDep, RecordNowDep, StoreDep
from eurasec.web.openapi import follow
from eurasec.web.problems import declare
from eurasec.web.routes._acts import ACT_BODY, ACT_RESPONSES, ActReceipt, submit_act
from eurasec.web.schemas.forum import (
    MembersPublic,
    NextSessionPublic,
    ProposalsPublic,
    RulesPublic,
    SessionReportPublic,
    SessionsPublic,
)

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/forum", tags=["forum"])


# The act route comes first: FastAPI tries routes in order on every request, and this is
# the one a deployment's write rate depends on (docs/operations.md).
@router.post("/acts", status_code=201, responses=ACT_RESPONSES, openapi_extra=ACT_BODY)
async def act(request: Request) -> ActReceipt:
    """Append a signed ``forum.*`` or ``wg.*`` act."""
    return await submit_act(request, ("forum.", "wg."))


_FIRST_SESSION = "$response.body#/data/0/session"


@router.get(
    "/sessions",
    responses=follow(
        session=("forum_session", {"number": _FIRST_SESSION}),
        proposals=("forum_proposals", {"session": _FIRST_SESSION}),
    ),
)
def sessions(store: StoreDep, as_of: RecordDayDep, paging: PagingDep) -> SessionsPublic:
    """Sessions convened by a date."""
    with store.connect() as conn:
        rows = forum.sessions(conn, as_of.isoformat())
    return paging.page(SessionsPublic, rows, as_of)


@router.get("/sessions/{number}", responses=declare(404))
def session(
    store: StoreDep, as_of: RecordNowDep, number: Annotated[int, Path(ge=1, le=100_000)]
) -> SessionReportPublic:
    """One session: host, declines, agenda with votes and outcomes, minutes."""
    with store.connect() as conn:
        return SessionReportPublic(**forum.session_report(conn, number), as_of=as_of)


@router.get("/next")
def next_session(store: StoreDep, as_of: RecordNowDep) -> NextSessionPublic:
    """The next session number, its earliest regular date and whose turn it is to host."""
    with store.connect() as conn:
        return NextSessionPublic(**forum.next_session_due(conn, get_rules(conn)), as_of=as_of)


@router.get("/proposals")
def proposals(
    store: StoreDep,
    as_of: RecordNowDep,
    paging: PagingDep,
    session: Annotated[
        int | None, Query(ge=1, le=100_000, description="Only this session's proposals.")
    ] = None,
) -> ProposalsPublic:
    """Proposals with votes and outcomes, in record order."""
    with store.connect() as conn:
        rows = forum.proposals(conn, session)
    return paging.page(ProposalsPublic, rows, as_of)


@router.get("/working-group")
def working_group(store: StoreDep, as_of: RecordDayDep, paging: PagingDep) -> MembersPublic:
    """Working Group members and the parties that nominated them."""
    with store.connect() as conn:
        rows = wg.members(conn, as_of.isoformat())
    return paging.page(MembersPublic, rows, as_of)


@router.get("/rules")
def rules(store: StoreDep, as_of: RecordNowDep) -> RulesPublic:
    """The institutional rules this store runs under."""
    with store.connect() as conn:
        return RulesPublic(**asdict(get_rules(conn)), as_of=as_of)
