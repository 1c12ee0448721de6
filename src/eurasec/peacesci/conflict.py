"""Conflict covariates: UCDP/PRIO armed conflict (state-year) and COW MIDs (dyad-year).

UCDP/PRIO ACD v25.1 codes parties with Gleditsch–Ward numbers; they are mapped to COW codes
(:data:`GW_TO_COW`; otherwise the numbers coincide). A state is *involved* in a conflict-year
when it is a primary party (``gwno_a`` or ``gwno_b``); ``ucdp_secondary`` marks secondary
warring parties (``gwno_*_2nd``). Years before 1946 are missing.

MID v5.0 dyad-years (1816–2014): ``cowmidonset`` is 1 when a MID between the two states began
that year, ``cowmidongoing`` when one was under way. Dyad-years absent from the file are 0
within 1816–2014 and missing after 2014 (no MID data after that).

``cowmidspell`` counts peace years for duration models (Beck, Katz & Tucker 1998): the
number of consecutive earlier years of the directed dyad without a MID onset, counted over
the dyad's whole history in the state system (not from the first year asked for). It is 0
in the dyad's first year, after a gap in its membership and in the year after an onset; in
an onset year it holds the peace years that preceded it. Missing after 2014.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from eurasec import datasets
from eurasec.peacesci._lookup import dyad_key, nullable_int, take
from eurasec.peacesci.covariate import Columns
from eurasec.peacesci.system import FIRST_YEAR, state_key, system_state_years

__all__ = [
    "GW_TO_COW",
    "MID_LAST_YEAR",
    "UCDP_FIRST_YEAR",
    "gw_to_cow",
    "mid_columns",
    "mid_spell_columns",
    "ucdp_columns",
]

#: First year of UCDP/PRIO ACD; last year of MID 5.0.
UCDP_FIRST_YEAR = 1946
MID_LAST_YEAR = 2014
#: Gleditsch–Ward codes that differ from COW: ``gw -> (from_year, cow)`` rules, latest first.
GW_TO_COW: dict[int, tuple[tuple[int, int], ...]] = {
    260: ((1991, 255), (0, 260)),
    340: ((0, 345),),
    678: ((1991, 679), (0, 678)),
}


def gw_to_cow(gw: np.ndarray, year: np.ndarray) -> np.ndarray:
    """COW codes for Gleditsch–Ward codes ``gw`` in ``year`` (vectorised)."""
    out = gw.astype(np.int64).copy()
    for code, rules in GW_TO_COW.items():
        hit = gw == code
        done = np.zeros(len(gw), dtype=bool)
        for first, cow in rules:
            sel = hit & ~done & (year >= first)
            out[sel] = cow
            done |= sel
    return out


def _parties(acd: pd.DataFrame, column: str) -> pd.DataFrame:
    lists = acd[column].dropna().astype(str).str.split(",")
    long = lists.explode().str.strip()
    long = long[long != ""]
    rows = acd.loc[long.index]
    gw = long.astype(int).to_numpy()
    year = rows["year"].to_numpy()
    return pd.DataFrame(
        {
            "ccode": gw_to_cow(gw, year),
            "year": year,
            "type": rows["type_of_conflict"].to_numpy(),
            "intensity": rows["intensity_level"].to_numpy(),
        }
    )


@cache
def ucdp_columns() -> Columns:
    """UCDP involvement indicators for every system member-year (missing before 1946)."""
    acd = datasets.load("ucdp_acd")
    primary = pd.concat([_parties(acd, "gwno_a"), _parties(acd, "gwno_b")])
    secondary = pd.concat([_parties(acd, "gwno_a_2nd"), _parties(acd, "gwno_b_2nd")])
    sy = system_state_years()
    target = state_key(sy["ccode"].to_numpy(), sy["year"].to_numpy())
    before = sy["year"].to_numpy() < UCDP_FIRST_YEAR
    subsets = {
        "ucdp_conflict": primary,
        "ucdp_interstate": primary[primary["type"] == 2],
        "ucdp_intrastate": primary[primary["type"].isin([3, 4])],
        "ucdp_war": primary[primary["intensity"] == 2],
        "ucdp_secondary": secondary,
    }
    out: Columns = {}
    for name, rows in subsets.items():
        keys = np.unique(state_key(rows["ccode"].to_numpy(), rows["year"].to_numpy()))
        value = take(keys, np.ones(len(keys)), target, fill=0.0)
        value[before] = np.nan
        out[name] = nullable_int(value)
    return out


@cache
def _mid_table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mid = datasets.load("mid_dyad_year")
    grouped = mid.groupby(["ccode1", "ccode2", "year"], sort=False)[
        ["cowmidonset", "cowmidongoing"]
    ].max()
    idx = grouped.index
    keys = dyad_key(
        idx.get_level_values(0).to_numpy(),
        idx.get_level_values(1).to_numpy(),
        idx.get_level_values(2).to_numpy(),
    )
    order = np.argsort(keys)
    return (
        keys[order],
        grouped["cowmidonset"].to_numpy(np.float64)[order],
        grouped["cowmidongoing"].to_numpy(np.float64)[order],
    )


def mid_columns(c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> Columns:
    """``cowmidonset`` and ``cowmidongoing`` for the dyad-years (missing after 2014)."""
    keys, onset, ongoing = _mid_table()
    target = dyad_key(c1, c2, year)
    after = year > MID_LAST_YEAR
    out: Columns = {}
    for name, values in (("cowmidonset", onset), ("cowmidongoing", ongoing)):
        value = take(keys, values, target, fill=0.0)
        value[after] = np.nan
        out[name] = nullable_int(value)
    return out


@cache
def _spell_table() -> tuple[np.ndarray, np.ndarray]:
    """Sorted directed dyad-year keys 1816–2014 and their peace-year counts."""
    from eurasec.peacesci.tables import dyad_pairs

    pairs = dyad_pairs(FIRST_YEAR, MID_LAST_YEAR)
    c1, c2, year = (pairs[c].to_numpy() for c in ("ccode1", "ccode2", "year"))
    keys = dyad_key(c1, c2, year)
    order = np.argsort(keys)
    keys, year = keys[order], year[order].astype(np.int64)
    mid_keys, onset, _ = _mid_table()
    onset_here = take(mid_keys, onset, keys, fill=0.0) > 0
    pair = keys // 10_000
    index = np.arange(len(keys))
    new_run = np.ones(len(keys), dtype=bool)
    new_run[1:] = (pair[1:] != pair[:-1]) | (year[1:] != year[:-1] + 1)
    reset = new_run.copy()
    reset[1:] |= onset_here[:-1] & ~new_run[1:]
    last_reset = np.maximum.accumulate(np.where(reset, index, 0))
    return keys, (index - last_reset).astype(np.float64)


def mid_spell_columns(c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> Columns:
    """``cowmidspell``: peace years before each dyad-year (missing after 2014)."""
    keys, spell = _spell_table()
    value = take(keys, spell, dyad_key(c1, c2, year))
    value[year > MID_LAST_YEAR] = np.nan
    return {"cowmidspell": nullable_int(value, "Int16")}
