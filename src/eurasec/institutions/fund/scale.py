"""An assessed scale of contributions from GDP shares, with a floor and a ceiling.

Each party's share is its share of the parties' total GDP, clamped to
``[floor, ceiling]``; the shares of the unclamped parties are then rescaled so that the
shares sum to one, repeating until no share crosses a bound (the method of the UN
regular-budget scale, without its other adjustments). Amounts are apportioned in integer minor
units by the largest-remainder method, so they sum exactly to the budget.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

from collections.abc import Mapping

from eurasec.errors import InputError

__all__ = ["assessed_scale", "assessed_shares"]


def assessed_shares(gdp: Mapping[str, float], floor: float, ceiling: float) -> dict[str, float]:
    """Each party's share of an assessed budget (sums to 1)."""
    if not gdp or any(v <= 0 for v in gdp.values()):
        raise InputError("assessed scale needs a positive GDP for every party")
    n = len(gdp)
    if n * floor > 1 + 1e-12 or n * ceiling < 1 - 1e-12:
        raise InputError(f"floor {floor} and ceiling {ceiling} cannot hold for {n} parties")
    fixed: dict[str, float] = {}
    while True:
        free = {k: v for k, v in gdp.items() if k not in fixed}
        room = 1.0 - sum(fixed.values())
        total = sum(free.values())
        shares = {k: room * v / total for k, v in free.items()}
        over = {k: ceiling for k, s in shares.items() if s > ceiling + 1e-15}
        under = {k: floor for k, s in shares.items() if s < floor - 1e-15}
        if not over and not under:
            return {**fixed, **shares}
        fixed.update(over or under)


def assessed_scale(
    gdp: Mapping[str, float], budget: int, floor: float, ceiling: float
) -> dict[str, int]:
    """Each party's assessed contribution to ``budget`` (minor units; sums to ``budget``)."""
    if budget < 0:
        raise InputError("budget must not be negative")
    shares = assessed_shares(gdp, floor, ceiling)
    raw = {k: budget * s for k, s in shares.items()}
    out = {k: int(v) for k, v in raw.items()}
    rest = budget - sum(out.values())
    for k in sorted(raw, key=lambda k: (-(raw[k] - out[k]), k))[:rest]:
        out[k] += 1
    return dict(sorted(out.items()))
