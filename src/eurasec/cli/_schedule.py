"""``--every`` and ``--times``: a command run on a schedule, with alerts a monitor can read.

A scheduled run that fails (a node that does not answer, a database busy) is logged on stderr
and tried again at the next tick. A fork or a rollback is an alert: the loop stops, the
command prints ``error[fork_detected]: ...`` (or ``error[mirror_rollback]: ...``) as its last
line on stderr and exits with status 3 (:data:`eurasec.cli._root.ALERT_EXIT`), run once or on a
schedule alike.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from typing import Annotated, Any

import typer

from eurasec.errors import EurasecError
from eurasec.record.schedule import Alert, repeat

__all__ = ["ALERT_CODES", "EveryOption", "TimesOption", "scheduled"]

#: Signals that end a schedule after the run in progress.
_STOPS = (signal.SIGTERM, signal.SIGINT)
#: Error codes that are alerts: the command exits 3 on them.
ALERT_CODES = frozenset({"fork_detected", "mirror_rollback"})

EveryOption = Annotated[
    float | None,
    typer.Option(
        "--every",
        min=0.1,
        help="Run again every SECONDS until stopped (SIGTERM, Ctrl-C): failures are logged "
        "and retried; a fork or rollback stops it with exit status 3.",
    ),
]
TimesOption = Annotated[
    int | None, typer.Option("--times", min=1, help="With --every: stop after N runs.")
]


def scheduled(
    task: Callable[[], Any],
    show: Callable[[Any], None],
    *,
    every: float | None,
    times: int | None,
) -> None:
    """Run ``task`` once (errors as usual) or every ``every`` seconds; ``show`` each result."""
    if every is None:
        show(task())
        return
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    stop = threading.Event()
    before = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in _STOPS}

    def guarded() -> Any:
        try:
            return task()
        except EurasecError as exc:
            if exc.code in ALERT_CODES:
                raise Alert(exc) from exc
            raise

    try:
        failures = repeat(guarded, every=every, times=times, stop=stop, on_result=show)
    except Alert as alert:
        raise alert.error from None
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
    if times is not None and failures == times:
        raise typer.Exit(1)
