"""Consultations over HTTP: list, one consultation, acts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from eurasec.institutions.consultation import consultation, consultation_list
from eurasec.web.deps import StoreDep
from eurasec.web.routes._acts import ActReceipt, day, submit_act

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/consultations", tags=["consultations"])
AsOf = Annotated[date | None, Query(description="Date YYYY-MM-DD (default: today).")]


@router.get("")
def consultations(store: StoreDep, as_of: AsOf = None) -> list[dict[str, Any]]:
    """Every consultation with its state as of a date."""
    with store.connect() as conn:
        return consultation_list(conn, day(as_of))


@router.get("/{consultation_id}")
def one(store: StoreDep, consultation_id: str, as_of: AsOf = None) -> dict[str, Any]:
    """One consultation with its replies."""
    with store.connect() as conn:
        return consultation(conn, consultation_id, day(as_of))


@router.post("/acts", status_code=201)
async def act(request: Request, store: StoreDep) -> ActReceipt:
    """Append a signed ``consult.*`` act."""
    return await submit_act(request, store, ("consult.",))
