"""The typed records of the reference data: states, formats, participations and treaties.

Every date carries its precision: a source that gives only a year (as COW IGO does) or a
month yields a :class:`PartialDate` that compares as the first day of its period; ``by`` marks a
date known only as an upper bound ("a party by 14 June 2005"). A spell covers every day of the
periods its dates name: a start at year precision counts from 1 January, an end at year
precision counts through 31 December (see :meth:`PartialDate.after`).

Usage docs: ``docs/concepts/registry.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

__all__ = [
    "ACTION_KINDS",
    "CONSENT_KINDS",
    "FORMAT_KINDS",
    "PRECISIONS",
    "PROVENANCES",
    "ROLES",
    "ActionKind",
    "Format",
    "FormatKind",
    "PartialDate",
    "Participation",
    "Precision",
    "Provenance",
    "Role",
    "State",
    "Treaty",
    "TreatyAction",
    "TreatyKind",
]

Precision = Literal["day", "month", "year", "by"]
#: Roles in a format. ``signatory`` and ``party`` serve formats that are treaties (such as the
#: Charter's parties, added at runtime); the shipped organisations and forums use the others.
#: ``cooperation_agreement`` is a state bound to an organisation by a cooperation agreement
#: (Finland, Iraq and Mexico with the CMEA): it is not a member. Only ``member`` counts as
#: membership in analysis.
Role = Literal[
    "member",
    "observer",
    "dialogue_partner",
    "partner",
    "associate",
    "cooperation_agreement",
    "suspended",
    "signatory",
    "party",
]
#: Where a participation row comes from: generated from a dataset, hand-coded from the
#: organisation's records, or a dataset row replaced by a reviewed correction.
Provenance = Literal["dataset", "hand-coded", "corrected"]
FormatKind = Literal["organisation", "forum", "multilateral_treaty", "bilateral_treaty"]
TreatyKind = Literal["bilateral", "multilateral"]
ActionKind = Literal[
    "signature",
    "ratification",
    "accession",
    "succession",
    "acceptance",
    "approval",
    "reservation",
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
PROVENANCES: tuple[str, ...] = get_args(Provenance)
#: The acts by which a participant consents to be bound (UNTC's "ratification, acceptance (A),
#: approval (AA), accession (a), succession (d)").
CONSENT_KINDS = frozenset({"ratification", "accession", "succession", "acceptance", "approval"})

_PARTIAL = re.compile(r"^(by )?(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to a day, a month or a year (or only as an upper bound: ``by``).

    It compares as the first day of its period.
    """

    value: date
    precision: Precision = field(default="day", compare=False)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``by YYYY-MM-DD``.

        The form gives the precision; ``by`` needs a full date.
        """
        m = _PARTIAL.match(text.strip())
        if not m or (m.group(1) and m.group(4) is None):
            raise ValueError(
                f"invalid partial date {text!r}; "
                "expected YYYY, YYYY-MM, YYYY-MM-DD or by YYYY-MM-DD"
            )
        bound, year, month, day = m.groups()
        if bound:
            return cls(date(int(year), int(month), int(day)), "by")
        if day is not None:
            return cls(date(int(year), int(month), int(day)), "day")
        if month is not None:
            return cls(date(int(year), int(month), 1), "month")
        return cls(date(int(year), 1, 1), "year")

    def __str__(self) -> str:
        """The date at its precision (``1994``, ``2024-02``, ``2023-04-04``)."""
        iso = self.value.isoformat()
        return {"day": iso, "month": iso[:7], "year": iso[:4], "by": f"by {iso}"}[self.precision]

    def after(self) -> date:
        """The first day after the period the date names, read as an exclusive end.

        A day (or a ``by`` bound) is its own day; ``2008-11`` ends before 1 December 2008 and
        ``1979`` before 1 January 1980, so a year-precision end is never read as 1 January.
        """
        v = self.value
        if self.precision == "year":
            return date(v.year + 1, 1, 1)
        if self.precision == "month":
            return date(v.year + (v.month == 12), v.month % 12 + 1, 1)
        return v


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
    #: The first day the state no longer exists (historical states only).
    dissolved: date | None = None

    def exists(self, day: date) -> bool:
        """Whether the state exists on ``day`` (historical states end)."""
        return self.dissolved is None or day < self.dissolved


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
    #: The date its participant list was last checked against the organisation's records.
    checked: str = ""

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
    provenance: Provenance = "hand-coded"
    #: ISO date the source was last read.
    accessed: str = ""
    #: An earlier exclusive end than ``end.after()``: the start of the actor's next spell in the
    #: same format when that falls inside the period of a month- or year-precision end.
    cut: date | None = None

    @property
    def end_day(self) -> date | None:
        """The first day the spell no longer covers (``None``: still running)."""
        if self.end is None:
            return None
        after = self.end.after()
        return min(after, self.cut) if self.cut is not None else after

    def active(self, day: date) -> bool:
        """Whether the spell covers ``day``."""
        end = self.end_day
        return self.start.value <= day and (end is None or day < end)


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
    #: ISO date the source was last read.
    accessed: str = ""

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
    #: The date the participant list was last checked against the depositary's list.
    checked: str = ""
    #: Whether every participant of the depositary's list is encoded.
    complete: bool = True
