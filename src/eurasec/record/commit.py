"""Group commit: many submitters, one writer, one durable commit per batch.

Each :meth:`GroupCommitter.submit_async` call queues a statement and returns an :class:`Ack`,
which resolves to its receipt (or its rejection). One writer thread takes everything queued
(up to :data:`MAX_BATCH`) and appends it with :meth:`~eurasec.record.log.Record.submit_many`:
one transaction and one fsync for the whole batch. What queues while the writer waits for the
database's append lock (another process is appending) joins the batch once the lock is held,
so processes that take turns still share their commits. A statement is acknowledged only after the
commit that holds it, so nothing acknowledged can be lost; under load, batches grow and the
fsync cost is shared.

What needs no lock is done before a statement is queued, in the submitting thread
(:meth:`~eurasec.record.log.Record.prepare`: encoding, leaf hash, signature), so the writer,
which holds the database's append lock while it works, does only what needs the log's state.

One statement cannot sink the others queued with it: ``submit_many`` judges each alone (a
rejected statement, or one whose handler raised, is refused and rolled back to its savepoint);
if the batch's transaction fails as a whole all the same (a database error), the writer
submits its statements again one by one, so each gets its own outcome. Not when the database
is the trouble (:class:`~eurasec.errors.Unavailable`: a lock or statement timeout, a lost
connection): then every statement of the batch gets that answer at once (retry later), since
resubmitting each would multiply the load on a database that is already failing; and a
resubmission that meets the same trouble ends the resubmissions the same way.

Per statement the committer costs one small object and one lock round trip; wake-ups are
per batch, not per statement: the writer settles a batch's acks and wakes waiting threads
with one ``notify_all``, and an asyncio loop's waiters with one ``call_soon_threadsafe``
(:meth:`GroupCommitter.submit_aio`), where a ``concurrent.futures.Future`` per statement
needed a condition variable and a lock each, and ``asyncio.wrap_future`` one cross-thread
call each. ``benchmarks/record_bench.py`` measures the committer alone.

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import deque
from collections.abc import Sequence
from typing import Any, cast

from eurasec.errors import Unavailable
from eurasec.record.log import Prepared, Receipt, Record
from eurasec.record.statement import SignedStatement

__all__ = ["MAX_BATCH", "Ack", "GroupCommitter"]

#: Most statements committed together in one transaction.
MAX_BATCH = 1024


class Ack:
    """A queued statement's outcome: its :class:`Receipt` once committed, or its rejection."""

    __slots__ = ("_committer", "_done", "_value", "_waiter")

    def __init__(
        self, committer: GroupCommitter, waiter: asyncio.Future[Receipt] | None = None
    ) -> None:
        """An unsettled ack (made by the committer)."""
        self._committer = committer
        self._done = False
        self._value: Receipt | BaseException | None = None
        self._waiter = waiter

    def done(self) -> bool:
        """Whether the statement has been committed or rejected."""
        return self._done

    def exception(self, timeout: float | None = None) -> BaseException | None:
        """Wait for the outcome; the rejection, or ``None`` if the statement was committed."""
        if not self._done:
            self._committer._wait(self, timeout)
        return self._value if isinstance(self._value, BaseException) else None

    def result(self, timeout: float | None = None) -> Receipt:
        """Wait for the outcome; the receipt, or raise the rejection."""
        if not self._done:
            self._committer._wait(self, timeout)
        value = self._value
        if isinstance(value, BaseException):
            raise value
        return cast(Receipt, value)


def _settle(waiters: Sequence[tuple[asyncio.Future[Receipt], Receipt | BaseException]]) -> None:
    """Resolve asyncio waiters on their own loop (called there, once per batch)."""
    for fut, value in waiters:
        if fut.cancelled():
            continue
        if isinstance(value, BaseException):
            fut.set_exception(value)
        else:
            fut.set_result(value)


class GroupCommitter:
    """A writer thread that appends queued statements to ``record`` in batches."""

    def __init__(self, record: Record, max_batch: int = MAX_BATCH) -> None:
        """Start the writer thread."""
        self.record = record
        self.max_batch = max_batch
        self.batches = 0
        self._pending: deque[tuple[Prepared, Ack]] = deque()
        self._lock = threading.Lock()
        self._work = threading.Condition(self._lock)  # the writer waits here for work
        self._settled = threading.Condition(self._lock)  # submitters wait here for acks
        self._writer_idle = False
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="eurasec-group-commit", daemon=True)
        self._thread.start()

    def submit_async(self, signed: SignedStatement) -> Ack:
        """Queue ``signed``; the ack settles once it is durably committed (or rejected)."""
        return self._queue(signed, Ack(self))

    def submit(self, signed: SignedStatement) -> Receipt:
        """Append ``signed`` and wait for its receipt (raises the rejection, if any)."""
        return self.submit_async(signed).result()

    def submit_aio(self, signed: SignedStatement) -> asyncio.Future[Receipt]:
        """Queue ``signed`` from a running event loop; await the result for its receipt."""
        waiter: asyncio.Future[Receipt] = asyncio.get_running_loop().create_future()
        self._queue(signed, Ack(self, waiter))
        return waiter

    def close(self) -> None:
        """Finish what is queued and stop the writer thread."""
        with self._lock:
            self._closed = True
            self._work.notify()
        self._thread.join()

    def alive(self) -> bool:
        """Whether the writer thread still takes statements."""
        return self._thread.is_alive() and not self._closed

    def __enter__(self) -> GroupCommitter:
        """Use as a context manager that closes on exit."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close."""
        self.close()

    def _queue(self, signed: SignedStatement, ack: Ack) -> Ack:
        prepared = self.record.prepare(signed)  # here, not in the writer holding the lock
        with self._lock:
            if self._closed:
                raise RuntimeError("the group committer is closed")
            self._pending.append((prepared, ack))
            if self._writer_idle:
                self._work.notify()
        return ack

    def _wait(self, ack: Ack, timeout: float | None) -> None:
        with self._lock:
            if not self._settled.wait_for(ack.done, timeout):
                raise TimeoutError("the statement is not committed yet")

    def _take(self) -> list[tuple[Prepared, Ack]]:
        """Wait for work; the next batch (empty once closed and drained)."""
        with self._lock:
            while not self._pending and not self._closed:
                self._writer_idle = True
                self._work.wait()
                self._writer_idle = False
            pending = self._pending
            n = min(len(pending), self.max_batch)
            return [pending.popleft() for _ in range(n)]

    def _run(self) -> None:
        while work := self._take():
            outcomes: Sequence[Receipt | BaseException]

            def more(work: list[tuple[Prepared, Ack]] = work) -> list[Prepared]:
                # Called with the append lock held: what queued while this process waited
                # for it (another process was appending) joins this commit.
                extra = self._take_now(self.max_batch - len(work))
                work.extend(extra)
                return [s for s, _ack in extra]

            try:
                outcomes = self.record.submit_many([s for s, _ack in work], more=more)
            except Unavailable as exc:  # the database is the trouble: no resubmissions
                outcomes = [exc] * len(work)
            except Exception as exc:  # the whole batch rolled back: judge each statement alone
                statements = [s for s, _ack in work]
                outcomes = self._one_by_one(statements) if len(work) > 1 else [exc]
            except BaseException as exc:
                outcomes = [exc] * len(work)
            else:
                self.batches += 1
            self._publish(work, outcomes)

    def _take_now(self, limit: int) -> list[tuple[Prepared, Ack]]:
        """Up to ``limit`` queued statements, without waiting."""
        with self._lock:
            pending = self._pending
            return [pending.popleft() for _ in range(min(len(pending), max(limit, 0)))]

    def _one_by_one(self, statements: Sequence[Prepared]) -> list[Receipt | BaseException]:
        """Each statement in a transaction of its own, so one that fails the batch fails alone;
        once the database itself fails, the rest get that answer without being tried."""
        outcomes: list[Receipt | BaseException] = []
        for n, prepared in enumerate(statements):
            try:
                outcomes.append(self.record.submit_many([prepared])[0])
            except Unavailable as exc:
                return outcomes + [exc] * (len(statements) - n)
            except Exception as exc:
                outcomes.append(exc)
            else:
                self.batches += 1
        return outcomes

    def _publish(
        self, work: list[tuple[Prepared, Ack]], outcomes: Sequence[Receipt | BaseException]
    ) -> None:
        """Settle a batch's acks: one wake-up for the threads, one call per event loop."""
        loops: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Receipt], Any]]] = {}
        for (_s, ack), value in zip(work, outcomes, strict=True):
            ack._value = value
            if ack._waiter is not None:
                loops.setdefault(ack._waiter.get_loop(), []).append((ack._waiter, value))
        with self._lock:
            for _s, ack in work:
                ack._done = True
            self._settled.notify_all()
        for loop, waiters in loops.items():
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody is left to tell
                loop.call_soon_threadsafe(_settle, waiters)
