"""The Charter's HTTP API: status, participations, versions, diffs, rounds, crosswalk, acts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from eurasec.institutions import charter
from eurasec.institutions.crosswalk import crosswalk as cross
from eurasec.institutions.sample import sample_charter
from eurasec.web.deps import PagingDep, RecordDayDep, RecordNowDep, StoreDep
from eurasec.web.openapi import follow
from eurasec.web.problems import declare
from eurasec.web.routes._acts import ACT_BODY, ACT_RESPONSES, ActReceipt, submit_act
from eurasec.web.schemas.charter import (
    ChangesPublic,
    CharterParticipationsPublic,
    CharterStatusPublic,
    CrosswalkPublic,
    RoundPublic,
    SamplePublic,
    VersionPublic,
    VersionsPublic,
)

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/charter", tags=["charter"])


# The act route comes first: FastAPI tries routes in order on every request, and this is
# the one a deployment's write rate depends on (docs/operations.md).
@router.post("/acts", status_code=201, responses=ACT_RESPONSES, openapi_extra=ACT_BODY)
async def act(request: Request) -> ActReceipt:
    """Append a signed ``charter.*`` (or ``institutions.configure``) act."""
    return await submit_act(request, ("charter.", "institutions."))


Version = Annotated[int, Query(ge=1, le=10_000, description="A version number.")]
_FIRST = "$response.body#/data/0/version"


@router.get("/status")
def status(store: StoreDep, as_of: RecordDayDep) -> CharterStatusPublic:
    """Adoption, entry into force, signatories, parties, pending, withdrawing, reservations."""
    with store.connect() as conn:
        return CharterStatusPublic(**{**charter.status(conn, as_of.isoformat()), "as_of": as_of})


@router.get("/participations")
def participations(
    store: StoreDep, as_of: RecordDayDep, paging: PagingDep
) -> CharterParticipationsPublic:
    """The Charter as the registry format CHARTER: actor, role, since, kind."""
    with store.connect() as conn:
        rows = [vars(p) for p in charter.participations(conn, as_of.isoformat())]
    return paging.page(CharterParticipationsPublic, rows, as_of)


@router.get(
    "/versions",
    responses=follow(
        version=("charter_version", {"number": _FIRST}),
        crosswalk=("charter_crosswalk", {"version": _FIRST}),
    ),
)
def versions(store: StoreDep, as_of: RecordNowDep, paging: PagingDep) -> VersionsPublic:
    """Every published version (without texts)."""
    with store.connect() as conn:
        rows = charter.versions(conn)
    return paging.page(VersionsPublic, rows, as_of)


@router.get("/versions/{number}", responses=declare(404))
def version(
    store: StoreDep, as_of: RecordNowDep, number: Annotated[int, Path(ge=1, le=10_000)]
) -> VersionPublic:
    """One version with its articles."""
    with store.connect() as conn:
        return VersionPublic(**charter.version(conn, number), as_of=as_of)


@router.get("/diff", responses=declare(404))
def diff(
    store: StoreDep, as_of: RecordNowDep, paging: PagingDep, old: Version, new: Version
) -> ChangesPublic:
    """What changed from version ``old`` to ``new``, article by article."""
    with store.connect() as conn:
        rows = charter.diff(conn, old, new)
    return paging.page(ChangesPublic, rows, as_of)


@router.get("/rounds/{round_id}", responses=declare(404))
def round_report(
    store: StoreDep,
    as_of: RecordNowDep,
    round_id: Annotated[str, Path(max_length=200, description="Round id (R1).")],
) -> RoundPublic:
    """A consultation round: comments per article, positions, tally."""
    with store.connect() as conn:
        return RoundPublic(**charter.round_report(conn, round_id), as_of=as_of)


@router.get("/sample")
def sample() -> SamplePublic:
    """The starter draft Charter (a SAMPLE agreed by nobody)."""
    return SamplePublic(**sample_charter())


@router.get("/crosswalk", responses=declare(404))
def crosswalk(
    store: StoreDep, version: Annotated[int | None, Query(ge=1, le=10_000)] = None
) -> CrosswalkPublic:
    """Articles mapped to UN Charter Art. 2, Helsinki and GSI principles (default: sample)."""
    if version is None:
        return CrosswalkPublic(**cross(sample_charter()["articles"]), version=None)
    with store.connect() as conn:
        return CrosswalkPublic(**cross(charter.version(conn, version)["articles"]), version=version)
