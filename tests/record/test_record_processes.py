"""Records in several processes over one store (each a :class:`Record` of its own here).

A record keeps what it knows of the log between its own commits; when another process
appended meanwhile it reads only what changed. These tests interleave two records on one
store (SQLite and PostgreSQL) and check that neither acts on stale knowledge: sequence
numbers, keys registered or revoked by the other, the frontier. And: the work done before
the lock (``prepare``) never admits what the lock's checks would refuse; checkpoints
published from several records give one note per size; database trouble is answered at once,
not resubmitted statement by statement.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from record_factories import founded

from backends import POSTGRES_URL, create_schema, drop_schema, schema_url
from eurasec.errors import RecordError, SignatureInvalid, Unavailable
from eurasec.record import Record, generate_private_key, public_key_b64
from eurasec.record.checkpoint import NoteSigner, checkpoint_at
from eurasec.record.commit import GroupCommitter
from eurasec.record.log import publish_checkpoint, try_publish_checkpoint
from eurasec.record.schema import record_checkpoint
from eurasec.record.statement import SignedStatement
from eurasec.record.verify import verify_store
from eurasec.storage import Store, lock, open_store
from eurasec.storage.meta import get_meta


def test_two_records_on_one_store_see_each_others_appends(store: Store) -> None:
    a = Record(store, accept_unknown_types=True)
    p = founded(a, ["RUS", "KAZ"])
    b = Record(store, accept_unknown_types=True)
    expected = a.size()
    for i in range(6):  # alternating: each record must catch up with the other's appends
        who = b if i % 2 == 0 else a
        for actor in ("RUS", "KAZ"):
            assert who.submit(p.act(actor, "test.note", {"i": i})).index == expected
            expected += 1
    assert a.next_seq("RUS") == 6 and b.next_seq("KAZ") == 6
    replayed = p.act("RUS", "test.note", {"i": 99})
    p.seqs["RUS"] -= 1
    a.submit(replayed)
    with pytest.raises(RecordError, match="already used"):
        b.submit(replayed)  # b learns of a's append before judging
    assert a.root() == b.root()
    assert verify_store(store).size == a.size()


def test_a_key_revoked_through_another_record_is_refused(store: Store) -> None:
    a = Record(store, accept_unknown_types=True)
    p = founded(a, ["RUS"])
    b = Record(store, accept_unknown_types=True)
    b.submit(p.act("RUS", "test.note", {}))  # b now caches RUS's key as current
    new = generate_private_key()
    a.submit(p.act("RUS", "key.rotate", {"public_key": public_key_b64(new)}))
    stale = p.act("RUS", "test.note", {"signed": "with the retired key"})
    with pytest.raises(RecordError) as err:
        b.submit(stale)
    assert err.value.code == "record_key_revoked"
    p.keys["RUS"] = new
    p.seqs["RUS"] -= 1
    assert b.submit(p.act("RUS", "test.note", {})).index == b.size() - 1  # the new key signs


def test_prepare_never_admits_what_the_lock_refuses(store: Store) -> None:
    record = Record(store, accept_unknown_types=True)
    p = founded(record, ["RUS"])
    first = p.act("RUS", "test.note", {"i": 0})
    assert record.prepare(first).verified is None  # a key not yet seen: checked in the lock
    record.submit(first)
    good = p.act("RUS", "test.note", {"i": 1})
    assert record.prepare(good).verified is not None  # now known: verified before the lock
    forged = SignedStatement(good.statement, good.key_id, bytes(64))
    item = record.prepare(forged)
    assert item.verified is None and item.error is None  # the lock's checks will say why
    assert isinstance(record.submit_many([item])[0], SignatureInvalid)
    p.seqs["RUS"] -= 1
    unknown = p.act("RUS", "no.such", {})
    assert record.prepare(unknown).error is None  # accept_unknown_types: no reason here
    refused = Record(store).prepare(unknown).error
    assert refused is not None and refused.code == "record_unknown_type"
    receipt = record.submit_many([record.prepare(good)])[0]
    assert not isinstance(receipt, Exception) and receipt.index == record.size() - 1


def test_checkpoints_from_many_publishers_one_note_per_size(store: Store) -> None:
    record = Record(store, accept_unknown_types=True)
    p = founded(record, ["RUS"])
    signer = NoteSigner("eurasec.test/log", generate_private_key())
    errors: list[BaseException] = []
    notes: list[str] = []

    def publish(n: int) -> None:
        mine = Record(store, accept_unknown_types=True)
        try:
            for i in range(5):
                if n == 0:
                    mine.submit(p.act("RUS", "test.note", {"i": i}))
                notes.append(publish_checkpoint(mine, signer))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=publish, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    with store.connect() as conn:
        sizes = [r.tree_size for r in conn.execute(record_checkpoint.select())]
        assert len(sizes) == len(set(sizes))
        assert checkpoint_at(conn, record.size()) is not None
    assert verify_store(store).checkpoints == len(sizes)


@pytest.fixture
def pg_store() -> Iterator[Store]:
    """A PostgreSQL store only: on SQLite one writer at a time is the database's own rule,
    so nobody else can be publishing while a scheduled publisher looks."""
    if POSTGRES_URL is None:
        pytest.skip("another publisher holding the lock: set EURASEC_TEST_POSTGRES_URL")
    schema = create_schema()
    st = open_store(schema_url(schema))
    try:
        yield st
    finally:
        st.dispose()
        drop_schema(schema)


def test_a_scheduled_publisher_skips_while_another_publishes(pg_store: Store) -> None:
    store = pg_store
    record = Record(store, accept_unknown_types=True)
    p = founded(record, ["RUS"])
    signer = NoteSigner("eurasec.test/log", generate_private_key())
    record.submit(p.act("RUS", "test.note", {}))
    with store.begin() as conn:
        lock.xact_lock(conn, lock.CHECKPOINT)  # another process is publishing
        assert try_publish_checkpoint(record, signer) is None
    assert try_publish_checkpoint(record, signer) is not None


def test_log_key_rotation_keeps_every_key_for_verification(store: Store) -> None:
    record = Record(store, accept_unknown_types=True)
    p = founded(record, ["RUS"])
    old = NoteSigner("eurasec.test/log", generate_private_key())
    new = NoteSigner("eurasec.test/log", generate_private_key())
    publish_checkpoint(record, old)
    record.submit(p.act("RUS", "test.note", {}))
    publish_checkpoint(record, new)  # the rotation: later checkpoints under the new key
    with store.connect() as conn:
        assert get_meta(conn, "record.log_vkey") == new.verifier.vkey()
    assert verify_store(store).checkpoints == 2  # both keys, as the store recorded them
    assert verify_store(store, [old.verifier, new.verifier]).checkpoints == 2
    with pytest.raises(RecordError, match="no valid signature"):
        verify_store(store, old.verifier)  # the old key alone does not cover the new one


def test_database_trouble_is_answered_at_once_not_resubmitted(store: Store) -> None:
    record = Record(store, accept_unknown_types=True)
    p = founded(record, ["RUS"])
    calls: list[int] = []
    real = record.submit_many

    def failing(items: Any, **kwargs: Any) -> Any:
        calls.append(len(items))
        raise Unavailable("the database did not take the batch (lock timeout); retry")

    record.submit_many = failing  # type: ignore[method-assign]
    acts = [p.act("RUS", "test.note", {"i": i}) for i in range(6)]
    with GroupCommitter(record, max_batch=16) as committer:
        acks = [committer.submit_async(a) for a in acts]
        outcomes = [a.exception(timeout=30) for a in acks]
    assert all(isinstance(o, Unavailable) for o in outcomes)
    assert sum(calls) == len(acts)  # each tried once: no resubmission one by one
    record.submit_many = real  # type: ignore[method-assign]
    p.seqs["RUS"] = 0
    assert record.submit(p.act("RUS", "test.note", {})).index == record.size() - 1
