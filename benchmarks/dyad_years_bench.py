"""Benchmark: the full directed dyad-year table 1816–2022 with every covariate.

Run from the repository root, in a fresh process so that dataset parsing and every cached
intermediate are included in the time:

    PYTHONPATH=src python benchmarks/dyad_years_bench.py

Prints wall time (cold, then warm: a second build reusing the in-memory caches), rows,
columns, the table's own memory and the process's peak resident set size. Targets: < 30 s
and < 4 GB peak RSS (docs/data-dictionary.md records the measured numbers).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

from eurasec.peacesci import dyad_years


def _peak_rss_gb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / 1e9 if sys.platform == "darwin" else peak * 1024 / 1e9


def main() -> None:
    """Build the table twice and print the measurements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=int, default=1816)
    parser.add_argument("--end", type=int, default=2022)
    args = parser.parse_args()
    began = time.perf_counter()
    table = dyad_years(args.start, args.end, directed=True, covariates=["all"])
    cold = time.perf_counter() - began
    began = time.perf_counter()
    dyad_years(args.start, args.end, directed=True, covariates=["all"])
    warm = time.perf_counter() - began
    print(f"rows            {len(table):,}")
    print(f"columns         {table.shape[1]}")
    print(f"table memory    {table.memory_usage(deep=True).sum() / 1e9:.2f} GB")
    print(f"cold build      {cold:.1f} s")
    print(f"warm build      {warm:.1f} s")
    print(f"peak RSS        {_peak_rss_gb():.2f} GB")


if __name__ == "__main__":
    main()
