"""The Eurasian dyad-years: actors, onsets, threat, and the historical rates."""

from __future__ import annotations

import numpy as np
import pytest

from eurasec.errors import InputError
from eurasec.sim.history import eurasian_states, historical_rate, panel, threat_rule


def test_fit_years_onsets_from_cow_mid() -> None:
    h = historical_rate(1960, 1994)
    assert h["onsets"] == 640  # MID 5.0 onsets between Eurasian states, once per dispute
    assert h["dyad_years"] == 79307
    lo, hi = h["ci"]
    assert lo < h["rate"] < hi
    assert h["dispersion"] > 1.0  # onsets cluster in years (multiparty disputes)


def test_panel_covers_the_cold_war_states() -> None:
    p = panel()
    assert p.year.min() == 1960 and p.year.max() == 2014
    assert 260 in set(p.c1) | set(p.c2)  # West Germany
    assert np.all(p.c1 < p.c2)
    assert "GFR" in set(eurasian_states(1970)["id"])
    assert "GFR" not in set(eurasian_states(1995)["id"])


def test_threat_falls_with_distance_and_alliance() -> None:
    p = panel().years(2014, 2014)
    lm = p.log_threat(threat_rule())
    land = p.conttype == 1
    assert np.median(lm[land]) > np.median(lm[~land]) + 1.0
    allied = p.defence > 0
    assert np.median(lm[allied & land]) < np.median(lm[~allied & land])


def test_rivalries_hold_a_third_of_the_onsets() -> None:
    p = panel().years(1960, 1994)
    share = p.onsets[p.rivalry > 0].sum() / p.onsets.sum()
    assert 0.25 < share < 0.45 and p.rivalry.mean() < 0.02


def test_years_outside_the_panel() -> None:
    with pytest.raises(InputError):
        historical_rate(1950, 1960)
