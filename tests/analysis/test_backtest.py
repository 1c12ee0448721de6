"""The move-level backtest: events from the shipped data, outsider dyads, clustered intervals."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np

from eurasec.analysis import backtest as bt


def test_events_include_known_entries() -> None:
    events = bt.events(1999, 1999)
    joined = {(e.kind, j, e.organisation) for e in events for j in e.joiners}
    assert {("entry", c, "nato") for c in (290, 310, 316)} <= joined  # POL, HUN, CZE
    nato = next(e for e in events if e.joiners == (290,))
    assert 2 in nato.parties and (2, 290) in nato.ties  # bound to every member
    for e in events:
        assert set(e.joiners) <= set(e.parties)
        assert all(a in e.parties and b in e.parties for a, b in e.ties)


def test_outcome_compares_onsets_after_with_before() -> None:
    codes = np.array([2, 365])  # USA, Russia/USSR
    rose = bt._outcomes(codes, 1980)
    assert rose.shape == (2, 2) and not rose[0, 0]


def test_a_short_backtest_has_the_documented_keys_and_intervals() -> None:
    out = bt.backtest(first=1955, last=1957, draws=50)
    assert set(out) >= {"events", "dyads", "auc", "ci", "placebo_auc", "naive_auc"}
    assert out["events"] > 0 and out["dyads"] > 0
    assert 0.0 <= out["auc"] <= 1.0
    lo, hi = out["ci"]
    assert lo <= out["auc"] <= hi


def test_shipped_result_decides_how_assess_is_read() -> None:
    from eurasec.analysis.assess import reading

    shipped = json.loads(
        resources.files("eurasec.analysis").joinpath("files", "backtest.json").read_text("utf-8")
    )
    beats = shipped["ci"][0] > shipped["placebo_auc"] and shipped["auc"] > shipped["naive_auc"]
    assert reading()["kind"] == ("forecast" if beats else "scenario_indicators")
    assert reading()["backtest"]["events"] == shipped["events"]
