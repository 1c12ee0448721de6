"""The model run through history: a simulated panel of Eurasian dyad-years.

Each year of ``first..last`` is one segment of twelve months with that year's inputs
(:func:`eurasec.sim.history.year_inputs`): the actors in the system, their threat, shared
organisations and settlement bodies. Tension and hostility carry over from year to year. The
run starts :data:`BURN_IN_YEARS` earlier (on the inputs of those years where the panel has
them, else on the first year's), so the first year does not begin from a world without
hostility. Each replication is an independent history; the estimation
(:mod:`eurasec.sim.estimation`) and the validation (:mod:`eurasec.sim.validation`) compare
them with the one history on record.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from eurasec.sim.batch import DEFAULT_CHUNK
from eurasec.sim.history import FIRST_YEAR, Panel, ThreatRule, eurasian_states, panel, year_inputs
from eurasec.sim.model import compile_segments, simulate_chunk
from eurasec.sim.params import SimParams

__all__ = ["BURN_IN_YEARS", "Hindcast", "HindcastDesign", "hindcast", "hindcast_design"]

#: Years simulated before the first reported year.
BURN_IN_YEARS = 2
_MONTHS = 12

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class HindcastDesign:
    """Everything about a simulated history that does not depend on the parameters."""

    first: int
    last: int
    rule: ThreatRule
    rivalry_as_of: int | None  # rivalries frozen as known in this year (a forecast's origin)
    input_years: tuple[int, ...]  # one per simulated year, burn-in first
    actors: tuple[str, ...]  # the union of the years' actors (sorted), as the engine indexes them
    rows: Panel  # the recorded dyad-years of first..last
    row_lookup: I64  # [reported year, union dyad] -> row of ``rows`` (or -1)
    pair: I64  # pair index of each row
    n_pairs: int

    @property
    def burn_in(self) -> int:
        """Simulated years before ``first``."""
        return len(self.input_years) - (self.last - self.first + 1)

    @property
    def years(self) -> int:
        """Reported years."""
        return self.last - self.first + 1


@cache
def hindcast_design(
    first: int,
    last: int,
    rule: ThreatRule,
    burn_in: int = BURN_IN_YEARS,
    rivalry_as_of: int | None = None,
) -> HindcastDesign:
    """The design of a simulated history of ``first..last`` (built once per process).

    With ``rivalry_as_of`` every later year's inputs take the rivalries known in that year.
    """
    pre = [max(y, FIRST_YEAR) for y in range(first - burn_in, first)]
    input_years = (*pre, *range(first, last + 1))
    rows = panel().years(first, last)
    union = sorted({a for y in set(input_years) for a in eurasian_states(y)["id"]})
    where = {a: i for i, a in enumerate(union)}
    n = len(union)
    dyad = np.full((n, n), -1, dtype=np.int64)
    iu, ju = np.triu_indices(n, 1)
    dyad[iu, ju] = dyad[ju, iu] = np.arange(iu.size)
    lookup = np.full((last - first + 1, iu.size), -1, dtype=np.int64)
    for y in range(first, last + 1):
        states = eurasian_states(y)
        ids = dict(zip(states["ccode"], states["id"], strict=True))
        sel = np.flatnonzero(rows.year == y)
        a = np.array([where[ids[c]] for c in rows.c1[sel]], dtype=np.int64)
        b = np.array([where[ids[c]] for c in rows.c2[sel]], dtype=np.int64)
        lookup[y - first, dyad[a, b]] = sel
    _, pair = np.unique(rows.pair_key(), return_inverse=True)
    return HindcastDesign(
        first=first,
        last=last,
        rule=rule,
        rivalry_as_of=rivalry_as_of,
        input_years=input_years,
        actors=tuple(union),
        rows=rows,
        row_lookup=lookup,
        pair=pair.astype(np.int64),
        n_pairs=int(pair.max()) + 1 if pair.size else 0,
    )


@dataclass(frozen=True, eq=False)
class Hindcast:
    """Simulated outcomes of a history, summed over replications where the name says so."""

    replications: int
    hits: F64  # per row: replications with at least one dispute in the dyad-year
    disputes: F64  # per row: disputes summed over replications
    rep_pair: F64  # [replications, pairs]: disputes per pair over the reported years
    rep_year: F64  # [replications, years]: disputes per reported year


def hindcast(
    design: HindcastDesign,
    params: SimParams,
    *,
    replications: int,
    seed: int,
    first_rep: int = 0,
    chunk_size: int = DEFAULT_CHUNK,
) -> Hindcast:
    """Simulate ``replications`` histories (replications ``first_rep ..``) under ``params``."""
    cut = design.rivalry_as_of
    parts = [
        (year_inputs(y, design.rule, cut if cut is not None and y > cut else None), _MONTHS)
        for y in design.input_years
    ]
    compiled = compile_segments(parts, params)
    if compiled.actors != design.actors:
        raise AssertionError("the engine's actors differ from the design's")
    steps = compiled.steps
    rows = len(design.rows)
    hits = np.zeros(rows)
    disputes = np.zeros(rows)
    rep_pair = np.zeros((replications, design.n_pairs))
    rep_year = np.zeros((replications, design.years))
    d = compiled.n_dyads
    for start in range(0, replications, chunk_size):
        n = min(chunk_size, replications - start)
        out = simulate_chunk(compiled, steps, seed, first_rep + start, n, keep_events=True)
        assert out.events is not None
        months, cells = out.events
        year = months // _MONTHS - design.burn_in
        keep = year >= 0
        year, cells = year[keep], cells[keep]
        rep, dyad = cells // d, cells % d
        row = design.row_lookup[year, dyad]
        if np.any(row < 0):
            raise AssertionError("a simulated dispute fell outside the recorded dyad-years")
        np.add.at(disputes, row, 1.0)
        distinct = np.unique(rep * rows + row) % rows
        np.add.at(hits, distinct, 1.0)
        np.add.at(rep_pair, (start + rep, design.pair[row]), 1.0)
        np.add.at(rep_year, (start + rep, year), 1.0)
    return Hindcast(
        replications=replications,
        hits=hits,
        disputes=disputes,
        rep_pair=rep_pair,
        rep_year=rep_year,
    )
