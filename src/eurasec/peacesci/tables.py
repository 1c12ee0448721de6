"""State-year and dyad-year tables with covariates added by name (peacesciencer-like).

>>> from eurasec.peacesci import dyad_years
>>> t = dyad_years(2000, 2000, directed=False, covariates=["contiguity"])
>>> list(t.columns)
['ccode1', 'ccode2', 'year', 'conttype', 'conttype_cf']

Stable API (used by ``eurasec.analysis``): :func:`state_years` returns ``ccode, stateabb,
year`` + covariate columns; :func:`dyad_years` returns ``ccode1, ccode2, year`` + dyad
covariates + each state covariate's columns suffixed ``1`` and ``2``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from eurasec.peacesci.catalogue import resolve
from eurasec.peacesci.covariate import Covariate
from eurasec.peacesci.system import check_years, state_key, system_state_years

__all__ = ["dyad_pairs", "dyad_years", "state_years"]


def state_years(start: int, end: int, covariates: Sequence[str] | None = ()) -> pd.DataFrame:
    """Every COW system member-year from ``start`` to ``end`` with the named covariates.

    ``covariates=None`` (or ``["all"]``) adds every state-level covariate; naming a dyad-level
    covariate here is an error.
    """
    check_years(start, end)
    chosen = _state_level(covariates, strict=covariates is not None and list(covariates) != ["all"])
    sy = system_state_years()
    year = sy["year"].to_numpy()
    rows = np.flatnonzero((year >= start) & (year <= end))
    data: dict[str, object] = {
        "ccode": sy["ccode"].to_numpy()[rows],
        "stateabb": sy["stateabb"].to_numpy()[rows],
        "year": year[rows],
    }
    for cov in chosen:
        assert cov.state_builder is not None
        for name, values in cov.state_builder().items():
            data[name] = values[rows]
    return pd.DataFrame(data)


def _state_level(names: Sequence[str] | None, *, strict: bool) -> list[Covariate]:
    from eurasec.errors import InputError

    chosen = resolve(None if names is None else list(names))
    dyadic = [c.name for c in chosen if c.level == "dyad"]
    if dyadic and strict:
        raise InputError(
            f"covariate {dyadic[0]!r} is dyad-level; state-year tables take only "
            f"{', '.join(c.name for c in resolve(None) if c.level == 'state')}"
        )
    return [c for c in chosen if c.level == "state"]


def dyad_pairs(start: int, end: int, *, directed: bool = True) -> pd.DataFrame:
    """``ccode1, ccode2, year`` for every pair of system members in each year.

    Directed tables hold both orders (n·(n−1) rows a year); non-directed ones only
    ``ccode1 < ccode2`` (n·(n−1)/2).
    """
    check_years(start, end)
    sy = system_state_years()
    sy = sy[(sy["year"] >= start) & (sy["year"] <= end)].sort_values(["year", "ccode"])
    parts_c1, parts_c2, parts_y = [], [], []
    for year, codes in sy.groupby("year", sort=True)["ccode"]:
        members = codes.to_numpy()
        n = len(members)
        c1 = np.repeat(members, n)
        c2 = np.tile(members, n)
        keep = c1 < c2 if not directed else c1 != c2
        parts_c1.append(c1[keep])
        parts_c2.append(c2[keep])
        parts_y.append(np.full(int(keep.sum()), year, dtype=np.int16))
    return pd.DataFrame(
        {
            "ccode1": np.concatenate(parts_c1),
            "ccode2": np.concatenate(parts_c2),
            "year": np.concatenate(parts_y),
        }
    )


def dyad_years(
    start: int,
    end: int,
    *,
    directed: bool = True,
    covariates: Sequence[str] | None = (),
) -> pd.DataFrame:
    """Dyad-years of COW system members from ``start`` to ``end`` with the named covariates.

    ``covariates=None`` (or ``["all"]``) adds every covariate. State-level covariates appear
    twice, suffixed ``1`` (for ``ccode1``) and ``2``.
    """
    frame = dyad_pairs(start, end, directed=directed)
    chosen = resolve(None if covariates is None else list(covariates))
    c1 = frame["ccode1"].to_numpy()
    c2 = frame["ccode2"].to_numpy()
    year = frame["year"].to_numpy()
    data: dict[str, object] = {"ccode1": c1, "ccode2": c2, "year": year}
    for cov in chosen:
        if cov.dyad_builder is not None:
            data.update(cov.dyad_builder(c1, c2, year))
    state = [c for c in chosen if c.state_builder is not None]
    if state:
        sy = system_state_years()
        keys = state_key(sy["ccode"].to_numpy(), sy["year"].to_numpy())
        p1 = np.searchsorted(keys, state_key(c1, year))
        p2 = np.searchsorted(keys, state_key(c2, year))
        for cov in state:
            assert cov.state_builder is not None
            for name, values in cov.state_builder().items():
                data[f"{name}1"] = values[p1]
                data[f"{name}2"] = values[p2]
    return pd.DataFrame(data, copy=False)
