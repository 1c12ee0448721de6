"""JSON API of the registry: states, formats and members, treaties, actors, channels.

Every route reads the shared in-memory registry (built once per process), so reads need no
database. Lists are ``{data, count}`` with ``limit``/``offset``; ``count`` is the total
before paging. Dates are ISO; ``as_of`` defaults to today.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from eurasec import registry
from eurasec.reference.model import Format, PartialDate
from eurasec.registry import as_dict

__all__ = [
    "ActionPublic",
    "ActorPublic",
    "AlignmentPublic",
    "ChannelPublic",
    "ChannelsPublic",
    "FormatPublic",
    "FormatsPublic",
    "MembershipPublic",
    "MembershipsPublic",
    "StatePublic",
    "StatesPublic",
    "TreatiesPublic",
    "TreatyPublic",
    "TreatySummaryPublic",
    "router",
]

router = APIRouter(prefix="/api/v1", tags=["registry"])

RoleParam = Literal["member", "observer", "dialogue_partner", "partner", "associate", "suspended"]
AsOf = Annotated[dt.date | None, Query(description="Date YYYY-MM-DD (default: today).")]
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="Rows to skip.")]


class StatePublic(BaseModel):
    """A state: ISO3 id, COW code, names (en, ru, zh), UN region, ``eurasian`` flag."""

    id: str
    name: str
    names: dict[str, str]
    cow_code: int | None
    cow_abb: str | None
    un_region: str
    un_subregion: str
    eurasian: bool
    status: str
    end_year: int | None
    source: str


class StatesPublic(BaseModel):
    """A page of states."""

    data: list[StatePublic]
    count: int


class FormatPublic(BaseModel):
    """A format; dates come with their precision (day, month or year)."""

    id: str
    name: str
    kind: str
    founded: dt.date | None
    founded_precision: str | None
    dissolved: dt.date | None
    dissolved_precision: str | None
    defence_since: dt.date | None
    url: str
    source: str
    note: str


class FormatsPublic(BaseModel):
    """A page of formats."""

    data: list[FormatPublic]
    count: int


class MembershipPublic(BaseModel):
    """An actor's role in a format on the queried date, and since when."""

    actor: str
    name: str
    format: str
    role: str
    since: dt.date
    since_precision: str
    until: dt.date | None
    until_precision: str | None
    source: str
    url: str
    note: str


class MembershipsPublic(BaseModel):
    """A page of memberships."""

    data: list[MembershipPublic]
    count: int


class ActionPublic(BaseModel):
    """One dated treaty action."""

    action: str
    actors: list[str]
    date: dt.date
    precision: str
    effective: dt.date | None
    source: str
    url: str
    note: str


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


class TreatyPublic(BaseModel):
    """A treaty on a date: status, parties bound, suspended parties, actions to date."""

    id: str
    name: str
    kind: str
    defence: bool
    as_of: dt.date
    status: str
    parties: list[str]
    suspended: list[str]
    signatories: list[str]
    actions: list[ActionPublic]
    note: str


class ChannelPublic(BaseModel):
    """A format both actors take part in: ``role_a`` is A's role, ``role_b`` B's."""

    format: str
    name: str
    kind: str
    role_a: str
    role_b: str
    defence: bool


class ChannelsPublic(BaseModel):
    """The channels of a pair on a date."""

    data: list[ChannelPublic]
    count: int


class TreatyLinkPublic(BaseModel):
    """An actor's standing (party, suspended, signatory, former_party) under a treaty."""

    treaty: str
    name: str
    kind: str
    defence: bool
    status: str
    standing: str


class ActorPublic(BaseModel):
    """Everything an actor belongs to on a date."""

    id: str
    name: str
    type: str
    as_of: dt.date
    eurasian: bool | None
    cow_code: int | None
    memberships: list[MembershipPublic]
    treaties: list[TreatyLinkPublic]


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


def _precision(value: PartialDate | None) -> tuple[dt.date | None, str | None]:
    return (value.value, value.precision) if value else (None, None)


def _format(f: Format) -> FormatPublic:
    founded, founded_p = _precision(f.founded)
    dissolved, dissolved_p = _precision(f.dissolved)
    return FormatPublic(
        id=f.id,
        name=f.name,
        kind=f.kind,
        founded=founded,
        founded_precision=founded_p,
        dissolved=dissolved,
        dissolved_precision=dissolved_p,
        defence_since=f.defence_since.value if f.defence_since else None,
        url=f.url,
        source=f.source,
        note=f.note,
    )


@router.get("/states")
def list_states(
    eurasian: Annotated[bool | None, Query(description="Filter on the flag.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> StatesPublic:
    """Every state with its ISO3 id, COW code, names, UN region and ``eurasian`` flag."""
    rows, count = _page(registry.states(eurasian=eurasian), limit, offset)
    return StatesPublic(data=[StatePublic.model_validate(as_dict(s)) for s in rows], count=count)


@router.get("/formats")
def list_formats(limit: Limit = 100, offset: Offset = 0) -> FormatsPublic:
    """Every format (organisations and forums; historical ones included)."""
    rows, count = _page(registry.formats(), limit, offset)
    return FormatsPublic(data=[_format(f) for f in rows], count=count)


@router.get("/formats/{format_id}")
def get_format(format_id: str) -> FormatPublic:
    """One format."""
    return _format(registry.default_registry().format(format_id))


@router.get("/formats/{format_id}/members")
def list_members(
    format_id: str,
    as_of: AsOf = None,
    role: Annotated[RoleParam | None, Query(description="Only this role.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> MembershipsPublic:
    """The participants of a format on a date, with role and since when."""
    rows, count = _page(registry.members(format_id, as_of, role), limit, offset)
    data = [MembershipPublic.model_validate(as_dict(m)) for m in rows]
    return MembershipsPublic(data=data, count=count)


@router.get("/treaties")
def list_treaties(limit: Limit = 100, offset: Offset = 0) -> TreatiesPublic:
    """Every treaty with its kind and ``defence`` flag."""
    rows, count = _page(registry.treaties(), limit, offset)
    data = [
        TreatySummaryPublic.model_validate({k: v for k, v in as_dict(t).items() if k != "actions"})
        for t in rows
    ]
    return TreatiesPublic(data=data, count=count)


@router.get("/treaties/{treaty_id}")
def get_treaty(treaty_id: str, as_of: AsOf = None) -> TreatyPublic:
    """A treaty's status, bound parties and actions up to a date."""
    return TreatyPublic.model_validate(as_dict(registry.treaty(treaty_id, as_of)))


@router.get("/actors/{actor_id}")
def get_actor(actor_id: str, as_of: AsOf = None) -> ActorPublic:
    """Everything a state (or an organisation as a member) belongs to on a date."""
    return ActorPublic.model_validate(as_dict(registry.actor(actor_id, as_of)))


@router.get("/channels")
def list_channels(
    a: Annotated[str, Query(description="First actor id.")],
    b: Annotated[str, Query(description="Second actor id.")],
    as_of: AsOf = None,
) -> ChannelsPublic:
    """The formats and treaties in which both actors take part on a date."""
    rows = registry.channels(a, b, as_of)
    return ChannelsPublic(
        data=[ChannelPublic.model_validate(as_dict(c)) for c in rows], count=len(rows)
    )


@router.get("/alignment")
def get_alignment(
    a: Annotated[str, Query(description="First actor id.")],
    b: Annotated[str, Query(description="Second actor id.")],
    as_of: AsOf = None,
) -> AlignmentPublic:
    """Shared defence commitments and shared cooperation formats of a pair on a date."""
    return AlignmentPublic.model_validate(registry.alignment(a, b, as_of))
