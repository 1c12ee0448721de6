"""The shipped threat model: form, estimate, ≥ 200 bootstrap draws, provenance, rebuild."""

from __future__ import annotations

import numpy as np
import pytest

from eurasec.analysis.model import BOOTSTRAP_DRAWS, FittedModel, build, shipped
from eurasec.analysis.selection import TRAIN_LAST_YEAR


def test_shipped_model_has_its_draws_and_says_how_to_rebuild_it() -> None:
    m = shipped()
    assert m.draws.shape == (BOOTSTRAP_DRAWS, len(m.names)) and BOOTSTRAP_DRAWS >= 200
    assert np.isfinite(m.draws).all()
    assert m.provenance["command"].startswith("eurasec analyse fit")
    assert m.provenance["train_years"] == [m.form.start, TRAIN_LAST_YEAR]
    assert m.provenance["bootstrap"]["draws"] == BOOTSTRAP_DRAWS
    assert FittedModel.from_dict(m.to_dict()).params == m.params
    batch = m.batch()
    assert len(batch) == BOOTSTRAP_DRAWS + 1
    assert batch.get("b1")[0] == m.params["b1"]
    # the estimate sits inside the cloud of its draws
    for k, name in enumerate(m.names):
        lo, hi = np.quantile(m.draws[:, k], [0.0, 1.0])
        assert lo - 1e-6 <= m.params[name] <= hi + 1e-6, name


@pytest.mark.slow
def test_rebuilding_reproduces_the_shipped_estimate() -> None:
    """``eurasec analyse fit --skip-selection`` gives the shipped numbers (a few minutes)."""
    m = shipped()
    again, _ = build(form=m.form, draws=2)
    for name, value in m.params.items():
        assert again.params[name] == pytest.approx(value, rel=1e-3, abs=1e-3), name
    assert again.draws == pytest.approx(m.draws[:2], rel=1e-3, abs=1e-3)
