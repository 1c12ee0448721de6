"""Which migrations a database has, against those this version of eurasec ships.

:func:`upgrade` applies every missing migration in one transaction under the
:data:`~eurasec.storage.lock.MIGRATE` lock (PostgreSQL: an advisory lock, and PostgreSQL's DDL
is transactional; SQLite: the database's write lock, ``BEGIN IMMEDIATE``), so processes that
start together migrate once: the first does the work, the others wait for it and then find
nothing left to do. :func:`require_current` is what a server runs instead: it refuses an
unmigrated schema and one written by a newer eurasec, in one line.

Usage docs: ``docs/operations.md``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from eurasec.errors import ConfigurationError
from eurasec.storage.lock import MIGRATE, xact_lock

if TYPE_CHECKING:
    from eurasec.storage.engine import Store

__all__ = ["SchemaStatus", "expected_heads", "require_current", "schema_status", "upgrade"]

_MIGRATIONS = Path(__file__).with_name("migrations")


@functools.cache
def _script() -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(_MIGRATIONS))


def _config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return cfg


def expected_heads() -> frozenset[str]:
    """The head revision of every migration branch this version ships."""
    return frozenset(_script().get_heads())


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(rev.revision for rev in _script().walk_revisions())


@dataclass(frozen=True)
class SchemaStatus:
    """The revisions a database holds and what this version of eurasec expects.

    ``state`` is ``current``, ``empty`` (never migrated), ``outdated`` (migrations missing) or
    ``newer`` (revisions this version does not know: a newer eurasec migrated it).
    """

    state: str
    current: tuple[str, ...]
    expected: tuple[str, ...]

    def message(self, shown_url: str) -> str:
        """One line for an operator."""
        if self.state == "empty":
            return f"the database {shown_url} has no schema yet: run `eurasec db upgrade`"
        if self.state == "outdated":
            missing = sorted(set(self.expected) - set(self.current))
            return (
                f"the database {shown_url} lacks migrations {', '.join(missing)}: "
                "run `eurasec db upgrade`"
            )
        if self.state == "newer":
            unknown = sorted(set(self.current) - _known())
            return (
                f"the database {shown_url} was migrated by a newer eurasec "
                f"(revisions {', '.join(unknown)}): run that version"
            )
        return f"the database {shown_url} is at the current schema"


def _current(conn: Connection) -> tuple[str, ...]:
    from alembic.runtime.migration import MigrationContext

    return tuple(sorted(MigrationContext.configure(conn).get_current_heads()))


def _status(conn: Connection) -> SchemaStatus:
    current = _current(conn)
    expected = tuple(sorted(expected_heads()))
    if not current:
        state = "empty"
    elif not set(current) <= _known():
        state = "newer"
    elif set(current) != set(expected):
        state = "outdated"
    else:
        state = "current"
    return SchemaStatus(state, current, expected)


@contextmanager
def _reachable(store: Store) -> Iterator[None]:
    """An unreachable database is a one-line configuration error, password hidden."""
    from eurasec.settings import redact_url

    try:
        yield
    except OperationalError as exc:
        if not store.unavailable(exc):
            raise
        shown, why = redact_url(store.url), store.reason(exc)
        raise ConfigurationError(f"cannot open database {shown!r}: {why}") from None


def schema_status(store: Store) -> SchemaStatus:
    """Where the database's schema stands."""
    with _reachable(store), store.connect() as conn:
        return _status(conn)


def require_current(store: Store) -> SchemaStatus:
    """The status, or a :class:`~eurasec.errors.ConfigurationError` unless it is current."""
    from eurasec.settings import redact_url

    status = schema_status(store)
    if status.state != "current":
        code = "schema_newer" if status.state == "newer" else "schema_outdated"
        raise ConfigurationError(status.message(redact_url(store.url)), code=code)
    return status


def upgrade(store: Store) -> tuple[SchemaStatus, SchemaStatus]:
    """Apply every missing migration once, under the migration lock; status before and after.

    A database written by a newer eurasec is refused (``schema_newer``), never touched.
    """
    from alembic import command

    from eurasec.settings import redact_url

    cfg = _config()
    with _reachable(store), store.begin() as conn:
        if conn.dialect.name == "postgresql":
            # A migration may rewrite a large table: no statement limit, and wait for the
            # lock for as long as another process is migrating.
            conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
            conn.exec_driver_sql("SET LOCAL lock_timeout = 0")
        xact_lock(conn, MIGRATE)
        before = _status(conn)
        if before.state == "newer":
            raise ConfigurationError(before.message(redact_url(store.url)), code="schema_newer")
        if before.state != "current":
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
        after = _status(conn)
    return before, after
