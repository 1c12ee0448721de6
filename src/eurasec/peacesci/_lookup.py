"""Vectorised key look-ups shared by the covariate modules (private)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

__all__ = [
    "dyad_key",
    "expand_years",
    "find",
    "nullable_int",
    "take",
    "to_system",
    "world_bank_series",
]

#: Packs a directed dyad-year into one int64: ``(ccode1 * 1000 + ccode2) * 10_000 + year``.
_DYAD_SPAN = 1_000


def dyad_key(c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> np.ndarray:
    """One int64 key per directed dyad-year."""
    pair = c1.astype(np.int64) * _DYAD_SPAN + c2.astype(np.int64)
    return pair * 10_000 + year.astype(np.int64)


def find(sorted_keys: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of ``keys`` in ``sorted_keys`` and a mask of the keys that were found."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=np.int64), np.zeros(len(keys), dtype=bool)
    pos = np.searchsorted(sorted_keys, keys)
    pos = np.minimum(pos, len(sorted_keys) - 1)
    return pos, sorted_keys[pos] == keys


def take(
    sorted_keys: np.ndarray, values: np.ndarray, keys: np.ndarray, fill: float = np.nan
) -> np.ndarray:
    """``values`` at ``keys`` (``fill`` where a key is absent), as float64."""
    pos, found = find(sorted_keys, keys)
    out = np.full(len(keys), fill, dtype=np.float64)
    out[found] = values[pos[found]]
    return out


def nullable_int(values: np.ndarray, dtype: str = "Int8") -> pd.api.extensions.ExtensionArray:
    """A pandas nullable integer array from floats (NaN becomes ``<NA>``)."""
    mask = np.isnan(values)
    ints = np.where(mask, 0, values).astype(dtype.lower())
    return pd.arrays.IntegerArray(ints, mask)


def to_system(
    ccode: np.ndarray, year: np.ndarray, values: np.ndarray, fill: float = np.nan
) -> np.ndarray:
    """``values`` given per ``(ccode, year)`` aligned to every COW system member-year."""
    from eurasec.peacesci.system import state_key, system_state_years

    keys = state_key(ccode, year)
    order = np.argsort(keys, kind="stable")
    sy = system_state_years()
    target = state_key(sy["ccode"].to_numpy(), sy["year"].to_numpy())
    return take(keys[order], np.asarray(values, dtype=np.float64)[order], target, fill)


def expand_years(first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One row per year of each ``first..last`` spell: ``(index of the spell, year)``."""
    spans = np.asarray(last, dtype=np.int64) - np.asarray(first, dtype=np.int64) + 1
    rows = np.repeat(np.arange(len(spans)), spans)
    offsets = np.arange(spans.sum()) - np.repeat(np.cumsum(spans) - spans, spans)
    return rows, np.asarray(first, dtype=np.int64)[rows] + offsets


@cache
def world_bank_series(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Sorted state-year keys and values of a shipped World Bank dataset (ISO3 → COW codes)."""
    from eurasec import datasets
    from eurasec.peacesci.codes import iso3_to_ccodes
    from eurasec.peacesci.system import state_key

    frame = datasets.load(name)
    ccode = iso3_to_ccodes(frame["Country Code"], frame["Year"])
    ok = ~np.isnan(ccode)
    keys = state_key(ccode[ok].astype(np.int64), frame["Year"].to_numpy()[ok])
    order = np.argsort(keys, kind="stable")
    return keys[order], frame["Value"].to_numpy(dtype=np.float64)[ok][order]
