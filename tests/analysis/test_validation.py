"""Validation machinery on a short window (the full run is in benchmarks/)."""

from __future__ import annotations

import numpy as np
import pytest

from eurasec.analysis import validation
from eurasec.errors import AnalysisError


def test_auc_and_brier_on_known_values() -> None:
    y = np.array([0.0, 0.0, 1.0, 1.0])
    assert validation.roc_auc(np.array([0.1, 0.4, 0.35, 0.8]), y) == 0.75
    assert validation.roc_auc(np.array([0.5, 0.5, 0.5, 0.5]), y) == 0.5
    assert validation.brier(np.array([0.0, 0.5, 1.0, 1.0]), y) == pytest.approx(0.0625)


def test_both_models_score_on_the_same_held_out_rows() -> None:
    r = validation.validate(train=(1965, 1975), test=(1976, 1980))
    assert r.test_years == (1976, 1980)
    assert r.onsets_test > 100
    for score in (r.threat, r.baseline):
        assert 0.8 < score.auc <= 1.0
        assert 0.0 < score.brier < r.base_rate_brier
    assert len(r.threat.parameters) == 7  # a handful of fitted numbers
    assert r.threat.parameters["decay_km"] > 0
    assert 0 < r.eurasia["rows_test"] < r.rows_test
    assert 0.5 < r.eurasia["threat"]["auc"] <= 1.0


def test_overlapping_years_are_refused() -> None:
    with pytest.raises(AnalysisError, match="before the test years"):
        validation.validate(train=(1946, 1990), test=(1990, 2000))


def test_private_table_agrees_with_peacesci_dyad_years() -> None:
    from eurasec.peacesci.tables import dyad_years

    cov = ["contiguity", "capdist", "mid", "atop", "nmc"]
    ps = dyad_years(2000, 2002, directed=False, covariates=cov)
    ps = ps.sort_values(["year", "ccode1", "ccode2"])
    mine = validation.dyad_table(2000, 2002)
    assert len(ps) == len(mine["y"])
    assert ps["cowmidonset"].sum() == mine["y"].sum()
    assert (ps["conttype"].fillna(0).to_numpy() == mine["cont"]).all()
    assert (ps["atop_defense"].fillna(0).to_numpy() == mine["defence"]).all()
    assert ps["cinc1"].to_numpy() == pytest.approx(mine["ci"])
    assert ps["capdist"].to_numpy() == pytest.approx(mine["dist"], abs=0.1)
