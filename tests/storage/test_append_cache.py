"""The append cache's sections name every statement type that writes their tables.

When another process has appended, the record forgets only the sections that acts of the new
entries' types may write (:meth:`eurasec.storage.append_cache.AppendCache.forget`). That is
right only if no other type writes a section's table: this replays every act of the sandbox
(all the institutions' acts, the Fund and project tranches among them) one statement at a time
and records which types changed each table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Table, select

from eurasec.institutions import membership
from eurasec.institutions.fund import ledger
from eurasec.institutions.participant import handlers
from eurasec.institutions.sandbox import play
from eurasec.institutions.schema import charter_instruments, fund_balances
from eurasec.record import Record
from eurasec.record.statement import decode_leaf
from eurasec.storage import open_store
from eurasec.storage.append_cache import AppendCache

#: Each cached table and the writers its section declares (module constants, not copies).
SECTIONS: list[tuple[Table, tuple[str, ...]]] = [
    (fund_balances, ledger._WRITERS),
    (charter_instruments, membership._WRITERS),
]


def _rows(conn: Any, table: Table) -> list[tuple[Any, ...]]:
    return sorted(tuple(r) for r in conn.execute(select(table)))


def test_no_statement_type_outside_a_sections_writers_changes_its_table(tmp_path: Path) -> None:
    source = open_store(f"sqlite:///{tmp_path / 'sandbox.db'}")
    play(source, ["KAZ", "RUS", "CHN", "IND", "UZB"])
    leaves = Record(source).entries(0, Record(source).size())
    source.dispose()
    replay = open_store(f"sqlite:///{tmp_path / 'replay.db'}")
    record = Record(replay, handlers(), replica=True)
    changed: dict[str, set[str]] = {t.name: set() for t, _w in SECTIONS}
    seen: set[str] = set()
    with replay.connect() as conn:
        before = {t.name: _rows(conn, t) for t, _w in SECTIONS}
    for entry in leaves:
        signed = decode_leaf(entry.leaf)
        [result] = record.submit_many([signed])
        assert not isinstance(result, Exception), result
        kind = signed.statement.type
        seen.add(kind)
        with replay.connect() as conn:
            for table, _w in SECTIONS:
                now = _rows(conn, table)
                if now != before[table.name]:
                    changed[table.name].add(kind)
                before[table.name] = now
    replay.dispose()
    assert {k.split(".")[0] for k in seen} >= {"charter", "forum", "wg", "fund", "project"}
    for table, writers in SECTIONS:
        assert changed[table.name], f"the sandbox never wrote {table.name}: the check is empty"
        outside = sorted(k for k in changed[table.name] if not k.startswith(writers))
        assert outside == [], f"{table.name} written by {outside}, not among {writers}"


def test_forget_drops_only_the_sections_those_types_write() -> None:
    cache = AppendCache()
    cache.section("any")["k"] = 1
    cache.section("fund", ("fund.", "project."))["k"] = 2
    cache.section("charter", ("charter.",))["k"] = 3
    cache.forget(["forum.vote", "fund.pledge"])
    assert cache.section("charter", ("charter.",)) == {"k": 3}
    assert cache.section("fund", ("fund.", "project.")) == {}
    assert cache.section("any") == {}
    cache.forget([])
    assert len(cache) == 1
