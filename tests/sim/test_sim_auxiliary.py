"""The auxiliary logit: it agrees with a reference fit and recovers known coefficients."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from eurasec.errors import AnalysisError
from eurasec.sim.auxiliary import COLUMNS, design, fit_logit, top_share
from eurasec.sim.history import panel, threat_rule


def test_matches_an_unpenalised_reference_fit() -> None:
    p = panel().years(1985, 1994)
    x = design(p, threat_rule())
    ours = fit_logit(x, p.onset)
    ref = LogisticRegression(C=np.inf, max_iter=5000, tol=1e-10)
    z = (x[:, 1:] - x[:, 1:].mean(0)) / x[:, 1:].std(0)
    ref.fit(z, p.onset)
    slopes = ref.coef_[0] / x[:, 1:].std(0)
    np.testing.assert_allclose(ours.coef[1:], slopes, rtol=2e-3, atol=2e-3)


def test_recovers_coefficients_from_grouped_binomial_rows() -> None:
    rng = np.random.default_rng(0)
    x = np.column_stack([np.ones(20000), rng.normal(size=20000), rng.integers(0, 4, 20000)])
    truth = np.array([-3.0, 0.8, -0.5])
    trials = 40.0
    successes = rng.binomial(40, 1.0 / (1.0 + np.exp(-(x @ truth)))).astype(float)
    fit = fit_logit(x, successes, trials, clusters=np.arange(20000) // 10)
    assert fit.cov is not None
    se = np.sqrt(np.diag(fit.cov))
    assert np.all(np.abs(fit.coef - truth) < 4 * se)


def test_columns_and_errors() -> None:
    assert COLUMNS[0] == "const" and "shared_security" in COLUMNS and "settlement" in COLUMNS
    with pytest.raises(AnalysisError):
        fit_logit(np.ones((5, 1)), np.zeros(5))


def test_top_share() -> None:
    counts = np.array([5.0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0])
    assert top_share(counts, top=1) == pytest.approx(0.5)
    assert top_share(counts) == 1.0
    assert top_share(np.zeros(3)) == 0.0
