"""The maximum-likelihood fit on a small real window: exact gradients, several starts, weights."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from eurasec.analysis import fit as F  # noqa: N812
from eurasec.analysis._dyads import dyad_table
from eurasec.errors import AnalysisError

FULL = F.Form(
    frontier=True,
    frontier_water=True,
    tie_weights=True,
    pooling=True,
    kind_damping=True,
    history=True,
    eras=((1960, 1962),),
)


def test_analytic_gradient_matches_finite_differences() -> None:
    t = dyad_table(1960, 1964)
    names = FULL.names()
    rng = np.random.default_rng(1)
    p = {n: F.START.get(n, 0.1) + 0.05 * rng.normal() for n in names}
    z, _, g = F._linear(FULL, p, F._prepare(FULL, t), grad=True)
    r = F.sigmoid(z) - t["y"]
    for name in names:
        analytic = float(g[name] @ r)
        step = 1e-6
        hi, lo = dict(p), dict(p)
        hi[name] += step
        lo[name] -= step
        numeric = (
            F.log_loss(F.linear_predictor(FULL, hi, t), t["y"])
            - F.log_loss(F.linear_predictor(FULL, lo, t), t["y"])
        ) / (2 * step)
        assert analytic == pytest.approx(numeric, rel=1e-5, abs=1e-4), name


def test_fit_on_a_real_window_reports_every_start_and_beats_its_start() -> None:
    t = dyad_table(1975, 1984)
    form = F.Form(frontier=True, history=True)
    fitted = F.fit(form, t, starts=2, seed=3)
    assert len(fitted.starts) == 2
    assert fitted.neg_loglik == min(s["neg_loglik"] for s in fitted.starts)
    start = dict(F.START)
    assert fitted.neg_loglik < F.log_loss(F.linear_predictor(form, start, t), t["y"])
    assert fitted.params["frontier"] >= 0 and fitted.params["b1"] >= 0
    assert fitted.onsets == int(t["y"].sum())


def test_weights_are_a_resample_of_clusters() -> None:
    cluster = np.repeat(np.arange(50.0), 3)
    w = F.bootstrap_weights(cluster, np.random.default_rng(0))
    assert w.sum() == len(cluster)
    per = w.reshape(50, 3)
    assert np.all(per == per[:, :1])  # a cluster is drawn whole


def test_doubling_every_weight_leaves_the_estimate() -> None:
    t = dyad_table(1980, 1984)
    form = F.Form(frontier=False)
    a = F.fit(form, t, starts=1)
    b = F.fit(form, t, starts=1, weights=np.full(len(t["y"]), 2.0), first=a.params)
    for name, value in a.params.items():
        assert b.params[name] == pytest.approx(value, rel=1e-3, abs=1e-3)


def test_no_onsets_is_a_clear_error() -> None:
    t = dyad_table(1980, 1980)
    empty = {k: v[:10] for k, v in t.items()}
    empty["y"] = np.zeros(10)
    with pytest.raises(AnalysisError, match="no dispute onsets"):
        F.fit(F.Form(), empty)


def test_form_round_trips_and_names_its_parameters() -> None:
    form = replace(FULL, start=1870, eras=((1870, 1913), (1914, 1945)))
    assert F.Form.from_dict(form.to_dict()) == form
    assert "era_1870_1913" in form.names() and "frontier_water" in form.names()
    assert "frontier" not in F.Form(frontier=False).names()
