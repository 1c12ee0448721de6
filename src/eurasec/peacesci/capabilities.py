"""National Material Capabilities (COW NMC v7.0) and an extended military-expenditure series.

``milex_ext`` is NMC ``milex`` (thousands of current GBP for 1816–1913, thousands of current
US$ from 1914) where NMC has it, and otherwise, from :data:`SIPRI_FIRST_YEAR`, SIPRI military
expenditure as a share of GDP times World Bank GDP in current US$ (divided by 1,000 to match
NMC's unit). That fills the 13.5% of NMC 2015–2022 values that are missing and extends the
series to 2023 (World Bank GDP ends in 2023). ``milex_ext_derived`` marks the SIPRI rows.

``cinc_spliced(year)`` carries the composite index past NMC's last year (:data:`NMC_LAST_YEAR`):
each state's NMC military expenditure is chained on the growth of SIPRI share of GDP × World
Bank GDP (to the last year both have, 2023) and its total population on World Bank population
growth (to 2024); the other four components (military personnel, iron and steel, energy,
urban population) are carried forward from NMC's last year. CINC is then recomputed as the
mean of the six component shares, exactly as NMC defines it. A state without a SIPRI or World
Bank value keeps its NMC component (its share still moves with the world total).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from eurasec import datasets
from eurasec.peacesci._lookup import take, to_system, world_bank_series
from eurasec.peacesci.codes import iso3_to_ccodes
from eurasec.peacesci.covariate import Columns
from eurasec.peacesci.system import YEAR_SPAN, state_key, system_state_years

__all__ = [
    "NMC_COLUMNS",
    "NMC_LAST_YEAR",
    "SIPRI_FIRST_YEAR",
    "SplicedCinc",
    "cinc_spliced",
    "milex_ext_columns",
    "nmc_columns",
    "sipri_milex",
]

#: The NMC components carried by the ``nmc`` covariate.
NMC_COLUMNS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")
#: Last year of COW NMC v7.0.
NMC_LAST_YEAR = 2022
#: The NMC components whose mean share is CINC.
_CINC_PARTS = ("milex", "milper", "irst", "pec", "tpop", "upop")
#: First year SIPRI-based values may fill ``milex_ext`` (the World Bank GDP series starts 1960).
SIPRI_FIRST_YEAR = 1960


def _system_keys() -> np.ndarray:
    sy = system_state_years()
    return state_key(sy["ccode"].to_numpy(), sy["year"].to_numpy())


@cache
def nmc_columns() -> Columns:
    """NMC v7.0 components for every system member-year (missing after 2022)."""
    nmc = datasets.load("cow_nmc")
    ccode, year = nmc["ccode"].to_numpy(), nmc["year"].to_numpy()
    return {col: to_system(ccode, year, nmc[col].to_numpy()) for col in NMC_COLUMNS}


@cache
def sipri_milex() -> tuple[np.ndarray, np.ndarray]:
    """Sorted state-year keys and SIPRI share-of-GDP × WB GDP (thousands of current US$)."""
    share = datasets.load("sipri_milex_share_gdp")
    share = share[share["Code"].notna()]
    gdp = datasets.load("wb_gdp").rename(columns={"Country Code": "Code", "Year": "Year"})
    merged = share.merge(gdp[["Code", "Year", "Value"]], on=["Code", "Year"], how="inner")
    ccode = iso3_to_ccodes(merged["Code"], merged["Year"])
    value = merged["Military expenditure (% of GDP)"].to_numpy() / 100 * merged["Value"].to_numpy()
    ok = ~np.isnan(ccode) & ~np.isnan(value)
    keys = state_key(ccode[ok].astype(np.int64), merged["Year"].to_numpy()[ok])
    order = np.argsort(keys, kind="stable")
    return keys[order], value[ok][order] / 1000.0


@cache
def milex_ext_columns() -> Columns:
    """``milex_ext`` and ``milex_ext_derived`` for every system member-year."""
    nmc = np.asarray(nmc_columns()["milex"], dtype=np.float64)
    keys, values = sipri_milex()
    sy = system_state_years()
    sipri = take(keys, values, _system_keys())
    fill = np.isnan(nmc) & ~np.isnan(sipri) & (sy["year"].to_numpy() >= SIPRI_FIRST_YEAR)
    out = np.where(fill, sipri, nmc)
    return {"milex_ext": out, "milex_ext_derived": fill}


@dataclass(frozen=True)
class SplicedCinc:
    """CINC per COW code for a year after NMC, and the years each chained source reached."""

    cinc: pd.Series
    milex_year: int
    population_year: int


def _growth(keys: np.ndarray, values: np.ndarray, ccode: np.ndarray, year: int) -> np.ndarray:
    now = take(keys, values, state_key(ccode, np.full(len(ccode), year)))
    then = take(keys, values, state_key(ccode, np.full(len(ccode), NMC_LAST_YEAR)))
    ratio = now / then
    return np.where(np.isfinite(ratio) & (ratio > 0), ratio, 1.0)


@cache
def cinc_spliced(year: int) -> SplicedCinc:
    """CINC for ``year`` > :data:`NMC_LAST_YEAR` by the documented splice (module docstring)."""
    nmc = datasets.load("cow_nmc")
    base = nmc[nmc["year"] == NMC_LAST_YEAR].drop_duplicates("ccode").set_index("ccode")
    ccode = base.index.to_numpy(np.int64)
    milex_keys, milex_values = sipri_milex()
    pop_keys, pop_values = world_bank_series("wb_population")
    milex_year = min(year, _last_year(milex_keys))
    pop_year = min(year, _last_year(pop_keys))
    parts = base[list(_CINC_PARTS)].astype(float).copy()
    at_base = take(milex_keys, milex_values, state_key(ccode, np.full(len(ccode), NMC_LAST_YEAR)))
    parts["milex"] = parts["milex"].fillna(pd.Series(at_base, index=parts.index))
    parts["milex"] *= _growth(milex_keys, milex_values, ccode, milex_year)
    parts["tpop"] *= _growth(pop_keys, pop_values, ccode, pop_year)
    shares = parts / parts.sum(axis=0)
    cinc = shares.mean(axis=1, skipna=True)
    return SplicedCinc(cinc=cinc, milex_year=milex_year, population_year=pop_year)


def _last_year(keys: np.ndarray) -> int:
    return int((keys % YEAR_SPAN).max())
