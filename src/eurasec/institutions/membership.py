"""Membership of the Charter as a history of instruments, and every standing derived from it.

Each signature, ratification, formal confirmation, accession and notice of withdrawal is one
row of ``charter_instruments``, kept forever in log order. Nothing is overwritten: a party
that withdraws and later accedes again keeps the ratification it once deposited, so the
count that brought the Charter into force never shrinks and the history reads the same for
every date.

From an actor's instruments, in order:

- a ``signature`` makes it a signatory until it becomes a party;
- a ``ratification`` (state) or ``confirmation`` (organisation) makes it a party from the
  later of its date and the entry into force;
- an ``accession`` makes it a party from its date;
- a ``withdrawal`` (a notice) ends the current membership on the day it takes effect.

Entry into force is the date of the ``n``-th ratifying instrument (``n`` =
``ratifications_for_entry_into_force``) plus the delay, counting each actor's instrument once.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection

from eurasec.institutions._act import add_days
from eurasec.institutions.parameters import Rules
from eurasec.institutions.schema import charter_instruments
from eurasec.storage.append_cache import append_cache
from eurasec.storage.raw import raw_query

__all__ = [
    "INSTRUMENTS",
    "RATIFYING",
    "Instrument",
    "Spell",
    "by_actor",
    "entry_into_force",
    "history",
    "ratifying_dates",
    "spells_of",
    "standing",
    "withdrawals",
    "write_instrument",
]

#: The instruments, in the order a history of one actor may hold them.
INSTRUMENTS = ("signature", "ratification", "confirmation", "accession", "withdrawal")
#: The instruments that count towards entry into force.
RATIFYING = ("ratification", "confirmation")


@dataclass(frozen=True)
class Instrument:
    """One instrument: who deposited what (as a state or organisation), when, from which entry."""

    idx: int
    actor: str
    instrument: str
    kind: str
    date: str
    effective: str | None = None


@dataclass(frozen=True)
class Spell:
    """A stretch of time in one role: ``member`` (a party) or ``signatory``; ``end`` exclusive."""

    actor: str
    role: str
    start: str
    end: str | None
    kind: str

    def covers(self, day: str) -> bool:
        """Whether ``day`` lies in the spell."""
        return self.start <= day and (self.end is None or day < self.end)


_HISTORY = (
    "SELECT idx, actor, instrument, kind, date, effective FROM charter_instruments{} "
    "ORDER BY idx, seq"
)
_RATIFYING_SQL = "instrument IN ({})".format(", ".join(f"'{r}'" for r in RATIFYING))
#: The four reads of :func:`history`, by ``(actor given, ratifying only)``: constant SQL sent
#: straight to the driver (a Fund act asks twice; the SQL toolkit's cost would dominate).
_HISTORY_SQL = {
    (False, False): _HISTORY.format(""),
    (True, False): _HISTORY.format(" WHERE actor = ?"),
    (False, True): _HISTORY.format(f" WHERE {_RATIFYING_SQL}"),
    (True, True): _HISTORY.format(f" WHERE actor = ? OR {_RATIFYING_SQL}"),
}


#: The append cache's section for :func:`history`: ``(actor, ratifying)`` → its instruments.
_CACHE = "charter_instruments"
#: Only the Charter's acts write instruments (the append cache keeps them across others').
_WRITERS = ("charter.",)


def history(
    conn: Connection, actor: str | None = None, *, ratifying: bool = False
) -> list[Instrument]:
    """Every instrument, in log order; with ``actor``, only that actor's (an index lookup);
    with ``ratifying``, only the :data:`RATIFYING` ones (one per party at most); with both,
    the actor's and every ratifying one (what :func:`eurasec.institutions.charter.is_member`
    needs, in one read)."""
    cache = append_cache(conn)
    part = None if cache is None else cache.section(_CACHE, _WRITERS)
    if part is not None and (actor, ratifying) in part:
        return list(part[(actor, ratifying)])
    sql = _HISTORY_SQL[(actor is not None, ratifying)]
    rows = raw_query(conn, sql, [actor] if actor is not None else [])
    items = [Instrument(int(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in rows]
    if part is not None:
        part[(actor, ratifying)] = tuple(items)
    return items


def write_instrument(conn: Connection, item: Instrument) -> None:
    """Append ``item`` to the history (every cached read of it is dropped)."""
    cache = append_cache(conn)
    if cache is not None:
        cache.section(_CACHE, _WRITERS).clear()
    conn.execute(
        charter_instruments.insert().values(
            idx=item.idx,
            seq=0,
            actor=item.actor,
            instrument=item.instrument,
            kind=item.kind,
            date=item.date,
            effective=item.effective,
        )
    )


def ratifying_dates(items: Iterable[Instrument]) -> list[str]:
    """The dates of the ratifying instruments, one per actor (its first), sorted."""
    first: dict[str, str] = {}
    for item in items:
        if item.instrument in RATIFYING:
            first.setdefault(item.actor, item.date)
    return sorted(first.values())


def entry_into_force(items: Sequence[Instrument], rules: Rules) -> str | None:
    """The date the Charter enters (or entered) into force, once enough instruments exist."""
    dates = ratifying_dates(items)
    n = rules.ratifications_for_entry_into_force
    if len(dates) < n:
        return None
    return add_days(date.fromisoformat(dates[n - 1]), rules.entry_into_force_delay_days).isoformat()


def spells_of(items: Sequence[Instrument], eif: str | None) -> list[Spell]:
    """The spells of one actor's instruments (given in log order), earliest first."""
    out: list[Spell] = []
    signed: Instrument | None = None
    start: str | None = None  # the current membership's first day (None: not a party)
    kind = items[0].kind if items else "state"
    for item in items:
        if item.instrument == "signature":
            signed, kind = item, item.kind
        elif item.instrument in RATIFYING:
            start = max(item.date, eif) if eif else None
        elif item.instrument == "accession":
            start, kind = item.date, item.kind
        elif item.instrument == "withdrawal" and start is not None:
            if item.effective is None or start < item.effective:
                out.append(Spell(item.actor, "member", start, item.effective, kind))
            start = None
    if start is not None:
        out.append(Spell(items[-1].actor, "member", start, None, kind))
    if signed is not None:
        first = out[0].start if out else None
        if first is None or signed.date < first:
            out.insert(0, Spell(signed.actor, "signatory", signed.date, first, signed.kind))
    return out


def by_actor(items: Iterable[Instrument]) -> dict[str, list[Instrument]]:
    """The instruments grouped per actor, each list in log order, actors sorted."""
    out: dict[str, list[Instrument]] = {}
    for item in items:
        out.setdefault(item.actor, []).append(item)
    return dict(sorted(out.items()))


def standing(spells: Sequence[Spell], day: str) -> Spell | None:
    """The spell covering ``day``: a membership before a signature."""
    covering = sorted((s for s in spells if s.covers(day)), key=lambda s: s.role != "member")
    return covering[0] if covering else None


def withdrawals(items: Iterable[Instrument]) -> list[dict[str, Any]]:
    """Every notice of withdrawal: ``{actor, notice_on, effective}``."""
    return [
        {"actor": i.actor, "notice_on": i.date, "effective": i.effective}
        for i in items
        if i.instrument == "withdrawal"
    ]
