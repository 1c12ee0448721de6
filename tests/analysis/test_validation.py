"""Validation machinery on a short window (the full run: ``eurasec analyse validate``)."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from eurasec.analysis import validation
from eurasec.analysis.scores import RankedScores
from eurasec.errors import AnalysisError


def test_auc_and_brier_on_known_values() -> None:
    y = np.array([0.0, 0.0, 1.0, 1.0])
    assert validation.roc_auc(np.array([0.1, 0.4, 0.35, 0.8]), y) == 0.75
    assert validation.roc_auc(np.array([0.5, 0.5, 0.5, 0.5]), y) == 0.5
    assert validation.brier(np.array([0.0, 0.5, 1.0, 1.0]), y) == pytest.approx(0.0625)


def test_weighted_auc_equals_the_auc_of_repeated_rows() -> None:
    rng = np.random.default_rng(2)
    score = rng.integers(0, 5, 200).astype(float)  # many ties
    y = (rng.uniform(size=200) < 0.3).astype(float)
    w = rng.integers(0, 3, 200).astype(float)
    repeated = np.repeat(np.arange(200), w.astype(int))
    want = validation.roc_auc(score[repeated], y[repeated])
    assert RankedScores.of(score, y).auc(w) == pytest.approx(want)


def test_every_model_scores_on_the_same_held_out_rows() -> None:
    r = validation.validate(train=(1970, 1975), test=(1976, 1978), starts=1, bootstrap=20)
    assert r.test_years == (1976, 1978)
    assert r.onsets_test > 50
    for score in (r.threat, r.baseline, r.standard_baseline, r.threat_history):
        assert score is not None
        assert 0.8 < score.auc <= 1.0
        assert 0.0 < score.brier < r.base_rate_brier
    assert r.threat.parameters["frontier"] >= 0
    assert 0 < r.eurasia_cow["rows_test"] < r.rows_test
    assert r.eurasia["rows_test"] < r.rows_test
    subsets = {(d["subset"], d["model"], d["versus"]) for d in r.differences}
    assert ("eurasia_cow", "threat_history", "standard_baseline_history") in subsets
    for d in r.differences:
        assert d["ci"][0] <= d["ci"][1]
    keys = r.to_dict().keys()
    assert {"threat", "baseline", "train_years", "test_years", "eurasia"} <= keys


def test_overlapping_years_are_refused() -> None:
    with pytest.raises(AnalysisError, match="before the test years"):
        validation.validate(train=(1946, 1990), test=(1990, 2000))


def test_shipped_result_keeps_its_keys_and_adds_the_fair_comparison() -> None:
    text = resources.files("eurasec.analysis").joinpath("files", "validation.json")
    data = json.loads(text.read_text("utf-8"))
    old = {"threat", "baseline", "train_years", "test_years", "rows_train", "rows_test"}
    new = {"standard_baseline", "standard_baseline_history", "threat_history", "eurasia_cow"}
    assert old | new | {"onsets_test", "base_rate_brier", "eurasia", "differences"} <= data.keys()
    assert data["rows_test"] == 446024


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
