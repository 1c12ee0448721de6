"""A small world on the real record: parties with keys, and helpers to act and to compare state."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import pytest
from sqlalchemy import select

from eurasec.errors import EurasecError
from eurasec.institutions.participant import Participants, open_record
from eurasec.institutions.sample import sample_charter
from eurasec.institutions.schema import ALL_TABLES
from eurasec.record import Receipt, Record, generate_private_key
from eurasec.record.clock import ManualClock
from eurasec.storage import Store

PARTIES = ["ARM", "BLR", "CHN", "IND", "KAZ", "RUS", "SCO", "UZB"]
SEC = "SECRETARIAT"


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every projection row, sorted, per table."""
    with store.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t))) for t in ALL_TABLES}


@dataclass
class World:
    """A record with generated keys for ``PARTIES``, the secretariat and Working Group members.

    The log's clock follows the acts: each act is submitted when the clock reads its date.
    """

    store: Store
    record: Record
    who: Participants
    clock: ManualClock
    log: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)

    def act(self, actor: str, type_: str, day: str, **payload: Any) -> Receipt:
        self.clock.set(f"{day}T12:00:00Z")
        receipt = self.who.act(actor, type_, f"{day}T12:00:00Z", **payload)
        self.log.append((actor, type_, day, payload))
        return receipt

    def rejects(self, code: str, actor: str, type_: str, day: str, **payload: Any) -> EurasecError:
        """Assert the act is refused with ``code`` and leaves no trace."""
        before, size = snapshot(self.store), self.record.size()
        self.clock.set(f"{day}T12:00:00Z")
        with pytest.raises(EurasecError) as info:
            self.who.act(actor, type_, f"{day}T12:00:00Z", **payload)
        assert info.value.code == code, info.value.message
        assert self.record.size() == size
        assert snapshot(self.store) == before
        return info.value


def make_world(store: Store) -> World:
    clock = ManualClock("2026-01-01T00:00:00Z")
    record = open_record(store, clock)
    who = Participants(record)
    actors = [*PARTIES, SEC, *(f"W:{p}" for p in PARTIES)]
    for a in actors:
        who.keys[a] = generate_private_key()
    founders = {a: who.keys[a].public_key() for a in actors}
    record.genesis("eurasec.test", founders, time="2026-01-01T00:00:00Z")
    return World(store, record, who, clock)


@pytest.fixture
def world(store: Store) -> Iterator[World]:
    yield make_world(store)


class Acting(Protocol):
    """Anything that submits dated acts: a :class:`World`, or a log driven through the CLI."""

    def act(self, actor: str, type_: str, day: str, /, **payload: Any) -> Any:
        """Submit an act that must be accepted."""


def establish(w: Acting, founders: list[str], *, start_month: int = 1) -> str:
    """Draft, adopt, sign and ratify the sample Charter among ``founders``; the EIF date."""
    m = f"2026-{start_month:02d}"
    for f in founders:
        w.act(f, "charter.negotiate", f"{m}-02")
    w.act(SEC, "charter.draft", f"{m}-03", **sample_charter())
    w.act(
        SEC,
        "wg.agenda",
        f"{m}-04",
        session=1,
        items=[{"proposal": "adopt", "kind": "charter.adopt", "subject": {"version": 1}}],
    )
    host = sorted(founders)[0]
    w.act(host, "forum.convene", f"{m}-05", session=1, place="capital")
    for f in founders:
        w.act(f, "forum.vote", f"{m}-05", proposal="adopt", position="support")
    w.act(host, "forum.decide", f"{m}-05", proposal="adopt")
    for f in founders:
        kind = "organisation" if f == "SCO" else "state"
        w.act(f, "charter.sign", f"{m}-06", version=1, kind=kind)
    for f in founders:
        verb = "charter.confirm" if f == "SCO" else "charter.ratify"
        w.act(f, verb, f"{m}-07")
    return f"{m}-07"
