"""Group commit: rejections reach the right submitter; default handlers are collected."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from record_factories import founded

from eurasec.errors import RecordError
from eurasec.record import Record
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

    def held(signeds: Any) -> Any:
        with gate:  # the writer waits here until the test lets it go
            return real(signeds)

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
