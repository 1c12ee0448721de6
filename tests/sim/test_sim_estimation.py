"""Indirect inference: it recovers known parameters, and the shipped estimates reproduce."""

from __future__ import annotations

import json

import numpy as np
import pytest

from eurasec.sim.estimation import (
    MOMENTS,
    EstimationSetup,
    estimate,
    estimates_path,
    simulated_moments,
)
from eurasec.sim.hindcast import hindcast_design
from eurasec.sim.history import threat_rule
from eurasec.sim.params import (
    ESTIMATED,
    SimParams,
    default_params,
    get_value,
    load_estimates,
    with_values,
)

YEARS = (1985, 1994)
FREE = ("friction_rate", "threat_exponent", "channel_weights.security")


def test_recovers_known_parameters_from_a_simulated_panel() -> None:
    """Simulate the panel with known parameters, estimate three of them from it again."""
    rule = threat_rule()
    d = hindcast_design(*YEARS, rule)
    reference = float(np.exp(d.rows.log_threat(rule).mean()))
    truth = {"friction_rate": 0.03, "threat_exponent": 0.3, "channel_weights.security": 1.0}
    base = SimParams(threat_reference=reference)
    true_params = with_values(base, truth)
    # the "record": moments of many histories simulated with the true parameters
    observed = simulated_moments(d, true_params, 400, seed=99)
    start = with_values(
        base, {"friction_rate": 0.02, "threat_exponent": 0.5, "channel_weights.security": 0.5}
    )
    setup = EstimationSetup(
        fit_years=YEARS, replications=24, points=12, iterations=6, jacobian_points=16,
        bootstrap=40, free=FREE,
    )  # fmt: skip
    est = estimate(setup, base=start, rule=rule, observed=observed)
    got = est.estimates
    assert got["friction_rate"] == pytest.approx(truth["friction_rate"], rel=0.15)
    assert got["threat_exponent"] == pytest.approx(truth["threat_exponent"], abs=0.06)
    # the security weight through the settlement one such organisation brings, 1 - exp(-w)
    settled = 1.0 - np.exp(-got["channel_weights.security"])
    assert settled == pytest.approx(1.0 - np.exp(-1.0), abs=0.08)
    for name in FREE:  # the truth lies inside the confidence region's 95% interval
        lo, hi = est.ci[name]
        assert lo <= truth[name] <= hi, (name, lo, hi)
    for name in set(ESTIMATED) - set(FREE):  # the others stay where they were put
        assert got[name] == pytest.approx(get_value(start, name)), name


def test_shipped_estimates_are_complete_and_coherent() -> None:
    est = load_estimates()
    assert est is not None
    assert est.fit_years == (1960, 1994)
    assert list(est.moments["names"]) == list(MOMENTS)
    assert len(est.draws) >= 100 and all(len(d) == len(ESTIMATED) for d in est.draws)
    p = default_params()
    for name in ESTIMATED:
        value = est.estimates[name]
        lo, hi = est.ci[name]
        assert lo <= value <= hi or np.isclose(value, lo) or np.isclose(value, hi), name
    assert p.friction_rate == est.estimates["friction_rate"]
    assert p.channel_weights["security"] == est.estimates["channel_weights.security"]
    assert est.threat_rule == threat_rule().as_dict()  # inputs built with the same rule
    assert est.bloc_drag["years"] == [1960, 1989]


@pytest.mark.slow
def test_estimate_reproduces_the_shipped_estimates() -> None:
    """``eurasec sim estimate`` gives the shipped file again (minutes; --run-slow)."""
    shipped = json.loads(estimates_path().read_text("utf-8"))
    again = estimate(EstimationSetup(workers=2)).model_dump(mode="json")
    assert json.loads(json.dumps(again)) == shipped
