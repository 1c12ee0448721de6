"""One-at-a-time sensitivity."""

from __future__ import annotations

import pytest

from eurasec.errors import InputError, NotFound
from eurasec.sim.batch import RunOptions
from eurasec.sim.sensitivity import sensitivity


def test_sensitivity_table() -> None:
    out = sensitivity(
        RunOptions(replications=20, seed=3),
        scenario="charter_forum",
        parameters=("friction_rate", "escalation_prob"),
    )
    rows = {r["parameter"]: r for r in out["parameters"]}
    assert set(rows) == {"friction_rate", "escalation_prob"}
    fr = rows["friction_rate"]
    lo, hi = fr["settings"]
    assert lo["value"] < hi["value"]
    assert lo["status_quo"] < hi["status_quo"]  # more frictions, more disputes
    assert fr["elasticity_status_quo"] > 1.0  # tension accumulates: more than proportional
    assert rows["escalation_prob"]["elasticity_status_quo"] > 0.5


def test_sensitivity_refuses_unknown_parameters_and_scenarios() -> None:
    with pytest.raises(InputError):
        sensitivity(RunOptions(replications=2, seed=0), parameters=("nonsense",))
    with pytest.raises(NotFound):
        sensitivity(RunOptions(replications=2, seed=0), scenario="nowhere")
