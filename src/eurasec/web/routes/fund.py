"""The Security Fund's HTTP API: statement, transactions, reconciliation, IATI, acts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from eurasec.institutions import fund, iati
from eurasec.web.deps import StoreDep
from eurasec.web.routes._acts import ActReceipt, day, submit_act

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/fund", tags=["fund"])
AsOf = Annotated[date | None, Query(description="Date YYYY-MM-DD (default: today).")]
XML = "application/xml"


@router.get("/statement")
def statement(store: StoreDep, as_of: AsOf = None) -> dict[str, Any]:
    """Contributions per party, allocations and disbursements per purpose, as of a date."""
    with store.connect() as conn:
        return fund.statement(conn, day(as_of))


@router.get("/transactions")
def transactions(store: StoreDep, as_of: AsOf = None) -> list[dict[str, Any]]:
    """Every Fund transaction up to a date."""
    with store.connect() as conn:
        return fund.transactions(conn, day(as_of))


@router.get("/reconcile")
def reconcile(store: StoreDep, as_of: AsOf = None) -> dict[str, Any]:
    """The ledger's invariants checked as of a date."""
    with store.connect() as conn:
        return fund.reconcile(conn, day(as_of))


@router.get("/iati/organisation.xml", response_class=Response)
def iati_organisation(store: StoreDep, as_of: AsOf = None) -> Response:
    """The Fund as an IATI 2.03 organisation file."""
    with store.connect() as conn:
        return Response(iati.organisation_xml(conn, day(as_of)), media_type=XML)


@router.get("/iati/activities.xml", response_class=Response)
def iati_activities(store: StoreDep, as_of: AsOf = None) -> Response:
    """The projects as an IATI 2.03 activity file (404 while there is no project)."""
    with store.connect() as conn:
        return Response(iati.activities_xml(conn, day(as_of)), media_type=XML)


@router.post("/acts", status_code=201)
async def act(request: Request, store: StoreDep) -> ActReceipt:
    """Append a signed ``fund.*`` act."""
    return await submit_act(request, store, ("fund.",))
