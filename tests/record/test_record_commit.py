"""Group commit: rejections reach the right submitter; default handlers are collected."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from record_factories import founded
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, select

from eurasec.errors import RecordError
from eurasec.record import Record, Statement
from eurasec.record.commit import GroupCommitter
from eurasec.record.projection import default_handlers
from eurasec.storage import Store


def test_a_rejected_statement_fails_only_its_own_future(sqlite_store: Store) -> None:
    record = Record(sqlite_store, accept_unknown_types=True)
    p = founded(record)
    good = [p.act("RUS", "test.note", {"i": i}) for i in range(3)]
    replay = good[0]
    with GroupCommitter(record, max_batch=16) as committer:
        futures = [committer.submit_async(s) for s in [*good, replay]]
        receipts = [f.result() for f in futures[:3]]
        with pytest.raises(RecordError) as info:
            futures[3].result()
    assert info.value.code == "record_bad_sequence"
    assert [r.index for r in receipts] == [3, 4, 5]
    assert record.size() == 6


def test_batches_respect_max_batch_and_close_drains_the_queue(sqlite_store: Store) -> None:
    record = Record(sqlite_store, accept_unknown_types=True)
    p = founded(record)
    acts = [p.act("RUS", "test.note", {"i": i}) for i in range(40)]
    committer = GroupCommitter(record, max_batch=8)
    futures = [committer.submit_async(s) for s in acts]
    committer.close()  # returns only after every queued statement is committed
    assert all(f.done() for f in futures)
    assert [f.result().index for f in futures] == list(range(3, 43))
    assert committer.batches >= 5  # 40 statements, at most 8 per commit
    with pytest.raises(RuntimeError):
        committer.submit_async(p.act("RUS", "test.note", {"late": True}))
    assert record.size() == 43


def test_a_failing_batch_fails_every_future_in_it(sqlite_store: Store) -> None:
    record = Record(sqlite_store, accept_unknown_types=True)
    p = founded(record)
    acts = [p.act("RUS", "test.note", {"i": i}) for i in range(3)]
    sqlite_store.dispose()
    with sqlite_store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE record_actor")  # every batch now fails at its end
    with GroupCommitter(record, max_batch=16) as committer:
        futures = [committer.submit_async(s) for s in acts]
        for f in futures:
            with pytest.raises(Exception, match="record_actor"):
                f.result()


def test_default_handlers_are_act_handlers() -> None:
    for handler in default_handlers():
        assert isinstance(handler.types, frozenset)


def test_event_loop_waiters_get_receipts_and_rejections(sqlite_store: Store) -> None:
    """``submit_aio``: many coroutines on one loop, settled once per batch on that loop."""
    record = Record(sqlite_store, accept_unknown_types=True)
    p = founded(record)
    acts = [p.act("RUS", "test.note", {"i": i}) for i in range(20)]

    async def main() -> list[object]:
        with GroupCommitter(record, max_batch=8) as committer:
            waiters = [committer.submit_aio(s) for s in [*acts, acts[0]]]
            return await asyncio.gather(*waiters, return_exceptions=True)

    outcomes = asyncio.run(main())
    assert [r.index for r in outcomes[:20]] == list(range(3, 23))  # type: ignore[attr-defined]
    assert isinstance(outcomes[20], RecordError)
    assert outcomes[20].code == "record_bad_sequence"
    assert record.size() == 23


def test_a_cancelled_waiter_does_not_stop_the_others(sqlite_store: Store) -> None:
    record = Record(sqlite_store, accept_unknown_types=True)
    p = founded(record)
    acts = [p.act("RUS", "test.note", {"i": i}) for i in range(3)]

    async def main() -> int:
        with GroupCommitter(record) as committer:
            first, *rest = [committer.submit_aio(s) for s in acts]
            first.cancel()  # the client went away; its statement is still committed
            return (await asyncio.gather(*rest))[-1].tree_size

    assert asyncio.run(main()) == 6
    assert record.size() == 6


def test_ack_waits_with_a_timeout_and_reports_rejections(sqlite_store: Store) -> None:
    record = Record(sqlite_store, accept_unknown_types=True)
    p = founded(record)
    act = p.act("RUS", "test.note", {"i": 0})
    gate = threading.Lock()
    gate.acquire()
    real = record.submit_many

    def held(signeds: Any, **kwargs: Any) -> Any:
        with gate:  # the writer waits here until the test lets it go
            return real(signeds, **kwargs)

    record.submit_many = held  # type: ignore[method-assign]
    with GroupCommitter(record) as committer:
        ack = committer.submit_async(act)
        with pytest.raises(TimeoutError):
            ack.result(timeout=0.05)
        assert not ack.done()
        gate.release()
        assert ack.result(timeout=10).index == 3
        assert ack.exception() is None
        again = committer.submit_async(act)
        assert isinstance(again.exception(timeout=10), RecordError)


# A projection on its own metadata: each actor's count of accepted ``poll.mark`` acts.
_marks_meta = MetaData()
_marks = Table(
    "poll_marks", _marks_meta, Column("actor", String(20), primary_key=True), Column("n", Integer)
)


class PoisonedHandler:
    """Owns ``poll.mark``; a payload ``{"boom": kind}`` makes it fail the way a bug would."""

    types = frozenset({"poll.mark"})

    def check(self, conn: Connection, st: Statement, index: int) -> None:
        boom = st.payload.get("boom")
        if boom == "overflow":
            raise OverflowError("date value out of range")
        if boom == "assert":
            raise AssertionError("unreachable")
        if boom == "key":
            raise KeyError("field")
        if boom == "sql":  # a database error inside the statement's own savepoint
            conn.exec_driver_sql("SELECT * FROM no_such_table")

    def apply(self, conn: Connection, st: Statement, index: int) -> None:
        n = conn.execute(select(_marks.c.n).where(_marks.c.actor == st.actor)).scalar()
        if n is None:
            conn.execute(_marks.insert().values(actor=st.actor, n=1))
        else:
            conn.execute(_marks.update().where(_marks.c.actor == st.actor).values(n=n + 1))
        if st.payload.get("boom") == "apply":  # after the leaf and a projection row
            raise RuntimeError("apply failed half-way")

    def reset(self, conn: Connection) -> None:
        conn.execute(_marks.delete())


def test_group_commit_under_attack_accepts_every_honest_statement(store: Store) -> None:
    """Poisoned statements, each failing its handler differently, mixed into the same batches."""
    _marks_meta.create_all(store.engine)
    record = Record(store, [PoisonedHandler()])
    p = founded(record, ["RUS", "KAZ", "CHN", "ARM"])
    honest = [p.act(a, "poll.mark", {"i": i}) for i in range(25) for a in ("RUS", "KAZ", "CHN")]
    kinds = ["overflow", "assert", "key", "sql", "apply"]
    poison = []
    for k in kinds:  # each poisoned statement is ARM's seq 0: none may use it up
        poison.append(p.act("ARM", "poll.mark", {"boom": k}))
        p.seqs["ARM"] = 0
    queue = honest[:]
    for i, bad in enumerate(poison):
        queue.insert(10 + 14 * i, bad)
    with GroupCommitter(record, max_batch=64) as committer:
        acks = [committer.submit_async(s) for s in queue]
        outcomes = [a.exception(timeout=60) for a in acks]
    assert committer.batches < len(queue)  # they were committed in shared batches
    assert [o for s, o in zip(queue, outcomes, strict=True) if s in honest and o] == []
    codes = [getattr(o, "code", o) for s, o in zip(queue, outcomes, strict=True) if s in poison]
    assert codes == ["record_handler_failed"] * len(poison), codes
    assert record.size() == 1 + 4 + len(honest)
    assert record.next_seq("ARM") == 0  # the poison used up nothing
    with store.connect() as conn:
        assert dict(conn.execute(select(_marks.c.actor, _marks.c.n)).all()) == {
            "RUS": 25, "KAZ": 25, "CHN": 25
        }  # fmt: skip
    assert record.submit(p.act("ARM", "poll.mark", {})).index == record.size() - 1
