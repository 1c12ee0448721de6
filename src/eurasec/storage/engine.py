"""Engines and stores are made by factories from settings, never at import time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from eurasec.errors import ConfigurationError
from eurasec.settings import get_settings, normalise_database_url, redact_url

__all__ = ["Store", "make_engine", "open_store"]

_MIGRATIONS = Path(__file__).with_name("migrations")
#: Bytes of an SQLite database file each connection reads through a memory map
#: (``PRAGMA mmap_size``) instead of ``read`` calls into its own page cache: proofs look up
#: a few dozen rows scattered over the whole log, and a mapped row costs no system call.
#: Writes still go through the WAL.
SQLITE_MMAP_BYTES = 1 << 30


def make_engine(url: str, *, sqlite_synchronous: str = "FULL", **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout, foreign keys on and mmap reads."""
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
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        extra = "postgres" if parsed.get_backend_name() == "postgresql" else "all"
        raise ConfigurationError(
            f"no driver for {parsed.drivername} ({exc}); install eurasec[{extra}]"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        _tune_sqlite(engine, sqlite_synchronous)
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

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reads."""
        with self.engine.connect() as conn:
            yield conn

    def migrate(self) -> None:
        """Upgrade every migration branch to its head (idempotent)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        with self.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_store(url: str | None = None, *, migrate: bool = True, **engine_kwargs: Any) -> Store:
    """Open the store at ``url`` (default: ``EURASEC_DATABASE_URL``), migrating it by default."""
    settings = get_settings()
    full = normalise_database_url(url) if url else settings.database_url
    engine = make_engine(full, sqlite_synchronous=settings.sqlite_synchronous, **engine_kwargs)
    store = Store(engine=engine, url=full)
    if migrate:
        try:
            store.migrate()
        except OperationalError as exc:
            shown, why = redact_url(full), redact_url(str(exc.orig))
            raise ConfigurationError(f"cannot open database {shown!r}: {why}") from None
    return store
