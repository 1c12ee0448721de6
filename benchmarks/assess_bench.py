"""Benchmark: ``assess`` of one move over all states × 8 dimensions with its bootstrap (< 50 ms).

Run: ``PYTHONPATH=src python benchmarks/assess_bench.py`` (``--validation`` and ``--backtest``
also time those commands). Every assess computes the estimate and all shipped bootstrap draws
(intervals included); the world's dense levels are computed once per world (reported as
"first call") and cached, as in a serving process. The shared development machine is noisy:
the load average is printed beside the numbers.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import date

from eurasec.analysis.assess import assess
from eurasec.analysis.model import shipped
from eurasec.analysis.move import parse_move
from eurasec.analysis.threat import DIMENSIONS
from eurasec.analysis.world import world

DAY = "2025-06-01"
MOVES = [
    {"kind": "raise_military_spending", "actor": "RUS", "percent": 20},
    {"kind": "deploy_forces", "actor": "RUS", "near": "BLR", "share": 0.1},
    {"kind": "join_format", "actor": "UKR", "format": "nato", "role": "member"},
    {"kind": "sign_treaty", "actor": "RUS", "treaty": "t", "parties": ["CHN"], "defence": True},
    {"kind": "impose_sanctions", "actor": "USA", "targets": ["RUS"]},
]
REPEATS = 30


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f} {five:.1f} {fifteen:.1f}"


def main() -> None:
    """Time assess per move and, when asked, the validation and the backtest."""
    w = world(date.fromisoformat(DAY))
    draws = len(shipped().draws)
    print(f"world: {len(w.actors)} states × {len(DIMENSIONS)} dimensions, {draws} draws; {_load()}")
    t0 = time.perf_counter()
    assess(parse_move({**MOVES[0], "date": DAY}), w)
    print(f"first call (the world's levels under every draw): {time.perf_counter() - t0:.2f} s")
    for doc in MOVES:
        move = parse_move({**doc, "date": DAY})
        times = []
        for _ in range(REPEATS):
            t0 = time.perf_counter()
            assess(move, w)
            times.append((time.perf_counter() - t0) * 1000)
        print(
            f"assess {doc['kind']:<24} best {min(times):6.1f} ms  "
            f"median {statistics.median(times):6.1f} ms  (target < 50 ms; {_load()})"
        )
    if "--validation" in sys.argv:
        from eurasec.analysis.validation import validate

        t0 = time.perf_counter()
        r = validate()
        standard = r.standard_baseline.auc if r.standard_baseline else float("nan")
        print(
            f"validation {time.perf_counter() - t0:5.1f} s: threat AUC {r.threat.auc:.4f}, "
            f"standard baseline {standard:.4f}; {_load()}"
        )
    if "--backtest" in sys.argv:
        from eurasec.analysis.backtest import backtest

        t0 = time.perf_counter()
        out = backtest()
        print(f"backtest {time.perf_counter() - t0:5.1f} s: AUC {out['auc']:.3f}; {_load()}")


if __name__ == "__main__":
    main()
