"""The security engine: the sparse update of a move equals recomputing the world densely."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from worlds import MOVES, random_world

from eurasec.analysis.assess import _geometry, apply_move, inputs, situation
from eurasec.analysis.model import shipped
from eurasec.analysis.move import parse_move
from eurasec.analysis.security import HAZARD, RULES, _risk, change, levels
from eurasec.analysis.threat import DIMENSIONS


def _dense(b: Any, x: Any, g: Any) -> tuple[np.ndarray, np.ndarray]:
    """Expected onsets per actor (B, n) and the non-military ratios (dims, B, n), densely."""
    n = x.share.shape[0]
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    onsets = _risk(b, x, g, i, j).reshape(len(b), n, n - 1).sum(axis=2)
    lv = levels(b, x, g)
    ratios = np.empty((len(RULES), len(b), n))
    for d, dim in enumerate(RULES):
        k = DIMENSIONS.index(dim)
        own = x.capacity[k][None, :] + lv.help[d]
        total = own + lv.threat[d] + (HAZARD if dim == "natural_disaster" else 0.0)
        ratios[d] = np.divide(own, total, out=np.ones_like(own), where=total > 0)
    return onsets, ratios


@given(seed=st.integers(0, 2**32 - 1), n=st.integers(4, 8), doc=MOVES)
@settings(deadline=None, max_examples=30)
def test_sparse_change_equals_dense_recomputation(seed: int, n: int, doc: dict[str, Any]) -> None:
    w = random_world(seed, n)
    b = shipped().batch().take(slice(0, 6))
    g = _geometry(w)
    before = situation(w)
    after = apply_move(w, before, parse_move({**doc, "date": "2020-01-01"}))
    x0, x1 = inputs(w, before), inputs(w, after)
    s0, s1 = change(b, x0, x1, g, levels(b, x0, g))
    e0, r0 = _dense(b, x0, g)
    e1, r1 = _dense(b, x1, g)
    mil = DIMENSIONS.index("military")
    assert s1[mil] - s0[mil] == pytest.approx(-(e1 - e0), rel=1e-9, abs=1e-12)
    for d, dim in enumerate(RULES):
        k = DIMENSIONS.index(dim)
        assert s0[k] == pytest.approx(r0[d], rel=1e-9, abs=1e-12)
        assert s1[k] == pytest.approx(r1[d], rel=1e-9, abs=1e-12)
