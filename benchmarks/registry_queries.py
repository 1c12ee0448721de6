"""Time the registry's as-of queries on the shipped data.

Run from the repository root::

    PYTHONPATH=src python benchmarks/registry_queries.py

Prints the one-off build time and the median time per call of each query (best of
``REPEATS`` rounds of ``CALLS`` calls).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date

from eurasec.registry import Registry

#: Calls per round and rounds per query.
CALLS = 2000
REPEATS = 5
DAY = date(2025, 1, 1)


def _time(fn: Callable[[], object]) -> float:
    """Best-of-rounds mean seconds per call."""
    rounds = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(CALLS):
            fn()
        rounds.append((time.perf_counter() - start) / CALLS)
    return min(rounds)


def main() -> None:
    """Build once, then time each query."""
    start = time.perf_counter()
    reg = Registry.from_reference()
    print(f"build registry: {(time.perf_counter() - start) * 1e3:.1f} ms")
    queries: dict[str, Callable[[], object]] = {
        "members('NATO')": lambda: reg.members("NATO", DAY),
        "members('SCO', role='member')": lambda: reg.members("SCO", DAY, "member"),
        "treaty('CFE')": lambda: reg.treaty("CFE", DAY),
        "channels('RUS', 'CHN')": lambda: reg.channels("RUS", "CHN", DAY),
        "actor('RUS')": lambda: reg.actor("RUS", DAY),
        "alignment('USA', 'JPN')": lambda: reg.alignment("USA", "JPN", DAY),
    }
    times = {name: _time(fn) for name, fn in queries.items()}
    for name, secs in times.items():
        print(f"{name:32s} {secs * 1e6:8.1f} µs")
    print(f"median {statistics.median(times.values()) * 1e6:.1f} µs")


if __name__ == "__main__":
    main()
