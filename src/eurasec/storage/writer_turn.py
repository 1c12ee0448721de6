"""One appender at a time on a SQLite file, each in its turn: fair hand-offs between processes.

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
daemon thread, and a writer that is not given its turn in time gets SQLite's "database is
locked" (an :class:`~eurasec.errors.Unavailable` to the submitter, 503 over HTTP), while the
thread, if the turn comes later, hands it straight back. A writer of the file that is not an
append (a migration, a checkpoint's or a witness's write) takes no turn and waits in SQLite's
busy handler as before.
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

__all__ = ["TURN_TIMEOUT", "writer_turn"]

#: Seconds a writer waits for its turn: SQLite's busy timeout (eurasec.storage.engine).
TURN_TIMEOUT = 30.0


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


class _Wait:
    """A blocking ``flock`` in a daemon thread (a process can still exit while one waits on a
    hung holder); whoever comes second, the turn or the deadline, settles who owns ``fd``."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.taken = False
        self.abandoned = False
        self.error: OSError | None = None
        threading.Thread(target=self._run, name="eurasec-writer-turn", daemon=True).start()

    def _run(self) -> None:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except OSError as exc:
            self.error = exc
        with self.lock:
            if self.abandoned:  # the writer gave up meanwhile: the fd is this thread's
                _give_back(self.fd)
                return
            self.taken = self.error is None
            self.done.set()

    def result(self, timeout: float) -> bool:
        """Whether the turn came within ``timeout``; ``False``: this wait now owns ``fd``."""
        self.done.wait(timeout)
        with self.lock:
            if not self.done.is_set():
                self.abandoned = True
                return False
        if self.error is not None:
            os.close(self.fd)
            raise self.error
        return self.taken


def _take(fd: int, timeout: float) -> bool:
    """Take the turn on ``fd``, waiting at most ``timeout``; ``False``: the waiter owns ``fd``."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        pass
    except BaseException:
        os.close(fd)
        raise
    return _Wait(fd).result(timeout)


def _give_back(fd: int) -> None:
    with contextlib.suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)
