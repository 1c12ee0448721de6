"""GDP and population: SDP estimates for history, World Bank growth for recent years.

Base series are the latent estimates of Fariss et al. (2022) as shipped in ``sdp_gdp_pop``
(``pwtrgdp``: millions of 2017 international $, PPP; ``pwtpop``: millions), 1816–2019. The
World Bank series alone cannot be the base: they start in 1960 and have no USSR or other
Cold War states. After 2019 the base is *derived*: the 2019 SDP value times the state's World
Bank growth since 2019 (``gdp_y = gdp_2019 × wb_y / wb_2019``), flagged ``gdp_derived`` /
``pop_derived``; GDP growth is nominal US$, so within a year shares are comparable but levels
are not real values. The raw World Bank series are also given (``gdp_wb`` current US$,
``pop_wb`` persons).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from eurasec import datasets
from eurasec.peacesci._lookup import take, world_bank_series
from eurasec.peacesci.covariate import Columns
from eurasec.peacesci.system import state_key, system_state_years

__all__ = ["SDP_LAST_YEAR", "gdp_columns", "population_columns"]

#: Last year of the SDP estimates; later years are chained on World Bank growth.
SDP_LAST_YEAR = 2019


@cache
def _sdp(column: str) -> tuple[np.ndarray, np.ndarray]:
    frame = datasets.load("sdp_gdp_pop")
    keys = state_key(frame["ccode"].to_numpy(), frame["year"].to_numpy())
    order = np.argsort(keys, kind="stable")
    return keys[order], frame[column].to_numpy(dtype=np.float64)[order]


def _spliced(sdp_column: str, wb_name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sy = system_state_years()
    ccode, year = sy["ccode"].to_numpy(), sy["year"].to_numpy()
    target = state_key(ccode, year)
    base = take(*_sdp(sdp_column), target)
    wb = take(*world_bank_series(wb_name), target)
    anchor_keys = state_key(ccode, np.full(len(ccode), SDP_LAST_YEAR))
    ratio = wb / take(*world_bank_series(wb_name), anchor_keys)
    chained = take(*_sdp(sdp_column), anchor_keys) * ratio
    derived = (year > SDP_LAST_YEAR) & ~np.isnan(chained)
    value = np.where(year > SDP_LAST_YEAR, chained, base)
    return value, derived, wb


@cache
def gdp_columns() -> Columns:
    """``gdp`` (SDP, chained after 2019), ``gdp_derived`` and ``gdp_wb``."""
    value, derived, wb = _spliced("pwtrgdp", "wb_gdp")
    return {"gdp": value, "gdp_derived": derived, "gdp_wb": wb}


@cache
def population_columns() -> Columns:
    """``pop`` (SDP millions, chained after 2019), ``pop_derived`` and ``pop_wb``."""
    value, derived, wb = _spliced("pwtpop", "wb_population")
    return {"pop": value, "pop_derived": derived, "pop_wb": wb}
