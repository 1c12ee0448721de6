"""What the projections read while the record appends, kept between the record's own commits.

Every institutional act reads a little of the projections before it writes: the settings, the
actor's Charter instruments, the Fund balances it moves. On PostgreSQL each read is a round
trip to the server inside the append lock, and those round trips, not the work, set how many
acts one process can append a second (``docs/operations.md``). While the record's append
transaction runs, the record attaches one :class:`AppendCache` to the connection
(:func:`attached`); the projections' read functions look there first
(:func:`append_cache`) and their write functions keep what is there current (write-through),
so a read answers from memory what this process last read or wrote.

The record, which owns the cache, decides how long it lives, by the rule it already applies to
what it knows of the log (frontier, sequence numbers, keys): only appends change the
projections, every append grows the log, and all of them take the append lock. So while the
log's stored size is the size this process left it at, nobody else has written, and what the
cache holds is what the tables hold. When another process has appended, the record reads the
types of the new entries and forgets the sections that statements of those types may write
(each section names its writers' type prefixes, or none: any statement may write it;
``tests/storage/test_append_cache.py`` replays every act of the sandbox to check that no
other type changes a section's table). It empties the cache when a transaction of its own
fails, when an act is rolled back to its savepoint, when a batch goes to its second pass, and
when it rebuilds the projections (:meth:`eurasec.record.log.Record.rebuild`).

Outside an append (reports, pages, ``check`` calls) no cache is attached and every read goes to
the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection

__all__ = ["AppendCache", "append_cache", "attached"]

_KEY = "eurasec.append_cache"


class AppendCache:
    """Named sections of cached rows; a section is a plain dict its owner module keeps."""

    __slots__ = ("_sections", "_writers")

    def __init__(self) -> None:
        """An empty cache."""
        self._sections: dict[str, dict[Any, Any]] = {}
        self._writers: dict[str, tuple[str, ...]] = {}

    def section(self, name: str, written_by: tuple[str, ...] = ()) -> dict[Any, Any]:
        """The section ``name`` (created empty on first use).

        ``written_by``: the prefixes of the statement types whose acts may write what the
        section caches (empty: any type may).
        """
        part = self._sections.get(name)
        if part is None:
            part = self._sections[name] = {}
            self._writers[name] = written_by
        return part

    def forget(self, types: Iterable[str]) -> None:
        """Drop the sections that statements of ``types`` (appended by others) may have written."""
        kinds = set(types)
        for name, writers in list(self._writers.items()):
            if not writers or any(k.startswith(writers) for k in kinds):
                del self._sections[name], self._writers[name]

    def clear(self) -> None:
        """Forget everything (the tables may have changed behind it)."""
        self._sections, self._writers = {}, {}

    def __len__(self) -> int:
        """Number of cached entries over all sections."""
        return sum(len(s) for s in self._sections.values())


def append_cache(conn: Connection) -> AppendCache | None:
    """The cache attached to ``conn`` by the record's append transaction, or ``None``."""
    cache: AppendCache | None = conn.info.get(_KEY)
    return cache


@contextmanager
def attached(conn: Connection, cache: AppendCache) -> Iterator[None]:
    """Attach ``cache`` to ``conn`` for the body of the ``with`` block."""
    conn.info[_KEY] = cache
    try:
        yield
    finally:
        conn.info.pop(_KEY, None)
