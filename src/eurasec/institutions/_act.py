"""The machinery every institutional handler shares: one function per act type.

An act function validates a statement against the projection and, when ``act.write`` is true,
updates the projection. The one function is both the rule that admits an act and the state
change it makes, so the two can never drift apart. A live append runs it once, writing
(``admit``): the record rolls the statement's writes back to a savepoint if it raises.
``check`` runs it without writing (for callers that only ask), and ``apply`` during a replay
re-checks the same rules on the same state.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, ClassVar

from sqlalchemy import Connection, Table, select

from eurasec.errors import AuthorityError, EurasecError, InputError, InstitutionRuleError
from eurasec.institutions.parameters import DEFAULT_RULES, Rules, rules_from_json
from eurasec.institutions.schema import inst_settings
from eurasec.storage.append_cache import append_cache
from eurasec.storage.raw import raw_query

__all__ = [
    "Act",
    "ActFn",
    "Handler",
    "add_days",
    "add_months",
    "deny",
    "dumps",
    "forbid",
    "get_rules",
    "get_setting",
    "put_setting",
]

ActFn = Callable[["Act"], None]
_MAX_TEXT = 20_000
_MAX_AMOUNT = 10**15


def deny(message: str) -> AuthorityError:
    """An authority error: the actor has no right to this act."""
    return AuthorityError(message)


def forbid(message: str, code: str = "rule_violation") -> InstitutionRuleError:
    """A rule error with a stable ``code``."""
    return InstitutionRuleError(message, code=code)


#: The append cache's section for ``inst_settings`` (key → value, ``None`` for no row).
_SETTINGS = "inst_settings"


def _cached_settings(conn: Connection) -> dict[str, str | None] | None:
    cache = append_cache(conn)
    return None if cache is None else cache.section(_SETTINGS)


def get_setting(conn: Connection, key: str) -> str | None:
    """A value from the ``inst_settings`` projection table."""
    part = _cached_settings(conn)
    if part is not None and key in part:
        return part[key]
    value: str | None = conn.execute(
        select(inst_settings.c.value).where(inst_settings.c.key == key)
    ).scalar()
    if part is not None:
        part[key] = value
    return value


def put_setting(conn: Connection, key: str, value: str) -> None:
    """Store ``value`` under ``key`` in ``inst_settings``."""
    conn.execute(inst_settings.delete().where(inst_settings.c.key == key))
    conn.execute(inst_settings.insert().values(key=key, value=value))
    part = _cached_settings(conn)
    if part is not None:
        part[key] = value


def _rules_and_clock(conn: Connection) -> tuple[str | None, str | None]:
    """The stored rules and institutional clock (one read, or none from the append cache)."""
    part = _cached_settings(conn)
    if part is not None and "rules" in part and "clock" in part:
        return part["rules"], part["clock"]
    settings = dict(
        raw_query(conn, "SELECT key, value FROM inst_settings WHERE key IN ('rules', 'clock')")
    )
    rules, clock = settings.get("rules"), settings.get("clock")
    if part is not None:
        part["rules"], part["clock"] = rules, clock
    return rules, clock


@lru_cache(maxsize=32)
def _parse_rules(raw: str | None) -> Rules:
    return DEFAULT_RULES if raw is None else rules_from_json(raw)


def get_rules(conn: Connection) -> Rules:
    """The rules this store was configured with (the defaults until configured)."""
    return _parse_rules(get_setting(conn, "rules"))


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    if not date.min.year <= year <= date.max.year:
        raise InputError(f"{day.isoformat()} plus {months} months is beyond the calendar")
    for dd in (day.day, 30, 29, 28):
        try:
            return date(year, month, dd)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def add_days(day: date, days: int) -> date:
    """``day`` plus ``days`` days (an :class:`InputError` past the calendar's end)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise InputError(f"{day.isoformat()} plus {days} days is beyond the calendar") from None


@dataclass
class Act:
    """One statement being checked (``write`` false) or applied (``write`` true)."""

    conn: Connection
    type: str
    actor: str
    time: str
    payload: Mapping[str, Any]
    index: int
    rules: Rules
    write: bool

    @property
    def day(self) -> str:
        """The act's date, ``YYYY-MM-DD`` (UTC)."""
        return self.time[:10]

    @property
    def date(self) -> date:
        """The act's date as a :class:`datetime.date`."""
        return date.fromisoformat(self.day)

    def text(self, key: str, *, default: str | None = None, max_len: int = _MAX_TEXT) -> str:
        """A string field of the payload (required unless ``default`` is given)."""
        value = self.payload.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise InputError(f"{self.type}: field {key!r} must be a non-empty string")
        if len(value) > max_len:
            raise InputError(f"{self.type}: field {key!r} is longer than {max_len} characters")
        return value

    def ident(self, key: str) -> str:
        """An identifier field: 1-64 characters of letters, digits, ``-_.:``."""
        value = self.text(key, max_len=64)
        if not all(c.isalnum() or c in "-_.:" for c in value):
            raise InputError(f"{self.type}: field {key!r} has characters outside [A-Za-z0-9-_.:]")
        return value

    def integer(self, key: str, *, minimum: int = 0, maximum: int = _MAX_AMOUNT) -> int:
        """An integer field within ``[minimum, maximum]``."""
        value = self.payload.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{self.type}: field {key!r} must be an integer")
        if not minimum <= value <= maximum:
            raise InputError(f"{self.type}: field {key!r} must be in [{minimum}, {maximum}]")
        return value

    def amount(self, key: str = "amount") -> int:
        """A positive amount in minor units."""
        return self.integer(key, minimum=1)

    def currency(self, key: str = "currency") -> str:
        """An ISO 4217 alphabetic currency code."""
        value = self.text(key, max_len=3)
        if len(value) != 3 or not value.isascii() or not value.isalpha() or not value.isupper():
            raise InputError(f"{self.type}: {key} must be an ISO 4217 code like EUR")
        return value

    def choice(self, key: str, options: Sequence[str], *, default: str | None = None) -> str:
        """A field that must be one of ``options``."""
        value = self.payload.get(key, default)
        if value not in options:
            raise InputError(f"{self.type}: field {key!r} must be one of {', '.join(options)}")
        assert isinstance(value, str)
        return value

    def day_field(self, key: str, *, default: str | None = None) -> str:
        """A ``YYYY-MM-DD`` field."""
        value = self.payload.get(key, default)
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise InputError(f"{self.type}: field {key!r} must be a date YYYY-MM-DD") from None

    def object(self, key: str, *, default: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        """A JSON-object field."""
        value = self.payload.get(key, default)
        if not isinstance(value, Mapping):
            raise InputError(f"{self.type}: field {key!r} must be an object")
        return value

    def items(self, key: str, *, required: bool = True) -> list[Any]:
        """A JSON-array field."""
        value = self.payload.get(key, None if required else [])
        if not isinstance(value, list):
            raise InputError(f"{self.type}: field {key!r} must be a list")
        return value

    def insert(self, table: Table, **values: Any) -> None:
        """Insert a row when writing."""
        if self.write:
            self.conn.execute(table.insert().values(**values))

    def update(self, table: Table, where: Any, **values: Any) -> None:
        """Update rows when writing."""
        if self.write:
            self.conn.execute(table.update().where(where).values(**values))


def dumps(value: Any) -> str:
    """Compact, key-sorted JSON for projection columns."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class Handler:
    """Base of the institutions' :class:`~eurasec.record.projection.ActHandler` s.

    Subclasses set ``acts`` (type → act function) and ``tables`` (what ``reset`` empties).
    An act's date is its statement's time, which the record admits only within its clock's
    tolerance and not before the actor's previous act (:mod:`eurasec.record.clock`); the
    latest date of any institutional act is kept in ``inst_settings`` (``clock``) and marks
    that the institutions have started (the rules are fixed before that).
    """

    acts: ClassVar[Mapping[str, ActFn]] = {}
    tables: ClassVar[tuple[Table, ...]] = ()

    def __init__(self) -> None:
        """Expose ``types`` as the record's handler protocol wants."""
        self.types: frozenset[str] = frozenset(self.acts)

    def check(self, conn: Connection, st: Any, index: int) -> None:
        """Reject ``st`` with an :class:`~eurasec.errors.EurasecError` if it breaks a rule."""
        self._run(conn, st, index, write=False)

    def apply(self, conn: Connection, st: Any, index: int) -> None:
        """Update the projection for the accepted ``st``."""
        self._run(conn, st, index, write=True)

    def admit(self, conn: Connection, st: Any, index: int) -> None:
        """Check ``st`` and update the projection in one pass (raises as ``check`` does).

        The record calls this instead of ``check`` then ``apply``, inside a savepoint that it
        rolls back when this raises, so a refused act leaves nothing behind.
        """
        self._run(conn, st, index, write=True)

    def reset(self, conn: Connection) -> None:
        """Empty this handler's projection tables."""
        for table in reversed(self.tables):
            conn.execute(table.delete())

    def _run(self, conn: Connection, st: Any, index: int, *, write: bool) -> None:
        fn = self.acts.get(st.type)
        if fn is None:
            raise InputError(f"no institution handles act type {st.type!r}")
        try:
            date.fromisoformat(st.time[:10])
        except (TypeError, ValueError):
            raise InputError(f"{st.type}: time {st.time!r} is not RFC 3339") from None
        raw_rules, clock = _rules_and_clock(conn)
        payload = st.payload if isinstance(st.payload, Mapping) else {}
        rules = _parse_rules(raw_rules)
        act = Act(conn, st.type, st.actor, st.time, payload, index, rules, write)
        try:
            fn(act)
        except EurasecError:
            raise
        except (KeyError, TypeError, ValueError) as exc:  # malformed payload shapes
            raise InputError(f"{st.type}: malformed payload ({exc})") from None
        if write and (clock is None or act.day > clock):
            put_setting(conn, "clock", act.day)
