"""The record's tables (migration branch ``record``, revisions ``record_0001`` to ``record_0003``).

``record_entry`` is the log itself: per entry, the leaf bytes and ``hashes``, the leaf hash
followed by the hash of every perfect subtree the entry completes (see
:mod:`eurasec.record.tree`). ``record_key`` and ``record_actor`` are the
record's own projection (keys; each actor's next sequence number and the time key of its
latest statement, see :func:`eurasec.record.clock.time_key`), rebuilt on replay like any other.
``record_checkpoint`` keeps every signed checkpoint; ``record_witness`` is the state of a
witness run on this store (the last checkpoint it co-signed, per log origin).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from eurasec.storage.base import metadata

__all__ = [
    "record_actor",
    "record_checkpoint",
    "record_entry",
    "record_key",
    "record_witness",
]

# INTEGER PRIMARY KEY is SQLite's rowid: the fastest key it has; BIGINT elsewhere.
_Id = BigInteger().with_variant(Integer(), "sqlite")

record_entry = Table(
    "record_entry",
    metadata,
    Column("idx", _Id, primary_key=True, autoincrement=False),
    Column("type", String(100), nullable=False),
    Column("actor", String(70), nullable=False),
    Column("seq", BigInteger(), nullable=False),
    Column("hashes", LargeBinary(), nullable=False),
    # last: SQLite reads a row's columns in order, and a large leaf spills to overflow pages
    Column("leaf", LargeBinary(), nullable=False),
    UniqueConstraint("actor", "seq", name="uq_record_entry_actor_seq"),
)

record_key = Table(
    "record_key",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("actor", String(70), nullable=False, index=True),
    Column("public_key", String(44), nullable=False),
    Column("registered_at", BigInteger(), nullable=False),
    Column("ended_at", BigInteger(), nullable=True),
    Column("end_reason", String(16), nullable=True),
)

record_actor = Table(
    "record_actor",
    metadata,
    Column("actor", String(70), primary_key=True),
    Column("next_seq", BigInteger(), nullable=False),
    Column("last_time", String(32), nullable=True),
)

record_checkpoint = Table(
    "record_checkpoint",
    metadata,
    Column("tree_size", _Id, primary_key=True, autoincrement=False),
    Column("root", LargeBinary(32), nullable=False),
    Column("note", Text(), nullable=False),
)

record_witness = Table(
    "record_witness",
    metadata,
    Column("origin", String(200), primary_key=True),
    Column("tree_size", BigInteger(), nullable=False),
    Column("root", LargeBinary(32), nullable=False),
    Column("note", Text(), nullable=False),
)
