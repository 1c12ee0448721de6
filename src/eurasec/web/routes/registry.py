"""JSON API of the registry: states, formats and members, treaties, actors, channels.

Every route reads the shared in-memory registry (built once per process), so reads need no
database. The registry's own view records (``Membership``, ``Channel``, ``TreatyStatus``,
``ActorView``, ``State``) are the response schemas, so the API cannot drift from the library.
Lists are ``{data, count}`` with ``limit``/``offset``; ``count`` is the total before paging.
Dates are ISO; ``as_of`` defaults to today.
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
from eurasec.web.deps import StoreDep

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

router = APIRouter(prefix="/api/v1", tags=["registry"])

AsOf = Annotated[dt.date | None, Query(description="Date YYYY-MM-DD (default: today).")]
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]


class StatesPublic(BaseModel):
    """A page of states."""

    data: list[State]
    count: int


class FormatsPublic(BaseModel):
    """A page of formats, with a "cite this" line."""

    data: list[FormatView]
    count: int
    cite: str = ""


class MembershipsPublic(BaseModel):
    """A page of memberships, with a "cite this" line for the whole list."""

    data: list[Membership]
    count: int
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


class TreatiesPublic(BaseModel):
    """A page of treaties."""

    data: list[TreatySummaryPublic]
    count: int


class ChannelsPublic(BaseModel):
    """The channels of a pair on a date, with a "cite this" line."""

    data: list[Channel]
    count: int
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


def _page(rows: list[Any], limit: int, offset: int) -> tuple[list[Any], int]:
    return rows[offset : offset + limit], len(rows)


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


@router.get("/states")
def list_states(
    eurasian: Annotated[bool | None, Query(description="Filter on the flag.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> StatesPublic:
    """Every state with its ISO3 id, COW code, names, UN region and ``eurasian`` flag."""
    rows, count = _page(registry.states(eurasian=eurasian), limit, offset)
    return StatesPublic(data=rows, count=count)


@router.get("/formats")
def list_formats(
    request: Request, store: StoreDep, limit: Limit = 100, offset: Offset = 0
) -> FormatsPublic:
    """Every format (organisations and forums, historical ones, the Charter once in force)."""
    every = _with_charter(request, store).formats()
    rows, count = _page(every, limit, offset)
    text = cite([(f.source, f.url, f.checked) for f in every], dt.date.today(), "Formats").text
    return FormatsPublic(data=[FormatView.of(f) for f in rows], count=count, cite=text)


@router.get("/formats/{format_id}")
def get_format(request: Request, store: StoreDep, format_id: str) -> FormatView:
    """One format."""
    return FormatView.of(_with_charter(request, store).format(format_id))


@router.get("/formats/{format_id}/members")
def list_members(
    request: Request,
    store: StoreDep,
    format_id: str,
    as_of: AsOf = None,
    role: Annotated[Role | None, Query(description="Only this role.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> MembershipsPublic:
    """The participants of a format on a date, with role and since when."""
    reg = _with_charter(request, store)
    members = reg.members(format_id, as_of, role)
    rows, count = _page(members, limit, offset)
    fmt = reg.format(format_id)
    sources = [(fmt.source, fmt.url, fmt.checked)] + [
        (m.source, m.url, m.accessed) for m in members
    ]
    text = cite(sources, as_of or dt.date.today(), f"{fmt.name} ({fmt.id}), participants").text
    return MembershipsPublic(data=rows, count=count, cite=text)


@router.get("/treaties")
def list_treaties(limit: Limit = 100, offset: Offset = 0) -> TreatiesPublic:
    """Every treaty with its kind and ``defence`` flag."""
    rows, count = _page(registry.treaties(), limit, offset)
    data = [
        TreatySummaryPublic(
            id=t.id,
            name=t.name,
            kind=t.kind,
            defence=t.defence,
            url=t.url,
            source=t.source,
            note=t.note,
        )
        for t in rows
    ]
    return TreatiesPublic(data=data, count=count)


@router.get("/treaties/{treaty_id}")
def get_treaty(treaty_id: str, as_of: AsOf = None) -> TreatyStatus:
    """A treaty's status, bound parties and actions up to a date."""
    return registry.treaty(treaty_id, as_of)


@router.get("/actors/{actor_id}")
def get_actor(actor_id: str, as_of: AsOf = None) -> ActorView:
    """Everything a state (or an organisation as a member) belongs to on a date."""
    return registry.actor(actor_id, as_of)


@router.get("/channels")
def list_channels(
    request: Request,
    store: StoreDep,
    a: Annotated[str, Query(description="First actor id.")],
    b: Annotated[str, Query(description="Second actor id.")],
    as_of: AsOf = None,
) -> ChannelsPublic:
    """The formats and treaties in which both actors take part on a date (the Charter too)."""
    reg = _with_charter(request, store)
    day = as_of or dt.date.today()
    rows = reg.channels(a, b, day)
    sources = [
        (reg.format(c.format).source, reg.format(c.format).url, "")
        for c in rows
        if c.kind in ("organisation", "forum")
    ]
    text = cite(sources, day, f"Channels of {a.upper()} and {b.upper()}").text
    return ChannelsPublic(data=rows, count=len(rows), cite=text)


@router.get("/alignment")
def get_alignment(
    a: Annotated[str, Query(description="First actor id.")],
    b: Annotated[str, Query(description="Second actor id.")],
    as_of: AsOf = None,
) -> AlignmentPublic:
    """Shared defence commitments and shared cooperation formats of a pair on a date."""
    return AlignmentPublic.model_validate(registry.alignment(a, b, as_of))
