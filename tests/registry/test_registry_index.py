"""The interval index answers exactly what a scan of the spans would."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from eurasec.registry.index import Timeline

BASE = date(2000, 1, 1)
spans = st.lists(
    st.tuples(
        st.integers(0, 400), st.one_of(st.none(), st.integers(1, 400)), st.integers(0, 10**6)
    ),
    max_size=30,
)


def _day(offset: int) -> date:
    return BASE + timedelta(days=offset)


@given(spans, st.integers(-10, 900))
def test_timeline_matches_a_scan(raw: list[tuple[int, int | None, int]], offset: int) -> None:
    items = [
        (_day(s), None if length is None else _day(s + length), value) for s, length, value in raw
    ]
    day = _day(offset)
    expected = tuple(v for s, e, v in items if s <= day and (e is None or day < e))
    assert Timeline(items).at(day) == expected


def test_empty_timeline() -> None:
    assert Timeline([]).at(BASE) == ()
    assert Timeline([]).slot(BASE) == -1
