"""Group commit: rejections reach the right submitter; default handlers are collected."""

from __future__ import annotations

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


def test_default_handlers_are_act_handlers() -> None:
    for handler in default_handlers():
        assert isinstance(handler.types, frozenset)
