"""The institutions' current day: the date every read of their state defaults to.

Institutional acts are dated, and their dates never go backwards (an act dated before the
last one is refused), so the record has a clock: the date of its newest institutional act.
A read "as of now" means *everything the record holds*: today, or that newest act's date when
the record runs ahead of the calendar (as the sandbox does, playing 2026–2028). The web pages
and the JSON API default to :func:`current_day`.

Usage docs: ``docs/reference/api.md`` (the as-of rule).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection

from eurasec.institutions._act import get_setting

__all__ = ["current_day"]


def current_day(conn: Connection, today: date | None = None) -> date:
    """The later of ``today`` (default: the calendar's) and the newest institutional act."""
    day = today or date.today()
    clock = get_setting(conn, "clock")
    return max(day, date.fromisoformat(clock)) if clock else day
