"""Group commit: many submitter threads, one writer, one durable commit per batch.

Each :meth:`GroupCommitter.submit` call queues a statement and waits for its receipt. One
writer thread takes everything queued (up to :data:`MAX_BATCH`) and appends it with
:meth:`~eurasec.record.log.Record.submit_many`: one transaction and one fsync for the whole
batch. A statement is acknowledged only after the commit that holds it, so nothing
acknowledged can be lost; under load, batches grow and the fsync cost is shared.

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future

from eurasec.errors import EurasecError
from eurasec.record.log import Receipt, Record
from eurasec.record.statement import SignedStatement

__all__ = ["MAX_BATCH", "GroupCommitter"]

#: Most statements committed together in one transaction.
MAX_BATCH = 1024
_STOP = object()


class GroupCommitter:
    """A writer thread that appends queued statements to ``record`` in batches."""

    def __init__(self, record: Record, max_batch: int = MAX_BATCH) -> None:
        """Start the writer thread."""
        self.record = record
        self.max_batch = max_batch
        self.batches = 0
        self._queue: queue.Queue[object] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="eurasec-group-commit", daemon=True)
        self._thread.start()

    def submit_async(self, signed: SignedStatement) -> Future[Receipt]:
        """Queue ``signed``; the future resolves once it is durably committed (or rejected)."""
        fut: Future[Receipt] = Future()
        self._queue.put((signed, fut))
        return fut

    def submit(self, signed: SignedStatement) -> Receipt:
        """Append ``signed`` and wait for its receipt (raises the rejection, if any)."""
        return self.submit_async(signed).result()

    def close(self) -> None:
        """Finish what is queued and stop the writer thread."""
        self._queue.put(_STOP)
        self._thread.join()

    def __enter__(self) -> GroupCommitter:
        """Use as a context manager that closes on exit."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close."""
        self.close()

    def _run(self) -> None:
        stop = False
        while not stop:
            items = [self._queue.get()]
            while len(items) < self.max_batch:
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            if _STOP in items:
                stop = True
                items = [i for i in items if i is not _STOP]
            work = [i for i in items if isinstance(i, tuple)]
            if not work:
                continue
            try:
                results = self.record.submit_many([s for s, _f in work])
            except BaseException as exc:  # the whole batch rolled back
                for _s, fut in work:
                    fut.set_exception(exc)
                continue
            self.batches += 1
            for (_s, fut), res in zip(work, results, strict=True):
                if isinstance(res, EurasecError):
                    fut.set_exception(res)
                else:
                    fut.set_result(res)
