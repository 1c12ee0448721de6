"""The bloc drag probability, estimated from allies joining disputes in the Cold War."""

from __future__ import annotations

from eurasec.sim.blocs import COLD_WAR, drag_estimate, estimated_drag


def test_cold_war_joining_rate() -> None:
    d = drag_estimate()
    assert d["years"] == list(COLD_WAR)
    assert d["eligible"] > 1000 and 0 < d["joined"] < d["eligible"]
    assert d["estimate"] == d["joined"] / d["eligible"]
    lo, hi = d["ci"]
    assert 0.0 <= lo < d["estimate"] < hi <= 1.0
    assert estimated_drag() == d["estimate"] < 0.1  # allies rarely joined: blocs were not rigid
