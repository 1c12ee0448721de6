"""Major-power status (COW majors v2016) and nuclear-weapons status (OWID, after Bleek 2017).

- ``major``: 1 in a year any part of which falls in a COW major-power spell. The list ends
  2016; spells open at its end continue, flagged ``major_cf`` for 2017 on.
- ``nuclear``: 0 no consideration, 1 consideration, 2 pursuit, 3 possession, 1938–2022. Before
  1938 (the discovery of fission) the value is 0; after 2022 the 2022 value is carried forward
  and flagged ``nuclear_cf``. States without an OWID series are missing.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from eurasec import datasets
from eurasec.peacesci._lookup import nullable_int, take
from eurasec.peacesci.codes import iso3_to_ccodes
from eurasec.peacesci.covariate import Columns
from eurasec.peacesci.system import COW_LAST_YEAR, state_key, system_state_years

__all__ = ["NUCLEAR_FIRST_YEAR", "NUCLEAR_LAST_YEAR", "major_columns", "nuclear_columns"]

#: First and last years of the nuclear-status series.
NUCLEAR_FIRST_YEAR = 1938
NUCLEAR_LAST_YEAR = 2022
#: OWID entities without an ISO3 code, mapped to their COW state by hand.
_OWID_NAMES: dict[str, int] = {
    "German Democratic Republic": 265,
    "Republic of Vietnam": 817,
    "South Yemen": 680,
    "Kosovo": 347,
    "Zanzibar": 511,
    "Tibet": 711,
    "Antigua & Barbuda": 58,
    "Federated States of Micronesia": 987,
    "Swaziland": 572,
    "The Gambia": 420,
}


@cache
def major_columns() -> Columns:
    """``major`` (0/1) and ``major_cf`` for every system member-year."""
    sy = system_state_years()
    ccode, year = sy["ccode"].to_numpy(), sy["year"].to_numpy()
    major = np.zeros(len(sy), dtype=np.int8)
    majors = datasets.load("cow_majors")
    spells = zip(
        majors["ccode"].to_numpy(),
        majors["styear"].to_numpy(),
        majors["endyear"].to_numpy(),
        strict=True,
    )
    for code, first, last in spells:
        until = 9999 if last >= COW_LAST_YEAR else last
        major[(ccode == code) & (year >= first) & (year <= until)] = 1
    return {"major": major, "major_cf": year > COW_LAST_YEAR}


@cache
def nuclear_columns() -> Columns:
    """``nuclear`` (0–3, nullable) and ``nuclear_cf`` for every system member-year."""
    raw = datasets.load("nuclear_status")
    ccode = iso3_to_ccodes(raw["Code"].fillna(""), raw["Year"])
    by_name = raw["Entity"].map(_OWID_NAMES).to_numpy(dtype=np.float64, na_value=np.nan)
    ccode = np.where(np.isnan(ccode), by_name, ccode)
    ok = ~np.isnan(ccode)
    keys = state_key(ccode[ok].astype(np.int64), raw["Year"].to_numpy()[ok])
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], raw["nuclear_weapons_status"].to_numpy(np.float64)[ok][order]
    sy = system_state_years()
    c, year = sy["ccode"].to_numpy(), sy["year"].to_numpy()
    lookup_year = np.clip(year, NUCLEAR_FIRST_YEAR, NUCLEAR_LAST_YEAR)
    value = take(keys, values, state_key(c, lookup_year))
    value[(year < NUCLEAR_FIRST_YEAR)] = 0.0
    cf = (year > NUCLEAR_LAST_YEAR) & ~np.isnan(value)
    return {"nuclear": nullable_int(value), "nuclear_cf": cf}
