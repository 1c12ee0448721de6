"""Benchmark: ``assess`` of one move over all states × 8 dimensions (< 50 ms), validation (< 2 min).

Run: ``PYTHONPATH=src python benchmarks/assess_bench.py`` (add ``--skip-validation`` for assess
only). Reports the best and median of repeated assess calls on the real world (about 195 states).
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date

from eurasec.analysis.assess import assess
from eurasec.analysis.move import parse_move
from eurasec.analysis.threat import DIMENSIONS
from eurasec.analysis.validation import validate
from eurasec.analysis.world import world

MOVES = [
    {"kind": "raise_military_spending", "actor": "DEU", "percent": 20},
    {"kind": "deploy_forces", "actor": "USA", "near": "POL", "share": 0.05},
    {"kind": "join_format", "actor": "IND", "format": "sco", "role": "member"},
    {"kind": "impose_sanctions", "actor": "USA", "targets": ["RUS"]},
]


def main() -> None:
    """Time assess per move and, unless skipped, the whole validation."""
    w = world(date(2025, 1, 1))
    print(f"world: {len(w.actors)} states × {len(DIMENSIONS)} dimensions")
    for doc in MOVES:
        move = parse_move({**doc, "date": "2025-01-01"})
        assess(move, w)
        times = []
        for _ in range(30):
            t0 = time.perf_counter()
            assess(move, w)
            times.append((time.perf_counter() - t0) * 1000)
        print(
            f"assess {doc['kind']:<24} best {min(times):6.1f} ms  "
            f"median {statistics.median(times):6.1f} ms  (target < 50 ms)"
        )
    if "--skip-validation" in sys.argv:
        return
    t0 = time.perf_counter()
    r = validate()
    print(
        f"validation {time.perf_counter() - t0:5.1f} s (target < 120 s): "
        f"threat AUC {r.threat.auc:.4f} Brier {r.threat.brier:.6f}; "
        f"baseline AUC {r.baseline.auc:.4f} Brier {r.baseline.brier:.6f}"
    )


if __name__ == "__main__":
    main()
