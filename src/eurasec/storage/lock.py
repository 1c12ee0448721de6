"""Locks that every process on one database shares.

On PostgreSQL these are transaction-scoped advisory locks (``pg_advisory_xact_lock``): they
are released when the transaction ends, however it ends, and so also when the server ends a
session whose process hangs (``idle_in_transaction_session_timeout``, see
:func:`eurasec.storage.engine.postgres_session_options`). On SQLite a write transaction
already holds the database's one write lock (``BEGIN IMMEDIATE``, see
:meth:`eurasec.storage.Store.begin`), which orders every writer of the file, so these calls
only have to say so.

Usage docs: ``docs/operations.md``.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

__all__ = ["APPEND", "CHECKPOINT", "MIGRATE", "WITNESS", "try_xact_lock", "xact_lock"]

#: Orders appends to the record (``"eurasec1"`` as a 64-bit integer).
APPEND = 0x6575726173656331
#: One checkpoint publisher at a time (``"eurasecC"``).
CHECKPOINT = 0x6575726173656343
#: One schema upgrade at a time (``"eurasecM"``).
MIGRATE = 0x657572617365634D
#: One cosignature at a time by a witness served by several processes (``"eurasecW"``).
WITNESS = 0x6575726173656357


def xact_lock(conn: Connection, key: int) -> None:
    """Wait for lock ``key`` until the transaction of ``conn`` ends (``lock_timeout`` bounds
    the wait on PostgreSQL)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def try_xact_lock(conn: Connection, key: int) -> bool:
    """Take lock ``key`` for the transaction of ``conn`` if nobody holds it; whether it did."""
    if conn.dialect.name != "postgresql":
        return True
    got = conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key}).scalar()
    return bool(got)
