"""The vectorised engine and the Mesa reference give the same outcome distributions."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from scipy.stats import ks_2samp

from eurasec.sim.batch import run_compiled
from eurasec.sim.inputs import SimInputs
from eurasec.sim.model import compile_model
from eurasec.sim.params import default_params
from eurasec.sim.scenario import effects, load_scenario

BENCH = Path(__file__).parents[2] / "benchmarks" / "sim_mesa_reference.py"
REPS = 150
STEPS = 48


def _reference() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sim_mesa_reference", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("scenario", ["status_quo", "fund_projects", "rigid_blocs"])
def test_same_distributions_as_mesa(small: SimInputs, scenario: str) -> None:
    mesa_ref = _reference()
    params = default_params().model_copy(update={"friction_rate": 0.25})
    eff = effects(load_scenario(scenario), small)
    fast = run_compiled(compile_model(small, params, eff), replications=REPS, seed=12, steps=STEPS)
    slow = mesa_ref.run_mesa(small, params, replications=REPS, seed=12, steps=STEPS, effects=eff)
    for metric in ("crises", "disputes", "dyads_in_dispute"):
        a = getattr(fast, metric)
        b = np.array([getattr(o, metric) for o in slow])
        se = np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
        assert abs(a.mean() - b.mean()) < 4 * se, (metric, a.mean(), b.mean(), se)
        assert ks_2samp(a, b).pvalue > 0.001, metric
