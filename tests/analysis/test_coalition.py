"""Coalition terms: the frontier of the other side's allies and their pooled capability."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from eurasec.analysis.coalition import frontier, pool, tie_kinds


def _sym(rng: np.random.Generator, n: int, p: float) -> np.ndarray:
    m = np.triu((rng.uniform(size=(n, n)) < p).astype(float), 1)
    return m + m.T


def test_a_chain_of_three() -> None:
    # 0 – 1 – 2 on land; 1 and 2 allied by defence
    land = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], float)
    ally = np.array([[0, 0, 0], [0, 0, 1], [0, 1, 0]], float)
    n = frontier(land, ally, ally)
    assert n[0, 2] == 1.0  # 2's ally 1 is on 0's border
    assert n[0, 1] == 0.0  # 1's ally 2 is not on 0's border
    assert n[2, 1] == 0.0 and n[1, 2] == 0.0  # allies do not count against each other
    p = pool(ally, np.array([0.5, 0.3, 0.2]), ally)
    assert p[0, 2] == 0.3 and p[0, 1] == 0.2 and p[1, 2] == 0.0


def test_obligations_add_up_so_a_stronger_tie_never_counts_less() -> None:
    land = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], float)
    consult = np.array([[0, 0, 0], [0, 0, 1], [0, 1, 0]], float)
    weak = tie_kinds(np.zeros((3, 3)), consult, np.zeros((3, 3)))
    strong = tie_kinds(consult, consult, np.zeros((3, 3)))  # the same pact, now with defence
    assert [float(k[1, 2]) for k in strong] == [1.0, 1.0, 0.0]
    for before, after in zip(weak, strong, strict=True):
        assert np.all(frontier(land, strong[0], after) >= 0)
        assert after[1, 2] >= before[1, 2]


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(3, 12))
def test_frontier_counts_match_the_definition(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    land, ally, ties = _sym(rng, n, 0.3), _sym(rng, n, 0.2), _sym(rng, n, 0.3)
    got = frontier(land, ally, ties)
    want = [
        [
            sum(land[i, k] * (1 - ally[i, k]) * ties[k, j] for k in range(n) if k != i)
            for j in range(n)
        ]
        for i in range(n)
    ]
    assert np.array_equal(got, np.array(want))


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(3, 12))
def test_one_rule_for_every_bloc(seed: int, n: int) -> None:
    """Relabelling the states permutes the frontier: no bloc or state is special."""
    rng = np.random.default_rng(seed)
    land, ally, ties = _sym(rng, n, 0.3), _sym(rng, n, 0.2), _sym(rng, n, 0.3)
    order = rng.permutation(n)
    ix = np.ix_(order, order)
    assert np.array_equal(frontier(land, ally, ties)[ix], frontier(land[ix], ally[ix], ties[ix]))
