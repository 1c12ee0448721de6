"""Calibration: fit the friction base rate so the status quo reproduces historical MID onsets.

**Target.** Onsets of militarized interstate disputes (COW MID 5.0, dyadic, ``cowmidonset``)
between two Eurasian states (COW members located in Europe or Asia) in :data:`PERIOD`,
counted once per dispute and unordered dyad, divided by the Eurasian dyad-years of the period.
The 95% confidence interval is quasi-Poisson: onsets cluster in years (multiparty disputes),
so the Poisson variance is scaled by the dispersion of the yearly counts around their
expectation (Pearson χ² / (years − 1), at least 1).

**Fit.** Disputes per dyad-year of the status-quo run rise monotonically with
``friction_rate``; :func:`calibrate` solves ``simulated(rate) = target`` by secant steps on
the log-log scale, every step with the same seed (common random numbers), then writes the
result with its provenance to ``eurasec/sim/calibration.json``. Everything else in
:class:`~eurasec.sim.params.SimParams` is a documented prior, explored by the sensitivity
analysis, not fitted.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from eurasec import datasets
from eurasec.sim._datasets import eurasian_ccodes
from eurasec.sim.batch import RunOptions, run_prepared
from eurasec.sim.params import Calibration, SimParams, default_params, load_calibration
from eurasec.sim.scenario import BASELINE, prepare

__all__ = [
    "CALIBRATION_REPLICATIONS",
    "CALIBRATION_SEED",
    "PERIOD",
    "calibrate",
    "calibration_path",
    "historical_rate",
    "write_calibration",
]

#: Years of the historical target (MID 5.0 ends in 2014; twenty post-Cold War years).
PERIOD = (1995, 2014)
#: Replications per evaluation of the status quo during the fit.
CALIBRATION_REPLICATIONS = 400
#: Seed of the fit (any fixed seed; it is recorded in the file).
CALIBRATION_SEED = 20_141_231
_MAX_STEPS = 12
_TOLERANCE = 0.002  # relative


def historical_rate(period: tuple[int, int] = PERIOD) -> dict[str, Any]:
    """MID onsets per Eurasian dyad-year in ``period`` with a quasi-Poisson 95% CI."""
    first, last = period
    mid = datasets.load("mid_dyad_year")
    mid = mid[(mid["year"] >= first) & (mid["year"] <= last) & (mid["cowmidonset"] == 1)]
    a = mid[["ccode1", "ccode2"]].min(axis=1)
    b = mid[["ccode1", "ccode2"]].max(axis=1)
    mid = mid.assign(a=a, b=b).drop_duplicates(["dispnum", "a", "b"])
    onsets, dyad_years = [], []
    for year in range(first, last + 1):
        codes = set(eurasian_ccodes(year)["ccode"])
        n = len(codes)
        dyad_years.append(n * (n - 1) // 2)
        in_year = mid[(mid["year"] == year) & mid["a"].isin(codes) & mid["b"].isin(codes)]
        onsets.append(len(in_year))
    count, exposure = sum(onsets), sum(dyad_years)
    rate = count / exposure
    expected = np.asarray(dyad_years) * rate
    pearson = float(((np.asarray(onsets) - expected) ** 2 / expected).sum())
    dispersion = max(1.0, pearson / (len(onsets) - 1))
    half = 1.959963984540054 * math.sqrt(dispersion * count) / exposure
    return {
        "period": [first, last],
        "onsets": count,
        "dyad_years": exposure,
        "rate": rate,
        "ci": [rate - half, rate + half],
        "dispersion": dispersion,
        "yearly_onsets": dict(zip(range(first, last + 1), onsets, strict=True)),
    }


def _simulated(params: SimParams, replications: int, seed: int) -> tuple[float, float, Any]:
    prep = prepare(BASELINE, params=params)
    run = run_prepared(prep, RunOptions(replications=replications, seed=seed))
    rate = run.rate_per_dyad_year()
    return float(rate.mean()), float(rate.std(ddof=1) / math.sqrt(rate.size)), prep.inputs


def calibrate(
    *,
    replications: int = CALIBRATION_REPLICATIONS,
    seed: int = CALIBRATION_SEED,
    base: SimParams | None = None,
    on_step: Callable[[float, float], None] | None = None,
) -> Calibration:
    """Fit ``friction_rate`` so the status quo matches the historical MID onset rate."""
    target = historical_rate()
    params = base or default_params()
    goal = target["rate"]
    x0 = params.friction_rate if params.friction_rate > 0 else 0.01
    y0, se, inputs = _simulated(params.model_copy(update={"friction_rate": x0}), replications, seed)
    x1 = x0 * (goal / y0) if y0 > 0 else x0 * 4
    for _ in range(_MAX_STEPS):
        y1, se, inputs = _simulated(
            params.model_copy(update={"friction_rate": x1}), replications, seed
        )
        if on_step is not None:
            on_step(x1, y1)
        if abs(y1 - goal) <= _TOLERANCE * goal or y1 == y0:
            break
        slope = math.log(y1 / y0) / math.log(x1 / x0) if y0 > 0 and y1 > 0 else 1.0
        slope = min(max(slope, 0.2), 5.0)
        x0, y0 = x1, y1
        x1 = x1 * (goal / y1) ** (1.0 / slope)
    rest = params.model_dump(exclude={"friction_rate"})
    return Calibration(
        friction_rate=round(x1, 8),
        target_rate=goal,
        target_ci=(target["ci"][0], target["ci"][1]),
        onsets=target["onsets"],
        dyad_years=target["dyad_years"],
        period=(target["period"][0], target["period"][1]),
        simulated_rate=y1,
        simulated_se=se,
        replications=replications,
        seed=seed,
        inputs_source=inputs.source,
        inputs_year=inputs.year,
        actors=inputs.n,
        params=rest,
    )


def calibration_path() -> Path:
    """Where the shipped calibration lives (inside the installed package)."""
    return Path(str(resources.files(__package__ or "eurasec.sim").joinpath("calibration.json")))


def write_calibration(cal: Calibration, path: Path | None = None) -> Path:
    """Write ``cal`` as the shipped parameters file (or to ``path``); returns the path."""
    target = path or calibration_path()
    target.write_text(json.dumps(cal.model_dump(mode="json"), indent=2) + "\n", "utf-8")
    if path is None:
        load_calibration.cache_clear()
    return target
