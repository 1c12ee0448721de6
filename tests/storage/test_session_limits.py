"""Every PostgreSQL connection carries its session limits; database trouble is told apart.

The limits (lock, statement and idle-in-transaction timeouts) are what bounds how long a
hung process can hold the append lock (``tests/reliability/test_multiprocess.py`` shows the
bound under load); here: that each connection really has them, that the URL's own options
(a schema's ``search_path``) survive beside them, and that the server ends a session left
idle inside a transaction, freeing its advisory lock.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError

from backends import POSTGRES_URL, create_schema, drop_schema, schema_url
from eurasec.settings import get_settings
from eurasec.storage import Store, lock, open_store
from eurasec.storage.engine import postgres_session_options
from eurasec.storage.raw import raw_many, raw_query


@pytest.fixture
def pg_url() -> Iterator[str]:
    if POSTGRES_URL is None:
        pytest.skip("PostgreSQL session limits: set EURASEC_TEST_POSTGRES_URL")
    schema = create_schema("lim")
    try:
        yield schema_url(schema)
    finally:
        drop_schema(schema)


def test_session_options_follow_the_settings() -> None:
    settings = get_settings(db_lock_timeout=1.5, db_idle_in_transaction_timeout=0)
    options = postgres_session_options(settings)
    assert "-c lock_timeout=1500" in options
    assert "-c idle_in_transaction_session_timeout=0" in options
    assert "-c statement_timeout=30000" in options


def test_every_postgres_connection_has_its_limits_and_keeps_the_url_options(
    pg_url: str,
) -> None:
    settings = get_settings(
        db_lock_timeout=4, db_statement_timeout=9, db_idle_in_transaction_timeout=3,
        db_application_name="limits-test", db_pool_size=2, db_max_overflow=1,
    )  # fmt: skip
    store = open_store(pg_url, settings=settings)
    try:
        with store.connect() as conn:
            shown = {
                name: conn.execute(text(f"SHOW {name}")).scalar()
                for name in (
                    "lock_timeout", "statement_timeout", "idle_in_transaction_session_timeout",
                    "application_name", "search_path",
                )
            }  # fmt: skip
            libpq = conn.connection.driver_connection.info.get_parameters()  # type: ignore[union-attr]
        assert shown["lock_timeout"] == "4s"
        assert shown["statement_timeout"] == "9s"
        assert shown["idle_in_transaction_session_timeout"] == "3s"
        assert shown["application_name"] == "limits-test"
        assert shown["search_path"].startswith("lim_")  # the URL's own option is kept
        assert (libpq["keepalives"], libpq["keepalives_idle"]) == ("1", "10")  # client side
        assert store.engine.pool.size() == 2  # type: ignore[attr-defined]
    finally:
        store.dispose()


@pytest.mark.parametrize("last", ["lock", "raw_many"])
def test_a_session_left_idle_in_a_transaction_loses_its_lock(pg_url: str, last: str) -> None:
    """Also when the last thing the hung process sent was a batch (``raw_many``): psycopg's
    pipelined ``executemany`` ends with a flush request after its sync, which turns the
    server's idle-in-transaction timer off until the next sync, so the session never ended."""
    settings = get_settings(db_idle_in_transaction_timeout=0.5, db_lock_timeout=5)
    hung, healthy = (open_store(pg_url, settings=settings) for _ in range(2))
    try:
        conn = hung.engine.connect()
        conn.begin()
        lock.xact_lock(conn, lock.APPEND)
        if last == "raw_many":
            raw_query(conn, "CREATE TEMPORARY TABLE batch (n integer)")
            raw_many(conn, "INSERT INTO batch (n) VALUES (?)", [(n,) for n in range(2000)])
        # then the "process" stops sending anything
        start = time.monotonic()
        with healthy.begin() as other:
            lock.xact_lock(other, lock.APPEND)  # waits until the server ends the hung session
        waited = time.monotonic() - start
        assert 0.3 < waited < 5, waited
        with pytest.raises(DBAPIError) as err:  # the process wakes up to a closed session
            conn.execute(text("SELECT 1"))
        assert hung.unavailable(err.value)
        conn.invalidate()
    finally:
        hung.dispose()
        healthy.dispose()


def test_a_lock_wait_past_the_timeout_is_database_trouble(pg_url: str) -> None:
    holder = open_store(pg_url)
    waiter = open_store(pg_url, settings=get_settings(db_lock_timeout=0.2))
    try:
        with holder.begin() as conn:
            lock.xact_lock(conn, lock.CHECKPOINT)
            assert not _try(waiter)
            with pytest.raises(OperationalError) as err, waiter.begin() as other:
                lock.xact_lock(other, lock.CHECKPOINT)
            assert waiter.unavailable(err.value)
    finally:
        holder.dispose()
        waiter.dispose()


def _try(store: Store) -> bool:
    with store.begin() as conn:
        return lock.try_xact_lock(conn, lock.CHECKPOINT)


def test_sqlite_trouble_is_a_busy_database_not_a_bad_query(sqlite_store: Store) -> None:
    assert sqlite_store.unavailable(sqlite3.OperationalError("database is locked"))
    assert not sqlite_store.unavailable(sqlite3.OperationalError("no such table: nothing"))
    with pytest.raises(OperationalError) as err, sqlite_store.connect() as conn:
        conn.execute(text("SELECT * FROM nothing"))
    assert not sqlite_store.unavailable(err.value)
