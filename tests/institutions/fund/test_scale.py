from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasec.errors import InputError
from eurasec.institutions.fund.scale import assessed_scale, assessed_shares


def test_floor_and_ceiling_bind() -> None:
    gdp = {"A": 1000.0, "B": 10.0, "C": 5.0, "D": 1.0, "E": 1.0}
    shares = assessed_shares(gdp, 0.05, 0.4)
    assert shares["A"] == pytest.approx(0.4)
    assert shares["D"] == pytest.approx(0.05) and shares["E"] == pytest.approx(0.05)
    assert sum(shares.values()) == pytest.approx(1.0)
    # B and C share what is left in proportion to GDP
    assert shares["B"] / shares["C"] == pytest.approx(2.0)


def test_infeasible_bounds_are_refused() -> None:
    with pytest.raises(InputError):
        assessed_shares({"A": 1.0, "B": 2.0}, 0.01, 0.22)  # 2 x 22 % < 100 %


@given(
    st.dictionaries(
        st.sampled_from([f"P{i}" for i in range(12)]),
        st.floats(min_value=1.0, max_value=1e13),
        min_size=5,
        max_size=12,
    ),
    st.integers(min_value=0, max_value=10**12),
)
def test_scale_sums_to_budget_within_bounds(gdp: dict[str, float], budget: int) -> None:
    amounts = assessed_scale(gdp, budget, 0.01, 0.22)
    assert sum(amounts.values()) == budget
    shares = assessed_shares(gdp, 0.01, 0.22)
    assert sum(shares.values()) == pytest.approx(1.0)
    assert all(0.01 - 1e-9 <= s <= 0.22 + 1e-9 for s in shares.values())
