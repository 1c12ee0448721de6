"""One-at-a-time sensitivity, with the friction rate refitted after every move."""

from __future__ import annotations

import pytest

from eurasec.errors import InputError, NotFound
from eurasec.sim.batch import RunOptions
from eurasec.sim.params import ARCHITECTURE, default_params, load_estimates
from eurasec.sim.sensitivity import SENSITIVITY_PARAMETERS, refit_rate, sensitivity


def test_every_architecture_parameter_is_varied() -> None:
    assert set(ARCHITECTURE) <= set(SENSITIVITY_PARAMETERS)
    assert {"mediation_prob", "channel_weights.security", "channel_weights.social"} <= set(
        ARCHITECTURE
    )


def test_refit_holds_the_status_quo_level() -> None:
    opts = RunOptions(replications=40, seed=3)
    base = default_params()
    from eurasec.sim.sensitivity import _disputes

    target = _disputes(base, opts)
    moved = refit_rate(base.model_copy(update={"escalation_prob": 0.6}), target, opts)
    assert moved.friction_rate < base.friction_rate  # more escalation, fewer frictions needed
    assert abs(_disputes(moved, opts) - target) <= 0.02 * target


def test_sensitivity_table() -> None:
    out = sensitivity(
        RunOptions(replications=30, seed=3),
        scenario="charter_forum",
        parameters=("channel_weights.security", "escalation_prob"),
    )
    rows = {r["parameter"]: r for r in out["parameters"]}
    assert set(rows) == {"channel_weights.security", "escalation_prob"}
    dm = rows["channel_weights.security"]
    assert dm["kind"] == "estimated" and rows["escalation_prob"]["kind"] == "assumed"
    est = load_estimates()
    assert est is not None
    assert [s["value"] for s in dm["settings"]] == pytest.approx(
        list(est.ci["channel_weights.security"]), abs=1e-6
    )
    for row in rows.values():
        for s in row["settings"]:
            # the refit keeps the status quo at the reference level
            assert (
                abs(s["status_quo"] - out["reference"]["status_quo"])
                <= 0.03 * out["reference"]["status_quo"]
            )
            assert s["effect_ci"][0] <= s["effect"] <= s["effect_ci"][1]


def test_sensitivity_refuses_unknown_parameters_and_scenarios() -> None:
    with pytest.raises(InputError):
        sensitivity(RunOptions(replications=2, seed=0), parameters=("nonsense",))
    with pytest.raises(NotFound):
        sensitivity(RunOptions(replications=2, seed=0), scenario="nowhere")
