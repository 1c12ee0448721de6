"""What a server process runs besides its routes: its store, schema check and schedules.

:func:`start` opens the store without migrating and refuses a schema that is not current (or
upgrades it first under the migration lock, with ``Settings.migrate_on_start``), keeps the
log's size for the caches (:class:`~eurasec.web.cache.LogSize`), and, when the process holds
the log key, publishes a checkpoint every ``Settings.checkpoint_interval`` seconds if the log
grew (one publisher at a time across processes: the others find the lock taken and skip);
then it freezes what the process holds so far out of the garbage collector's full scans.
:func:`stop` ends it all in order, and unfreezes. :func:`readiness` is what
``GET /api/v1/ready`` reports.

Usage docs: ``docs/operations.md``.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any

from eurasec.errors import ConfigurationError, Unavailable
from eurasec.record.checkpoint import NoteSigner
from eurasec.record.keys import load_private_key
from eurasec.record.log import Record, try_publish_checkpoint
from eurasec.record.schedule import Periodic
from eurasec.record.tree import tree_size
from eurasec.settings import Settings
from eurasec.storage import Store, open_store
from eurasec.storage.schema_version import expected_heads, require_current
from eurasec.web.cache import LogSize

__all__ = ["readiness", "start", "stop"]


def start(state: Any, settings: Settings) -> Store:
    """Open the store for an app (``state`` is ``app.state``) and start its schedules."""
    store = open_store(settings.database_url, migrate=False, settings=settings)
    try:
        if settings.migrate_on_start:
            store.migrate()
        require_current(store)
    except BaseException:
        store.dispose()
        raise
    state.store = store
    state.log_size = LogSize(lambda: _size(store), settings.log_size_ttl)
    state.schedules = []
    if settings.record_key_file and settings.checkpoint_interval > 0:
        key = load_private_key(_read(settings.record_key_file))
        publisher = _CheckpointPublisher(store, key)
        state.schedules.append(
            Periodic("checkpoint", settings.checkpoint_interval, publisher.tick).start()
        )
    # What the process holds once started (about 200,000 objects: modules, routes, schemas,
    # reference data) lives as long as the process. Moved out of the collector's sight, it is
    # no longer scanned by every full collection, which under a steady stream of appends
    # stalled all requests for tens of milliseconds (p99 of Fund acts at 8 clients on
    # PostgreSQL 80-100 ms before, 14-18 ms after; docs/operations.md).
    gc.freeze()
    return store


def stop(state: Any) -> None:
    """Stop the schedules, finish what the group committer holds, close the store."""
    for schedule in getattr(state, "schedules", []):
        schedule.stop()
    committer = getattr(state, "committer", None)
    if committer is not None:
        committer.close()  # finish what is queued before the store closes
    store = getattr(state, "store", None)
    if store is not None:
        store.dispose()
    gc.unfreeze()  # (an app in a longer-lived process, a test's: its objects may go now)


def readiness(state: Any) -> dict[str, Any]:
    """The process can serve: the database answers and its schema is the one this version
    runs (a newer one means an upgrade happened: this process should be replaced)."""
    store: Store = state.store
    try:
        with store.connect() as conn:
            size = tree_size(conn)
            found = {r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}
    except Exception as exc:
        if store.unavailable(exc):
            raise Unavailable(
                f"the database does not answer: {store.reason(exc)}", code="not_ready"
            ) from None
        raise
    if found != set(expected_heads()):
        raise Unavailable(
            f"the schema is at {', '.join(sorted(found)) or 'nothing'}, this server runs "
            f"{', '.join(sorted(expected_heads()))}",
            code="not_ready",
        )
    committer = getattr(state, "committer", None)
    if committer is not None and not committer.alive():
        raise Unavailable("the group committer has stopped", code="not_ready")
    return {"status": "ready", "tree_size": size, "backend": store.backend, "pid": os.getpid()}


def _size(store: Store) -> int:
    with store.connect() as conn:
        return tree_size(conn)


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ConfigurationError(f"cannot read key file {path}: {exc.strerror}") from None


class _CheckpointPublisher:
    """Publishes a checkpoint when the log grew (no lock waits: a busy lock means another
    process is publishing this very moment)."""

    def __init__(self, store: Store, key: Any) -> None:
        self.record = Record(store)
        self.key = key
        self.signer: NoteSigner | None = None
        self.published = 0

    def tick(self) -> None:
        if self.signer is None:
            origin = self.record.origin()
            if origin is None:
                return  # no genesis yet
            self.signer = NoteSigner(origin, self.key)
        if try_publish_checkpoint(self.record, self.signer) is not None:
            self.published += 1
