"""The library entry points: run one scenario, compare several, from names or files.

>>> from eurasec.sim import RunOptions, run_scenario
>>> summary = run_scenario("status_quo", RunOptions(replications=20, seed=1))
>>> summary["scenario"], summary["replications"]
('status_quo', 20)

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eurasec.errors import InputError
from eurasec.sim.batch import RunOptions, RunResult, run_prepared
from eurasec.sim.effect import PARAMETER_DRAWS, scenario_effects
from eurasec.sim.inputs import SimInputs
from eurasec.sim.params import SimParams
from eurasec.sim.results import compare_runs, model_notes, summarise_run
from eurasec.sim.scenario import BASELINE, Prepared, Scenario, assumptions, load_scenario, prepare

__all__ = ["compare_scenarios", "prepare_all", "run_scenario", "simulate_all"]

Ref = str | Path | Scenario


def _load(ref: Ref) -> Scenario:
    return ref if isinstance(ref, Scenario) else load_scenario(ref)


def prepare_all(
    refs: Sequence[Ref], *, inputs: SimInputs | None = None, params: SimParams | None = None
) -> list[Prepared]:
    """Load, validate and compile every scenario before anything runs.

    All scenarios are compiled on the same inputs (those of the first scenario's year unless
    ``inputs`` is given), so their dyads line up.
    """
    scenarios = [_load(r) for r in refs]
    if not scenarios:
        raise InputError("name at least one scenario")
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise InputError(f"scenario names must be distinct: {names}")
    first = prepare(scenarios[0], inputs=inputs, params=params)
    rest = [prepare(s, inputs=first.inputs, params=params) for s in scenarios[1:]]
    return [first, *rest]


def simulate_all(prepared: list[Prepared], options: RunOptions) -> list[RunResult]:
    """Run each prepared scenario with the same seed (common random numbers)."""
    return [run_prepared(p, options) for p in prepared]


def run_scenario(
    ref: Ref,
    options: RunOptions,
    *,
    inputs: SimInputs | None = None,
    params: SimParams | None = None,
) -> dict[str, Any]:
    """Run one scenario and summarise it (see :func:`eurasec.sim.results.summarise_run`)."""
    [prep] = prepare_all([ref], inputs=inputs, params=params)
    [run] = simulate_all([prep], options)
    return summarise_run(run, prep.inputs)


def compare_scenarios(
    refs: Sequence[Ref],
    options: RunOptions,
    *,
    params: SimParams | None = None,
    parameter_draws: int = PARAMETER_DRAWS,
) -> tuple[dict[str, Any], list[Prepared], list[RunResult]]:
    """Run the status quo and each of ``refs`` with one seed; summary, prepared models, runs.

    Each scenario's summary carries its ``effect`` with Monte Carlo, parameter
    (``parameter_draws`` draws from the estimates' region; 0 leaves it out) and empirical
    intervals (:mod:`eurasec.sim.effect`), and the ``assumptions`` it makes by hand.
    """
    names = [r.name if isinstance(r, Scenario) else str(r) for r in refs]
    full: list[Ref] = [BASELINE, *[r for r, n in zip(refs, names, strict=True) if n != BASELINE]]
    prepared = prepare_all(full, params=params)
    runs = simulate_all(prepared, options)
    summary = compare_runs(runs, prepared[0].inputs, baseline=BASELINE)
    blocks = scenario_effects(prepared, runs, options, draws=parameter_draws)
    for sc, prep in zip(summary["scenarios"], prepared, strict=True):
        sc["effect"] = blocks[sc["scenario"]]
        sc["assumptions"] = assumptions(prep.scenario)
    summary["model"] = model_notes()
    return summary, prepared, runs
