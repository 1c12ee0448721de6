"""Shared intergovernmental-organisation membership (COW IGO v3.0, 1816–2014).

Only full memberships (status 1) count; associate members and observers do not.

- ``igo_count`` (state): the number of IGOs the state is a full member of.
- ``igo_shared`` (dyad): the number of IGOs both states are full members of.
- ``igo_shared_share`` (dyad): ``igo_shared`` divided by the number of IGOs at least one of
  the two belongs to (a Jaccard index, 0–1; missing when neither belongs to any).

**Seam after 2014.** COW IGO ends in 2014; later years are missing (NA) until the registry's
dated membership facts can fill them (see ``docs/data-dictionary.md``).
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy import sparse

from eurasec import datasets
from eurasec.peacesci._lookup import to_system
from eurasec.peacesci.covariate import Columns
from eurasec.peacesci.system import FIRST_YEAR, system_state_years

__all__ = ["IGO_LAST_YEAR", "igo_count_columns", "igo_shared_columns"]

#: Last year of COW IGO v3.0.
IGO_LAST_YEAR = 2014


@cache
def _shared_cube() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(position of each ccode, shared[year, i, j], count[year, i])`` for 1816–2014."""
    m = datasets.load("cow_igo_memberships")
    m = m[m["status"] == 1]
    codes = np.unique(system_state_years()["ccode"].to_numpy())
    position = np.full(int(codes.max()) + 1, -1, dtype=np.int64)
    position[codes] = np.arange(len(codes))
    m = m[np.isin(m["ccode"].to_numpy(), codes)]
    igo_ids = m["igo"].astype("category").cat.codes.to_numpy()
    n_years = IGO_LAST_YEAR - FIRST_YEAR + 1
    shared = np.zeros((n_years, len(codes), len(codes)), dtype=np.int16)
    count = np.zeros((n_years, len(codes)), dtype=np.int16)
    order = np.argsort(m["year"].to_numpy(), kind="stable")
    years = m["year"].to_numpy()[order]
    rows = position[m["ccode"].to_numpy()[order]]
    igo_ids = igo_ids[order]
    bounds = np.searchsorted(years, np.arange(FIRST_YEAR, IGO_LAST_YEAR + 2))
    for yi in range(n_years):
        lo, hi = bounds[yi], bounds[yi + 1]
        if lo == hi:
            continue
        states, r = np.unique(rows[lo:hi], return_inverse=True)
        _, c = np.unique(igo_ids[lo:hi], return_inverse=True)
        # Sparse product: single-threaded, so it does not fight other processes for cores.
        ones = np.ones(len(r), dtype=np.int32)
        matrix = sparse.csr_matrix((ones, (r, c)), shape=(len(states), int(c.max()) + 1))
        shared[yi][np.ix_(states, states)] = (matrix @ matrix.T).toarray()
        count[yi, states] = np.bincount(r, minlength=len(states))
    return position, shared, count


def igo_shared_columns(c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> Columns:
    """``igo_shared`` and ``igo_shared_share`` for the dyad-years (missing after 2014)."""
    position, shared, count = _shared_cube()
    inside = year <= IGO_LAST_YEAR
    yi = np.where(inside, year.astype(np.int64) - FIRST_YEAR, 0)
    p1, p2 = position[c1], position[c2]
    both = shared[yi, p1, p2].astype(np.float64)
    either = count[yi, p1].astype(np.float64) + count[yi, p2] - both
    share = np.divide(both, either, out=np.full(len(both), np.nan), where=either > 0)
    both[~inside] = np.nan
    share[~inside] = np.nan
    return {"igo_shared": both, "igo_shared_share": share}


@cache
def igo_count_columns() -> Columns:
    """``igo_count`` for every system member-year (missing after 2014)."""
    counts = datasets.load("cow_igo_counts")
    ccode, year = counts["ccode"].to_numpy(), counts["year"].to_numpy()
    value = to_system(ccode, year, counts["sum_igo_full"].to_numpy())
    value[system_state_years()["year"].to_numpy() > IGO_LAST_YEAR] = np.nan
    return {"igo_count": value}
