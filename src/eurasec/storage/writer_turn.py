"""One writer at a time on a SQLite file, in the order writers asked: a fair turn for appends.

SQLite orders writers with its database lock, and a writer that finds it taken waits in the
busy handler: it sleeps 1, 2, 5 ... up to 100 ms between tries. A process that appends batch
after batch takes the lock again within microseconds of releasing it, so another process
polling with such sleeps can wait for seconds (two ``eurasec serve`` processes on one file:
one answered 1,180 acts/s, the other 26, p99 2-5 s; docs/operations.md). Before it begins its
write transaction, the record's append takes a turn here: an exclusive ``flock`` on a file next
to the database (``<database>-append.lock``). A writer that finds it taken blocks in the kernel,
which wakes it the moment the holder lets go, before the holder has done the Python work that
comes before its next batch: processes alternate instead of starving each other.

The wait is bounded like SQLite's own (:data:`TURN_TIMEOUT`): the blocking ``flock`` runs in a
helper thread, and a writer that is not given its turn in time gets SQLite's "database is
locked" (an :class:`~eurasec.errors.Unavailable` to the submitter, 503 over HTTP), while the
helper, if the turn comes later, hands it straight back. Another writer of the file that
takes no turn (a migration, the CLI) still waits in SQLite's busy handler as before.
PostgreSQL has its own fair queue for the append lock: no turn is needed there.

Usage docs: ``docs/operations.md``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

__all__ = ["TURN_TIMEOUT", "writer_turn"]

#: Seconds a writer waits for its turn: SQLite's busy timeout (eurasec.storage.engine).
TURN_TIMEOUT = 30.0

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _waiters() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="eurasec-writer-turn")
        return _pool


@contextlib.contextmanager
def writer_turn(path: str, timeout: float | None = None) -> Iterator[None]:
    """Hold the writer's turn on the lock file ``path`` for the body of the ``with`` block
    (waiting at most ``timeout`` seconds for it; default :data:`TURN_TIMEOUT`)."""
    timeout = TURN_TIMEOUT if timeout is None else timeout
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    if not _take(fd, timeout):
        raise sqlite3.OperationalError(f"database is locked: no writer turn within {timeout:g} s")
    try:
        yield
    finally:
        _give_back(fd)


def _take(fd: int, timeout: float) -> bool:
    """Take the turn on ``fd``, waiting at most ``timeout``; ``False``: the helper owns ``fd``."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        pass
    except BaseException:
        os.close(fd)
        raise
    waiting: Future[None] = _waiters().submit(fcntl.flock, fd, fcntl.LOCK_EX)
    try:
        waiting.result(timeout)
        return True
    except BaseException as exc:  # not in time (or interrupted): hand it back once it comes
        waiting.add_done_callback(lambda _f: _give_back(fd))
        if isinstance(exc, FutureTimeout):
            return False
        raise


def _give_back(fd: int) -> None:
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
