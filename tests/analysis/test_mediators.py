"""Channels and mediators: the vectorised strongest channel agrees with the full list."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from eurasec.analysis.mediators import channels, shared_channels, strongest_channels
from eurasec.analysis.world import world

W = world(date(2025, 1, 1))


@given(st.integers(0, len(W.actors) - 1), st.lists(st.integers(0, len(W.actors) - 1), max_size=8))
def test_strongest_channel_is_the_first_shared_channel(a: int, others: list[int]) -> None:
    others = [o for o in others if o != a]
    expected = []
    for o in others:
        found = shared_channels(W, a, o)
        expected.append(found[0]["format"] if found else None)
    assert strongest_channels(W, a, others) == expected


def test_channels_use_the_registry_on_the_date() -> None:
    now = {c["format"] for c in channels("FIN", "USA", date(2025, 1, 1))}
    before = {c["format"] for c in channels("FIN", "USA", date(2020, 1, 1))}
    assert "nato" in now and "nato" not in before  # Finland joined NATO on 4 April 2023
    assert channels("IND", "CHN", date(2025, 1, 1))[0]["format"] in {"sco", "brics"}
