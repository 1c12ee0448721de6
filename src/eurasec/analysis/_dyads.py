"""Per-year dyad arrays built straight from the shipped datasets (private).

One :class:`YearArrays` per year holds, for the states in the COW system that year (NMC rows),
everything the threat model and the validation need as n×n arrays: capital distance,
contiguity type, ATOP defence pacts, shared IGO counts, plus per-state CINC, democracy and
major-power status, and the MID onsets of the year. Built with a few matrix products per year,
so the whole 1816–2014 history takes seconds.

This module exists because the validation must run on its own; the peacesci helper's
``dyad_years`` table carries the same covariates for general use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from eurasec import datasets

__all__ = ["EARTH_RADIUS_KM", "YearArrays", "capital_distance_km", "year_arrays"]

#: Mean Earth radius used for great-circle distances between capitals.
EARTH_RADIUS_KM = 6371.0

Array = NDArray[np.float64]


@dataclass(frozen=True)
class YearArrays:
    """Dyadic and monadic covariates of one year (index i ↔ ``ccodes[i]``)."""

    year: int
    ccodes: NDArray[np.int64]
    cinc: Array
    distance_km: Array
    contiguity: NDArray[np.int64]  # 0 none, 1 land, 2–5 water (12, 24, 150, 400 miles)
    defence: NDArray[np.bool_]
    shared_igo: Array
    igo_total: int
    polity2: Array  # NaN where unknown
    major: NDArray[np.bool_]
    onset: NDArray[np.bool_]  # MID onset in this year, either direction


def capital_distance_km(lat: Array, lng: Array) -> Array:
    """Great-circle distances (km) between every pair of points (haversine)."""
    la, lo = np.radians(lat), np.radians(lng)
    dla = la[:, None] - la[None, :]
    dlo = lo[:, None] - lo[None, :]
    h = np.sin(dla / 2) ** 2 + np.cos(la)[:, None] * np.cos(la)[None, :] * np.sin(dlo / 2) ** 2
    d: Array = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return d


@cache
def _sources() -> dict[str, pd.DataFrame]:
    caps = datasets.load("cow_capitals")
    caps["y0"] = caps["stdate"].str[:4].astype(int)
    caps["y1"] = caps["enddate"].str[:4].astype(int)
    cont = datasets.load("cow_contiguity")
    cont["y0"], cont["y1"] = cont["begin"] // 100, cont["end"] // 100
    mids = datasets.load("mid_dyad_year")
    mids = mids[mids["cowmidonset"] == 1][["ccode1", "ccode2", "year"]]
    igo = datasets.load("cow_igo_memberships")
    igo = igo[igo["status"] == 1][["ccode", "year", "igo"]]
    atop = datasets.load("atop_dyad_year")
    atop = atop[atop["atop_defense"] == 1][["ccode1", "ccode2", "year"]]
    majors = datasets.load("cow_majors")
    return {
        "nmc": datasets.load("cow_nmc")[["ccode", "year", "cinc", "milex"]],
        "caps": caps,
        "cont": cont,
        "mids": mids,
        "igo": igo,
        "atop": atop,
        "majors": majors,
        "dem": datasets.load("democracy")[["ccode", "year", "polity2"]],
    }


def _pairs(
    frame: pd.DataFrame, pos: dict[int, int], a: str, b: str
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    i = frame[a].map(pos)
    j = frame[b].map(pos)
    ok = i.notna() & j.notna()
    return np.asarray(i[ok], dtype=np.int64), np.asarray(j[ok], dtype=np.int64)


def year_arrays(year: int) -> YearArrays:
    """The arrays for ``year`` (states: the COW NMC rows of that year)."""
    src = _sources()
    nmc = src["nmc"][src["nmc"]["year"] == year].sort_values("ccode")
    ccodes = nmc["ccode"].to_numpy(np.int64)
    n = len(ccodes)
    pos = {int(c): k for k, c in enumerate(ccodes)}
    caps = src["caps"]
    caps = caps[(caps["y0"] <= year) & (caps["y1"] >= year)].drop_duplicates("ccode", keep="last")
    allcaps = src["caps"].drop_duplicates("ccode")
    loc = (
        pd.concat([caps, allcaps]).drop_duplicates("ccode").set_index("ccode")[["lat", "lng"]]
    ).reindex(ccodes)
    dist = capital_distance_km(
        loc["lat"].fillna(0.0).to_numpy(float), loc["lng"].fillna(0.0).to_numpy(float)
    )
    cont = src["cont"]
    cont = cont[(cont["y0"] <= year) & (cont["y1"] >= year)]
    contig = np.zeros((n, n), np.int64)
    i, j = _pairs(cont, pos, "statelno", "statehno")
    types = cont.loc[cont["statelno"].isin(pos) & cont["statehno"].isin(pos), "conttype"]
    contig[i, j] = contig[j, i] = types.to_numpy(np.int64)
    defence = np.zeros((n, n), bool)
    i, j = _pairs(src["atop"][src["atop"]["year"] == year], pos, "ccode1", "ccode2")
    defence[i, j] = defence[j, i] = True
    igo = src["igo"][src["igo"]["year"] == year]
    codes = pd.Categorical(igo["igo"])
    member = np.zeros((n, max(len(codes.categories), 1)))
    rows = igo["ccode"].map(pos)
    ok = rows.notna().to_numpy()
    member[rows[ok].to_numpy(np.int64), codes.codes[ok]] = 1.0
    shared = member @ member.T
    dem = src["dem"][src["dem"]["year"] == year].drop_duplicates("ccode").set_index("ccode")
    maj = src["majors"]
    major = np.isin(ccodes, maj[(maj["styear"] <= year) & (maj["endyear"] >= year)]["ccode"])
    onset = np.zeros((n, n), bool)
    i, j = _pairs(src["mids"][src["mids"]["year"] == year], pos, "ccode1", "ccode2")
    onset[i, j] = onset[j, i] = True
    return YearArrays(
        year=year,
        ccodes=ccodes,
        cinc=nmc["cinc"].fillna(0.0).to_numpy(float),
        distance_km=dist,
        contiguity=contig,
        defence=defence,
        shared_igo=shared,
        igo_total=len(codes.categories),
        polity2=dem["polity2"].reindex(ccodes).to_numpy(float),
        major=major,
        onset=onset,
    )
