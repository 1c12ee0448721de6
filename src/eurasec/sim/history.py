"""The Eurasian state system as history: dyad-years 1960–2014 with what the model uses.

**Actors.** Registry states flagged ``eurasian`` that are COW system members in the year,
plus three Cold War states the registry does not list under their own COW code (West
Germany 260, North Yemen 678, South Vietnam 817: :data:`COW_ONLY_EURASIAN`), identified by
their COW abbreviation. Every unordered pair is a dyad.

**Columns** (one row per non-directed dyad-year, ``c1 < c2`` in COW codes), from
:func:`eurasec.peacesci.dyad_years` and :mod:`eurasec.sim.organisations`:

- ``cinc1``, ``cinc2``: COW NMC composite capability (floored at :data:`CAPABILITY_FLOOR`);
- ``capdist``: distance between capitals (km); ``conttype``: COW contiguity (1 land, 2–5
  water, 0 none); ``defence``: ATOP defence pact (0/1);
- ``jointdem``: both Polity2 ≥ :data:`DEMOCRACY_THRESHOLD`; ``major``: either a COW major power;
- ``rivalry``: a strategic rivalry that year (Thompson, Sakuwa & Suhas 2021);
- ``counts``: shared organisations by kind (:data:`~eurasec.sim.organisations.CHANNEL_KINDS`);
  ``settlement``: a regional settlement body binds both;
- ``onset``: a MID began between the two that year (0/1); ``onsets``: MID onsets counted once
  per dispute (COW MID 5.0; the count :func:`historical_rate` divides by dyad-years).

**Threat.** The mutual military threat of a dyad is the project's threat rule
(:mod:`eurasec.analysis.threat`) without the shared-organisation damping, which the
simulation models as channels instead: ``M = √(cᵢ cⱼ) · R(d) · exp(−δ · defence)`` with the
reach ``R`` of :func:`~eurasec.analysis.threat.reach` (Boulding's loss-of-strength gradient,
contiguity as distance 0 on land).

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from eurasec import datasets
from eurasec.errors import InputError
from eurasec.sim.organisations import CHANNEL_KINDS, shared_organisations

if TYPE_CHECKING:
    from eurasec.sim.inputs import SimInputs

__all__ = [
    "CAPABILITY_FLOOR",
    "COW_ONLY_EURASIAN",
    "DEMOCRACY_THRESHOLD",
    "FIRST_YEAR",
    "LAST_YEAR",
    "Panel",
    "ThreatRule",
    "eurasian_states",
    "historical_rate",
    "panel",
    "threat_rule",
    "threat_rule_in_use",
    "year_inputs",
]

#: First and last year of the panel (IGO memberships and MID 5.0 end in 2014).
FIRST_YEAR = 1960
LAST_YEAR = 2014
#: CINC below this counts as this (a few microstates report 0).
CAPABILITY_FLOOR = 1e-6
#: Polity2 at or above this counts as a democracy (the usual cut-off).
DEMOCRACY_THRESHOLD = 6.0
#: Eurasian COW states the registry does not list under their own code: ``ccode -> (id, name)``.
COW_ONLY_EURASIAN: dict[int, tuple[str, str]] = {
    260: ("GFR", "German Federal Republic"),
    678: ("YAR", "Yemen Arab Republic"),
    817: ("RVN", "Republic of Vietnam"),
}
_Z95 = 1.959963984540054

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


@dataclass(frozen=True)
class ThreatRule:  # hashable: it keys the cache of year_inputs
    """The parameters of the military threat rule the simulation uses (see the module doc)."""

    decay_km: float
    exponent: float
    water_km: float
    defence_damping: float

    def as_dict(self) -> dict[str, float]:
        """JSON-ready form."""
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


def threat_rule() -> ThreatRule:
    """The project's fitted military threat rule (:data:`eurasec.analysis.threat.MILITARY`)."""
    from eurasec.analysis.threat import MILITARY

    return ThreatRule(
        decay_km=MILITARY.decay_km,
        exponent=MILITARY.exponent,
        water_km=MILITARY.water_km,
        defence_damping=MILITARY.defence_damping,
    )


def threat_rule_in_use() -> ThreatRule:
    """The threat rule the shipped estimates were fitted with (else :func:`threat_rule`)."""
    from eurasec.sim.params import load_estimates

    est = load_estimates()
    return threat_rule() if est is None else ThreatRule(**est.threat_rule)


def eurasian_states(year: int) -> pd.DataFrame:
    """Eurasian COW system members in ``year``: columns ccode, id, name; sorted by id."""
    from eurasec import registry

    states = datasets.load("cow_states")
    alive = set(states[(states["styear"] <= year) & (states["endyear"] >= year)]["ccode"])
    rows = [
        (int(s.cow_code), s.id, s.name)
        for s in registry.states(eurasian=True)
        if s.cow_code is not None and int(s.cow_code) in alive
    ]
    rows += [(c, i, n) for c, (i, n) in COW_ONLY_EURASIAN.items() if c in alive]
    out = pd.DataFrame(rows, columns=["ccode", "id", "name"]).drop_duplicates("ccode")
    return out.sort_values("id").reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class Panel:
    """Eurasian non-directed dyad-years (see the module docstring for the columns)."""

    year: I64
    c1: I64
    c2: I64
    cinc1: F64
    cinc2: F64
    capdist: F64
    conttype: I64
    defence: F64
    jointdem: F64
    major: F64
    rivalry: F64
    counts: F64  # [rows, len(CHANNEL_KINDS)]
    settlement: NDArray[np.bool_]
    onset: F64
    onsets: F64

    def __len__(self) -> int:
        """Number of dyad-years."""
        return int(self.year.size)

    def select(self, mask: NDArray[np.bool_]) -> Panel:
        """The rows where ``mask`` holds."""
        return replace(self, **{f.name: getattr(self, f.name)[mask] for f in fields(self)})

    def years(self, first: int, last: int) -> Panel:
        """The rows of ``first..last``."""
        return self.select((self.year >= first) & (self.year <= last))

    def pair_key(self) -> I64:
        """One integer per unordered pair of COW codes."""
        return self.c1 * 1000 + self.c2

    def log_threat(self, rule: ThreatRule) -> F64:
        """ln M, the dyad's mutual military threat (see the module docstring)."""
        from eurasec.analysis.threat import ThreatParams, reach

        params = ThreatParams(
            decay_km=rule.decay_km,
            exponent=rule.exponent,
            water_km=rule.water_km,
            org_damping=0.0,
            defence_damping=rule.defence_damping,
        )
        r = reach(self.capdist, self.conttype, params)
        out: F64 = (
            0.5 * np.log(self.cinc1)
            + 0.5 * np.log(self.cinc2)
            + np.log(r)
            - rule.defence_damping * self.defence
        )
        return out


def _onset_counts() -> pd.DataFrame:
    """MID onsets per unordered pair and year, counted once per dispute."""
    mid = datasets.load("mid_dyad_year")
    mid = mid[mid["cowmidonset"] == 1]
    a = np.minimum(mid["ccode1"].to_numpy(), mid["ccode2"].to_numpy())
    b = np.maximum(mid["ccode1"].to_numpy(), mid["ccode2"].to_numpy())
    frame = pd.DataFrame({"dispnum": mid["dispnum"].to_numpy(), "a": a, "b": b})
    frame["year"] = mid["year"].to_numpy()
    frame = frame.drop_duplicates(["dispnum", "a", "b"])
    return frame.groupby(["a", "b", "year"]).size().rename("onsets").reset_index()


@cache
def panel() -> Panel:
    """Every Eurasian dyad-year 1960–2014 (built once per process, about two seconds)."""
    from eurasec.peacesci import dyad_years

    covariates = ["contiguity", "capdist", "nmc", "atop", "democracy", "major", "rivalry"]
    t = dyad_years(FIRST_YEAR, LAST_YEAR, directed=False, covariates=covariates)
    members = {y: set(eurasian_states(y)["ccode"]) for y in range(FIRST_YEAR, LAST_YEAR + 1)}
    year = t["year"].to_numpy(np.int64)
    c1 = t["ccode1"].to_numpy(np.int64)
    c2 = t["ccode2"].to_numpy(np.int64)
    keep = np.fromiter(
        (a in members[y] and b in members[y] for a, b, y in zip(c1, c2, year, strict=True)),
        dtype=bool,
        count=len(year),
    )
    t = t[keep].reset_index(drop=True)
    year, c1, c2 = year[keep], c1[keep], c2[keep]
    counts, settlement = _organisations(year, c1, c2)
    onsets = _onsets_for(year, c1, c2)

    def num(col: str) -> F64:
        return pd.to_numeric(t[col], errors="coerce").to_numpy(np.float64)

    pol1, pol2 = num("polity21"), num("polity22")
    major = (np.nan_to_num(num("major1")) > 0) | (np.nan_to_num(num("major2")) > 0)
    return Panel(
        year=year,
        c1=c1,
        c2=c2,
        cinc1=np.maximum(np.nan_to_num(num("cinc1")), CAPABILITY_FLOOR),
        cinc2=np.maximum(np.nan_to_num(num("cinc2")), CAPABILITY_FLOOR),
        capdist=num("capdist"),
        conttype=np.nan_to_num(num("conttype")).astype(np.int64),
        defence=np.nan_to_num(num("atop_defense")),
        jointdem=((pol1 >= DEMOCRACY_THRESHOLD) & (pol2 >= DEMOCRACY_THRESHOLD)).astype(float),
        major=major.astype(np.float64),
        rivalry=np.nan_to_num(num("tss_rivalry")),
        counts=counts,
        settlement=settlement,
        onset=(onsets > 0).astype(np.float64),
        onsets=onsets,
    )


def _organisations(year: I64, c1: I64, c2: I64) -> tuple[F64, NDArray[np.bool_]]:
    counts = np.zeros((year.size, len(CHANNEL_KINDS)))
    settlement = np.zeros(year.size, dtype=bool)
    for y in np.unique(year):
        rows = np.flatnonzero(year == y)
        codes = np.unique(np.concatenate([c1[rows], c2[rows]]))
        shared = shared_organisations(codes, int(y))
        i = np.searchsorted(codes, c1[rows])
        j = np.searchsorted(codes, c2[rows])
        counts[rows] = shared.counts[:, i, j].T
        settlement[rows] = shared.settlement[i, j]
    return counts, settlement


def _onsets_for(year: I64, c1: I64, c2: I64) -> F64:
    on = _onset_counts()
    key = (on["a"].to_numpy() * 1000 + on["b"].to_numpy()) * 10_000 + on["year"].to_numpy()
    order = np.argsort(key)
    key, value = key[order], on["onsets"].to_numpy(np.float64)[order]
    want = (c1 * 1000 + c2) * 10_000 + year
    pos = np.minimum(np.searchsorted(key, want), len(key) - 1)
    return np.where(key[pos] == want, value[pos], 0.0)


def historical_rate(first: int, last: int) -> dict[str, Any]:
    """MID onsets per Eurasian dyad-year in ``first..last`` with a quasi-Poisson 95% CI.

    Onsets cluster in years (one multiparty dispute is many dyadic onsets), so the Poisson
    variance is scaled by the dispersion of the yearly counts around their expectation
    (Pearson χ² / (years − 1), at least 1).
    """
    if not FIRST_YEAR <= first <= last <= LAST_YEAR:
        raise InputError(f"years must lie within {FIRST_YEAR}-{LAST_YEAR}")
    p = panel().years(first, last)
    years = np.arange(first, last + 1)
    onsets = np.array([p.onsets[p.year == y].sum() for y in years])
    exposure = np.array([(p.year == y).sum() for y in years], dtype=np.float64)
    count, total = float(onsets.sum()), float(exposure.sum())
    rate = count / total
    expected = exposure * rate
    dispersion = 1.0
    if len(years) > 1:
        pearson = float(((onsets - expected) ** 2 / expected).sum())
        dispersion = max(1.0, pearson / (len(years) - 1))
    half = _Z95 * math.sqrt(dispersion * count) / total
    return {
        "period": [first, last],
        "onsets": int(count),
        "dyad_years": int(total),
        "rate": rate,
        "ci": [rate - half, rate + half],
        "dispersion": dispersion,
    }


@cache
def year_inputs(year: int, rule: ThreatRule, rivalry_as_of: int | None = None) -> SimInputs:
    """The simulation's inputs for ``year`` under threat ``rule`` (built once per process).

    ``rivalry_as_of`` takes the rivalries as known in that earlier year (ongoing then), so a
    forecast from that year uses no later coding of rivalries.
    """
    from eurasec.sim.inputs import SimInputs
    from eurasec.sim.params import DIMENSIONS

    states = eurasian_states(year)
    p = panel().years(year, year)
    codes = states["ccode"].to_numpy(np.int64)
    order = np.argsort(codes)
    i = order[np.searchsorted(codes[order], p.c1)]
    j = order[np.searchsorted(codes[order], p.c2)]
    n = len(codes)

    def square(values: NDArray[np.float64]) -> NDArray[np.float64]:
        out = np.zeros((n, n))
        out[i, j] = out[j, i] = values
        return out

    mutual = square(np.exp(p.log_threat(rule)))
    rivalry = p.rivalry if rivalry_as_of is None else _rivalry_in(rivalry_as_of, p)
    cinc = np.zeros(n)
    cinc[i], cinc[j] = p.cinc1, p.cinc2
    return SimInputs(
        actors=tuple(states["id"]),
        names=tuple(states["name"]),
        threat=np.broadcast_to(mutual, (len(DIMENSIONS), n, n)).copy(),
        channels=np.stack([square(p.counts[:, k]) for k in range(len(CHANNEL_KINDS))]),
        mediator=square(p.settlement.astype(np.float64)) > 0,
        alliance=square(p.defence) > 0,
        capability=cinc,
        rivalry=square(rivalry) > 0,
        source="history",
        year=year,
        notes={"threat": "mutual military threat", "channels": "shared organisations by kind"},
    )


def _rivalry_in(year: int, rows: Panel) -> F64:
    """Rivalry of ``rows``' pairs as recorded in ``year`` (0 for pairs absent that year)."""
    then = panel().years(year, year)
    known = set(then.pair_key()[then.rivalry > 0].tolist())
    return np.array([k in known for k in rows.pair_key().tolist()], dtype=np.float64)
