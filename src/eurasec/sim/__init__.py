"""Scenario simulation: seeded Monte Carlo of frictions → crises → militarized disputes.

>>> from eurasec import sim
>>> [s.name for s in sim.list_scenarios()][0]
'status_quo'

Modules: :mod:`~eurasec.sim.inputs` (the array seam), :mod:`~eurasec.sim.params`,
:mod:`~eurasec.sim.scenario`, :mod:`~eurasec.sim.model` (the vectorised core),
:mod:`~eurasec.sim.batch` (chunks and backends), :mod:`~eurasec.sim.results`,
:mod:`~eurasec.sim.organisations` (channels by kind), :mod:`~eurasec.sim.history` (the
Eurasian dyad-years), :mod:`~eurasec.sim.hindcast` (the model run through history),
:mod:`~eurasec.sim.auxiliary`, :mod:`~eurasec.sim.estimation`, :mod:`~eurasec.sim.validation`,
:mod:`~eurasec.sim.blocs`, :mod:`~eurasec.sim.effect`, :mod:`~eurasec.sim.sensitivity`,
:mod:`~eurasec.sim.report`.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

from eurasec.sim.batch import RunOptions, RunResult, run_compiled, run_prepared
from eurasec.sim.inputs import SimInputs, build_inputs
from eurasec.sim.params import SimParams, default_params
from eurasec.sim.scenario import BASELINE, Scenario, list_scenarios, load_scenario, prepare
from eurasec.sim.simulate import compare_scenarios, run_scenario

__all__ = [
    "BASELINE",
    "RunOptions",
    "RunResult",
    "Scenario",
    "SimInputs",
    "SimParams",
    "build_inputs",
    "compare_scenarios",
    "default_params",
    "list_scenarios",
    "load_scenario",
    "prepare",
    "run_compiled",
    "run_prepared",
    "run_scenario",
]
