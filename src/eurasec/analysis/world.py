"""The world as arrays on a date: actors, capabilities per dimension, geography, alignment.

A :class:`World` is what ``assess``, the mediators and the simulation compute on. It is built
from the shipped datasets for the latest year each source covers up to the date asked for
(COW NMC 2022, World Bank 2023, UCDP 2024, ATOP 2018, COW IGO 2014, contiguity 2016);
``data_years`` says which year each array comes from. Actors are ISO 3166 alpha-3 codes
(the COW abbreviation where a COW state has none).

Formats are the COW intergovernmental organisations alive in the IGO year, with each state's
role weighted by :data:`ROLE_WEIGHT`; those in :data:`DEFENCE_FORMATS` are mutual-defence
organisations. Bilateral defence pacts come from ATOP. The registry's dated facts
(``eurasec.registry``: the Eurasian formats and defence treaties, kept current) then overlay
them on the exact date: a registry format replaces the COW column of the same code or adds
one, its defence flag on that date decides whether it is a defence format, and the parties of
a defence treaty in force are bound to each other.

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache
from typing import Final

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from eurasec import datasets
from eurasec.analysis._dyads import year_arrays
from eurasec.analysis.threat import DIMENSIONS
from eurasec.errors import AnalysisError, NotFound
from eurasec.peacesci.codes import ccode_to_iso3

__all__ = [
    "DEFENCE_FORMATS",
    "FIRST_YEAR",
    "ROLE_WEIGHT",
    "World",
    "world",
]

Array = NDArray[np.float64]

#: Weight of a role in a format when counting shared formats (alignment share).
ROLE_WEIGHT: Final = {
    "member": 1.0,
    "associate": 0.5,
    "observer": 0.25,
    "dialogue_partner": 0.25,
    "partner": 0.25,
}
#: COW IGO codes of organisations whose members owe each other mutual defence.
DEFENCE_FORMATS: Final = frozenset({"nato", "csto", "wpact", "seato", "cento", "weu", "anzus"})

#: First year with every source of the world (World Bank GDP and population start in 1960).
FIRST_YEAR: Final = 1960

_COW_STATUS_ROLE = {1: "member", 2: "associate", 3: "observer"}


@dataclass(frozen=True)
class World:
    """Actors and their arrays on one date (index i ↔ ``actors[i]``)."""

    actors: tuple[str, ...]
    names: tuple[str, ...]
    capacity: Array  # (dimensions, n): what each actor can bring, shares
    source: Array  # (dimensions, n): what each actor projects as threat, shares
    distance_km: Array
    contiguity: NDArray[np.int64]
    defence: Array  # (n, n) 0/1 bilateral mutual-defence
    formats: tuple[str, ...]
    defence_format: NDArray[np.bool_]  # (F,)
    membership: Array  # (n, F) role weights
    format_total: int  # formats alive at the data date: the alignment-share denominator
    data_years: dict[str, int] = field(default_factory=dict)
    #: (F,) formats with a political or security mandate (COW ``political`` flag, and every
    #: registry format); channels in them rank before technical ones. None: all count.
    format_political: NDArray[np.bool_] | None = None

    def index(self, actor: str) -> int:
        """Position of ``actor`` (ISO3, case-insensitive); a clear error when unknown."""
        code = actor.strip().upper()
        try:
            return self.actors.index(code)
        except ValueError:
            raise NotFound("actor", actor, self.actors) from None

    def format_index(self, fmt: str) -> int:
        """Position of format ``fmt`` (COW IGO code, case-insensitive)."""
        code = fmt.strip().lower()
        try:
            return self.formats.index(code)
        except ValueError:
            raise NotFound("format", fmt, self.formats) from None

    def org_share(self, membership: Array | None = None) -> Array:
        """s[i, j]: role-weighted formats shared by i and j over all formats (0 diagonal)."""
        m = self.membership if membership is None else membership
        s: Array = (m @ m.T) / max(self.format_total, 1)
        np.fill_diagonal(s, 0.0)
        return s

    def defence_matrix(self, membership: Array | None = None) -> Array:
        """Bilateral pacts plus full membership of a common defence organisation (0/1)."""
        m = self.membership if membership is None else membership
        full = (m[:, self.defence_format] >= 1.0).astype(float)
        d: Array = np.maximum(self.defence, (full @ full.T > 0).astype(float))
        np.fill_diagonal(d, 0.0)
        return d


def _shares(values: pd.Series) -> Array:
    v = values.fillna(0.0).clip(lower=0.0).to_numpy(float)
    total = v.sum()
    out: Array = v / total if total > 0 else v
    return out


def _latest(frame: pd.DataFrame, year_col: str, year: int) -> tuple[pd.DataFrame, int]:
    y = int(frame.loc[frame[year_col] <= year, year_col].max())
    return frame[frame[year_col] == y], y


@cache
def _world(year: int) -> World:
    nmc_year = min(year, 2022)
    arrays = year_arrays(min(nmc_year, 2014))
    nmc, nmc_year = _latest(datasets.load("cow_nmc"), "year", nmc_year)
    ccodes = np.array(sorted(set(arrays.ccodes) & set(nmc["ccode"])), dtype=np.int64)
    keep = np.isin(arrays.ccodes, ccodes)
    abb = datasets.load("cow_codes").drop_duplicates("CCode").set_index("CCode")
    # ISO3 where one exists (Serbia is COW 345, Kosovo XKX); else the COW abbreviation.
    actors = tuple((ccode_to_iso3(int(c)) or str(abb.loc[c, "StateAbb"])).upper() for c in ccodes)
    names = tuple(str(abb.loc[c, "StateNme"]) for c in ccodes)
    cinc = _shares(nmc.drop_duplicates("ccode").set_index("ccode")["cinc"].reindex(ccodes))
    gdp, gdp_year = _latest(datasets.load("wb_gdp"), "Year", year)
    gdp_s = _shares(gdp.set_index("Country Code")["Value"].reindex(actors))
    pop, _ = _latest(datasets.load("wb_population"), "Year", year)
    pop_s = _shares(pop.set_index("Country Code")["Value"].reindex(actors))
    acd, acd_year = _latest(datasets.load("ucdp_acd"), "year", year)
    where = acd.assign(loc=acd["gwno_loc"].astype(str).str.split(",")).explode("loc")
    intensity = where.groupby(where["loc"].str.strip().astype(int))["intensity_level"].max()
    conflict = intensity.reindex(ccodes).fillna(0.0).to_numpy(float)
    source = np.vstack([cinc, _norm(conflict), cinc, gdp_s, gdp_s, gdp_s])
    source = np.vstack([source, _shares(pd.Series(pop_s * (conflict > 0))), np.zeros_like(cinc)])
    capacity = np.vstack([cinc, gdp_s, cinc, gdp_s, gdp_s, gdp_s, gdp_s, gdp_s])
    assert capacity.shape[0] == len(DIMENSIONS) == source.shape[0]
    sub = np.ix_(keep, keep)
    atop = datasets.load("atop_dyad_year")
    atop_year = int(min(year, atop["year"].max()))
    defence = _atop_defence(atop, atop_year, ccodes)
    formats, kinds, membership, igo_year = _formats(min(year, 2014), ccodes)
    orgs = datasets.load("cow_igo_orgs")
    political = set(orgs.loc[orgs["political"] == 1, "ioname"].str.lower())
    return World(
        actors=actors,
        names=names,
        capacity=capacity,
        source=source,
        distance_km=arrays.distance_km[sub],
        contiguity=arrays.contiguity[sub],
        defence=defence,
        formats=formats,
        defence_format=kinds,
        membership=membership,
        format_total=len(formats),
        format_political=np.array([f in political for f in formats], dtype=bool),
        data_years={
            "capability": nmc_year,
            "gdp_population": gdp_year,
            "armed_conflict": acd_year,
            "defence_pacts": atop_year,
            "formats": igo_year,
            "geography": arrays.year,
        },
    )


def _norm(v: Array) -> Array:
    total = v.sum()
    out: Array = v / total if total > 0 else v
    return out


def _atop_defence(atop: pd.DataFrame, year: int, ccodes: NDArray[np.int64]) -> Array:
    pos = {int(c): k for k, c in enumerate(ccodes)}
    rows = atop[(atop["year"] == year) & (atop["atop_defense"] == 1)]
    i, j = rows["ccode1"].map(pos), rows["ccode2"].map(pos)
    ok = i.notna() & j.notna()
    out = np.zeros((len(ccodes), len(ccodes)))
    out[i[ok].astype(int), j[ok].astype(int)] = 1.0
    out = np.maximum(out, out.T)
    np.fill_diagonal(out, 0.0)
    return out


def _formats(
    year: int, ccodes: NDArray[np.int64]
) -> tuple[tuple[str, ...], NDArray[np.bool_], Array, int]:
    igo = datasets.load("cow_igo_memberships")
    igo = igo[igo["year"] == year]
    pos = {int(c): k for k, c in enumerate(ccodes)}
    formats = tuple(sorted(igo["igo"].unique()))
    fpos = {f: k for k, f in enumerate(formats)}
    membership = np.zeros((len(ccodes), len(formats)))
    rows = igo[igo["ccode"].isin(pos)]
    weights = rows["status"].map(_COW_STATUS_ROLE).map(ROLE_WEIGHT).fillna(0.0)
    membership[rows["ccode"].map(pos).to_numpy(int), rows["igo"].map(fpos).to_numpy(int)] = (
        weights.to_numpy(float)
    )
    kinds = np.array([f in DEFENCE_FORMATS for f in formats], dtype=bool)
    return formats, kinds, membership, year


def world(as_of: date | None = None) -> World:
    """The world on ``as_of`` (default: today), from the latest data up to that date."""
    day = as_of or date.today()
    if day.year < FIRST_YEAR:
        raise AnalysisError(f"the analysis world starts in {FIRST_YEAR} (World Bank data)")
    return _world_on(day)


@lru_cache(maxsize=16)
def _world_on(day: date) -> World:
    from eurasec import registry

    base = _world(day.year)
    pos = {a: k for k, a in enumerate(base.actors)}
    formats = list(base.formats)
    kinds = list(base.defence_format)
    political = list(base.format_political if base.format_political is not None else kinds)
    membership = base.membership.copy()
    columns = []
    for fmt in registry.formats():
        code = fmt.id.lower()
        column = np.zeros(len(base.actors))
        for m in registry.members(fmt.id, day):
            if m.actor in pos:
                column[pos[m.actor]] = ROLE_WEIGHT.get(m.role, 0.0)
        if code in formats:
            k = formats.index(code)
            membership[:, k] = column
            kinds[k] = fmt.defence_on(day)
            political[k] = True
        elif column.any():
            formats.append(code)
            kinds.append(fmt.defence_on(day))
            political.append(True)
            columns.append(column)
    if columns:
        membership = np.hstack([membership, np.column_stack(columns)])
    defence = base.defence.copy()
    for treaty in registry.treaties():
        if not treaty.defence:
            continue
        status = registry.treaty(treaty.id, day)
        bound = [pos[p] for p in status.parties if p in pos] if status.status == "in_force" else []
        for i in bound:
            for j in bound:
                defence[i, j] = 1.0 if i != j else 0.0
    return replace(
        base,
        formats=tuple(formats),
        defence_format=np.array(kinds, dtype=bool),
        format_political=np.array(political, dtype=bool),
        membership=membership,
        format_total=len(formats),
        defence=defence,
        data_years={**base.data_years, "registry": day.year},
    )
