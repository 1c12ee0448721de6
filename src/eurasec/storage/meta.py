"""Store-wide facts kept in the ``store_meta`` table (migration ``core_0001``)."""

from __future__ import annotations

from sqlalchemy import Column, Connection, String, Table, Text, select

from eurasec.storage.base import metadata

__all__ = ["get_meta", "set_meta", "store_meta"]

store_meta = Table(
    "store_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text(), nullable=False),
)


def get_meta(conn: Connection, key: str) -> str | None:
    """The value stored under ``key``, or ``None``."""
    return conn.execute(select(store_meta.c.value).where(store_meta.c.key == key)).scalar()


def set_meta(conn: Connection, key: str, value: str) -> None:
    """Store ``value`` under ``key``, replacing any earlier value."""
    conn.execute(store_meta.delete().where(store_meta.c.key == key))
    conn.execute(store_meta.insert().values(key=key, value=value))
