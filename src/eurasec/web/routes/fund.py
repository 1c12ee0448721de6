"""The Security Fund's HTTP API: statement, transactions, reconciliation, IATI, acts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from eurasec.institutions import fund, iati
from eurasec.web.deps import PagingDep, RecordDayDep, StoreDep
from eurasec.web.problems import declare
from eurasec.web.routes._acts import ACT_BODY, ACT_RESPONSES, ActReceipt, submit_act
from eurasec.web.schemas.fund import (
    ReconciliationPublic,
    StatementPublic,
    TransactionPublic,
    TransactionsPublic,
)

__all__ = ["XML", "XML_RESPONSE", "router"]

router = APIRouter(prefix="/api/v1/fund", tags=["fund"])


# The act route comes first: FastAPI tries routes in order on every request, and this is
# the one a deployment's write rate depends on (docs/operations.md).
@router.post("/acts", status_code=201, responses=ACT_RESPONSES, openapi_extra=ACT_BODY)
async def act(request: Request) -> ActReceipt:
    """Append a signed ``fund.*`` act."""
    return await submit_act(request, ("fund.",))


XML = "application/xml"
#: OpenAPI declaration of an IATI XML answer.
XML_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"description": "An IATI 2.03 XML file.", "content": {XML: {}}}
}


@router.get("/statement")
def statement(store: StoreDep, as_of: RecordDayDep) -> StatementPublic:
    """Contributions per party, allocations and disbursements per purpose, as of a date."""
    with store.connect() as conn:
        return StatementPublic.of(fund.statement(conn, as_of.isoformat()), as_of)


@router.get("/transactions")
def transactions(store: StoreDep, as_of: RecordDayDep, paging: PagingDep) -> TransactionsPublic:
    """Every Fund transaction up to a date, in record order."""
    with store.connect() as conn:
        rows = fund.transactions(conn, as_of.isoformat())
    return paging.page(TransactionsPublic, rows, as_of, TransactionPublic.of)


@router.get("/reconcile")
def reconcile(store: StoreDep, as_of: RecordDayDep) -> ReconciliationPublic:
    """The ledger's invariants checked as of a date."""
    with store.connect() as conn:
        return ReconciliationPublic.of(fund.reconcile(conn, as_of.isoformat()), as_of)


@router.get("/iati/organisation.xml", response_class=Response, responses=XML_RESPONSE)
def iati_organisation(store: StoreDep, as_of: RecordDayDep) -> Response:
    """The Fund as an IATI 2.03 organisation file."""
    with store.connect() as conn:
        return Response(iati.organisation_xml(conn, as_of.isoformat()), media_type=XML)


@router.get(
    "/iati/activities.xml", response_class=Response, responses={**XML_RESPONSE, **declare(404)}
)
def iati_activities(store: StoreDep, as_of: RecordDayDep) -> Response:
    """Every project as an IATI 2.03 activity file (404 before the first project)."""
    with store.connect() as conn:
        return Response(iati.activities_xml(conn, as_of.isoformat()), media_type=XML)
