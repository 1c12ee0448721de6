"""JSON API of the registry: states, formats and members, treaties, actors, channels.

Every route reads the shared in-memory registry (built once per process), so reads need no
database. The registry's own view records (``Membership``, ``Channel``, ``TreatyStatus``,
``ActorView``, ``State``) are the response schemas, so the API cannot drift from the library.
Lists are pages (:class:`~eurasec.web.schemas.common.Page`) with ``limit``/``offset``; dates
are ISO; ``as_of`` defaults to today (the registry describes the world, not the record). The
routes are coroutines: an in-memory read takes microseconds, less than a hop to a worker
thread would.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from eurasec import registry
from eurasec.reference.model import Role, State
from eurasec.registry import ActorView, Channel, FormatView, Membership, TreatyStatus
from eurasec.web.deps import PagingDep, RegistryDayDep
from eurasec.web.openapi import follow
from eurasec.web.problems import declare
from eurasec.web.schemas.common import Page

__all__ = [
    "AlignmentPublic",
    "ChannelsPublic",
    "FormatsPublic",
    "MembershipsPublic",
    "StatesPublic",
    "TreatiesPublic",
    "TreatySummaryPublic",
    "router",
]

#: Cached answers are revalidated with ``If-None-Match`` (``web/cache.py``).
_NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the ETag sent in If-None-Match still matches."}
}
router = APIRouter(prefix="/api/v1", tags=["registry"], responses=_NOT_MODIFIED)


class StatesPublic(Page[State]):
    """A page of states."""


class FormatsPublic(Page[FormatView]):
    """A page of formats."""


class MembershipsPublic(Page[Membership]):
    """A page of the participants of a format on a date."""


class TreatySummaryPublic(BaseModel):
    """A treaty without its status."""

    id: str
    name: str
    kind: str
    defence: bool
    url: str
    source: str
    note: str


class TreatiesPublic(Page[TreatySummaryPublic]):
    """A page of treaties."""


class ChannelsPublic(Page[Channel]):
    """A page of the channels of a pair on a date."""


class AlignmentPublic(BaseModel):
    """Shared defence commitments and cooperation formats of a pair on a date."""

    model_config = ConfigDict(from_attributes=True)

    a: str
    b: str
    as_of: dt.date
    defence: list[str]
    cooperation: list[str]
    allied: bool


_FIRST_ID = "$response.body#/data/0/id"


@router.get("/states", responses=follow(actor=("registry_get_actor", {"actor_id": _FIRST_ID})))
async def list_states(
    paging: PagingDep,
    eurasian: Annotated[bool | None, Query(description="Filter on the flag.")] = None,
) -> StatesPublic:
    """Every state with its ISO3 id, COW code, names, UN region and ``eurasian`` flag."""
    return paging.page(StatesPublic, registry.states(eurasian=eurasian))


@router.get(
    "/formats",
    responses=follow(
        format=("registry_get_format", {"format_id": _FIRST_ID}),
        members=("registry_list_members", {"format_id": _FIRST_ID}),
    ),
)
async def list_formats(paging: PagingDep) -> FormatsPublic:
    """Every format (organisations and forums; historical ones included)."""
    return paging.page(FormatsPublic, registry.formats(), each=FormatView.of)


@router.get("/formats/{format_id}", responses=declare(404))
async def get_format(format_id: str) -> FormatView:
    """One format."""
    return FormatView.of(registry.default_registry().format(format_id))


@router.get("/formats/{format_id}/members", responses=declare(404))
async def list_members(
    format_id: str,
    as_of: RegistryDayDep,
    paging: PagingDep,
    role: Annotated[Role | None, Query(description="Only this role.")] = None,
) -> MembershipsPublic:
    """The participants of a format on a date, with role and since when."""
    return paging.page(MembershipsPublic, registry.members(format_id, as_of, role), as_of)


def _treaty_summary(t: Any) -> TreatySummaryPublic:
    return TreatySummaryPublic.model_validate(t, from_attributes=True)


@router.get(
    "/treaties", responses=follow(treaty=("registry_get_treaty", {"treaty_id": _FIRST_ID}))
)
async def list_treaties(paging: PagingDep) -> TreatiesPublic:
    """Every treaty with its kind and ``defence`` flag."""
    return paging.page(TreatiesPublic, registry.treaties(), each=_treaty_summary)


@router.get("/treaties/{treaty_id}", responses=declare(404))
async def get_treaty(treaty_id: str, as_of: RegistryDayDep) -> TreatyStatus:
    """A treaty's status, bound parties and actions up to a date."""
    return registry.treaty(treaty_id, as_of)


@router.get("/actors/{actor_id}", responses=declare(404))
async def get_actor(actor_id: str, as_of: RegistryDayDep) -> ActorView:
    """Everything a state (or an organisation as a member) belongs to on a date."""
    return registry.actor(actor_id, as_of)


@router.get("/channels", responses=declare(404))
async def list_channels(
    a: Annotated[str, Query(description="First actor id.")],
    b: Annotated[str, Query(description="Second actor id.")],
    as_of: RegistryDayDep,
    paging: PagingDep,
) -> ChannelsPublic:
    """The formats and treaties in which both actors take part on a date."""
    return paging.page(ChannelsPublic, registry.channels(a, b, as_of), as_of)


@router.get("/alignment", responses=declare(404))
async def get_alignment(
    a: Annotated[str, Query(description="First actor id.")],
    b: Annotated[str, Query(description="Second actor id.")],
    as_of: RegistryDayDep,
) -> AlignmentPublic:
    """Shared defence commitments and shared cooperation formats of a pair on a date."""
    return AlignmentPublic.model_validate(registry.alignment(a, b, as_of))
