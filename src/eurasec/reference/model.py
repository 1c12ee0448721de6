"""The typed records of the reference data: states, formats, participations and treaties.

Every date carries its precision: a source that gives only a year (as COW IGO does) or a
month yields a :class:`PartialDate` that compares as the first day of its period.

Usage docs: ``docs/concepts/registry.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

__all__ = [
    "ACTION_KINDS",
    "FORMAT_KINDS",
    "PRECISIONS",
    "ROLES",
    "ActionKind",
    "Format",
    "FormatKind",
    "PartialDate",
    "Participation",
    "Precision",
    "Role",
    "State",
    "Treaty",
    "TreatyAction",
    "TreatyKind",
]

Precision = Literal["day", "month", "year"]
#: Roles in a format. ``signatory`` and ``party`` serve formats that are treaties (such as the
#: Charter's parties, added at runtime); the shipped organisations and forums use the others.
Role = Literal[
    "member",
    "observer",
    "dialogue_partner",
    "partner",
    "associate",
    "suspended",
    "signatory",
    "party",
]
FormatKind = Literal["organisation", "forum", "multilateral_treaty", "bilateral_treaty"]
TreatyKind = Literal["bilateral", "multilateral"]
ActionKind = Literal[
    "signature",
    "ratification",
    "accession",
    "entry_into_force",
    "extension",
    "suspension",
    "resumption",
    "withdrawal",
    "revocation",
    "termination",
    "expiry",
]

PRECISIONS: tuple[str, ...] = get_args(Precision)
ROLES: tuple[str, ...] = get_args(Role)
FORMAT_KINDS: tuple[str, ...] = get_args(FormatKind)
ACTION_KINDS: tuple[str, ...] = get_args(ActionKind)

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to a day, a month or a year; it compares as the first day of its period."""

    value: date
    precision: Precision = field(default="day", compare=False)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; the form gives the precision."""
        m = _PARTIAL.match(text.strip())
        if not m:
            raise ValueError(f"invalid partial date {text!r}; expected YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = m.groups()
        if day is not None:
            return cls(date(int(year), int(month), int(day)), "day")
        if month is not None:
            return cls(date(int(year), int(month), 1), "month")
        return cls(date(int(year), 1, 1), "year")

    def __str__(self) -> str:
        """The date at its precision (``1994``, ``2024-02``, ``2023-04-04``)."""
        iso = self.value.isoformat()
        return {"day": iso, "month": iso[:7], "year": iso[:4]}[self.precision]


@dataclass(frozen=True, slots=True)
class State:
    """A sovereign state (or a historical one that COW memberships need)."""

    id: str
    name: str
    cow_code: int | None
    cow_abb: str | None
    un_region: str
    un_subregion: str
    eurasian: bool
    status: str
    names: dict[str, str]
    end_year: int | None
    source: str


@dataclass(frozen=True, slots=True)
class Format:
    """A format of cooperation: an organisation, a forum, or a treaty seen as a format."""

    id: str
    name: str
    kind: FormatKind
    founded: PartialDate | None
    dissolved: PartialDate | None
    defence_since: PartialDate | None
    url: str
    source: str
    note: str = ""

    def defence_on(self, day: date) -> bool:
        """Whether the format carries a mutual-defence commitment on ``day``."""
        return self.defence_since is not None and self.defence_since.value <= day


@dataclass(frozen=True, slots=True)
class Participation:
    """One spell of an actor in a format with one role: ``start`` inclusive, ``end`` exclusive."""

    actor: str
    format: str
    role: Role
    start: PartialDate
    end: PartialDate | None
    source: str
    url: str
    note: str = ""

    def active(self, day: date) -> bool:
        """Whether the spell covers ``day``."""
        return self.start.value <= day and (self.end is None or day < self.end.value)


@dataclass(frozen=True, slots=True)
class TreatyAction:
    """A dated act on a treaty by some actors (none: the treaty as a whole)."""

    treaty: str
    action: ActionKind
    actors: tuple[str, ...]
    date: PartialDate
    effective: PartialDate | None
    source: str
    url: str
    note: str = ""

    @property
    def takes_effect(self) -> PartialDate:
        """The date the act changes the treaty's status (``effective`` when given)."""
        return self.effective or self.date


@dataclass(frozen=True, slots=True)
class Treaty:
    """A treaty and its timeline of actions, oldest first."""

    id: str
    name: str
    kind: TreatyKind
    defence: bool
    url: str
    source: str
    note: str
    actions: tuple[TreatyAction, ...]
