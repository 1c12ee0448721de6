"""What registry queries return: plain, frozen records that serialise to JSON as they are.

The JSON keys are the field names. Dates are ISO strings once encoded; a ``*_precision``
field next to a date says whether its source knew the day, the month or only the year.

Usage docs: ``docs/concepts/registry.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from eurasec.reference.model import Participation, TreatyAction

__all__ = [
    "ActionView",
    "ActorView",
    "Alignment",
    "Channel",
    "Membership",
    "TreatyLink",
    "TreatyStatus",
    "as_dict",
]


def as_dict(record: Any) -> dict[str, Any]:
    """A view as a JSON-ready dict (dates as ISO strings)."""
    out: dict[str, Any] = _iso(asdict(record))
    return out


def _iso(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_iso(v) for v in value]
    return value


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
        )


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


@dataclass(frozen=True, slots=True)
class Alignment:
    """Alignment facts for a pair on a date, for the threat model.

    ``defence`` lists the alliances and mutual-defence treaties binding both as members or
    parties; ``cooperation`` the other organisations, forums and treaties where both are
    members (or associates) or parties. Observer, partner and dialogue-partner roles count
    in neither.
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
