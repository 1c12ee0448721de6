"""Which states an analysis covers: the whole state system (``world``) or ``eurasia``.

Eurasia is decided per COW state code:

1. When the registry (``eurasec.registry``) is installed, a state is Eurasian when the
   registry's ``eurasian`` flag says so (``registry.states()``, matched on ``cow_code``).
2. For COW codes the registry does not know (and whenever it is absent), the documented rule
   :func:`eurasian_by_region`: COW's regional numbering — Europe 200–399, the Middle East
   east of Suez 630–698 (so Egypt, 651, and the Maghreb are out) and Asia 700–899 (Oceania,
   900–999, is out). On the present-day states this rule agrees exactly with the
   ``continent`` column of the shipped crosswalk (Europe or Asia); it also classifies the
   historical states the crosswalk lacks (Bavaria, Austria-Hungary, GDR, South Yemen…).
"""

from __future__ import annotations

from functools import cache
from typing import Literal, get_args

import numpy as np

from eurasec.errors import InputError

__all__ = [
    "EURASIA_COW_RANGES",
    "EURASIA_RANGES",
    "SCOPES",
    "Scope",
    "check_scope",
    "eurasian_by_cow_ranges",
    "eurasian_by_region",
    "in_scope",
]

Scope = Literal["world", "eurasia"]
SCOPES: tuple[str, ...] = get_args(Scope)
#: Inclusive COW code ranges counted as Eurasian, and codes excluded inside them.
EURASIA_RANGES: tuple[tuple[int, int], ...] = ((200, 399), (630, 698), (700, 899))
_EURASIA_EXCLUDED = frozenset({651})
#: The wider COW-code definition used in the literature's Eurasian comparisons: Europe
#: (200–399) and the Middle East, Asia and everything numbered between (600–899, which also
#: takes in North Africa, 600–626, and Egypt, 651).
EURASIA_COW_RANGES: tuple[tuple[int, int], ...] = ((200, 399), (600, 899))


def check_scope(scope: str) -> Scope:
    """``scope`` if valid, else a clear error naming the valid scopes."""
    if scope not in SCOPES:
        raise InputError(f"unknown scope {scope!r}; valid scopes are: {', '.join(SCOPES)}")
    return scope  # type: ignore[return-value]


def eurasian_by_region(ccode: np.ndarray) -> np.ndarray:
    """The COW-region rule: a boolean mask of Eurasian state codes."""
    codes = np.asarray(ccode)
    mask = np.zeros(codes.shape, dtype=bool)
    for first, last in EURASIA_RANGES:
        mask |= (codes >= first) & (codes <= last)
    return mask & ~np.isin(codes, list(_EURASIA_EXCLUDED))


def eurasian_by_cow_ranges(ccode: np.ndarray) -> np.ndarray:
    """The wider definition: a boolean mask of COW codes in :data:`EURASIA_COW_RANGES`."""
    codes = np.asarray(ccode)
    mask = np.zeros(codes.shape, dtype=bool)
    for first, last in EURASIA_COW_RANGES:
        mask |= (codes >= first) & (codes <= last)
    return mask


@cache
def _registry_flags() -> dict[int, bool]:
    """COW code → the registry's ``eurasian`` flag (empty when the registry is absent)."""
    try:
        from eurasec import registry  # type: ignore[attr-defined,unused-ignore]

        states = registry.states()
    except (ImportError, AttributeError):
        return {}
    return {int(s.cow_code): bool(s.eurasian) for s in states if s.cow_code is not None}


def in_scope(ccode: np.ndarray, scope: str) -> np.ndarray:
    """Boolean mask of the state codes inside ``scope``."""
    chosen = check_scope(scope)
    codes = np.asarray(ccode).astype(np.int64)
    if chosen == "world":
        return np.ones(codes.shape, dtype=bool)
    mask = eurasian_by_region(codes)
    flags = _registry_flags()
    if flags:
        known = np.array([c in flags for c in codes.tolist()], dtype=bool)
        mask[known] = [flags[c] for c in codes[known].tolist()]
    return mask
