"""Alliance ties from ATOP v5.1 (directed dyad-year, 1816–2018).

Each column is 1 when the two states share an ATOP alliance with that obligation in force
in the year: ``atop_defense``, ``atop_offense``, ``atop_neutral``, ``atop_nonagg``,
``atop_consul``. Dyad-years absent from ATOP are 0 within 1816–2018.

**Seam after 2018.** ATOP ends in 2018 and the shipped file has no alliance identifiers, so
it cannot be extended by naming the treaties; years after :data:`ATOP_LAST_YEAR` are
missing (NA) until the registry's dated defence-treaty facts (``eurasec.registry``) can fill
them (see ``docs/data-dictionary.md``).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from eurasec import datasets
from eurasec.peacesci._lookup import dyad_key, nullable_int, take
from eurasec.peacesci.covariate import Columns

__all__ = ["ATOP_COLUMNS", "ATOP_LAST_YEAR", "atop_columns"]

#: Last year of ATOP v5.1.
ATOP_LAST_YEAR = 2018
#: The ATOP obligation columns.
ATOP_COLUMNS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")


@cache
def _atop_table() -> tuple[np.ndarray, dict[str, np.ndarray]]:
    atop = datasets.load("atop_dyad_year")
    keys = dyad_key(atop["ccode1"].to_numpy(), atop["ccode2"].to_numpy(), atop["year"].to_numpy())
    order = np.argsort(keys)
    return keys[order], {c: atop[c].to_numpy(np.float64)[order] for c in ATOP_COLUMNS}


def atop_columns(c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> Columns:
    """The ATOP obligation indicators for the dyad-years (missing after 2018)."""
    keys, values = _atop_table()
    target = dyad_key(c1, c2, year)
    after = year > ATOP_LAST_YEAR
    out: Columns = {}
    for name, col in values.items():
        value = take(keys, col, target, fill=0.0)
        value[after] = np.nan
        out[name] = nullable_int(value)
    return out
