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
    r = validation.validate(train=(1946, 1975), test=(1976, 1985))
    assert r.test_years == (1976, 1985)
    assert r.onsets_test > 100
    for score in (r.threat, r.baseline):
        assert 0.8 < score.auc <= 1.0
        assert 0.0 < score.brier < r.base_rate_brier
    assert len(r.threat.parameters) == 7  # a handful of fitted numbers
    assert r.threat.parameters["decay_km"] > 0


def test_overlapping_years_are_refused() -> None:
    with pytest.raises(AnalysisError, match="before the test years"):
        validation.validate(train=(1946, 1990), test=(1990, 2000))
