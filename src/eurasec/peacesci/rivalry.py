"""Strategic rivalries (Thompson, Sakuwa & Suhas 2021), dyad-year.

``tss_rivalry`` is 1 when the two states are in a strategic rivalry that year (a year any part
of which falls in the rivalry's ``start``–``end`` span). The data run to 2020; rivalries
still ongoing at the end of 2020 (``end == 2020``) are carried forward to 2024, flagged
``tss_rivalry_cf``.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from eurasec import datasets
from eurasec.peacesci._lookup import dyad_key, expand_years, find, nullable_int
from eurasec.peacesci.covariate import Columns
from eurasec.peacesci.system import FIRST_YEAR, LAST_YEAR

__all__ = ["TSS_LAST_YEAR", "rivalry_columns"]

#: Last year covered by the TSS rivalry data.
TSS_LAST_YEAR = 2020


@cache
def _rivalry_keys() -> np.ndarray:
    riv = datasets.load("rivalries_tss")
    first = np.maximum(riv["start"].to_numpy(), FIRST_YEAR)
    last = riv["end"].to_numpy()
    last = np.where(last >= TSS_LAST_YEAR, LAST_YEAR, last)
    keep = last >= first
    rows, year = expand_years(first[keep], last[keep])
    a = riv["ccode1"].to_numpy()[keep][rows]
    b = riv["ccode2"].to_numpy()[keep][rows]
    keys = np.concatenate([dyad_key(a, b, year), dyad_key(b, a, year)])
    return np.unique(keys)


def rivalry_columns(c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> Columns:
    """``tss_rivalry`` (0/1) and ``tss_rivalry_cf`` for the dyad-years."""
    _, found = find(_rivalry_keys(), dyad_key(c1, c2, year))
    return {
        "tss_rivalry": nullable_int(found.astype(np.float64)),
        "tss_rivalry_cf": found & (year > TSS_LAST_YEAR),
    }
