"""Consultations over HTTP: list, one consultation, acts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from eurasec.institutions.consultation import consultation, consultation_list
from eurasec.web.deps import PagingDep, RecordDayDep, StoreDep
from eurasec.web.openapi import follow
from eurasec.web.problems import declare
from eurasec.web.routes._acts import ACT_BODY, ACT_RESPONSES, ActReceipt, submit_act
from eurasec.web.schemas.consultations import ConsultationPublic, ConsultationsPublic

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/consultations", tags=["consultations"])


# The act route comes first: FastAPI tries routes in order on every request, and this is
# the one a deployment's write rate depends on (docs/operations.md).
@router.post("/acts", status_code=201, responses=ACT_RESPONSES, openapi_extra=ACT_BODY)
async def act(request: Request) -> ActReceipt:
    """Append a signed ``consult.*`` act."""
    return await submit_act(request, ("consult.",))


@router.get(
    "",
    responses=follow(
        consultation=(
            "consultations_one",
            {"consultation_id": "$response.body#/data/0/consultation"},
        )
    ),
)
def consultations(store: StoreDep, as_of: RecordDayDep, paging: PagingDep) -> ConsultationsPublic:
    """Every consultation opened by a date, with its state then."""
    with store.connect() as conn:
        rows = consultation_list(conn, as_of.isoformat())
    return paging.page(ConsultationsPublic, rows, as_of)


@router.get("/{consultation_id}", responses=declare(404))
def one(
    store: StoreDep,
    consultation_id: Annotated[str, Path(max_length=200, description="Consultation id (C-1).")],
    as_of: RecordDayDep,
) -> ConsultationPublic:
    """One consultation with its replies."""
    with store.connect() as conn:
        return ConsultationPublic(
            **consultation(conn, consultation_id, as_of.isoformat()), as_of=as_of
        )
