"""Engines and stores are made by factories from settings, never at import time.

Every PostgreSQL connection carries the session limits of :func:`postgres_session_options`
(lock, statement and idle-in-transaction timeouts) and TCP keepalives, so that a process that
hangs while it holds a lock cannot hold it for longer than a known bound (``docs/operations.md``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from eurasec.errors import ConfigurationError
from eurasec.settings import Settings, get_settings, normalise_database_url, redact_url
from eurasec.storage.raw import no_pipeline
from eurasec.storage.writer_turn import writer_turn

__all__ = ["Store", "make_engine", "open_store", "postgres_session_options"]
#: Bytes of an SQLite database file each connection reads through a memory map
#: (``PRAGMA mmap_size``) instead of ``read`` calls into its own page cache: proofs look up
#: a few dozen rows scattered over the whole log, and a mapped row costs no system call.
#: Writes still go through the WAL.
SQLITE_MMAP_BYTES = 1 << 30
#: Words of the SQLite errors that say the database, not the query, is the trouble.
_SQLITE_UNAVAILABLE = ("locked", "busy", "disk i/o", "unable to open", "disk is full")
#: PostgreSQL SQLSTATEs that say the same, beyond what its driver calls operational: the
#: session ended for idling in a transaction (25P03), a lock or statement timeout (55P03,
#: 57014), a deadlock (40P01); and the classes of lost connections (08), an operator's or
#: the server's intervention (57) and exhausted resources (53).
_PG_UNAVAILABLE = frozenset({"25P03", "55P03", "57014", "40P01"})
_PG_UNAVAILABLE_CLASSES = frozenset({"08", "53", "57"})


def postgres_session_options(settings: Settings) -> str:
    """libpq ``options`` that set the session limits of every PostgreSQL connection.

    ``lock_timeout`` bounds how long a statement waits for a lock (the append lock included),
    ``statement_timeout`` how long one statement runs, and ``idle_in_transaction_session_timeout``
    how long a session may sit inside a transaction without sending anything: past it the
    server ends the session and its locks go with it. That last one is what frees the append
    lock when the process holding it hangs (stopped, swapped out, stuck in a pause).
    """
    ms = {
        "lock_timeout": settings.db_lock_timeout,
        "statement_timeout": settings.db_statement_timeout,
        "idle_in_transaction_session_timeout": settings.db_idle_in_transaction_timeout,
    }
    return " ".join(f"-c {name}={round(seconds * 1000)}" for name, seconds in ms.items())


def _postgres_args(parsed: Any, settings: Settings, kwargs: dict[str, Any]) -> None:
    """Timeouts, keepalives and pool sizes; what the URL or the caller set wins."""
    args = dict(kwargs.get("connect_args") or {})
    query = dict(parsed.query)
    own = " ".join(p for p in (str(query.get("options", "")), str(args.get("options", ""))) if p)
    # Ours first: a setting the URL or the caller names again comes later and wins.
    args["options"] = f"{postgres_session_options(settings)} {own}".strip()
    tcp = {
        "keepalives": 1,
        "keepalives_idle": settings.db_keepalive_idle,
        "keepalives_interval": max(1, settings.db_keepalive_idle // 2),
        "keepalives_count": 3,
        # unacknowledged data for this long ends the connection (a peer that vanished)
        "tcp_user_timeout": settings.db_keepalive_idle * 3 * 1000,
        "connect_timeout": settings.db_connect_timeout,
        "application_name": settings.db_application_name,
    }
    for name, value in tcp.items():
        if name not in query:
            args.setdefault(name, value)
    kwargs["connect_args"] = args
    kwargs.setdefault("pool_size", settings.db_pool_size)
    kwargs.setdefault("max_overflow", settings.db_max_overflow)
    kwargs.setdefault("pool_timeout", settings.db_pool_timeout)


def make_engine(
    url: str,
    *,
    sqlite_synchronous: str = "FULL",
    settings: Settings | None = None,
    **kwargs: Any,
) -> Engine:
    """An engine for ``url``.

    SQLite gets WAL, a busy timeout, foreign keys on and mmap reads; PostgreSQL gets the
    session limits and keepalives of :func:`postgres_session_options` and the pool sizes of
    ``settings`` (default: from the environment).
    """
    url = normalise_database_url(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:  # ValueError: e.g. a port that is not a number
        shown, why = redact_url(url), redact_url(str(exc))
        raise ConfigurationError(f"unusable database URL {shown!r}: {why}") from None
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:"):
            try:
                Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigurationError(
                    f"cannot create the folder of the SQLite file {db!r}: {exc.strerror}"
                ) from None
        kwargs.setdefault("connect_args", {"timeout": 30, "check_same_thread": False})
    elif parsed.get_backend_name() == "postgresql":
        _postgres_args(parsed, settings or get_settings(), kwargs)
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        extra = "postgres" if parsed.get_backend_name() == "postgresql" else "all"
        raise ConfigurationError(
            f"no driver for {parsed.drivername} ({exc}); install eurasec[{extra}]"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        _tune_sqlite(engine, sqlite_synchronous)
    elif parsed.get_backend_name() == "postgresql":

        @event.listens_for(engine, "do_executemany")
        def _executemany(cursor: Any, statement: str, parameters: Any, _context: Any) -> bool:
            # psycopg's executemany pipelines, which can leave the server's
            # idle-in-transaction timer off (see eurasec.storage.raw.no_pipeline)
            no_pipeline(cursor, statement, parameters)
            return True

    return engine


def _tune_sqlite(engine: Engine, synchronous: str) -> None:
    if synchronous.upper() not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
        raise ConfigurationError(f"sqlite_synchronous must be OFF|NORMAL|FULL|EXTRA: {synchronous}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, issue BEGIN, so BEGIN IMMEDIATE works (see below).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA synchronous={synchronous.upper()}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers (Store.begin) take the lock up front, so no transaction has to upgrade a read
        # lock to a write lock and fail with "database is locked"; readers stay deferred.
        immediate = conn.get_execution_options().get("eurasec_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@dataclass
class Store:
    """An open database: the engine plus the URL it was opened from."""

    engine: Engine
    url: str

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write transaction: committed on success, rolled back on any exception."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(eurasec_write=True)
            with conn.begin():
                yield conn

    def writer_turn(self) -> AbstractContextManager[None]:
        """The append path's turn before :meth:`begin`: on a SQLite file, a fair queue of the
        processes that append (:mod:`eurasec.storage.writer_turn`); elsewhere nothing."""
        path = self.engine.url.database if self.backend == "sqlite" else None
        if not path or path == ":memory:" or path.startswith("file:"):
            return nullcontext()
        return writer_turn(f"{path}-append.lock")

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reads."""
        with self.engine.connect() as conn:
            yield conn

    def migrate(self) -> None:
        """Upgrade every migration branch to its head, once across processes (idempotent).

        See :func:`eurasec.storage.schema_version.upgrade`.
        """
        from eurasec.storage.schema_version import upgrade

        upgrade(self)

    def unavailable(self, exc: BaseException) -> bool:
        """Whether ``exc`` says the database is in trouble rather than the request wrong.

        A lock or statement timeout, a connection the server ended or lost (PostgreSQL's
        operational errors, as SQLAlchemy's ``OperationalError`` or the driver's own, raised
        through the raw cursors of the hot paths), a database that stayed locked or could not
        be read (SQLite, whose driver also calls a mistyped query "operational"), or any error
        that invalidated the connection.
        """
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            return True
        orig = exc.orig if isinstance(exc, DBAPIError) else exc
        if self.backend != "sqlite":
            state = str(getattr(orig, "sqlstate", "") or "")
            if state in _PG_UNAVAILABLE or state[:2] in _PG_UNAVAILABLE_CLASSES:
                return True  # e.g. a session the server ended for idling in a transaction
        if not isinstance(orig, self.engine.dialect.loaded_dbapi.OperationalError):
            return False
        if self.backend != "sqlite":
            return True
        return any(word in str(orig).lower() for word in _SQLITE_UNAVAILABLE)

    @staticmethod
    def reason(exc: BaseException) -> str:
        """The database's own words for ``exc``: one line, no password."""
        orig = getattr(exc, "orig", None) or exc
        lines = str(orig).strip().splitlines()
        return redact_url(lines[0] if lines else type(orig).__name__)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_store(
    url: str | None = None,
    *,
    migrate: bool = True,
    settings: Settings | None = None,
    **engine_kwargs: Any,
) -> Store:
    """Open the store at ``url`` (default: ``EURASEC_DATABASE_URL``), migrating it by default.

    Servers open with ``migrate=False`` and check the schema instead
    (:func:`eurasec.storage.schema_version.require_current`).
    """
    settings = settings or get_settings()
    full = normalise_database_url(url) if url else settings.database_url
    engine = make_engine(
        full, sqlite_synchronous=settings.sqlite_synchronous, settings=settings, **engine_kwargs
    )
    store = Store(engine=engine, url=full)
    if migrate:
        store.migrate()  # an unreachable database: a one-line ConfigurationError
    return store
