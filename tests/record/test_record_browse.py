"""Finding record entries by actor, kind and date (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from eurasec.institutions import sandbox
from eurasec.record import browse
from eurasec.record.browse import EntryQuery, actors, find_entries
from eurasec.record.log import Record
from eurasec.storage import Store


@pytest.fixture
def played(store: Store) -> Store:
    sandbox.play(store, ["KAZ", "CHN", "RUS"])
    return store


def _all(store: Store) -> list[tuple[int, str, str, str]]:
    record = Record(store)
    return [
        (e.index, e.statement.actor, e.statement.type, e.statement.time[:10])
        for e in record.entries(0, record.size())
    ]


@pytest.mark.postgres
def test_filters_match_a_scan_of_the_whole_log(played: Store) -> None:
    every = _all(played)
    cases = [
        EntryQuery(actor="KAZ"),
        EntryQuery(kind="fund.pledge"),
        EntryQuery(kind="fund."),
        EntryQuery(actor="SECRETARIAT", kind="charter."),
        EntryQuery(since="2026-06-01", until="2026-12-31"),
        EntryQuery(actor="RUS", since="2027-01-01"),
        EntryQuery(kind="no.such"),
    ]
    def kind_matches(q: EntryQuery, kind: str) -> bool:
        family = q.kind is not None and q.kind.endswith(".") and kind.startswith(q.kind)
        return q.kind is None or kind == q.kind or family

    for q in cases:
        expected = [
            i
            for i, actor, kind, day in reversed(every)
            if (q.actor is None or actor == q.actor)
            and kind_matches(q, kind)
            and (q.since is None or day >= q.since)
            and (q.until is None or day <= q.until)
        ]
        found = find_entries(played, q, limit=10_000)
        assert [e.index for e in found.entries] == expected, q
        assert found.next_before is None
    assert set(actors(played)) >= {"KAZ", "CHN", "RUS", "SECRETARIAT"}


@pytest.mark.postgres
def test_pages_go_on_where_the_last_stopped(played: Store) -> None:
    for q in (EntryQuery(), EntryQuery(since="2026-01-01", until="2027-12-31")):
        seen: list[int] = []
        before = None
        while True:
            page = find_entries(played, EntryQuery(q.actor, q.kind, q.since, q.until, before), 7)
            seen += [e.index for e in page.entries]
            if page.next_before is None:
                break
            before = page.next_before
        full = find_entries(played, q, limit=10_000)
        assert seen == [e.index for e in full.entries]
        assert seen == sorted(set(seen), reverse=True)


def test_a_date_search_stops_after_its_scan_limit(
    played: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browse, "SCAN_LIMIT", 10)
    size = Record(played).size()
    page = find_entries(played, EntryQuery(since="1900-01-01", until="1900-12-31"), 5)
    assert page.entries == [] and page.next_before == size - 10  # says where to go on
