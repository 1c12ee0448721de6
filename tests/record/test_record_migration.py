"""Migrations that move data: the record's tree hashes from ``record_node`` into entries, each
actor's latest time into ``record_actor``, the Charter's instruments into a history table."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from record_factories import ORIGIN, founded
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from eurasec.errors import RecordError
from eurasec.institutions.membership import history, spells_of
from eurasec.record import Record, Statement, generate_private_key, sign
from eurasec.record.checkpoint import NoteSigner
from eurasec.record.log import publish_checkpoint
from eurasec.record.merkle import leaf_hash, node_hash, node_id
from eurasec.record.verify import verify_store
from eurasec.storage import Store
from eurasec.storage.schema_version import _MIGRATIONS


def _alembic(store: Store, action: str, target: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with store.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, target)


def _old_layout(leaves: list[bytes]) -> dict[int, bytes]:
    """record_node as record_0001 kept it, computed here from the leaves alone."""
    nodes: dict[int, bytes] = {}
    level_hashes = [leaf_hash(leaf) for leaf in leaves]
    level = 0
    while level_hashes:
        for index, h in enumerate(level_hashes):
            nodes[node_id(level, index)] = h
        level_hashes = [
            node_hash(level_hashes[i], level_hashes[i + 1])
            for i in range(0, len(level_hashes) - 1, 2)
        ]
        level += 1
    return nodes


def test_tree_hashes_move_between_layouts_and_back(store: Store) -> None:
    record = Record(store, accept_unknown_types=True)
    p = founded(record)
    record.submit_many([p.act("RUS", "test.note", {"i": i}) for i in range(37)])
    publish_checkpoint(record, NoteSigner("eurasec.test/log", generate_private_key()))
    before = verify_store(store)
    with store.connect() as conn:
        entries = conn.execute(text("SELECT idx, leaf, hashes FROM record_entry ORDER BY idx"))
        rows = [(int(i), bytes(leaf), bytes(h)) for i, leaf, h in entries]

    _alembic(store, "downgrade", "record_0001")  # back to one row per node
    with store.connect() as conn:
        old = {int(i): bytes(h) for i, h in conn.execute(text("SELECT id, hash FROM record_node"))}
        columns = conn.execute(text("SELECT * FROM record_entry")).keys()
    assert "hashes" not in columns
    assert old == _old_layout([leaf for _i, leaf, _h in rows])

    _alembic(store, "upgrade", "heads")  # and forward again
    with store.connect() as conn:
        entries = conn.execute(text("SELECT idx, leaf, hashes FROM record_entry ORDER BY idx"))
        assert [(int(i), bytes(leaf), bytes(h)) for i, leaf, h in entries] == rows
    after = verify_store(store)
    assert after == before
    with pytest.raises(IntegrityError), store.begin() as conn:  # (actor, seq) stays unique
        conn.execute(
            text("INSERT INTO record_entry (idx, leaf, hashes, type, actor, seq) "
                 "VALUES (1000, :b, :b, 'test.note', 'RUS', 0)"),
            {"b": b"x"},
        )  # fmt: skip
    fresh = Record(store, accept_unknown_types=True)  # proofs read the moved hashes
    assert fresh.root() == bytes.fromhex(before.root)
    proof = fresh.inclusion_proof(17)
    assert proof.leaf_hash == leaf_hash(rows[17][1])
    fresh.submit(p.act("RUS", "test.note", {"i": 37}))  # and appends go on from them
    assert verify_store(store).size == before.size + 1


def test_actor_times_are_filled_from_the_leaves(store: Store) -> None:
    """record_0003: each actor's latest statement time, read back from the stored leaves."""
    record = Record(store, accept_unknown_types=True)
    p = founded(record)
    record.submit(p.act("RUS", "test.note", {"i": 0}))
    with store.connect() as conn:
        before = dict(conn.execute(text("SELECT actor, last_time FROM record_actor")).all())
    assert before["RUS"] == "2026-11-28T09:00:00.000000"
    _alembic(store, "downgrade", "record_0002")
    with store.connect() as conn:
        columns = list(conn.execute(text("SELECT * FROM record_actor")).keys())
    assert "last_time" not in columns
    _alembic(store, "upgrade", "heads")
    with store.connect() as conn:
        after = dict(conn.execute(text("SELECT actor, last_time FROM record_actor")).all())
    assert after == before  # LOG (the genesis) included
    fresh = Record(store, accept_unknown_types=True)
    with pytest.raises(RecordError) as info:  # the order rule reads the filled-in times
        fresh.submit(sign(Statement("test.note", "RUS", 1, "2026-11-28T08:00:00Z", {}, ORIGIN),
                          p.keys["RUS"]))  # fmt: skip
    assert info.value.code == "record_time_order"


def test_charter_instruments_are_filled_from_the_old_rows(store: Store) -> None:
    """institutions_0002: the instruments an old ``charter_participants`` row still shows."""
    _alembic(store, "downgrade", "institutions_0001")
    with store.begin() as conn:
        conn.execute(
            text("INSERT INTO charter_participants (actor, kind, signed_on, instrument, "
                 "instrument_on, withdrawal_notice_on, withdrawal_effective, idx) VALUES "
                 "('KAZ', 'state', '2026-01-06', 'ratification', '2026-01-07', '2026-02-01', "
                 "'2027-02-01', 12), ('ARM', 'state', NULL, 'accession', '2026-03-01', NULL, "
                 "NULL, 30)")
        )  # fmt: skip
    _alembic(store, "upgrade", "heads")
    with store.connect() as conn:
        rows = conn.execute(
            text("SELECT idx, seq, actor, instrument, date, effective FROM charter_instruments "
                 "ORDER BY idx, seq")
        ).all()  # fmt: skip
        items = history(conn)
    assert [tuple(r) for r in rows] == [
        (12, 0, "KAZ", "signature", "2026-01-06", None),
        (12, 1, "KAZ", "ratification", "2026-01-07", None),
        (12, 2, "KAZ", "withdrawal", "2026-02-01", "2027-02-01"),
        (30, 0, "ARM", "accession", "2026-03-01", None),
    ]
    kaz = spells_of([i for i in items if i.actor == "KAZ"], "2026-01-07")
    assert [(s.role, s.start, s.end) for s in kaz] == [
        ("signatory", "2026-01-06", "2026-01-07"),
        ("member", "2026-01-07", "2027-02-01"),
    ]
