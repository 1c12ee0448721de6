"""One-at-a-time sensitivity of the outcomes to the main parameters.

Each parameter in :data:`SENSITIVITY_PARAMETERS` is scaled by each factor in :data:`FACTORS`
(probabilities and retentions clipped to [0, 1]) with every other parameter at its calibrated
value. The status quo and one architecture are run with the same seed (common random
numbers) and the table reports, per setting, disputes per decade in the status quo, the
architecture's paired difference (mean and 95% CI of the mean), and the elasticity of both
(change in log outcome over change in log parameter, from the low to the high setting).

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

import math
from typing import Any

from eurasec.errors import InputError
from eurasec.sim.batch import RunOptions, run_prepared
from eurasec.sim.params import SimParams, default_params
from eurasec.sim.scenario import BASELINE, load_scenario, prepare

__all__ = ["FACTORS", "SENSITIVITY_PARAMETERS", "sensitivity"]

#: The parameters the analysis varies.
SENSITIVITY_PARAMETERS = (
    "friction_rate",
    "threat_exponent",
    "dialogue_max",
    "mediation_prob",
    "tension_retention",
    "crisis_threshold",
    "escalation_prob",
    "hostility_jump",
)
#: Multipliers applied to each parameter (low, high).
FACTORS = (0.8, 1.2)
_UNIT = {"dialogue_max", "mediation_prob", "tension_retention", "escalation_prob"}


def _scaled(base: SimParams, name: str, factor: float) -> float:
    value = float(getattr(base, name)) * factor
    return min(value, 1.0) if name in _UNIT else value


def _outcome(params: SimParams, scenario: str, options: RunOptions) -> tuple[float, float, float]:
    base = run_prepared(prepare(BASELINE, params=params), options)
    alt = run_prepared(prepare(scenario, params=params), options)
    diff = alt.disputes - base.disputes
    se = float(diff.std(ddof=1) / math.sqrt(diff.size)) if diff.size > 1 else 0.0
    return float(base.disputes.mean()), float(diff.mean()), se


def _elasticity(y_lo: float, y_hi: float, x_lo: float, x_hi: float) -> float | None:
    if min(y_lo, y_hi, x_lo, x_hi) <= 0 or x_lo == x_hi:
        return None
    return round(math.log(y_hi / y_lo) / math.log(x_hi / x_lo), 3)


def _setting(
    base: SimParams, name: str, factor: float, scenario: str, options: RunOptions
) -> dict[str, Any]:
    value = _scaled(base, name, factor)
    sq, diff, se = _outcome(base.model_copy(update={name: value}), scenario, options)
    return {
        "factor": factor,
        "value": round(value, 6),
        "status_quo": round(sq, 3),
        "difference": round(diff, 3),
        "difference_ci": [round(diff - 1.96 * se, 3), round(diff + 1.96 * se, 3)],
    }


def _row(base: SimParams, name: str, scenario: str, options: RunOptions) -> dict[str, Any]:
    settings = [_setting(base, name, f, scenario, options) for f in FACTORS]
    lo, hi = settings[0], settings[-1]
    return {
        "parameter": name,
        "base": getattr(base, name),
        "settings": settings,
        "elasticity_status_quo": _elasticity(
            lo["status_quo"], hi["status_quo"], lo["value"], hi["value"]
        ),
        "elasticity_difference": _elasticity(
            abs(lo["difference"]), abs(hi["difference"]), lo["value"], hi["value"]
        ),
    }


def sensitivity(
    options: RunOptions,
    *,
    scenario: str = "charter_forum",
    parameters: tuple[str, ...] = SENSITIVITY_PARAMETERS,
) -> dict[str, Any]:
    """The one-at-a-time sensitivity table of disputes per decade (see the module docstring)."""
    load_scenario(scenario)
    unknown = sorted(set(parameters) - set(SENSITIVITY_PARAMETERS))
    if unknown:
        raise InputError(f"cannot vary {unknown}; choose from {', '.join(SENSITIVITY_PARAMETERS)}")
    base = default_params()
    ref_sq, ref_diff, ref_se = _outcome(base, scenario, options)
    rows = [_row(base, name, scenario, options) for name in parameters]
    rows.sort(key=lambda r: -abs(r["elasticity_status_quo"] or 0.0))
    ci = [round(ref_diff - 1.96 * ref_se, 3), round(ref_diff + 1.96 * ref_se, 3)]
    return {
        "scenario": scenario,
        "baseline": BASELINE,
        "replications": options.replications,
        "seed": options.seed,
        "outcome": "disputes per decade",
        "reference": {
            "status_quo": round(ref_sq, 3),
            "difference": round(ref_diff, 3),
            "difference_ci": ci,
        },
        "parameters": rows,
    }
