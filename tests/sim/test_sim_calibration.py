"""Calibration: the historical target, and the shipped fit reproducing it."""

from __future__ import annotations

from pathlib import Path

from eurasec.sim.batch import RunOptions, run_prepared
from eurasec.sim.calibration import PERIOD, calibrate, historical_rate, write_calibration
from eurasec.sim.params import Calibration, default_params, load_calibration
from eurasec.sim.scenario import BASELINE, prepare


def test_historical_rate_from_cow_mid() -> None:
    h = historical_rate()
    assert h["period"] == list(PERIOD)
    assert h["onsets"] == 452  # MID 5.0 dyadic onsets between Eurasian states, 1995-2014
    assert h["dyad_years"] == 80924
    assert 0.005 < h["rate"] < 0.006
    lo, hi = h["ci"]
    assert lo < h["rate"] < hi
    assert h["dispersion"] > 1.0  # onsets cluster in years


def test_shipped_calibration_reproduces_the_historical_rate() -> None:
    cal = load_calibration()
    h = historical_rate()
    assert cal.target_rate == h["rate"]
    assert default_params().friction_rate == cal.friction_rate
    # an independent seed: the status quo's dispute rate lies in the historical 95% CI
    run = run_prepared(prepare(BASELINE), RunOptions(replications=150, seed=424242))
    rate = float(run.rate_per_dyad_year().mean())
    lo, hi = h["ci"]
    assert lo <= rate <= hi, (rate, h["ci"])


def test_shipped_calibration_matches_the_inputs() -> None:
    cal = load_calibration()
    prep = prepare(BASELINE)
    assert cal.inputs_source == prep.inputs.source
    assert cal.actors == prep.inputs.n
    assert cal.params == prep.params.model_dump(exclude={"friction_rate"})


def test_calibrate_finds_the_rate_again(tmp_path: Path) -> None:
    start = default_params().model_copy(update={"friction_rate": 0.06})
    cal = calibrate(replications=60, seed=7, base=start)
    assert abs(cal.simulated_rate - cal.target_rate) < 0.05 * cal.target_rate
    assert abs(cal.friction_rate - load_calibration().friction_rate) < 0.2 * cal.friction_rate
    out = write_calibration(cal, tmp_path / "cal.json")
    assert Calibration.model_validate_json(out.read_text()).friction_rate == cal.friction_rate
