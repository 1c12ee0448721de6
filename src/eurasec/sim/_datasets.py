"""Simulation inputs built from the shipped datasets (the fallback of :func:`build_inputs`).

Rules (each constant below is named and documented in ``docs/concepts/simulation.md``):

- **Actors**: registry states flagged ``eurasian`` that are COW system members in ``year``,
  identified by ISO 3166 alpha-3.
- **Capability**: COW NMC CINC of the latest year ≤ ``year``.
- **Distance**: 0 for land contiguity (COW contiguity type 1), :data:`WATER_DISTANCE_KM` for
  water contiguity up to 150 miles (types 2-3), else the minimum border distance (CShapes
  ``cow_mindist``).
- **Threat** (symmetric, all dimensions alike, scaled by the dimension weights in the model):
  ``sqrt(cinc_i * cinc_j) * exp(-d_ij / DISTANCE_DECAY_KM) * (1 - ALIGNMENT_DAMPING * a_ij)``
  where ``a_ij`` is the share of the key organisations either belongs to that both belong to;
  normalised to mean 1 over dyads.
- **Channels**: shared memberships in the key organisations of ``cow_igo_selected`` (full
  member 1, associate or observer 0.5, the smaller of the two sides), universal bodies
  excluded, plus 1 for an ATOP consultation or defence pact.
- **Mediator**: some third state shares a channel of strength ≥ 1 with both and poses each a
  threat at most the median dyadic threat.
- **Alliance**: an ATOP defence pact in force in ``year``.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from eurasec import datasets
from eurasec.errors import InputError
from eurasec.sim.inputs import SimInputs
from eurasec.sim.params import DIMENSIONS

__all__ = [
    "ALIGNMENT_DAMPING",
    "DISTANCE_DECAY_KM",
    "EXCLUDED_ORGS",
    "MEDIATOR_THREAT_QUANTILE",
    "WATER_DISTANCE_KM",
    "build",
    "eurasian_ccodes",
]

#: Loss-of-strength gradient: threat falls by a factor e every this many km of separation.
DISTANCE_DECAY_KM = 500.0
#: Distance counted for water contiguity up to 150 miles (COW types 2-3).
WATER_DISTANCE_KM = 100.0
#: How much full organisational alignment damps threat (0 = not at all, 1 = entirely).
ALIGNMENT_DAMPING = 0.5
#: A mediator poses each party a threat at most this quantile of all dyadic threats.
MEDIATOR_THREAT_QUANTILE = 0.5
#: Universal bodies that say nothing about a dyad's channels.
EXCLUDED_ORGS = ("un", "wto", "imf", "ibrd", "iaea")
_ORG_COLS_SKIP = ("ccode", "year", "state")
_YEARS = (1946, 2014)


def eurasian_ccodes(year: int) -> pd.DataFrame:
    """Registry states flagged ``eurasian`` that are COW system members in ``year``.

    Columns ccode, iso3, name; sorted by iso3. The same actor set serves the simulation and
    its calibration target.
    """
    from eurasec import registry

    states = datasets.load("cow_states")
    alive = set(states[(states["styear"] <= year) & (states["endyear"] >= year)]["ccode"])
    rows = [
        (int(s.cow_code), s.id, s.name)
        for s in registry.states(eurasian=True)
        if s.cow_code is not None and int(s.cow_code) in alive
    ]
    out = pd.DataFrame(rows, columns=["ccode", "iso3", "name"]).drop_duplicates("ccode")
    return out.sort_values("iso3").reset_index(drop=True)


def _capability(codes: list[int], year: int) -> NDArray[np.float64]:
    nmc = datasets.load("cow_nmc")
    nmc = nmc[(nmc["year"] <= year) & nmc["cinc"].notna() & nmc["ccode"].isin(codes)]
    latest = nmc.sort_values("year").groupby("ccode")["cinc"].last()
    return latest.reindex(codes).fillna(0.0).to_numpy(dtype=np.float64)


def _distance(codes: list[int], year: int) -> NDArray[np.float64]:
    pos = {c: i for i, c in enumerate(codes)}
    n = len(codes)
    dist = np.full((n, n), 20000.0)
    md = datasets.load("cow_mindist")
    md = md[md["ccode1"].isin(pos) & md["ccode2"].isin(pos)]
    for a, b, d in md[["ccode1", "ccode2", "mindist"]].itertuples(index=False):
        dist[pos[a], pos[b]] = dist[pos[b], pos[a]] = float(d)
    ct = datasets.load("cow_contiguity")
    ym = year * 100 + 6
    ct = ct[(ct["begin"] <= ym) & (ct["end"] >= ym) & (ct["conttype"] <= 3)]
    for a, b, t in ct[["statelno", "statehno", "conttype"]].itertuples(index=False):
        if a in pos and b in pos:
            d = 0.0 if t == 1 else WATER_DISTANCE_KM
            i, j = pos[a], pos[b]
            dist[i, j] = dist[j, i] = min(dist[i, j], d)
    np.fill_diagonal(dist, 0.0)
    return dist


def _memberships(codes: list[int], year: int) -> NDArray[np.float64]:
    sel = datasets.load("cow_igo_selected")
    sel = sel[sel["year"] == min(year, 2014)].set_index("ccode").reindex(codes)
    orgs = [c for c in sel.columns if c not in _ORG_COLS_SKIP and c not in EXCLUDED_ORGS]
    status = sel[orgs].to_numpy(dtype=np.float64)
    weight = np.where(status == 1, 1.0, np.where((status == 2) | (status == 3), 0.5, 0.0))
    return np.nan_to_num(weight)


def _atop(codes: list[int], year: int) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    pos = {c: i for i, c in enumerate(codes)}
    n = len(codes)
    defence = np.zeros((n, n), dtype=bool)
    consult = np.zeros((n, n), dtype=bool)
    atop = datasets.load("atop_dyad_year")
    atop = atop[
        (atop["year"] == min(year, 2018)) & atop["ccode1"].isin(pos) & atop["ccode2"].isin(pos)
    ]
    cols = ["ccode1", "ccode2", "atop_defense", "atop_consul"]
    for a, b, dfn, con in atop[cols].to_numpy(dtype=np.int64).tolist():
        i, j = pos[a], pos[b]
        if dfn:
            defence[i, j] = defence[j, i] = True
        if dfn or con:
            consult[i, j] = consult[j, i] = True
    return defence, consult


@cache
def _build_cached(year: int) -> SimInputs:
    if not _YEARS[0] <= year <= _YEARS[1]:
        raise InputError(f"dataset inputs cover {_YEARS[0]}-{_YEARS[1]}, not {year}")
    states = eurasian_ccodes(year)
    codes = [int(c) for c in states["ccode"]]
    cinc = _capability(codes, year)
    dist = _distance(codes, year)
    member = _memberships(codes, year)
    shared = np.minimum(member[:, None, :], member[None, :, :]).sum(axis=2)
    either = np.maximum(member[:, None, :], member[None, :, :]).sum(axis=2)
    align = np.divide(shared, either, out=np.zeros_like(shared), where=either > 0)
    defence, consult = _atop(codes, year)
    channels = shared + consult.astype(np.float64)
    np.fill_diagonal(channels, 0.0)
    mutual = np.sqrt(np.outer(cinc, cinc)) * np.exp(-dist / DISTANCE_DECAY_KM)
    threat = mutual * (1.0 - ALIGNMENT_DAMPING * align)
    np.fill_diagonal(threat, 0.0)
    iu = np.triu_indices(len(codes), 1)
    mean = float(threat[iu].mean())
    threat = threat / mean if mean > 0 else threat
    from eurasec.sim._engine import mediator_matrix

    mediator = mediator_matrix(channels, threat)
    return SimInputs(
        actors=tuple(states["iso3"]),
        names=tuple(states["name"]),
        threat=np.broadcast_to(threat, (len(DIMENSIONS), *threat.shape)).copy(),
        channels=channels,
        mediator=mediator,
        alliance=defence,
        capability=cinc,
        source="datasets",
        year=year,
        notes={"actors": "registry eurasian states in the COW system", "threat": "datasets"},
    )


def build(year: int) -> SimInputs:
    """The dataset-derived :class:`SimInputs` for ``year`` (built once per process)."""
    return _build_cached(int(year))
