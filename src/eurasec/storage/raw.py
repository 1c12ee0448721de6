"""Statements sent straight to the driver, for the hot paths of appends and proofs.

An append or a proof is a handful of index lookups and small writes; SQLAlchemy's statement
machinery (building, caching keys, result objects) costs more than each of them. These two
functions take SQL with ``?`` for each parameter (turned into ``%s`` for PostgreSQL's driver)
and run it on the driver connection under a SQLAlchemy ``Connection``, inside its transaction.
Only constant SQL goes through them (``tests/test_sql_safety.py``); values are always bound.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

__all__ = ["ROWS_PER_INSERT", "no_pipeline", "raw_many", "raw_query"]

#: Rows per multi-row ``INSERT`` on PostgreSQL (a statement binds at most 65,535 values).
ROWS_PER_INSERT = 500
#: An ``INSERT`` of one row of bound parameters: the head, the row, and what follows it.
_ONE_ROW = re.compile(r"(INSERT INTO .+? VALUES )(\((?:%s, )*%s\))(.*)", re.DOTALL)


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
    """``executemany`` of ``sql`` (``?`` marks each parameter) on the driver connection.

    On PostgreSQL not psycopg's ``executemany``: that one runs in pipeline mode, which may end
    with a flush request after its sync, and a flush request turns the server's
    idle-in-transaction timer off until the next sync. A process that hung just after a batch
    would then hold its locks for as long as it hangs (``tests/storage/test_session_limits.py``).
    An ``INSERT ... VALUES (?, ...)`` (with or without an ``ON CONFLICT`` clause after it) goes
    as one multi-row statement per :data:`ROWS_PER_INSERT` rows instead; anything else as one
    prepared statement per row.
    """
    if not rows:
        return
    cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        if conn.dialect.paramstyle == "qmark":
            cur.executemany(sql, rows)
        elif m := _ONE_ROW.fullmatch(sql.replace("?", "%s")):
            head, one, tail = m.groups()
            for start in range(0, len(rows), ROWS_PER_INSERT):
                chunk = rows[start : start + ROWS_PER_INSERT]
                values = ", ".join([one] * len(chunk))  # every value is a bound parameter
                cur.execute(f"{head}{values}{tail}", [v for row in chunk for v in row])
        else:
            no_pipeline(cur, sql.replace("?", "%s"), rows)
    finally:
        cur.close()


def no_pipeline(cursor: Any, sql: str, rows: Sequence[Any]) -> None:
    """Run ``sql`` once per row of ``rows`` on a psycopg ``cursor``, prepared on the server."""
    for row in rows:
        cursor.execute(sql, row, prepare=True)
