"""JSON API of the registry: states, formats and members, treaties, actors, channels.

Every route reads the shared in-memory registry (built once per process); formats, members
and channels also see the Charter once it is in force, read from the record and kept per record
generation and day. The registry's own view records (``Membership``, ``Channel``, ``TreatyStatus``,
``ActorView``, ``State``) are the response schemas, so the API cannot drift from the library.
Lists are pages (:class:`~eurasec.web.schemas.common.Page`) with ``limit``/``offset``; dates
are ISO; ``as_of`` defaults to today (the registry describes the world, not the record). The
routes are coroutines: an in-memory read takes microseconds, less than a hop to a worker
thread would.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict

from eurasec import registry
from eurasec.reference.model import Role, State
from eurasec.registry import ActorView, Channel, FormatView, Membership, Registry, TreatyStatus
from eurasec.registry.sources import cite
from eurasec.web.deps import PagingDep, RegistryDayDep, StoreDep
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
    """A page of formats, with a "cite this" line."""

    cite: str = ""


class MembershipsPublic(Page[Membership]):
    """A page of the participants of a format on a date, with a "cite this" line."""

    cite: str = ""


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
    """A page of the channels of a pair on a date, with a "cite this" line."""

    cite: str = ""


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


def _with_charter(request: Request, store: StoreDep) -> Registry:
    """The registry with the Charter from the record once in force, rebuilt after an append.

    Kept on the app per log size (:class:`~eurasec.web.cache.LogSize`: this process's appends
    at once, other processes' within its time to live) and day.
    """
    from eurasec.institutions.charter_registry import with_charter
    from eurasec.web.cache import log_size

    key = (log_size(request.app), dt.date.today())
    kept = getattr(request.app.state, "charter_registry", None)
    if kept is None or kept[0] != key:
        kept = (key, with_charter(store))
        request.app.state.charter_registry = kept
    reg: Registry = kept[1]
    return reg


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
def list_formats(request: Request, store: StoreDep, paging: PagingDep) -> FormatsPublic:
    """Every format (organisations and forums, historical ones, the Charter once in force)."""
    every = _with_charter(request, store).formats()
    page = paging.page(FormatsPublic, every, each=FormatView.of)
    page.cite = cite([(f.source, f.url, f.checked) for f in every], dt.date.today(), "Formats").text
    return page


@router.get("/formats/{format_id}", responses=declare(404))
def get_format(request: Request, store: StoreDep, format_id: str) -> FormatView:
    """One format (the Charter too, once in force)."""
    return FormatView.of(_with_charter(request, store).format(format_id))


@router.get("/formats/{format_id}/members", responses=declare(404))
def list_members(
    request: Request,
    store: StoreDep,
    format_id: str,
    as_of: RegistryDayDep,
    paging: PagingDep,
    role: Annotated[Role | None, Query(description="Only this role.")] = None,
) -> MembershipsPublic:
    """The participants of a format on a date, with role and since when."""
    reg = _with_charter(request, store)
    members = reg.members(format_id, as_of, role)
    page = paging.page(MembershipsPublic, members, as_of)
    fmt = reg.format(format_id)
    sources = [(fmt.source, fmt.url, fmt.checked)]
    sources += [(m.source, m.url, m.accessed) for m in members]
    page.cite = cite(sources, as_of, f"{fmt.name} ({fmt.id}), participants").text
    return page


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
def list_channels(
    request: Request,
    store: StoreDep,
    a: Annotated[str, Query(description="First actor id.")],
    b: Annotated[str, Query(description="Second actor id.")],
    as_of: RegistryDayDep,
    paging: PagingDep,
) -> ChannelsPublic:
    """The formats and treaties in which both actors take part on a date (the Charter too)."""
    reg = _with_charter(request, store)
    rows = reg.channels(a, b, as_of)
    page = paging.page(ChannelsPublic, rows, as_of)
    sources = [
        (reg.format(c.format).source, reg.format(c.format).url, "")
        for c in rows
        if c.kind in ("organisation", "forum")
    ]
    page.cite = cite(sources, as_of, f"Channels of {a.upper()} and {b.upper()}").text
    return page


@router.get("/alignment", responses=declare(404))
async def get_alignment(
    a: Annotated[str, Query(description="First actor id.")],
    b: Annotated[str, Query(description="Second actor id.")],
    as_of: RegistryDayDep,
) -> AlignmentPublic:
    """Shared defence commitments and shared cooperation formats of a pair on a date."""
    return AlignmentPublic.model_validate(registry.alignment(a, b, as_of))
