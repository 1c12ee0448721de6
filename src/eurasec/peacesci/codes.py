"""COW state codes (``ccode``) ↔ ISO 3166-1 alpha-3 codes.

Built from the shipped ``crosswalk`` (R ``countrycode``'s codelist) plus a few documented
overrides where that list has no COW code or where one ISO code stands for different COW
states over time:

- Serbia ``SRB`` is COW 345 (Yugoslavia/Serbia); Kosovo ``XKX`` is 347.
- ``DEU`` is West Germany (COW 260) for 1945–1990 and Germany (255) otherwise.
- ``YEM`` is North Yemen (678) before 1990 and Yemen (679) from 1990.

Historical COW states with no ISO code (e.g. 265 GDR, 817 Republic of Vietnam) map to ``None``.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from eurasec import datasets

__all__ = ["ccode_to_iso3", "code_table", "iso3_to_ccode", "iso3_to_ccodes"]

#: ISO3 codes whose COW state depends on the year: ``iso3 -> ((first, last, ccode), ...)``.
_TIME_VARYING: dict[str, tuple[tuple[int, int, int], ...]] = {
    "DEU": ((1816, 1944, 255), (1945, 1990, 260), (1991, 2100, 255)),
    "YEM": ((1816, 1989, 678), (1990, 2100, 679)),
}
#: ISO3 codes the crosswalk lacks a COW code for.
_EXTRA: dict[str, int] = {"SRB": 345, "XKX": 347}
#: COW codes whose ISO3 the crosswalk lacks.
_EXTRA_ISO: dict[int, str] = {345: "SRB", 347: "XKX", 260: "DEU", 678: "YEM"}


@cache
def code_table() -> pd.DataFrame:
    """One row per ``iso3, ccode`` pair: columns ``iso3, ccode`` (time-invariant part)."""
    cw = datasets.load("crosswalk")[["iso3c", "cown"]].dropna()
    table = pd.DataFrame({"iso3": cw["iso3c"].astype(str), "ccode": cw["cown"].astype(int)})
    extra = pd.DataFrame({"iso3": list(_EXTRA), "ccode": list(_EXTRA.values())})
    table = pd.concat([table, extra], ignore_index=True).drop_duplicates("iso3")
    return table.sort_values("iso3").reset_index(drop=True)


@cache
def _iso_to_ccode() -> dict[str, int]:
    table = code_table()
    return dict(zip(table["iso3"], table["ccode"].astype(int), strict=True))


@cache
def _ccode_to_iso() -> dict[int, str]:
    table = code_table()
    mapping = {int(c): str(i) for i, c in zip(table["iso3"], table["ccode"], strict=True)}
    return {**mapping, **_EXTRA_ISO}


def ccode_to_iso3(ccode: int) -> str | None:
    """The ISO3 code of COW state ``ccode`` (``None`` for states without one).

    >>> ccode_to_iso3(365), ccode_to_iso3(710), ccode_to_iso3(265)
    ('RUS', 'CHN', None)
    """
    return _ccode_to_iso().get(int(ccode))


def iso3_to_ccode(iso3: str, year: int | None = None) -> int | None:
    """The COW code of ISO3 ``iso3`` in ``year`` (the present-day state when no year).

    >>> iso3_to_ccode("RUS"), iso3_to_ccode("DEU", 1970), iso3_to_ccode("DEU")
    (365, 260, 255)
    """
    code = iso3.upper()
    if code in _TIME_VARYING:
        when = 2100 if year is None else year
        for first, last, ccode in _TIME_VARYING[code]:
            if first <= when <= last:
                return ccode
    return _iso_to_ccode().get(code)


def iso3_to_ccodes(iso3: pd.Series, year: pd.Series) -> np.ndarray:
    """Vectorised :func:`iso3_to_ccode`: float array of COW codes (NaN where unknown)."""
    codes = iso3.astype(str).str.upper()
    out = codes.map(_iso_to_ccode()).to_numpy(dtype=np.float64, na_value=np.nan).copy()
    years = year.to_numpy()
    for iso, spans in _TIME_VARYING.items():
        hit = (codes == iso).to_numpy()
        for first, last, ccode in spans:
            out[hit & (years >= first) & (years <= last)] = ccode
    return out
