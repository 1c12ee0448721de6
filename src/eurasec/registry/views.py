"""What registry queries return: plain, frozen records that serialise to JSON as they are.

The JSON keys are the field names. Dates are ISO strings once encoded; a ``*_precision``
field next to a date says whether its source knew the day, the month or only the year.

Usage docs: ``docs/concepts/registry.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter

from eurasec.reference.model import Format, PartialDate, Participation, TreatyAction

__all__ = [
    "ActionView",
    "ActorView",
    "Alignment",
    "Channel",
    "FormatView",
    "Membership",
    "ParticipantView",
    "TreatyLink",
    "TreatyStatus",
    "as_dict",
]


def as_dict(record: Any) -> dict[str, Any]:
    """A view (any dataclass record) as a JSON-ready dict: dates as ISO strings."""
    kind = type(record)
    if kind not in _ADAPTERS:
        _ADAPTERS[kind] = TypeAdapter(kind)
    out: dict[str, Any] = _ADAPTERS[kind].dump_python(record, mode="json")
    return out


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def _split(value: PartialDate | None) -> tuple[dt.date | None, str | None]:
    return (value.value, value.precision) if value else (None, None)


@dataclass(frozen=True, slots=True)
class FormatView:
    """A format with each date flattened to an ISO date and its precision."""

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

    @classmethod
    def of(cls, f: Format) -> FormatView:
        """The view of format ``f``."""
        founded, founded_p = _split(f.founded)
        dissolved, dissolved_p = _split(f.dissolved)
        return cls(
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


@dataclass(frozen=True, slots=True)
class Membership:
    """An actor's participation in a format on the queried date."""

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
    provenance: str = "hand-coded"
    accessed: str = ""

    @classmethod
    def of(cls, p: Participation, name: str) -> Membership:
        """The view of spell ``p`` of an actor called ``name``."""
        return cls(
            actor=p.actor,
            name=name,
            format=p.format,
            role=p.role,
            since=p.start.value,
            since_precision=p.start.precision,
            until=p.end.value if p.end else None,
            until_precision=p.end.precision if p.end else None,
            source=p.source,
            url=p.url,
            note=p.note,
            provenance=p.provenance,
            accessed=p.accessed,
        )


@dataclass(frozen=True, slots=True)
class ActionView:
    """One dated action on a treaty."""

    action: str
    actors: list[str]
    date: dt.date
    precision: str
    effective: dt.date | None
    source: str
    url: str
    note: str
    accessed: str = ""

    @classmethod
    def of(cls, a: TreatyAction) -> ActionView:
        """The view of action ``a``."""
        return cls(
            action=a.action,
            actors=list(a.actors),
            date=a.date.value,
            precision=a.date.precision,
            effective=a.effective.value if a.effective else None,
            source=a.source,
            url=a.url,
            note=a.note,
            accessed=a.accessed,
        )


@dataclass(frozen=True, slots=True)
class ParticipantView:
    """One participant of a treaty, UNTC style: its acts with their dates and sources.

    Each act field holds the date of the act and ``*_effective`` the date it took effect
    (``None`` when not yet, or when the act has none). ``consent`` names how it consented
    (ratification, accession, succession, acceptance, approval, or ``entry_into_force`` for a
    bilateral treaty bound by the exchange of instruments). ``standing`` is on ``as_of``:
    ``party``, ``suspended``, ``signatory``, ``former_party`` or ``None``. ``acts`` are the
    rows behind it, each with its source.
    """

    actor: str
    name: str
    signature: dt.date | None
    signature_precision: str | None
    consent: str | None
    consent_date: dt.date | None
    consent_precision: str | None
    consent_effective: dt.date | None
    reservations: list[str]
    suspension: dt.date | None
    suspension_effective: dt.date | None
    resumption: dt.date | None
    withdrawal_notice: dt.date | None
    withdrawal_effective: dt.date | None
    revocation: dt.date | None
    standing: str | None
    acts: list[ActionView]


@dataclass(frozen=True, slots=True)
class TreatyStatus:
    """A treaty on a date: its status, who is bound, and the actions up to that date."""

    id: str
    name: str
    kind: str
    defence: bool
    as_of: dt.date
    status: str
    parties: list[str]
    suspended: list[str]
    signatories: list[str]
    actions: list[ActionView]
    note: str
    former_parties: list[str] = field(default_factory=list)
    participants: list[ParticipantView] = field(default_factory=list)
    checked: str = ""
    complete: bool = True
    url: str = ""
    source: str = ""
    #: "Cite this": sources, access date, registry date and eurasec version in one line.
    cite: str = ""


@dataclass(frozen=True, slots=True)
class Channel:
    """A format in which both actors of a pair take part on a date.

    ``role_a`` is the first actor's role and ``role_b`` the second's; for a treaty both are
    ``party``. ``defence`` says whether the format carries a mutual-defence commitment then.
    """

    format: str
    name: str
    kind: str
    role_a: str
    role_b: str
    defence: bool


@dataclass(frozen=True, slots=True)
class TreatyLink:
    """An actor's standing under one treaty on a date."""

    treaty: str
    name: str
    kind: str
    defence: bool
    status: str
    standing: str


@dataclass(frozen=True, slots=True)
class ActorView:
    """Everything an actor (a state, or an organisation as a member) belongs to on a date."""

    id: str
    name: str
    type: str
    as_of: dt.date
    eurasian: bool | None
    cow_code: int | None
    memberships: list[Membership]
    treaties: list[TreatyLink]
    #: "Cite this": sources, access date, registry date and eurasec version in one line.
    cite: str = ""


@dataclass(frozen=True, slots=True)
class Alignment:
    """Alignment facts for a pair on a date, for the threat model.

    ``defence`` lists the alliances and mutual-defence treaties binding both as members or
    parties; ``cooperation`` the other organisations, forums and treaties where both are
    members or parties. Associate, observer, partner, dialogue-partner and
    cooperation-agreement roles count in neither.
    """

    a: str
    b: str
    as_of: dt.date
    defence: list[str]
    cooperation: list[str]

    @property
    def allied(self) -> bool:
        """Whether the pair shares at least one defence commitment."""
        return bool(self.defence)
