"""Replications per second of the vectorised engine and of the Mesa reference, in one run.

Configuration: the status quo over the Eurasian state system of 2014 (90 actors, 4,005 dyads),
120 monthly steps, calibrated parameters. Setup (inputs, compile) is timed apart from the
runs. The vectorised engine runs ``--replications`` replications in chunks; Mesa runs
``--mesa-replications`` (it is slow) of the same model. Both are single-threaded; pin the
process to one core to be sure:

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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sim_mesa_reference import run_mesa  # noqa: E402

from eurasec.sim.batch import run_prepared  # noqa: E402
from eurasec.sim.scenario import prepare  # noqa: E402

__all__ = ["main"]


def _best_rate(fn: object, reps: int, repeats: int) -> tuple[float, list[float]]:
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        rates.append(reps / (time.perf_counter() - t0))
    return max(rates), rates


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Run the benchmark and print its results."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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
    run_prepared(prep, replications=args.chunk_size, seed=args.seed)  # warm caches
    fast, fast_all = _best_rate(
        lambda: run_prepared(prep, replications=args.replications, seed=args.seed, chunk_size=args.chunk_size),
        args.replications,
        args.repeats,
    )
    mesa, mesa_all = _best_rate(
        lambda: run_mesa(prep.inputs, prep.params, replications=args.mesa_replications, seed=args.seed, steps=steps),
        args.mesa_replications,
        1,
    )
    out: dict[str, object] = {
        "scenario": args.scenario,
        "actors": prep.inputs.n,
        "dyads": prep.compiled.n_dyads,
        "steps": steps,
        "setup_s": round(setup_s, 3),
        "vectorised_reps_per_s": round(fast, 1),
        "vectorised_all_repeats": [round(r, 1) for r in fast_all],
        "vectorised_replications": args.replications,
        "chunk_size": args.chunk_size,
        "mesa_reps_per_s": round(mesa, 3),
        "mesa_replications": args.mesa_replications,
        "speedup_vs_mesa": round(fast / mesa, 1),
        "targets": {"reps_per_s": 300, "stretch": 1000, "speedup": 50},
        "machine": {
            "python": platform.python_version(),
            "cpu": platform.processor() or platform.machine(),
            "cpus_visible": os.cpu_count(),
            "affinity": sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "load_avg": os.getloadavg() if hasattr(os, "getloadavg") else None,
        },
        "mesa_all_repeats": [round(r, 3) for r in mesa_all],
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for key, value in out.items():
            print(f"{key:>24}: {value}")
    return out


if __name__ == "__main__":
    main()
