"""Backends and run guards: every backend gives the same numbers for the same seeds."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from eurasec.errors import ConfigurationError, InputError
from eurasec.sim.batch import run_compiled
from eurasec.sim.inputs import SimInputs
from eurasec.sim.model import compile_model
from eurasec.sim.params import default_params

HAVE_RAY = importlib.util.find_spec("ray") is not None


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"replications": 0, "seed": 1}, "replications"),
        ({"replications": 2, "seed": -1}, "seed"),
        ({"replications": 2, "seed": 1, "steps": 0}, "steps"),
        ({"replications": 2, "seed": 1, "chunk_size": 0}, "chunk"),
        ({"replications": 2, "seed": 1, "backend": "dask"}, "backend"),
    ],
)
def test_run_guards(small: SimInputs, kwargs: dict[str, object], fragment: str) -> None:
    c = compile_model(small, default_params())
    with pytest.raises(InputError) as err:
        run_compiled(c, **kwargs)  # type: ignore[arg-type]
    assert fragment in err.value.message


def test_ray_backend_without_ray_says_how_to_install(
    small: SimInputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as if the extra were not installed
    c = compile_model(small, default_params())
    with pytest.raises(ConfigurationError) as err:
        run_compiled(c, replications=2, seed=1, backend="ray")
    assert "eurasec[ray]" in err.value.message


@pytest.mark.skipif(not HAVE_RAY, reason="ray is not importable (optional extra eurasec[ray])")
def test_ray_backend_gives_identical_results(small: SimInputs) -> None:
    import ray

    c = compile_model(
        small, default_params().model_copy(update={"friction_rate": 0.3, "bloc_drag_prob": 0.5})
    )
    local = run_compiled(c, replications=50, seed=77, steps=48, chunk_size=50)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        remote = run_compiled(c, replications=50, seed=77, steps=48, chunk_size=7, backend="ray")
    finally:
        ray.shutdown()
    assert remote.same_as(local)
    assert local.disputes.sum() > 0


def test_progress_bar_changes_nothing(small: SimInputs, capsys: pytest.CaptureFixture[str]) -> None:
    c = compile_model(small, default_params())
    quiet = run_compiled(c, replications=20, seed=3, steps=24, chunk_size=6)
    shown = run_compiled(c, replications=20, seed=3, steps=24, chunk_size=6, progress=True)
    assert shown.same_as(quiet)
    assert "/20" in capsys.readouterr().err  # tqdm drew its bar on stderr
