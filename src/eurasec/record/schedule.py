"""Tasks on a schedule: checkpoints a server publishes, cosignatures and mirrors a node runs.

:class:`Periodic` runs a task every ``interval`` seconds in a daemon thread (what a server
does beside its requests); :func:`repeat` runs one in the foreground a number of times or until
stopped (what ``eurasec record checkpoint|cosign|mirror --every`` does). A task that fails is
logged and tried again at the next tick; a task that raises :class:`Alert` stops a
:func:`repeat` loop, since an alert (a fork) is for a person, not for a retry.

Usage docs: ``docs/operations.md``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from eurasec.errors import EurasecError

__all__ = ["Alert", "Periodic", "repeat"]

_log = logging.getLogger(__name__)


class Alert(Exception):
    """Something a monitor must see (a fork proof): ends a :func:`repeat` loop."""

    def __init__(self, error: EurasecError) -> None:
        """Wrap the error that raised the alert."""
        super().__init__(error.message)
        self.error = error


class Periodic:
    """Run ``task`` every ``interval`` seconds in a daemon thread until :meth:`stop`."""

    def __init__(self, name: str, interval: float, task: Callable[[], Any]) -> None:
        """Prepare the thread (not started)."""
        self.name, self.interval, self.task = name, interval, task
        self.runs = 0
        self.failures = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"eurasec-{name}", daemon=True)

    def start(self) -> Periodic:
        """Start the thread; return self."""
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the thread to stop and wait for it (a run in progress finishes first)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.task()
            except Exception:
                self.failures += 1
                _log.exception("scheduled %s failed; trying again in %ss", self.name, self.interval)
            else:
                self.runs += 1


def repeat(
    task: Callable[[], Any],
    *,
    every: float,
    times: int | None = None,
    stop: threading.Event | None = None,
    on_result: Callable[[Any], None] | None = None,
) -> int:
    """Run ``task`` every ``every`` seconds, ``times`` times (``None``: until ``stop`` is set).

    Each result goes to ``on_result``. A :class:`~eurasec.errors.EurasecError` or any other
    ``Exception`` is logged and the next run comes as planned; an :class:`Alert` propagates.
    Returns how many runs failed.
    """
    stop = stop or threading.Event()
    failures = 0
    n = 0
    while times is None or n < times:
        started = time.monotonic()
        try:
            result = task()
        except Alert:
            raise
        except Exception as exc:
            failures += 1
            what = exc.message if isinstance(exc, EurasecError) else repr(exc)
            _log.error("run %d failed: %s", n + 1, what)
        else:
            if on_result is not None:
                on_result(result)
        n += 1
        if times is not None and n >= times:
            break
        if stop.wait(max(0.0, every - (time.monotonic() - started))):
            break
    return failures
