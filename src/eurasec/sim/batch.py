"""Running replications: chunking, backends (in-process, Ray) and the collected result.

Replication ``r`` under ``seed`` always draws from ``SeedSequence(seed, spawn_key=(r,))``, so a
:class:`RunResult` is identical whatever the chunk size and whichever backend ran the chunks.
``backend="ray"`` sends chunks to a Ray cluster (``ray.init()`` honours ``RAY_ADDRESS``;
without it a local instance starts); Ray is the optional extra ``eurasec[ray]``.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from eurasec.errors import ConfigurationError, InputError
from eurasec.sim.model import MONTHS_PER_DECADE, ChunkResult, Compiled, simulate_chunk
from eurasec.sim.scenario import Prepared

__all__ = [
    "BACKENDS",
    "DEFAULT_CHUNK",
    "MAX_REPLICATIONS",
    "RunOptions",
    "RunResult",
    "run_compiled",
    "run_prepared",
]

#: The backends :func:`run_compiled` accepts.
BACKENDS: tuple[str, ...] = ("inprocess", "ray")
#: Replications per chunk: large enough to amortise NumPy calls, small enough for the cache.
DEFAULT_CHUNK = 64
#: Upper bound on replications of one run (memory and time guard).
MAX_REPLICATIONS = 1_000_000

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class RunResult:
    """Per-replication outcomes (per decade) and per-dyad counts of one run."""

    name: str
    seed: int
    replications: int
    steps: int
    crises: F64
    disputes: F64
    dragged: F64
    dyads_in_dispute: F64
    dyad_hits: I64
    dyad_disputes: I64
    n_dyads: int

    def rate_per_dyad_year(self) -> F64:
        """Disputes per dyad-year of each replication (comparable with MID onset rates)."""
        years_per_decade = MONTHS_PER_DECADE / 12
        return self.disputes / (self.n_dyads * years_per_decade)

    def same_as(self, other: RunResult) -> bool:
        """Whether two runs gave exactly the same numbers."""
        return all(
            np.array_equal(getattr(self, f), getattr(other, f))
            for f in (
                "crises",
                "disputes",
                "dragged",
                "dyads_in_dispute",
                "dyad_hits",
                "dyad_disputes",
            )
        )


def _chunks(replications: int, size: int) -> Iterator[tuple[int, int]]:
    for first in range(0, replications, size):
        yield first, min(size, replications - first)


def _collect(
    name: str, seed: int, replications: int, steps: int, n_dyads: int, parts: list[ChunkResult]
) -> RunResult:
    parts = sorted(parts, key=lambda p: p.first)

    def cat(field: str) -> F64:
        return np.concatenate([getattr(p, field) for p in parts])

    return RunResult(
        name=name,
        seed=seed,
        replications=replications,
        steps=steps,
        crises=cat("crises"),
        disputes=cat("disputes"),
        dragged=cat("dragged"),
        dyads_in_dispute=cat("dyads_in_dispute"),
        dyad_hits=np.sum([p.dyad_hits for p in parts], axis=0),
        dyad_disputes=np.sum([p.dyad_disputes for p in parts], axis=0),
        n_dyads=n_dyads,
    )


def _ray_chunks(
    compiled: Compiled,
    steps: int,
    seed: int,
    plan: list[tuple[int, int]],
    tick: Callable[[int], None],
) -> list[ChunkResult]:
    try:
        import ray
    except ModuleNotFoundError:
        raise ConfigurationError(
            "the ray backend needs Ray: pip install 'eurasec[ray]'", code="configuration"
        ) from None
    if not ray.is_initialized():
        ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False)
    task = ray.remote(simulate_chunk)
    ref = ray.put(compiled)
    pending: dict[Any, int] = {task.remote(ref, steps, seed, a, n): n for a, n in plan}
    done: list[ChunkResult] = []
    while pending:
        ready, _ = ray.wait(list(pending), num_returns=1)
        for r in ready:
            done.append(ray.get(r))
            tick(pending.pop(r))
    return done


def run_compiled(
    compiled: Compiled,
    *,
    replications: int,
    seed: int,
    steps: int = MONTHS_PER_DECADE,
    name: str = "custom",
    backend: str = "inprocess",
    chunk_size: int = DEFAULT_CHUNK,
    progress: bool = False,
) -> RunResult:
    """Run ``replications`` of a compiled model; chunk size and backend never change results."""
    if not 1 <= replications <= MAX_REPLICATIONS:
        raise InputError(f"replications must be between 1 and {MAX_REPLICATIONS}")
    if not 1 <= steps <= 100 * MONTHS_PER_DECADE:
        raise InputError("steps must be between 1 and 12000 months")
    if chunk_size < 1:
        raise InputError("chunk size must be at least 1")
    if seed < 0:
        raise InputError("seed must be a non-negative integer")
    if backend not in BACKENDS:
        raise InputError(f"unknown backend {backend!r}; use one of {', '.join(BACKENDS)}")
    plan = list(_chunks(replications, chunk_size))
    bar = _progress(replications, name) if progress else None
    tick: Callable[[int], None] = bar.update if bar is not None else (lambda n: None)
    try:
        if backend == "ray":
            parts = _ray_chunks(compiled, steps, seed, plan, tick)
        else:
            parts = []
            for first, n in plan:
                parts.append(simulate_chunk(compiled, steps, seed, first, n))
                tick(n)
    finally:
        if bar is not None:
            bar.close()
    return _collect(name, seed, replications, steps, compiled.n_dyads, parts)


@dataclass(frozen=True)
class RunOptions:
    """How to run: replications, seed, months (default: the scenario's), backend, chunking."""

    replications: int
    seed: int
    steps: int | None = None
    backend: str = "inprocess"
    chunk_size: int = DEFAULT_CHUNK
    progress: bool = False


def run_prepared(prepared: Prepared, options: RunOptions) -> RunResult:
    """Run a prepared scenario as ``options`` say."""
    return run_compiled(
        prepared.compiled,
        replications=options.replications,
        seed=options.seed,
        steps=options.steps or prepared.scenario.steps,
        name=prepared.scenario.name,
        backend=options.backend,
        chunk_size=options.chunk_size,
        progress=options.progress,
    )


def _progress(total: int, name: str) -> Any:
    """A tqdm bar on stderr, or ``None`` when tqdm is not installed."""
    try:
        from tqdm import tqdm
    except ModuleNotFoundError:
        return None
    return tqdm(total=total, desc=name, unit="rep", leave=False)
