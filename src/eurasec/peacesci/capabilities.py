"""National Material Capabilities (COW NMC v7.0) and an extended military-expenditure series.

``milex_ext`` is NMC ``milex`` (thousands of current GBP for 1816–1913, thousands of current
US$ from 1914) where NMC has it, and otherwise, from :data:`SIPRI_FIRST_YEAR`, SIPRI military
expenditure as a share of GDP times World Bank GDP in current US$ (divided by 1,000 to match
NMC's unit). That fills the 13.5% of NMC 2015–2022 values that are missing and extends the
series to 2023 (World Bank GDP ends in 2023). ``milex_ext_derived`` marks the SIPRI rows.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from eurasec import datasets
from eurasec.peacesci._lookup import take, to_system
from eurasec.peacesci.codes import iso3_to_ccodes
from eurasec.peacesci.covariate import Columns
from eurasec.peacesci.system import state_key, system_state_years

__all__ = ["NMC_COLUMNS", "SIPRI_FIRST_YEAR", "milex_ext_columns", "nmc_columns", "sipri_milex"]

#: The NMC components carried by the ``nmc`` covariate.
NMC_COLUMNS = ("milex", "milper", "irst", "pec", "tpop", "upop", "cinc")
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
