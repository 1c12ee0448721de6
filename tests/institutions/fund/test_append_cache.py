"""What Fund acts read from the record's append cache stays what the tables hold.

The record keeps the projections' reads (settings, Charter instruments, Fund balances) in
memory between its own commits (:mod:`eurasec.storage.append_cache`). These tests change the
tables behind a warm cache in the ways that can happen: another process appends, a statement
that wrote is rolled back within a batch, a statement fails in the batch's first pass; each
then submits an act whose verdict depends on the changed balance.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Connection, event

from eurasec.errors import EurasecError, InputError
from eurasec.institutions.fund import reconcile, statement
from eurasec.institutions.fund.ledger import Posting, account, post
from eurasec.institutions.participant import handlers, open_record, signed_act
from eurasec.record import Record, Statement, sign
from eurasec.record.clock import ManualClock
from eurasec.storage import Store

from ..conftest import World
from .test_acts import funded_world

DAY = "2026-02-01"
TIME = f"{DAY}T12:00:00Z"


def _signed(w: World, record: Record, actor: str, type_: str, seq: int, **payload: Any) -> Any:
    st = Statement(type_, actor, seq, TIME, payload, record.origin())
    return sign(st, w.who.keys[actor])


def _outcomes(results: list[Any]) -> list[str]:
    return [getattr(r, "code", "ok") if isinstance(r, EurasecError) else "ok" for r in results]


def test_another_process_appending_empties_the_cache(store: Store) -> None:
    """Two records on one store stand for two server processes taking turns at the lock."""
    w = funded_world(store)
    w.clock.set(TIME)
    w.act("KAZ", "fund.pledge", DAY, amount=1_000, currency="EUR")
    first = w.record  # its cache now holds KAZ's receivable (1,000)
    other = open_record(store, ManualClock(TIME))
    paid = signed_act(other, w.who.keys["KAZ"], "KAZ", "fund.contribute", TIME, {
        "amount": 900, "currency": "EUR"})  # fmt: skip
    assert not isinstance(other.submit_many([paid])[0], EurasecError)
    # 100 is left to pay: with a stale cache the first process would take 500
    too_much = signed_act(first, w.who.keys["KAZ"], "KAZ", "fund.contribute", TIME, {
        "amount": 500, "currency": "EUR"})  # fmt: skip
    [result] = first.submit_many([too_much])
    assert isinstance(result, EurasecError) and result.code == "exceeds_pledge"
    rest = signed_act(first, w.who.keys["KAZ"], "KAZ", "fund.contribute", TIME, {
        "amount": 100, "currency": "EUR"})  # fmt: skip
    assert not isinstance(first.submit_many([rest])[0], EurasecError)
    with store.connect() as conn:
        kaz = statement(conn, DAY)["parties"]["KAZ"]["EUR"]
        assert kaz == {"pledged": 1_000, "contributed": 1_000, "outstanding": 0}
        assert reconcile(conn)["ok"]


class _PostsThenFails:
    """A handler that moves Fund balances (through the ledger, so through the cache) and then
    refuses its statement: its writes must vanish from the tables and from the cache."""

    types = frozenset({"test.posts_then_fails"})

    def check(self, conn: Connection, st: Any, index: int) -> None:
        self.apply(conn, st, index)

    def apply(self, conn: Connection, st: Any, index: int) -> None:
        post(conn, idx=index, date=st.time[:10], kind="pledge", party=st.actor, postings=[
            Posting(account("receivable", st.actor, "EUR"), "EUR", 50_000),
            Posting(account("unallocated", "EUR"), "EUR", -50_000),
        ])  # fmt: skip
        raise InputError("refused after writing")

    def reset(self, conn: Connection) -> None:
        """Nothing of its own to empty."""


def test_a_statement_rolled_back_after_writing_leaves_nothing_in_the_cache(store: Store) -> None:
    w = funded_world(store)
    w.clock.set(TIME)
    w.act("KAZ", "fund.pledge", DAY, amount=1_000, currency="EUR")
    record = Record(store, [*handlers(), _PostsThenFails()], clock=ManualClock(TIME))
    seq = record.next_seq("KAZ")
    batch = [
        _signed(w, record, "KAZ", "fund.contribute", seq, amount=100, currency="EUR"),
        _signed(w, record, "KAZ", "test.posts_then_fails", seq + 1),
        # 900 is owed: a cache that kept the refused statement's 50,000 would take 5,000
        _signed(w, record, "KAZ", "fund.contribute", seq + 1, amount=5_000, currency="EUR"),
        _signed(w, record, "KAZ", "fund.contribute", seq + 1, amount=900, currency="EUR"),
    ]
    outcomes = _outcomes(record.submit_many(batch))
    assert outcomes == ["ok", "invalid_input", "exceeds_pledge", "ok"]
    with store.connect() as conn:
        kaz = statement(conn, DAY)["parties"]["KAZ"]["EUR"]
        assert kaz == {"pledged": 1_000, "contributed": 1_000, "outstanding": 0}
        assert reconcile(conn)["ok"]


def test_a_batch_judged_again_starts_from_what_the_tables_hold(store: Store) -> None:
    """A refusal inside the rules sends the batch to its second pass (savepoints): what the
    first pass put in the cache was rolled back with its transaction and must go too."""
    w = funded_world(store)
    w.clock.set(TIME)
    w.act("KAZ", "fund.pledge", DAY, amount=1_000, currency="EUR")
    record = w.record
    seq = record.next_seq("KAZ")
    batch = [
        _signed(w, record, "KAZ", "fund.contribute", seq, amount=600, currency="EUR"),
        _signed(w, record, "KAZ", "fund.contribute", seq + 1, amount=400, currency="EUR"),
        _signed(w, record, "KAZ", "fund.contribute", seq + 2, amount=1, currency="EUR"),
    ]
    assert _outcomes(record.submit_many(batch)) == ["ok", "ok", "exceeds_pledge"]
    with store.connect() as conn:
        kaz = statement(conn, DAY)["parties"]["KAZ"]["EUR"]
        assert kaz == {"pledged": 1_000, "contributed": 1_000, "outstanding": 0}
        assert reconcile(conn)["ok"]


def test_a_clean_batch_sends_no_savepoint_and_no_read_per_act(tmp_path: Any) -> None:
    """After a first batch has warmed the cache, a batch of pledges by members whose
    balances it holds costs each act its writes only: no savepoint, no read (SQLite's trace of
    the statements the record runs; PostgreSQL runs the same code, its writes as one)."""
    from eurasec.storage import open_store

    store = open_store(f"sqlite:///{tmp_path / 'trace.db'}")
    w = funded_world(store)
    w.clock.set(TIME)
    record = w.record
    parties = ["BLR", "KAZ", "RUS"]

    def pledges(n: int) -> list[Any]:
        seqs = {p: record.next_seq(p) for p in parties}
        return [
            _signed(w, record, p, "fund.pledge", seqs[p] + i, amount=10, currency="EUR")
            for i in range(n)
            for p in parties
        ]

    assert set(_outcomes(record.submit_many(pledges(2)))) == {"ok"}
    batch = pledges(10)
    statements: list[str] = []

    @event.listens_for(store.engine, "connect")
    def _trace(dbapi: sqlite3.Connection, _record: Any) -> None:  # (new connections)
        dbapi.set_trace_callback(statements.append)

    with store.engine.connect() as conn:  # the pooled connection the record will use
        conn.connection.driver_connection.set_trace_callback(  # type: ignore[union-attr]
            statements.append
        )
    assert set(_outcomes(record.submit_many(batch))) == {"ok"}
    verbs = [s.split()[0].upper() for s in statements]
    assert "SAVEPOINT" not in verbs
    # per batch: the append lock's write transaction, the log's size, the actors' sequence
    # numbers (one read per actor), the entries and actors written, the commit
    assert verbs.count("SELECT") <= 1 + len(parties), statements
    assert verbs.count("INSERT") >= len(batch)  # the ledger's writes, per act
    with store.connect() as conn:
        assert reconcile(conn)["ok"]
    store.dispose()
