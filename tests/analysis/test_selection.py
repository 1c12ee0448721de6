"""Model choice stays inside the training years."""

from __future__ import annotations

import pytest

from eurasec.analysis.fit import Form
from eurasec.analysis.selection import (
    CANDIDATES,
    CV_BLOCKS,
    TRAIN_LAST_YEAR,
    choose,
    cross_validate,
)
from eurasec.errors import AnalysisError


def test_candidates_and_blocks_never_touch_the_test_years() -> None:
    assert all(b <= TRAIN_LAST_YEAR for _, b in CV_BLOCKS)
    assert all(f.start < CV_BLOCKS[0][0] for f in CANDIDATES)
    with pytest.raises(AnalysisError, match="inside the training years"):
        cross_validate((Form(),), ((1985, 1990),))


def test_cross_validation_scores_and_chooses_on_a_small_window() -> None:
    forms = (Form(frontier=False, start=1980), Form(start=1980))
    rows = cross_validate(forms, ((1986, 1989),), starts=1)
    assert [r["label"] for r in rows] == [f.label() for f in forms]
    for r in rows:
        assert r["log_loss"] > 0 and 0.5 < r["auc"] <= 1.0
    best = choose(rows, history=False)
    assert best in forms
    assert rows[forms.index(best)]["log_loss"] == min(r["log_loss"] for r in rows)
    with pytest.raises(AnalysisError):
        choose(rows, history=True)
