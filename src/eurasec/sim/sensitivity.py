"""One-at-a-time sensitivity of a scenario's effect, with the friction rate refitted each time.

Every parameter in :data:`SENSITIVITY_PARAMETERS` is moved, one at a time, the others at their
shipped values:

- the **architecture** parameters (:data:`~eurasec.sim.params.ARCHITECTURE`: the dialogue
  weight of each kind of shared organisation, and mediation) to the ends of their 95% interval
  from the estimation;
- the **assumed** parameters by the factors in :data:`FACTORS` (probabilities and retentions
  capped at 1).

After each move ``friction_rate`` is refitted (secant steps on its log, common random
numbers) so the status quo keeps the dispute rate it has at the shipped parameters: the
question is how the scenario's effect depends on a parameter once the model is again tied to
the same level of conflict, not how much conflict a mis-set parameter would add. Reported per
setting: the value, the refitted friction rate, disputes per decade in the status quo and the
scenario's relative effect with its 95% Monte Carlo interval.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

import math
from typing import Any

from eurasec.errors import InputError
from eurasec.sim.batch import RunOptions, run_prepared
from eurasec.sim.effect import relative_effect
from eurasec.sim.params import (
    ARCHITECTURE,
    SimParams,
    default_params,
    get_value,
    load_estimates,
    with_values,
)
from eurasec.sim.scenario import BASELINE, load_scenario, prepare

__all__ = ["ASSUMED", "FACTORS", "SENSITIVITY_PARAMETERS", "refit_rate", "sensitivity"]

#: The assumed parameters the analysis scales.
ASSUMED: tuple[str, ...] = (
    "tension_retention",
    "crisis_threshold",
    "escalation_prob",
    "hostility_jump",
    "hostility_retention",
    "hostility_cap",
)
#: Every parameter the analysis moves.
SENSITIVITY_PARAMETERS: tuple[str, ...] = (*ARCHITECTURE, *ASSUMED)
#: Multipliers applied to an assumed parameter (low, high).
FACTORS = (0.8, 1.2)
_UNIT = {"tension_retention", "escalation_prob", "hostility_retention", "mediation_prob"}
_TOLERANCE = 0.01  # relative, on the status quo's disputes
_MAX_STEPS = 6


def _disputes(params: SimParams, options: RunOptions) -> float:
    return float(run_prepared(prepare(BASELINE, params=params), options).disputes.mean())


def refit_rate(params: SimParams, target: float, options: RunOptions) -> SimParams:
    """``params`` with ``friction_rate`` moved so the status quo has ``target`` disputes."""
    x0 = params.friction_rate
    y0 = _disputes(params, options)
    if y0 <= 0 or target <= 0:
        return params
    x1 = x0 * (target / y0)
    for _ in range(_MAX_STEPS):
        p1 = params.model_copy(update={"friction_rate": x1})
        y1 = _disputes(p1, options)
        if abs(y1 - target) <= _TOLERANCE * target or y1 <= 0 or y1 == y0:
            return p1
        slope = min(max(math.log(y1 / y0) / math.log(x1 / x0), 0.2), 5.0)
        x0, y0 = x1, y1
        x1 = x1 * (target / y1) ** (1.0 / slope)
    return params.model_copy(update={"friction_rate": x1})


def _settings(base: SimParams, name: str) -> list[float]:
    if name in ARCHITECTURE:
        est = load_estimates()
        if est is not None and name in est.ci:
            return [float(v) for v in est.ci[name]]
    value = get_value(base, name)
    return [min(value * f, 1.0) if name in _UNIT else value * f for f in FACTORS]


def _row(
    base: SimParams, name: str, scenario: str, target: float, options: RunOptions
) -> dict[str, Any]:
    settings: list[dict[str, Any]] = []
    effects: list[float] = []
    for value in _settings(base, name):
        params = refit_rate(with_values(base, {name: value}), target, options)
        sq = run_prepared(prepare(BASELINE, params=params), options)
        alt = run_prepared(prepare(scenario, params=params), options)
        r, ci = relative_effect(alt, sq)
        effects.append(r)
        settings.append(
            {
                "value": round(value, 6),
                "friction_rate": round(params.friction_rate, 6),
                "status_quo": round(float(sq.disputes.mean()), 3),
                "effect": round(r, 4),
                "effect_ci": [round(v, 4) for v in ci],
            }
        )
    return {
        "parameter": name,
        "kind": "estimated" if name in ARCHITECTURE else "assumed",
        "base": round(get_value(base, name), 6),
        "settings": settings,
        "spread": round(max(effects) - min(effects), 4),
    }


def sensitivity(
    options: RunOptions,
    *,
    scenario: str = "charter_forum",
    parameters: tuple[str, ...] = SENSITIVITY_PARAMETERS,
) -> dict[str, Any]:
    """The one-at-a-time sensitivity table of the scenario's effect (see the module docstring)."""
    load_scenario(scenario)
    unknown = sorted(set(parameters) - set(SENSITIVITY_PARAMETERS))
    if unknown:
        raise InputError(f"cannot vary {unknown}; choose from {', '.join(SENSITIVITY_PARAMETERS)}")
    base = default_params()
    sq = run_prepared(prepare(BASELINE, params=base), options)
    alt = run_prepared(prepare(scenario, params=base), options)
    r, ci = relative_effect(alt, sq)
    target = float(sq.disputes.mean())
    rows = [_row(base, name, scenario, target, options) for name in parameters]
    rows.sort(key=lambda row: -row["spread"])
    return {
        "scenario": scenario,
        "baseline": BASELINE,
        "replications": options.replications,
        "seed": options.seed,
        "outcome": "relative change of disputes per decade",
        "reference": {
            "status_quo": round(target, 3),
            "effect": round(r, 4),
            "effect_ci": [round(v, 4) for v in ci],
        },
        "parameters": rows,
    }
