"""The Charter's HTTP API: status, participations, versions, diffs, rounds, crosswalk, acts."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from eurasec.institutions import charter
from eurasec.institutions.crosswalk import crosswalk as cross
from eurasec.institutions.sample import sample_charter
from eurasec.web.deps import StoreDep
from eurasec.web.routes._acts import ActReceipt, day, submit_act

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/charter", tags=["charter"])
AsOf = Annotated[date | None, Query(description="Date YYYY-MM-DD (default: today).")]
Version = Annotated[int, Query(ge=1, le=10_000)]


@router.get("/status")
def status(store: StoreDep, as_of: AsOf = None) -> dict[str, Any]:
    """Adoption, entry into force, signatories, parties, pending, withdrawing, reservations."""
    with store.connect() as conn:
        return charter.status(conn, day(as_of))


@router.get("/participations")
def participations(store: StoreDep, as_of: AsOf = None) -> list[dict[str, str]]:
    """The Charter as the registry format CHARTER: actor, role, since, kind."""
    with store.connect() as conn:
        return [vars(p) for p in charter.participations(conn, day(as_of))]


@router.get("/versions")
def versions(store: StoreDep) -> list[dict[str, Any]]:
    """Every published version (without texts)."""
    with store.connect() as conn:
        return charter.versions(conn)


@router.get("/versions/{number}")
def version(store: StoreDep, number: Annotated[int, Path(ge=1, le=10_000)]) -> dict[str, Any]:
    """One version with its articles."""
    with store.connect() as conn:
        return charter.version(conn, number)


@router.get("/diff")
def diff(store: StoreDep, old: Version, new: Version) -> list[dict[str, Any]]:
    """What changed from version ``old`` to ``new``, article by article."""
    with store.connect() as conn:
        return charter.diff(conn, old, new)


@router.get("/rounds/{round_id}")
def round_report(store: StoreDep, round_id: str) -> dict[str, Any]:
    """A consultation round: comments per article, positions, tally."""
    with store.connect() as conn:
        return charter.round_report(conn, round_id)


@router.get("/sample")
def sample() -> dict[str, Any]:
    """The starter draft Charter (a SAMPLE agreed by nobody)."""
    return sample_charter()


@router.get("/crosswalk")
def crosswalk(
    store: StoreDep, version: Annotated[int | None, Query(ge=1, le=10_000)] = None
) -> dict[str, Any]:
    """Articles mapped to UN Charter Art. 2, Helsinki and GSI principles (default: sample)."""
    if version is None:
        return cross(sample_charter()["articles"])
    with store.connect() as conn:
        return cross(charter.version(conn, version)["articles"])


@router.post("/acts", status_code=201)
async def act(request: Request, store: StoreDep) -> ActReceipt:
    """Append a signed ``charter.*`` (or ``institutions.configure``) act."""
    return await submit_act(request, store, ("charter.", "institutions."))
