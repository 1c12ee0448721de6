"""A scenario's effect on militarized disputes, with three intervals side by side.

For each scenario against the status quo (disputes per decade, same seed):

- ``relative``: the relative change of the mean, at the estimated parameters;
- ``mc_ci``: its 95% Monte Carlo interval (delta method on the paired replications: how far
  the number could move with more replications);
- ``parameter_ci``: the 2.5th–97.5th percentile of the relative change over
  :data:`PARAMETER_DRAWS` draws from the estimates' confidence region (each draw runs the status
  quo and the scenario with :data:`REPLICATIONS_PER_DRAW` replications, or the run's own count
  when smaller, one seed); with a scenario that asks for the estimated bloc drag, each draw
  also draws it from its interval;
- ``empirical``: the direct estimate of the same change, without the simulation: the
  auxiliary logit fitted on the fit years (:mod:`eurasec.sim.auxiliary`) predicts every pair's
  onset probability in the scenario's year with and without the scenario's new organisations
  and settlement bodies (``relative`` = change of the summed probabilities; ``ci`` from 2,000
  draws of the coefficients, clustered covariance). Bloc discipline: the estimated Cold War
  drag probability times the eligible allies per status-quo dispute. A change the data cannot
  speak to (an assumed cut in a friction rate, a parameter set by hand) has no empirical
  estimate (``null``).

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from eurasec.sim.batch import RunOptions, RunResult, run_prepared
from eurasec.sim.organisations import CHANNEL_KINDS
from eurasec.sim.params import SimParams, default_params, load_estimates, with_values
from eurasec.sim.scenario import BASELINE, Prepared, effects, prepare

__all__ = [
    "PARAMETER_DRAWS",
    "REPLICATIONS_PER_DRAW",
    "empirical_effect",
    "parameter_interval",
    "relative_effect",
    "scenario_effects",
]

#: Draws from the confidence region behind each parameter interval.
PARAMETER_DRAWS = 40
#: Replications of the status quo and of the scenario per draw.
REPLICATIONS_PER_DRAW = 50
_COEF_DRAWS = 2000
_Z95 = 1.959963984540054

F64 = NDArray[np.float64]


def relative_effect(scenario: RunResult, base: RunResult) -> tuple[float, list[float]]:
    """Relative change of mean disputes and its 95% Monte Carlo interval (paired delta method)."""
    s, q = scenario.disputes, base.disputes
    mq = float(q.mean())
    if mq <= 0:
        return 0.0, [0.0, 0.0]
    r = float(s.mean()) / mq - 1.0
    g = (s - (1.0 + r) * q) / mq
    se = float(g.std(ddof=1) / math.sqrt(g.size)) if g.size > 1 else 0.0
    return r, [r - _Z95 * se, r + _Z95 * se]


def _draws(count: int, seed: int) -> list[tuple[SimParams, float]]:
    """``count`` (parameters, bloc drag) draws from the estimates' confidence region."""
    from eurasec.sim.blocs import drag_estimate

    base = default_params()
    est = load_estimates()
    values = est.value_draws() if est is not None else [{}]
    drag = drag_estimate()
    z = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(3,))).standard_normal(count)
    out = []
    for k in range(count):
        q = float(np.clip(drag["estimate"] + drag["se"] * z[k], 0.0, 1.0))
        out.append((with_values(base, values[k % len(values)]), q))
    return out


def parameter_interval(
    prepared: list[Prepared], options: RunOptions, *, draws: int = PARAMETER_DRAWS
) -> dict[str, list[float]]:
    """Per scenario: the 95% interval of its relative effect over parameter draws."""
    reps = min(REPLICATIONS_PER_DRAW, options.replications)
    opts = RunOptions(replications=reps, seed=options.seed, steps=options.steps)
    inputs = prepared[0].inputs
    effects: dict[str, list[float]] = {p.scenario.name: [] for p in prepared[1:]}
    for params, drag in _draws(draws, options.seed):
        base = run_prepared(prepare(prepared[0].scenario, inputs=inputs, params=params), opts)
        for p in prepared[1:]:
            alt = run_prepared(prepare(p.scenario, inputs=inputs, params=params, drag=drag), opts)
            effects[p.scenario.name].append(relative_effect(alt, base)[0])
    return {
        name: [float(v) for v in np.quantile(vals, [0.025, 0.975])]
        for name, vals in effects.items()
    }


def _design_rows(prepared: Prepared) -> tuple[F64, F64]:
    """The auxiliary design of the scenario year's pairs, before and after the scenario."""
    from eurasec.sim.auxiliary import COLUMNS, design
    from eurasec.sim.history import panel, threat_rule_in_use

    year = prepared.scenario.year
    rows = panel().years(year, year)
    x0 = design(rows, threat_rule_in_use())
    x1 = x0.copy()
    eff = effects(prepared.scenario, prepared.inputs)
    index = {a: i for i, a in enumerate(prepared.inputs.actors)}
    ids = _ids(year)
    i = np.array([index[ids[c]] for c in rows.c1])
    j = np.array([index[ids[c]] for c in rows.c2])
    if eff.channels_add is not None:
        for k, kind in enumerate(CHANNEL_KINDS):
            x1[:, COLUMNS.index(f"shared_{kind}")] += eff.channels_add[k][i, j]
    if eff.mediator_add is not None:
        col = COLUMNS.index("settlement")
        x1[:, col] = np.maximum(x1[:, col], eff.mediator_add[i, j].astype(float))
    return x0, x1


def _ids(year: int) -> dict[int, str]:
    from eurasec.sim.history import eurasian_states

    states = eurasian_states(year)
    return dict(zip(states["ccode"], states["id"], strict=True))


def empirical_effect(
    prepared: Prepared, base_run: RunResult | None = None, *, seed: int = 0
) -> dict[str, Any]:
    """The direct estimate of the scenario's change (see the module docstring)."""
    sc = prepared.scenario
    if sc.projects or sc.parameters:
        return {"relative": None, "ci": None}
    est = load_estimates()
    if est is None:
        return {"relative": None, "ci": None}
    if sc.blocs is not None:
        return _blocs_empirical(prepared, base_run)
    from scipy.special import expit

    x0, x1 = _design_rows(prepared)
    coef = np.asarray(est.empirical["coef"])
    cov = np.asarray(est.empirical["cov"])
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(4,)))
    draws = rng.multivariate_normal(coef, cov, size=_COEF_DRAWS, method="cholesky")

    def rel(b: F64) -> F64:
        out: F64 = expit(x1 @ b.T).sum(axis=0) / expit(x0 @ b.T).sum(axis=0) - 1.0
        return out

    point = float(rel(coef[None, :])[0])
    lo, hi = np.quantile(rel(draws), [0.025, 0.975])
    return {"relative": point, "ci": [float(lo), float(hi)]}


def _blocs_empirical(prepared: Prepared, base_run: RunResult | None) -> dict[str, Any]:
    """Estimated drag probability × eligible allies per status-quo dispute."""
    from eurasec.sim.blocs import drag_estimate

    if base_run is None or prepared.scenario.blocs is None:
        return {"relative": None, "ci": None}
    if prepared.scenario.blocs.drag_probability != "estimated":
        return {"relative": None, "ci": None}
    c = prepared.compiled
    eligible = np.diff(c.drag_a[0]) + np.diff(c.drag_b[0])
    if not eligible.any():
        from eurasec.sim.model import compile_model

        eff = effects(prepared.scenario, prepared.inputs, drag=1.0)
        c = compile_model(prepared.inputs, prepared.params, eff)
        eligible = np.diff(c.drag_a[0]) + np.diff(c.drag_b[0])
    weights = base_run.dyad_disputes.astype(float)
    per_dispute = float((weights * eligible).sum() / max(weights.sum(), 1.0))
    drag = drag_estimate()
    return {
        "relative": drag["estimate"] * per_dispute,
        "ci": [drag["ci"][0] * per_dispute, drag["ci"][1] * per_dispute],
    }


def scenario_effects(
    prepared: list[Prepared],
    runs: list[RunResult],
    options: RunOptions,
    *,
    draws: int = PARAMETER_DRAWS,
) -> dict[str, dict[str, Any]]:
    """The effect block of every scenario (the status quo's is zero), keyed by name."""
    base = runs[0]
    param_ci = parameter_interval(prepared, options, draws=draws) if draws > 0 else {}
    out: dict[str, dict[str, Any]] = {
        BASELINE: {
            "relative": 0.0,
            "mc_ci": [0.0, 0.0],
            "parameter_ci": [0.0, 0.0],
            "empirical": {"relative": 0.0, "ci": [0.0, 0.0]},
        }
    }
    for p, run in zip(prepared[1:], runs[1:], strict=True):
        r, mc = relative_effect(run, base)
        out[p.scenario.name] = {
            "relative": r,
            "mc_ci": mc,
            "parameter_ci": param_ci.get(p.scenario.name),
            "empirical": empirical_effect(p, base, seed=options.seed),
        }
    return out
