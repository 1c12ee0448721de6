"""Per-year dyad arrays built straight from the shipped datasets (private).

One :class:`YearArrays` per year holds, for the states in the COW system that year (NMC rows),
everything the threat model and the validation need as n×n arrays: capital distance,
contiguity type, ATOP ties by kind of obligation (defence, consultation, non-aggression, any),
shared IGO counts, the dyad's militarized-dispute onsets in the previous
:data:`HISTORY_YEARS` years, plus per-state CINC, democracy and major-power status, and the
MID onsets of the year. Built with a few matrix products per year, so the whole 1816–2014
history takes seconds.

This module exists because the validation must run on its own; the peacesci helper's
``dyad_years`` table carries the same covariates for general use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from eurasec import datasets

__all__ = [
    "EARTH_RADIUS_KM",
    "HISTORY_YEARS",
    "YearArrays",
    "capital_distance_km",
    "onset_history",
    "year_arrays",
]

#: Mean Earth radius used for great-circle distances between capitals.
EARTH_RADIUS_KM = 6371.0
#: The window of the prior-disputes term: dispute onsets in the previous 20 years.
HISTORY_YEARS = 20

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
    consultation: NDArray[np.bool_]  # ATOP consultation pact
    nonaggression: NDArray[np.bool_]  # ATOP non-aggression pact
    alliance: NDArray[np.bool_]  # any ATOP obligation (defence, offence, neutrality, ...)
    history: Array  # MID onsets (disputes) of the dyad in the previous HISTORY_YEARS years
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
    mids = mids[mids["cowmidonset"] == 1][["dispnum", "ccode1", "ccode2", "year"]]
    igo = datasets.load("cow_igo_memberships")
    igo = igo[igo["status"] == 1][["ccode", "year", "igo"]]
    atop = datasets.load("atop_dyad_year")
    kinds = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    atop = atop[atop[kinds].max(axis=1) == 1]
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


@cache
def _history_cube() -> tuple[dict[int, int], int, NDArray[np.int16]]:
    """Cumulative dispute onsets per pair of COW codes: ``cube[k]`` sums years before ``y0 + k``."""
    mids = _sources()["mids"]
    lo = np.minimum(mids["ccode1"], mids["ccode2"])
    hi = np.maximum(mids["ccode1"], mids["ccode2"])
    onsets = pd.DataFrame({"d": mids["dispnum"], "a": lo, "b": hi, "year": mids["year"]})
    onsets = onsets.drop_duplicates()
    codes = np.unique(np.concatenate([_sources()["nmc"]["ccode"].to_numpy(), lo, hi]))
    pos = {int(c): k for k, c in enumerate(codes)}
    y0 = int(onsets["year"].min())
    span = int(onsets["year"].max()) - y0 + 2
    cube = np.zeros((span, len(codes), len(codes)), np.int16)
    i, j = onsets["a"].map(pos).to_numpy(), onsets["b"].map(pos).to_numpy()
    k = onsets["year"].to_numpy() - y0 + 1
    np.add.at(cube, (k, i, j), 1)
    np.add.at(cube, (k, j, i), 1)
    np.cumsum(cube, axis=0, out=cube)
    cube.setflags(write=False)
    return pos, y0, cube


def onset_history(ccodes: NDArray[np.int64], year: int, window: int = HISTORY_YEARS) -> Array:
    """Dispute onsets of each pair in the ``window`` years before ``year`` (MID; n×n).

    Years after the last MID year count as having no data: the window is cut at the data's end
    (callers that look past it say so in their vintage).
    """
    pos, y0, cube = _history_cube()
    last = y0 + cube.shape[0] - 2
    hi = min(max(year - y0, 0), last - y0 + 1)
    lo = min(max(year - window - y0, 0), hi)
    known = np.array([int(c) in pos for c in ccodes])
    ix = np.array([pos.get(int(c), 0) for c in ccodes], dtype=np.int64)
    h: Array = (cube[hi] - cube[lo])[np.ix_(ix, ix)].astype(float)
    h[~known] = 0.0
    h[:, ~known] = 0.0
    return h


def _tie(frame: pd.DataFrame, pos: dict[int, int], n: int) -> NDArray[np.bool_]:
    out = np.zeros((n, n), bool)
    i, j = _pairs(frame, pos, "ccode1", "ccode2")
    out[i, j] = out[j, i] = True
    np.fill_diagonal(out, False)
    return out


@lru_cache(maxsize=32)
def year_arrays(year: int) -> YearArrays:
    """The arrays for ``year`` (states: the COW NMC rows of that year; the last 32 cached)."""
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
    atop = src["atop"][src["atop"]["year"] == year]
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
        defence=_tie(atop[atop["atop_defense"] == 1], pos, n),
        consultation=_tie(atop[atop["atop_consul"] == 1], pos, n),
        nonaggression=_tie(atop[atop["atop_nonagg"] == 1], pos, n),
        alliance=_tie(atop, pos, n),
        history=onset_history(ccodes, year),
        shared_igo=shared,
        igo_total=len(codes.categories),
        polity2=dem["polity2"].reindex(ccodes).to_numpy(float),
        major=major,
        onset=onset,
    )


#: First and last years of the dyad table (IGO memberships and MID onsets end in 2014).
TABLE_FIRST_YEAR = 1816
TABLE_LAST_YEAR = 2014

#: Directed coalition columns of :func:`dyad_table`, each as ``<name>_ij`` (threat to the
#: first state from the second) and ``<name>_ji``: frontier counts over land (``N``) and across
#: water (``W``) and pooled capability (``P``), by kind of tie (d, c, n).
COALITION_COLUMNS = tuple(f"{f}{k}" for f in "NWP" for k in "dcn")


def _year_rows(a: YearArrays) -> dict[str, NDArray[np.float64] | NDArray[np.float32]]:
    from eurasec.analysis.coalition import frontier, pool, tie_kinds

    i, j = np.triu_indices(len(a.ccodes), 1)
    kinds = tie_kinds(a.defence, a.consultation, a.nonaggression)
    land = (a.contiguity == 1).astype(float)
    water = (a.contiguity > 1).astype(float)
    defence = kinds[0]
    out: dict[str, NDArray[np.float64] | NDArray[np.float32]] = {
        "year": np.full(len(i), float(a.year)),
        "c1": a.ccodes[i].astype(float),
        "c2": a.ccodes[j].astype(float),
        "ci": a.cinc[i],
        "cj": a.cinc[j],
        "dist": a.distance_km[i, j],
        "cont": a.contiguity[i, j].astype(float),
        "defence": kinds[0][i, j],
        "consultation": kinds[1][i, j],
        "nonaggression": kinds[2][i, j],
        "alliance": a.alliance[i, j].astype(float),
        "share": a.shared_igo[i, j] / max(a.igo_total, 1),
        "pi": a.polity2[i],
        "pj": a.polity2[j],
        "major": (a.major[i] | a.major[j]).astype(float),
        "hist": a.history[i, j],
        "y": a.onset[i, j].astype(float),
    }
    for k, ties in zip("dcn", kinds, strict=True):
        for name, m in (
            ("N", frontier(land, defence, ties)),
            ("W", frontier(water, defence, ties)),
            ("P", pool(defence, a.cinc, ties)),
        ):
            out[f"{name}{k}_ij"] = m[i, j].astype(np.float32)
            out[f"{name}{k}_ji"] = m[j, i].astype(np.float32)
    return out


@cache
def dyad_table(
    first: int = TABLE_FIRST_YEAR, last: int = TABLE_LAST_YEAR
) -> dict[str, NDArray[np.float64]]:
    """Non-directed dyad-years ``first..last`` as columns (i < j in COW code order).

    Monadic columns end in ``i``/``j`` (first and second state); directed coalition columns
    (:data:`COALITION_COLUMNS`) in ``_ij``/``_ji``. Cached: treat the arrays as read-only.
    """
    from eurasec.errors import AnalysisError

    if not TABLE_FIRST_YEAR <= first <= last <= TABLE_LAST_YEAR:
        raise AnalysisError(f"years must lie within {TABLE_FIRST_YEAR}–{TABLE_LAST_YEAR}")
    parts = [_year_rows(year_arrays(year)) for year in range(first, last + 1)]
    table: dict[str, NDArray[np.float64]] = {
        name: np.concatenate([p[name] for p in parts]) for name in parts[0]
    }
    for col in table.values():
        col.setflags(write=False)
    return table
