"""Polarity measures: formulas, invariants and known cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasec.analysis.polarity import (
    POLE_THRESHOLD,
    asynchrony,
    concentration,
    effective_poles,
    polarity,
    polarity_series,
)
from eurasec.errors import InputError

weights = st.lists(st.floats(0.01, 100), min_size=2, max_size=40)


@given(weights)
def test_measures_are_bounded(w: list[float]) -> None:
    s = np.asarray(w) / sum(w)
    n = effective_poles(s)
    assert 1 - 1e-9 <= n <= len(s) + 1e-9
    assert -1e-9 <= concentration(s) <= 1 + 1e-9


def test_textbook_cases() -> None:
    assert effective_poles(np.array([0.5, 0.5])) == pytest.approx(2)
    assert concentration(np.array([0.25] * 4)) == pytest.approx(0)
    assert concentration(np.array([1.0, 0, 0])) == pytest.approx(1)
    assert asynchrony([2.0, 2.0, 2.0]) == 0
    assert asynchrony([1.0, 2.0]) == pytest.approx(math.log(2) / 2)
    assert asynchrony([3.0]) is None


def test_cold_war_military_bipolarity() -> None:
    result = polarity(1970)
    poles = [p.stateabb for p in result.domains["military"].poles]
    assert set(poles[:2]) == {"USA", "RUS"}
    assert result.pole_threshold == POLE_THRESHOLD
    assert result.asynchrony is not None and result.asynchrony > 0


def test_years_without_data_list_unavailable_domains() -> None:
    result = polarity(2024)
    assert "composite" in result.unavailable
    assert set(result.domains) == {"demographic"}
    assert result.asynchrony is None


def test_series_matches_single_years() -> None:
    series = polarity_series(2000, 2002)
    row = series[(series["domain"] == "composite") & (series["year"] == 2001)].iloc[0]
    assert row["effective_poles"] == pytest.approx(
        polarity(2001).domains["composite"].effective_poles
    )
    spread = series[(series["domain"] == "asynchrony") & (series["year"] == 2001)]
    assert spread["effective_poles"].iloc[0] == pytest.approx(polarity(2001).asynchrony)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [({"year": 1700}, "1816–2024"), ({"year": 2000, "pole_threshold": 0}, "pole threshold")],
)
def test_bad_input(kwargs: dict[str, float], fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        polarity(**kwargs)  # type: ignore[arg-type]
