"""Interval indexes that make as-of lookups a binary search.

A :class:`Timeline` cuts time at every start and end of its spans; between two cuts the set
of active items is constant, so it is computed once and a query only finds its slice.

Usage docs: ``docs/concepts/registry.md``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from typing import Generic, TypeVar

__all__ = ["Timeline"]

T = TypeVar("T")


class Timeline(Generic[T]):
    """Items valid over half-open spans ``[start, end)``, answered per day."""

    __slots__ = ("_cuts", "_slices")

    def __init__(self, spans: Iterable[tuple[date, date | None, T]]) -> None:
        """Index ``(start, end, item)`` spans; ``end=None`` runs on."""
        items = list(spans)
        self._cuts = sorted({s for s, _, _ in items} | {e for _, e, _ in items if e is not None})
        self._slices: list[tuple[T, ...]] = [
            tuple(x for s, e, x in items if s <= cut and (e is None or cut < e))
            for cut in self._cuts
        ]

    def at(self, day: date) -> tuple[T, ...]:
        """The items whose span covers ``day``, in the order they were given."""
        i = bisect_right(self._cuts, day) - 1
        return self._slices[i] if i >= 0 else ()

    def slot(self, day: date) -> int:
        """The index of the interval holding ``day`` (-1 before the first cut)."""
        return bisect_right(self._cuts, day) - 1
