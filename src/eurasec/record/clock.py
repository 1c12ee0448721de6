"""The log's own clock, and the two rules that date every new statement against it.

A statement's ``time`` is its signer's claim. The record admits a new statement only when

1. its time lies within the log's clock: no later than ``now + CLOCK_AHEAD`` and no earlier
   than ``now - CLOCK_BEHIND`` (refused with ``record_time_skew``), so nobody can date an
   act into the far future (where it would sit ahead of everyone else's) or deep into the
   past;
2. its time is not before the acting party's previous statement (``record_time_order``), so
   a party's own acts are in date order.

The log's clock is the operator's system clock (UTC), unless the ``EURASEC_RECORD_CLOCK``
setting pins it to a fixed time: sandboxes, demonstrations and tests run on simulated dates,
a real log leaves it unset. A sandbox plays its years of acts on a :class:`ManualClock` it
moves forward as it goes.

Rule 1 is an admission rule of the log that accepted the statement: mirrors and
:func:`~eurasec.record.verify.verify_store` cannot re-check it (they do not know what the
clock said), and do not. Rule 2 depends on the log alone and is re-checked by both, for
statements of version 2 (see ``docs/formats.md``).

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from eurasec.errors import InputError

__all__ = [
    "CLOCK_AHEAD",
    "CLOCK_BEHIND",
    "Clock",
    "ManualClock",
    "clock_from_settings",
    "parse_time",
    "system_clock",
    "time_key",
    "time_window",
]

#: How far a statement may be dated after the log's clock (signers' clocks drift a little).
CLOCK_AHEAD = timedelta(minutes=5)
#: How far a statement may be dated before the log's clock (signed on one machine, sent later).
CLOCK_BEHIND = timedelta(hours=24)

#: A clock: a function that returns the current time as an aware UTC datetime.
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The operator's system clock, UTC."""
    return datetime.now(UTC)


def parse_time(value: str) -> datetime:
    """An RFC 3339 UTC time (``YYYY-MM-DDTHH:MM:SS[.ffffff]Z``) as an aware datetime."""
    text = value.strip()
    if not text.endswith("Z"):
        raise InputError(f"time {value!r} must be RFC 3339 UTC, ending in Z")
    try:
        return datetime.fromisoformat(text[:-1] + "+00:00")
    except ValueError:
        raise InputError(f"time {value!r} is not RFC 3339 (YYYY-MM-DDTHH:MM:SSZ)") from None


class ManualClock:
    """A clock that reads whatever it was last set to (sandboxes, tests)."""

    def __init__(self, now: datetime | str) -> None:
        """Start at ``now`` (a datetime, or RFC 3339 text)."""
        self._now = system_clock()
        self.set(now)

    def set(self, now: datetime | str) -> None:
        """Move the clock to ``now``."""
        self._now = parse_time(now) if isinstance(now, str) else now.astimezone(UTC)

    def __call__(self) -> datetime:
        """The time the clock reads."""
        return self._now


def clock_from_settings() -> Clock:
    """The log's clock: pinned by the ``EURASEC_RECORD_CLOCK`` setting, else the system's."""
    from eurasec.settings import get_settings

    pinned = get_settings().record_clock
    return ManualClock(pinned) if pinned else system_clock


def time_key(time: str) -> str:
    """A key that sorts like the instant ``time`` names (a statement's validated time).

    RFC 3339 text does not sort by instant when fractions of a second differ in length
    (``…:00Z`` against ``…:00.5Z``); the key writes every time with six digits of fraction.
    """
    frac = time[20:-1] if time[19] == "." else ""
    return f"{time[:19]}.{frac:0<6}"


def _key_of(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def time_window(now: datetime) -> tuple[str, str]:
    """The keys (see :func:`time_key`) of the earliest and latest time admitted at ``now``."""
    return _key_of(now - CLOCK_BEHIND), _key_of(now + CLOCK_AHEAD)
