"""Statements sent straight to the driver, for the hot paths of appends and proofs.

An append or a proof is a handful of index lookups and small writes; SQLAlchemy's statement
machinery (building, caching keys, result objects) costs more than each of them. These two
functions take SQL with ``?`` for each parameter (turned into ``%s`` for PostgreSQL's driver)
and run it on the driver connection under a SQLAlchemy ``Connection``, inside its transaction.
Only constant SQL goes through them (``tests/test_sql_safety.py``); values are always bound.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

__all__ = ["raw_many", "raw_query"]


def raw_query(conn: Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """Run ``sql`` (``?`` marks each bound parameter) on the driver connection under ``conn``.

    Inside a transaction of ``conn`` this runs in that transaction. Returns the rows, if any.
    """
    if conn.dialect.paramstyle != "qmark":
        sql = sql.replace("?", "%s")
    cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(sql, tuple(params))
        return list(cur.fetchall()) if cur.description else []
    finally:
        cur.close()


def raw_many(conn: Connection, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """``executemany`` of ``sql`` (``?`` marks each parameter) on the driver connection."""
    if not rows:
        return
    if conn.dialect.paramstyle != "qmark":
        sql = sql.replace("?", "%s")
    cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.executemany(sql, rows)
    finally:
        cur.close()
