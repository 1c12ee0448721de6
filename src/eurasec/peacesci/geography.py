"""Geography: direct contiguity (COW v3.2), capital distance and minimum distance.

- ``conttype``: 1 land border; 2, 3, 4, 5 separated by at most 12, 24, 150, 400 miles of
  water; 0 none of these. Where two spells overlap a year the closest type wins. The COW
  file ends in 2016; the 2016 relations are carried forward, flagged ``conttype_cf``.
- ``land_neighbours`` / ``sea_neighbours``: per state-year, the number of states at
  ``conttype`` 1 and 2–5, derived from the same spells (same carry-forward rule).
- ``capdist``: great-circle (haversine) distance in km between the capitals in use on
  1 July of the year (peacesciencer's capitals list, to 2024), radius :data:`EARTH_RADIUS_KM`.
- ``mindist``: minimum distance in km between the states' territories on 1 January 2019
  (CShapes 2.0, computed by peacesciencer), used for *every* year: borders that changed
  before 2019 are not reflected, and dyads with a state that no longer existed in 2019 are
  missing.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from eurasec import datasets
from eurasec.peacesci._lookup import (
    dyad_key,
    expand_years,
    find,
    nullable_int,
    take,
    to_system,
)
from eurasec.peacesci.covariate import Columns
from eurasec.peacesci.system import (
    COW_LAST_YEAR,
    LAST_YEAR,
    state_key,
    system_state_years,
)

__all__ = [
    "EARTH_RADIUS_KM",
    "capdist_columns",
    "contiguity_columns",
    "contiguity_dyad_years",
    "mindist_columns",
    "neighbour_columns",
]

#: Mean Earth radius (IUGG) used by the haversine formula.
EARTH_RADIUS_KM = 6371.0088


@cache
def contiguity_dyad_years() -> pd.DataFrame:
    """Directed contiguous dyad-years 1816–2024: ``ccode1, ccode2, year, conttype``."""
    spells = datasets.load("cow_contiguity")
    first = spells["begin"].to_numpy() // 100
    last = spells["end"].to_numpy() // 100
    last = np.where(last >= COW_LAST_YEAR, LAST_YEAR, last)
    rows, year = expand_years(first, last)
    lo = spells["statelno"].to_numpy()[rows]
    hi = spells["statehno"].to_numpy()[rows]
    ctype = spells["conttype"].to_numpy()[rows]
    both = pd.DataFrame(
        {
            "ccode1": np.concatenate([lo, hi]),
            "ccode2": np.concatenate([hi, lo]),
            "year": np.concatenate([year, year]),
            "conttype": np.concatenate([ctype, ctype]),
        }
    )
    closest = both.groupby(["ccode1", "ccode2", "year"])["conttype"].min().reset_index()
    return closest.sort_values(["ccode1", "ccode2", "year"]).reset_index(drop=True)


@cache
def _contiguity_keys() -> tuple[np.ndarray, np.ndarray]:
    cont = contiguity_dyad_years()
    keys = dyad_key(cont["ccode1"].to_numpy(), cont["ccode2"].to_numpy(), cont["year"].to_numpy())
    order = np.argsort(keys)
    return keys[order], cont["conttype"].to_numpy(np.float64)[order]


def contiguity_columns(c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> Columns:
    """``conttype`` (0–5) and ``conttype_cf`` for the dyad-years."""
    keys, values = _contiguity_keys()
    value = take(keys, values, dyad_key(c1, c2, year), fill=0.0)
    return {"conttype": nullable_int(value), "conttype_cf": year > COW_LAST_YEAR}


@cache
def neighbour_columns() -> Columns:
    """``land_neighbours``, ``sea_neighbours`` and ``contiguity_cf`` per system member-year."""
    cont = contiguity_dyad_years()
    land = cont[cont["conttype"] == 1].groupby(["ccode1", "year"]).size()
    sea = cont[cont["conttype"] > 1].groupby(["ccode1", "year"]).size()
    out: Columns = {}
    for name, counts in (("land_neighbours", land), ("sea_neighbours", sea)):
        idx = counts.index
        c, y = idx.get_level_values(0).to_numpy(), idx.get_level_values(1).to_numpy()
        out[name] = to_system(c, y, counts.to_numpy(), fill=0.0).astype(np.int16)
    out["contiguity_cf"] = system_state_years()["year"].to_numpy() > COW_LAST_YEAR
    return out


@cache
def _capital_coordinates() -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude (radians) of each system member-year's capital on 1 July."""
    sy = system_state_years()
    ccode, year = sy["ccode"].to_numpy(), sy["year"].to_numpy()
    mid = pd.to_datetime(pd.Series(year.astype(str)) + "-07-01").to_numpy()
    lat = np.full(len(sy), np.nan)
    lng = np.full(len(sy), np.nan)
    caps = datasets.load("cow_capitals")
    caps = caps.sort_values("stdate")
    rows = zip(
        caps["ccode"].to_numpy(),
        pd.to_datetime(caps["stdate"]).to_numpy(),
        pd.to_datetime(caps["enddate"]).to_numpy(),
        caps["lat"].to_numpy(),
        caps["lng"].to_numpy(),
        strict=True,
    )
    for code, first, last, la, ln in rows:
        # Later rows overwrite earlier ones; the first capital also covers earlier years.
        mine = ccode == code
        sel = (mine & (mid >= first) & (mid <= last)) | (mine & np.isnan(lat))
        lat[sel], lng[sel] = la, ln
    return np.radians(lat), np.radians(lng)


def capdist_columns(c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> Columns:
    """``capdist``: haversine distance between capitals, km."""
    sy = system_state_years()
    keys = state_key(sy["ccode"].to_numpy(), sy["year"].to_numpy())
    lat, lng = _capital_coordinates()
    p1, _ = find(keys, state_key(c1, year))
    p2, _ = find(keys, state_key(c2, year))
    dlat = lat[p2] - lat[p1]
    dlng = lng[p2] - lng[p1]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[p1]) * np.cos(lat[p2]) * np.sin(dlng / 2) ** 2
    return {"capdist": 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))}


@cache
def _mindist_table() -> tuple[np.ndarray, np.ndarray]:
    md = datasets.load("cow_mindist")
    a, b = md["ccode1"].to_numpy(np.int64), md["ccode2"].to_numpy(np.int64)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keys = lo * 1000 + hi
    order = np.argsort(keys)
    return keys[order], md["mindist"].to_numpy(np.float64)[order]


def mindist_columns(c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> Columns:
    """``mindist``: minimum distance in km from the 2019 snapshot (every year)."""
    lo = np.minimum(c1, c2).astype(np.int64)
    hi = np.maximum(c1, c2).astype(np.int64)
    keys, values = _mindist_table()
    return {"mindist": take(keys, values, lo * 1000 + hi)}
