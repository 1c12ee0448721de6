"""Any byte changed in a stored leaf, tree hash or checkpoint signature is detected."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from record_factories import founded
from sqlalchemy import select, update

from eurasec.errors import RecordTampered
from eurasec.record import Record, generate_private_key
from eurasec.record.checkpoint import NoteSigner
from eurasec.record.log import publish_checkpoint
from eurasec.record.schema import record_checkpoint, record_entry
from eurasec.record.verify import EntryTampered, verify_store
from eurasec.storage import Store, open_store


@given(st.lists(st.integers(1, 6), min_size=1, max_size=6))
@settings(max_examples=15)
def test_any_sequence_of_appends_verifies(batches: list[int]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        store = open_store(f"sqlite:///{d}/t.db")
        record = Record(store, accept_unknown_types=True)
        p = founded(record)
        log = NoteSigner("eurasec.test/log", generate_private_key())
        total = 3
        for n in batches:
            record.submit_many([p.act("RUS", "test.note", {"i": i}) for i in range(n)])
            total += n
            publish_checkpoint(record, log)
        report = verify_store(store)
        assert (report.size, report.checkpoints) == (total, len(batches))
        assert report.root == record.root().hex()
        store.dispose()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path: Path = tmp_path_factory.mktemp("verify") / "log.db"
    store = open_store(f"sqlite:///{path}")
    record = Record(store, accept_unknown_types=True)
    p = founded(record)
    log = NoteSigner("eurasec.test/log", generate_private_key())
    for i in range(9):
        record.submit(p.act("RUS" if i % 2 else "KAZ", "test.note", {"i": i}))
        if i in (2, 8):
            publish_checkpoint(record, log)
    verify_store(store)
    return store


def _rows(store: Store, table: str) -> list[tuple[int, bytes]]:
    with store.connect() as conn:
        if table == "leaf":
            return [
                (int(i), bytes(v))
                for i, v in conn.execute(
                    select(record_entry.c.idx, record_entry.c.leaf).order_by(record_entry.c.idx)
                )
            ]
        if table == "node":
            return [
                (int(i), bytes(v))
                for i, v in conn.execute(
                    select(record_entry.c.idx, record_entry.c.hashes).order_by(record_entry.c.idx)
                )
            ]
        return [
            (int(i), v.encode())
            for i, v in conn.execute(
                select(record_checkpoint.c.tree_size, record_checkpoint.c.note)
            )
        ]


def _write(store: Store, table: str, key: int, value: bytes) -> None:
    with store.begin() as conn:
        if table == "leaf":
            conn.execute(update(record_entry).where(record_entry.c.idx == key).values(leaf=value))
        elif table == "node":
            conn.execute(update(record_entry).where(record_entry.c.idx == key).values(hashes=value))
        else:
            conn.execute(
                update(record_checkpoint)
                .where(record_checkpoint.c.tree_size == key)
                .values(note=value.decode("utf-8"))
            )


@given(
    st.sampled_from(["leaf", "node", "note"]),
    st.integers(0, 2**20),
    st.integers(0, 2**20),
    st.integers(1, 255),
)
@settings(max_examples=60)
def test_changing_any_byte_is_detected(
    built: Store, table: str, row: int, where: int, flip: int
) -> None:
    rows = _rows(built, table)
    key, original = rows[row % len(rows)]
    pos = where % len(original)
    if table == "note":  # keep the note text: swap one character for another printable one
        new_char = b"AZaz09+/=\n "[flip % 11]
        if new_char == original[pos] or original[pos] > 127:
            return
        changed = original[:pos] + bytes([new_char]) + original[pos + 1 :]
    else:
        changed = original[:pos] + bytes([original[pos] ^ flip]) + original[pos + 1 :]
    _write(built, table, key, changed)
    try:
        with pytest.raises(RecordTampered) as info:
            verify_store(built)
        if table in ("leaf", "node"):
            assert isinstance(info.value, EntryTampered) and info.value.index == key
    finally:
        _write(built, table, key, original)
    verify_store(built)
