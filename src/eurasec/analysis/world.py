"""The world as arrays on a date: actors, capabilities per dimension, geography, alignment.

A :class:`World` is what ``assess``, the mediators and the simulation compute on. Every input
is taken as of the date asked for, and :attr:`World.vintage` says for each what it is, which
year or date it describes, and whether it is carried forward past its source's end:

- **capabilities**: COW NMC CINC of the year; after NMC's last year (2022) the documented
  splice of :func:`eurasec.peacesci.capabilities.cinc_spliced` (military expenditure chained
  on SIPRI × World Bank to 2023, population on the World Bank to 2024, the other four
  components carried forward);
- **GDP, population, armed conflict**: World Bank (2023, 2024) and UCDP/PRIO (2024), latest
  year up to the date;
- **alliances**: ATOP ties by kind (defence, consultation, non-aggression) of the year up to
  ATOP's last year (2018). After it, the registry's dated defence treaties and defence
  organisations decide every pair they have ever bound (a pair not bound on the date is not
  allied: Armenia and Azerbaijan, CST parties until 1999, are not allies in 2025), and ATOP's
  last year is carried forward, flagged, for the pairs the registry does not cover;
- **formats**: the COW IGOs alive in the IGO year (to 2014), roles weighted by
  :data:`ROLE_WEIGHT`; the registry's formats (the Eurasian organisations and forums, coded
  to the day) replace or add columns on the date, and the COW columns the registry does not
  code are flagged as carried forward from 2014;
- **disputes**: each pair's MID onsets in the 20 years before the date (MID ends in 2014: the
  last full window, 1995–2014, is carried forward and flagged);
- **geography**: capitals and COW direct contiguity (2014).

Actors are ISO 3166 alpha-3 codes (the COW abbreviation where a COW state has none).
``data_years`` keeps the year of each source for older callers.

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache
from typing import Any, Final

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from eurasec import datasets
from eurasec.analysis._dyads import HISTORY_YEARS, onset_history, year_arrays
from eurasec.analysis.threat import DIMENSIONS
from eurasec.errors import AnalysisError, NotFound
from eurasec.peacesci.capabilities import NMC_LAST_YEAR, cinc_spliced
from eurasec.peacesci.codes import ccode_to_iso3

__all__ = [
    "ATOP_LAST_YEAR",
    "DEFENCE_FORMATS",
    "FIRST_YEAR",
    "IGO_LAST_YEAR",
    "MID_LAST_YEAR",
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
#: Last years of the sources that stop before today (ATOP v5.1, COW IGO v3, COW MID 5.0).
ATOP_LAST_YEAR: Final = 2018
IGO_LAST_YEAR: Final = 2014
MID_LAST_YEAR: Final = 2014

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
    #: (n, n) 0/1 bilateral consultation and non-aggression pacts (ATOP), None: none.
    consultation: Array | None = None
    nonaggression: Array | None = None
    #: (n, n) each pair's MID onsets in the previous 20 years; None: no history term.
    history: Array | None = None
    #: Each input: its source, the year or date it describes, and whether it is carried forward.
    vintage: dict[str, dict[str, Any]] = field(default_factory=dict)

    def bilateral(self, kind: str) -> Array:
        """The bilateral ties of one kind (``defence``, ``consultation``, ``nonaggression``)."""
        value = {"defence": self.defence}.get(kind, getattr(self, kind, None))
        if value is None:
            return np.zeros_like(self.defence)
        out: Array = value
        return out

    def dispute_history(self) -> Array:
        """Each pair's MID onsets in the previous 20 years (zeros when not known)."""
        return self.history if self.history is not None else np.zeros_like(self.distance_km)

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


def _capability(year: int) -> tuple[pd.Series, dict[str, Any]]:
    """CINC by COW code for ``year`` and its vintage."""
    if year <= NMC_LAST_YEAR:
        nmc, nmc_year = _latest(datasets.load("cow_nmc"), "year", year)
        cinc = nmc.drop_duplicates("ccode").set_index("ccode")["cinc"]
        return cinc, {"source": "COW NMC v7.0 (CINC)", "year": nmc_year, "carried_forward": False}
    spliced = cinc_spliced(year)
    return spliced.cinc, {
        "source": "COW NMC v7.0 (CINC), spliced",
        "year": NMC_LAST_YEAR,
        "carried_forward": True,
        "note": (
            f"military expenditure chained to {spliced.milex_year} on SIPRI share of GDP × "
            f"World Bank GDP, population to {spliced.population_year} on World Bank "
            f"population; personnel, iron and steel, energy and urban population carried "
            f"forward from {NMC_LAST_YEAR}"
        ),
    }


@cache
def _world(year: int) -> World:
    nmc_year = min(year, NMC_LAST_YEAR)
    arrays = year_arrays(min(nmc_year, IGO_LAST_YEAR))
    nmc, _ = _latest(datasets.load("cow_nmc"), "year", nmc_year)
    ccodes = np.array(sorted(set(arrays.ccodes) & set(nmc["ccode"])), dtype=np.int64)
    keep = np.isin(arrays.ccodes, ccodes)
    abb = datasets.load("cow_codes").drop_duplicates("CCode").set_index("CCode")
    # ISO3 where one exists (Serbia is COW 345, Kosovo XKX); else the COW abbreviation.
    actors = tuple((ccode_to_iso3(int(c)) or str(abb.loc[c, "StateAbb"])).upper() for c in ccodes)
    names = tuple(str(abb.loc[c, "StateNme"]) for c in ccodes)
    cinc_raw, cap_vintage = _capability(year)
    cinc = _shares(cinc_raw.reindex(ccodes))
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
    atop_year = int(min(year, ATOP_LAST_YEAR))
    ties = {kind: _atop(atop, atop_year, ccodes, col) for kind, col in _ATOP_KINDS.items()}
    formats, kinds, membership, igo_year = _formats(min(year, IGO_LAST_YEAR), ccodes)
    orgs = datasets.load("cow_igo_orgs")
    political = set(orgs.loc[orgs["political"] == 1, "ioname"].str.lower())
    history_year = min(year, MID_LAST_YEAR + 1)
    vintage = {
        "capability": cap_vintage,
        "gdp_population": {"source": "World Bank WDI", "year": gdp_year},
        "armed_conflict": {"source": "UCDP/PRIO ACD v25.1", "year": acd_year},
        "alliances": {
            "source": "ATOP v5.1",
            "year": atop_year,
            "carried_forward": year > ATOP_LAST_YEAR,
        },
        "formats": {
            "source": "COW IGO v3.0",
            "year": igo_year,
            "carried_forward": year > IGO_LAST_YEAR,
        },
        "disputes": {
            "source": "COW MID 5.0",
            "years": [history_year - HISTORY_YEARS, history_year - 1],
            "carried_forward": year > MID_LAST_YEAR + 1,
        },
        "geography": {"source": "COW capitals and Direct Contiguity v3.2", "year": arrays.year},
    }
    return World(
        actors=actors,
        names=names,
        capacity=capacity,
        source=source,
        distance_km=arrays.distance_km[sub],
        contiguity=arrays.contiguity[sub],
        defence=ties["defence"],
        consultation=ties["consultation"],
        nonaggression=ties["nonaggression"],
        history=onset_history(ccodes, history_year),
        formats=formats,
        defence_format=kinds,
        membership=membership,
        format_total=len(formats),
        format_political=np.array([f in political for f in formats], dtype=bool),
        vintage=vintage,
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


_ATOP_KINDS = {
    "defence": "atop_defense",
    "consultation": "atop_consul",
    "nonaggression": "atop_nonagg",
}


def _atop(atop: pd.DataFrame, year: int, ccodes: NDArray[np.int64], column: str) -> Array:
    pos = {int(c): k for k, c in enumerate(ccodes)}
    rows = atop[(atop["year"] == year) & (atop[column] == 1)]
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
    coded = []
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
            coded.append(code)
        elif column.any():
            formats.append(code)
            kinds.append(fmt.defence_on(day))
            political.append(True)
            columns.append(column)
            coded.append(code)
    if columns:
        membership = np.hstack([membership, np.column_stack(columns)])
    bound, known = _registry_bindings(day)
    ties = {k: base.bilateral(k).copy() for k in ("defence", "consultation", "nonaggression")}
    after_atop = day.year > ATOP_LAST_YEAR
    for a, b in known if after_atop else ():
        if a in pos and b in pos:  # the registry decides this pair: ATOP is not carried forward
            for tie in ties.values():
                tie[pos[a], pos[b]] = tie[pos[b], pos[a]] = 0.0
    for a, b in bound:
        if a in pos and b in pos:
            ties["defence"][pos[a], pos[b]] = ties["defence"][pos[b], pos[a]] = 1.0
    vintage = dict(base.vintage)
    vintage["alliances"] = {
        **vintage["alliances"],
        "registry": day.isoformat(),
        "note": (
            "ATOP ties carried forward from its last year except for the pairs the registry's "
            "dated defence treaties and organisations have bound, which are allied only if "
            "bound on the date"
            if after_atop
            else "ATOP ties of the year, plus the registry's defence treaties in force on the date"
        ),
    }
    stale = len(base.formats) - len(set(coded) & set(base.formats))
    vintage["formats"] = {
        **vintage["formats"],
        "registry": day.isoformat(),
        "registry_formats": sorted(coded),
        "carried_forward_formats": stale if day.year > IGO_LAST_YEAR else 0,
    }
    return replace(
        base,
        formats=tuple(formats),
        defence_format=np.array(kinds, dtype=bool),
        format_political=np.array(political, dtype=bool),
        membership=membership,
        format_total=len(formats),
        defence=ties["defence"],
        consultation=ties["consultation"],
        nonaggression=ties["nonaggression"],
        vintage=vintage,
        data_years={**base.data_years, "registry": day.year},
    )


def _pairs_of(actors: list[str]) -> set[tuple[str, str]]:
    return {(a, b) for a in actors for b in actors if a < b}


@lru_cache(maxsize=16)
def _registry_bindings(day: date) -> tuple[frozenset[tuple[str, str]], frozenset[tuple[str, str]]]:
    """Pairs bound by a registry defence treaty on ``day`` (bilateral ties to set), and every
    pair a registry defence treaty or defence organisation has bound on or before ``day``."""
    from eurasec import reference, registry

    bound: set[tuple[str, str]] = set()
    known: set[tuple[str, str]] = set()
    for treaty in registry.treaties():
        if not treaty.defence:
            continue
        cuts = sorted({a.takes_effect.value for a in treaty.actions if a.takes_effect.value <= day})
        for when in [*cuts, day]:
            status = registry.treaty(treaty.id, when)
            if status.status == "in_force":
                pairs = _pairs_of([p for p in status.parties if p not in status.suspended])
                known |= pairs
                if when == day:
                    bound |= pairs
    for fmt in registry.formats():
        if fmt.defence_since is None:
            continue
        first = fmt.defence_since.value
        starts = {p.start.value for p in reference.participations() if p.format == fmt.id}
        for when in sorted({first, *(d for d in starts if first <= d <= day)}):
            if when <= day:
                known |= _pairs_of([m.actor for m in registry.members(fmt.id, when, role="member")])
    return frozenset(bound), frozenset(known)
