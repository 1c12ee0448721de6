"""Replications per second of the vectorised engine and of the Mesa reference, in one run.

Configuration: the status quo over the Eurasian state system of 2014 (92 actors, 4,186 dyads
with the shipped data; the script prints both), 120 monthly steps, the estimated parameters.
Setup (inputs, compile) is timed apart from the runs. The vectorised engine runs
``--replications`` replications in chunks; Mesa runs ``--mesa-replications`` (it is slow) of
the same model. Both are single-threaded; pin the process to one core to be sure:

    taskset -c 0 env PYTHONPATH=src python benchmarks/sim_bench.py --json

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from eurasec.sim.batch import RunOptions, run_prepared
from eurasec.sim.scenario import prepare

sys.path.insert(0, str(Path(__file__).parent))
from sim_mesa_reference import run_mesa  # a sibling script, not a package

__all__ = ["main"]


def _rates(fn: Callable[[], object], reps: int, repeats: int) -> dict[str, object]:
    """Replications per second by wall clock and by this process's CPU time (best of repeats).

    CPU time is the honest figure on a shared machine: other processes' load slows the wall
    clock but is not charged to this process.
    """
    wall, cpu = [], []
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(reps / (time.perf_counter() - w0))
        cpu.append(reps / max(time.process_time() - c0, 1e-9))
    return {
        "wall": round(max(wall), 2),
        "cpu": round(max(cpu), 2),
        "all_wall": [round(x, 2) for x in wall],
    }


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Run the benchmark and print its results."""
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--replications", type=int, default=2000)
    ap.add_argument("--mesa-replications", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--chunk-size", type=int, default=64)
    ap.add_argument("--scenario", default="status_quo")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    prep = prepare(args.scenario)
    setup_s = time.perf_counter() - t0
    steps = prep.scenario.steps
    opts = RunOptions(replications=args.replications, seed=args.seed, chunk_size=args.chunk_size)
    run_prepared(prep, RunOptions(replications=args.chunk_size, seed=args.seed))  # warm up
    fast = _rates(lambda: run_prepared(prep, opts), args.replications, args.repeats)
    mesa = _rates(
        lambda: run_mesa(
            prep.inputs,
            prep.params,
            replications=args.mesa_replications,
            seed=args.seed,
            steps=steps,
        ),
        args.mesa_replications,
        1,
    )
    out: dict[str, object] = {
        "scenario": args.scenario,
        "actors": prep.inputs.n,
        "dyads": prep.compiled.n_dyads,
        "steps": steps,
        "setup_s": round(setup_s, 3),
        "replications": args.replications,
        "chunk_size": args.chunk_size,
        "vectorised_reps_per_s": fast,
        "mesa_replications": args.mesa_replications,
        "mesa_reps_per_s": mesa,
        "speedup_vs_mesa": {
            k: round(float(fast[k]) / float(mesa[k]), 1)  # type: ignore[arg-type]
            for k in ("wall", "cpu")
        },
        "targets": {"reps_per_s": 300, "stretch": 1000, "speedup": 50},
        "machine": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "cpus_visible": os.cpu_count(),
            "affinity": sorted(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else None,
            "load_avg": [round(x, 2) for x in os.getloadavg()]
            if hasattr(os, "getloadavg")
            else None,
        },
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for key, value in out.items():
            print(f"{key:>24}: {value}")
    return out


if __name__ == "__main__":
    main()
