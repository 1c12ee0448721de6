"""The Charter as a registry format: its parties and signatories, read from the record.

The registry imports nothing from the record or the institutions; this module is the one
place that hands the Charter's projection (:func:`eurasec.institutions.charter.spells`) to it
as the format ``CHARTER``, so the CLI and the HTTP API ask the same question the same way.
Once the Charter is in force, ``registry members CHARTER``, ``/api/v1/formats`` and
``channels`` know it, as of any date: a signatory from its signature, a ``member`` (a party)
from the day it is bound until its withdrawal takes effect.

Usage docs: ``docs/concepts/registry.md`` (The Charter in the registry).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection

from eurasec.institutions import charter
from eurasec.institutions._act import get_rules
from eurasec.reference.model import ROLES, Format, PartialDate, Participation
from eurasec.registry import Registry, default_registry
from eurasec.storage import Store

__all__ = ["CHARTER_ID", "CHARTER_NAME", "CHARTER_SOURCE", "charter_format", "with_charter"]

#: The Charter's id in the registry.
CHARTER_ID = "CHARTER"
#: Its name in the registry.
CHARTER_NAME = "Charter on Eurasian security (this record)"
#: The source every Charter fact cites: the signed acts of this record.
CHARTER_SOURCE = "eurasec record (charter.* acts)"


def charter_format(
    conn: Connection, *, in_force_only: bool = True, today: date | None = None
) -> tuple[Format, list[Participation]] | None:
    """The format ``CHARTER`` and its spells, or ``None`` before it is in force.

    With ``in_force_only=False`` the format exists as soon as anyone has signed (the
    consultation commands use that: signatories already share a channel).
    """
    rules = get_rules(conn)
    eif = charter.entry_into_force(conn, rules)
    day = (today or date.today()).isoformat()
    if in_force_only and (eif is None or eif > day):
        return None
    spells = charter.spells(conn, rules)
    if not spells and in_force_only:
        return None
    fmt = Format(
        CHARTER_ID,
        CHARTER_NAME,
        "multilateral_treaty",
        PartialDate.parse(eif) if eif else None,
        None,
        None,
        "",
        CHARTER_SOURCE,
    )
    parts = [
        Participation(
            str(s["actor"]),
            CHARTER_ID,
            str(s["role"]),  # type: ignore[arg-type]  # checked against ROLES just below
            PartialDate.parse(str(s["start"])),
            PartialDate.parse(str(s["end"])) if s["end"] else None,
            CHARTER_SOURCE,
            "",
        )
        for s in spells
        if s["role"] in ROLES
    ]
    return fmt, parts


def with_charter(
    store: Store, base: Registry | None = None, *, in_force_only: bool = True
) -> Registry:
    """``base`` (default: the shipped registry) with the Charter added once it is in force."""
    reg = base or default_registry()
    with store.connect() as conn:
        found = charter_format(conn, in_force_only=in_force_only)
    if found is None:
        return reg
    fmt, parts = found
    known = {s.id for s in reg.states()} | {f.id for f in reg.formats()}
    return reg.with_formats([fmt], [p for p in parts if p.actor in known])
