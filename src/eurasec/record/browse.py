"""Finding entries of the record by who acted, what kind of act, and when.

The log keeps each entry's type and actor in columns (``record_entry``), so those filters are
one indexed query; the time is inside the signed statement, so a date filter decodes the
candidate entries, newest first, and stops after :data:`SCAN_LIMIT` of them (the answer says
where it stopped, and the next page goes on from there).

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from eurasec.record.log import Entry
from eurasec.record.schema import record_actor, record_entry
from eurasec.storage import Store

__all__ = ["SCAN_LIMIT", "EntryQuery", "Found", "actors", "find_entries"]

#: Most entries one search decodes to apply a date filter.
SCAN_LIMIT = 5000


@dataclass(frozen=True)
class EntryQuery:
    """What to look for: any field left ``None`` matches every entry.

    ``kind`` matches a statement type exactly (``fund.pledge``) or a family with a trailing
    dot (``fund.``); ``since`` and ``until`` are ISO dates (inclusive) of the statement time;
    ``before`` is an entry index to search below (paging, newest first).
    """

    actor: str | None = None
    kind: str | None = None
    since: str | None = None
    until: str | None = None
    before: int | None = None


@dataclass(frozen=True)
class Found:
    """Entries found (newest first) and the index to search below for the next page."""

    entries: list[Entry]
    next_before: int | None


def find_entries(store: Store, query: EntryQuery, limit: int = 50) -> Found:
    """Up to ``limit`` entries matching ``query``, newest first."""
    q = select(record_entry.c.idx, record_entry.c.leaf).order_by(record_entry.c.idx.desc())
    if query.actor:
        q = q.where(record_entry.c.actor == query.actor)
    if query.kind:
        if query.kind.endswith("."):
            q = q.where(record_entry.c.type.startswith(query.kind, autoescape=True))
        else:
            q = q.where(record_entry.c.type == query.kind)
    if query.before is not None:
        q = q.where(record_entry.c.idx < query.before)
    dated = bool(query.since or query.until)
    found: list[Entry] = []
    last: int | None = None
    with store.connect() as conn:
        rows = conn.execute(q.limit(SCAN_LIMIT if dated else limit + 1))
        for scanned, (idx, leaf) in enumerate(rows, start=1):
            last = int(idx)
            if len(found) == limit:
                return Found(found, last + 1)
            entry = Entry(int(idx), bytes(leaf))
            if dated and not _in_dates(entry, query.since, query.until):
                if scanned == SCAN_LIMIT:
                    return Found(found, last)
                continue
            found.append(entry)
    return Found(found, None)


def _in_dates(entry: Entry, since: str | None, until: str | None) -> bool:
    day = entry.statement.time[:10]
    return (since is None or day >= since) and (until is None or day <= until)


def actors(store: Store) -> list[str]:
    """Every actor with an entry in the log."""
    with store.connect() as conn:
        return sorted(str(a) for a in conn.execute(select(record_actor.c.actor)).scalars())
