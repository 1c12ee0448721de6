"""Democracy scores (V-Dem polyarchy, Polity2, Unified Democracy Scores) per state-year."""

from __future__ import annotations

from functools import cache

from eurasec import datasets
from eurasec.peacesci._lookup import to_system
from eurasec.peacesci.covariate import Columns

__all__ = ["DEMOCRACY_COLUMNS", "democracy_columns"]

#: Columns of the ``democracy`` covariate, as named in the source file.
DEMOCRACY_COLUMNS = ("v2x_polyarchy", "polity2", "euds", "aeuds")


@cache
def democracy_columns() -> Columns:
    """The democracy scores for every system member-year (missing where the source has none)."""
    frame = datasets.load("democracy")
    ccode, year = frame["ccode"].to_numpy(), frame["year"].to_numpy()
    return {col: to_system(ccode, year, frame[col].to_numpy()) for col in DEMOCRACY_COLUMNS}
