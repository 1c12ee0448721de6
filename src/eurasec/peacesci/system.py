"""COW state-system membership by year, 1816–2024.

The COW list (``states2016``) ends on 2016-12-31. A state whose last spell runs to that date is
treated as a member through :data:`LAST_YEAR` (the list's own caveat: "treat members as
continuing"); no state has left the system since, and states that entered after 2016 (none
by COW's criteria) are not added. A state is a member in year ``y`` when one of its spells
overlaps ``y`` (``styear <= y <= endyear``), as in peacesciencer's ``create_stateyears()``.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from eurasec import datasets
from eurasec.errors import InputError
from eurasec.peacesci._lookup import expand_years

__all__ = [
    "COW_LAST_YEAR",
    "FIRST_YEAR",
    "LAST_YEAR",
    "check_years",
    "state_key",
    "system_state_years",
]

#: First year of the COW state system.
FIRST_YEAR = 1816
#: Last year any table is built for (the latest year with shipped data, UCDP and SIPRI).
LAST_YEAR = 2024
#: Last year covered by the COW state list; later years continue the 2016 membership.
COW_LAST_YEAR = 2016

#: Multiplier that packs ``(ccode, year)`` into one integer key: ``ccode * YEAR_SPAN + year``.
YEAR_SPAN = 10_000


def state_key(ccode: np.ndarray, year: np.ndarray) -> np.ndarray:
    """One int64 key per state-year (used for vectorised look-ups)."""
    return ccode.astype(np.int64) * YEAR_SPAN + year.astype(np.int64)


def check_years(start: int, end: int) -> None:
    """Raise a clear :class:`~eurasec.errors.InputError` unless ``start..end`` is valid."""
    for label, value in (("start", start), ("end", end)):
        if not FIRST_YEAR <= value <= LAST_YEAR:
            raise InputError(
                f"{label} year {value} is out of range; valid years are {FIRST_YEAR}–{LAST_YEAR}"
            )
    if start > end:
        raise InputError(f"start year {start} is after end year {end}")


@cache
def system_state_years() -> pd.DataFrame:
    """Every COW system member-year 1816–2024: ``ccode, stateabb, year`` sorted by key."""
    states = datasets.load("cow_states")
    end = states["endyear"].where(states["endyear"] < COW_LAST_YEAR, LAST_YEAR)
    rows, year = expand_years(states["styear"].to_numpy(), end.to_numpy())
    frame = pd.DataFrame(
        {
            "ccode": states["ccode"].to_numpy()[rows],
            "stateabb": states["stateabb"].to_numpy()[rows],
            "year": year,
        }
    )
    frame = frame.drop_duplicates(["ccode", "year"])
    frame = frame.sort_values(["ccode", "year"], kind="stable").reset_index(drop=True)
    frame["ccode"] = frame["ccode"].astype(np.int16)
    frame["year"] = frame["year"].astype(np.int16)
    return frame
