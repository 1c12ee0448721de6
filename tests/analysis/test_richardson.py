"""Richardson dynamics: closed form for two nations, N-nation checks, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from eurasec.analysis import richardson
from eurasec.errors import AnalysisError

coef = st.floats(min_value=0.05, max_value=5.0, allow_nan=False)


@given(k=coef, l_=coef, alpha=coef, beta=coef, g=coef, h=coef)
def test_two_nations_match_the_closed_form(
    k: float, l_: float, alpha: float, beta: float, g: float, h: float
) -> None:
    det = alpha * beta - k * l_
    assume(abs(det) > 1e-3)
    r = richardson.solve([[0, k], [l_, 0]], [alpha, beta], [g, h])
    assert r.stable == (alpha * beta > k * l_)
    assert r.equilibrium[0] == pytest.approx((beta * g + k * h) / det, rel=1e-9)
    assert r.equilibrium[1] == pytest.approx((alpha * h + l_ * g) / det, rel=1e-9)


@given(st.integers(min_value=2, max_value=8), st.integers(min_value=0, max_value=2**32 - 1))
def test_metzler_shortcut_agrees_with_eigenvalues(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    K = rng.uniform(0, 1, (n, n))
    A = rng.uniform(0.2, n, n)
    m = richardson.jacobian(K, A)
    eig = np.linalg.eigvals(m)
    assume(np.min(np.abs(eig.real)) > 1e-9)
    assert richardson.is_stable_metzler(m) == bool(np.all(eig.real < 0))


def test_stable_trajectory_tends_to_the_equilibrium() -> None:
    K = [[0, 0.5, 0.2], [0.3, 0, 0.1], [0.2, 0.2, 0]]
    A, G = [1.0, 1.2, 0.9], [1.0, 0.5, 0.2]
    r = richardson.solve(K, A, G)
    assert r.stable
    path = richardson.trajectory(K, A, G, [0, 0, 0], [0.0, 1.0, 50.0])
    assert path[0].tolist() == [0, 0, 0]
    assert path[-1] == pytest.approx(r.equilibrium, rel=1e-6)


def test_unstable_system_diverges_and_reports_positive_eigenvalue() -> None:
    r = richardson.solve([[0, 2], [2, 0]], [1, 1], [1, 1])
    assert not r.stable
    assert r.eigenvalues[0] == pytest.approx((1.0, 0.0))
    path = richardson.trajectory([[0, 2], [2, 0]], [1, 1], [1, 1], [0, 0], [10.0])
    assert path[0, 0] > 1e3


def test_eigenvalues_are_pairs_in_json() -> None:
    out = richardson.solve([[0, -1], [1, 0]], [0.1, 0.1], [0, 0]).to_dict()
    assert out["eigenvalues"] == [[-0.1, 1.0], [-0.1, -1.0]]
    assert out["stable"] is True


@pytest.mark.parametrize(
    ("k", "a", "g", "words"),
    [
        ([[0, 1, 2], [1, 0, 2]], [1, 1], [1, 1], "square"),
        ([[0, 1], [1, 0]], [1, 1], [1, 1], "singular"),
        ([[0, 1], [1, 0]], [1, 1, 1], [1, 1], "A has 3"),
        ([[0, 1], [1]], [1, 1], [1, 1], "n×n"),
        ([[0, 1], [1, 0]], [2, 2], ["x", 1], "G must be"),
        ([], [], [], "square"),
        ([[1e308, 1e308], [1e308, 1e308]], [1e308, 1e308], [1, 1], "too large"),
    ],
)
def test_bad_input_is_a_clear_error(k: object, a: object, g: object, words: str) -> None:
    with pytest.raises(AnalysisError, match=words):
        richardson.solve(k, a, g)
