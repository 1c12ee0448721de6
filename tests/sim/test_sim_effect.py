"""Effects with three intervals: Monte Carlo, parameters, and the direct empirical estimate."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eurasec.sim.batch import RunOptions, RunResult
from eurasec.sim.effect import relative_effect
from eurasec.sim.simulate import compare_scenarios


def _run(disputes: list[float]) -> RunResult:
    d = np.asarray(disputes, dtype=float)
    z = np.zeros_like(d)
    i = np.zeros(3, dtype=np.int64)
    return RunResult("x", 0, d.size, 120, z, d, z, z, i, i, 3)


def test_relative_effect_is_paired() -> None:
    base = _run([10, 20, 30, 40])
    r, (lo, hi) = relative_effect(_run([9, 18, 27, 36]), base)
    assert r == pytest.approx(-0.1) and lo == pytest.approx(-0.1) and hi == pytest.approx(-0.1)
    r, (lo, hi) = relative_effect(_run([9, 19, 27, 35]), base)
    assert lo < r < hi


@pytest.fixture(scope="module")
def compared() -> dict[str, dict[str, object]]:
    summary, _, _ = compare_scenarios(
        ["charter_forum", "rigid_blocs"],
        RunOptions(replications=60, seed=2),
        parameter_draws=8,
    )
    return {s["scenario"]: s for s in summary["scenarios"]}


def test_every_scenario_has_three_intervals(compared: dict[str, dict[str, object]]) -> None:
    for name in ("charter_forum", "rigid_blocs"):
        e = compared[name]["effect"]
        assert isinstance(e, dict)
        assert set(e) == {"relative", "mc_ci", "parameter_ci", "empirical"}
        assert e["mc_ci"][0] <= e["relative"] <= e["mc_ci"][1]
        assert e["parameter_ci"][0] <= e["parameter_ci"][1]
        emp = e["empirical"]
        assert emp["relative"] is not None and emp["ci"][0] <= emp["relative"] <= emp["ci"][1]
        assert compared[name]["assumptions"] == []
    assert compared["status_quo"]["effect"]["relative"] == 0.0


def test_direction_of_the_effects(compared: dict[str, dict[str, object]]) -> None:
    forum = compared["charter_forum"]["effect"]
    blocs = compared["rigid_blocs"]["effect"]
    assert isinstance(forum, dict) and isinstance(blocs, dict)
    assert forum["relative"] <= 0.0  # channels and mediation only ever settle frictions
    assert blocs["relative"] >= 0.0 and blocs["empirical"]["relative"] >= 0.0


def test_assumed_changes_have_no_empirical_estimate(tmp_path: Path) -> None:
    path = tmp_path / "relief.yaml"
    path.write_text(
        "name: relief\ntitle: Relief\nprojects: [{line: relief, dimension: natural_disaster, "
        "friction_reduction: 0.3}]\n"
    )
    summary, _, _ = compare_scenarios(
        [str(path)], RunOptions(replications=20, seed=1, steps=24), parameter_draws=2
    )
    sc = summary["scenarios"][1]
    assert sc["effect"]["empirical"] == {"relative": None, "ci": None}
    assert sc["assumptions"] and "assumption" in sc["assumptions"][0]
    assert "estimated" in summary["model"] and "assumed" in summary["model"]
