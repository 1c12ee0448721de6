"""Polarity per power domain and year, and how far the domains disagree (asynchrony).

For the shares ``s_i`` of the ``n`` states in scope with data (see :mod:`.power`):

- effective number of poles ``N = 1 / Σ s_i²`` (the inverse Herfindahl index; Laakso–Taagepera);
- Ray–Singer concentration ``CON = √((Σ s_i² − 1/n) / (1 − 1/n))``, 0 when power is equal
  and 1 when one state holds all of it;
- the *poles*: the states whose share is at least :data:`POLE_THRESHOLD` (a named
  parameter, 10% by default: a convention, not a finding);
- the *asynchrony index*: the population standard deviation of ``ln N`` across the domains
  available that year (0 when every domain has the same number of poles; one unipolar and
  one bipolar domain give ln 2 / 2 ≈ 0.35).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from eurasec.analysis.power import Indicator, domain_names, shares
from eurasec.errors import InputError
from eurasec.peacesci import FIRST_YEAR, LAST_YEAR

__all__ = [
    "POLE_THRESHOLD",
    "DomainPolarity",
    "Polarity",
    "Pole",
    "asynchrony",
    "concentration",
    "effective_poles",
    "polarity",
    "polarity_series",
]

#: Minimum share of a domain's total that makes a state a pole.
POLE_THRESHOLD = 0.10


def effective_poles(s: np.ndarray) -> float:
    """``1 / Σ s_i²`` for shares ``s`` that sum to 1."""
    return float(1.0 / np.sum(np.square(s)))


def concentration(s: np.ndarray) -> float:
    """Ray–Singer concentration ``√((Σ s_i² − 1/n) / (1 − 1/n))`` (needs n ≥ 2)."""
    n = len(s)
    if n < 2:
        raise InputError("concentration needs at least two states")
    h = float(np.sum(np.square(s)))
    return math.sqrt(max(h - 1.0 / n, 0.0) / (1.0 - 1.0 / n))


def asynchrony(poles_by_domain: Sequence[float]) -> float | None:
    """Population standard deviation of ``ln N`` across domains (``None`` for < 2 domains)."""
    if len(poles_by_domain) < 2:
        return None
    return float(np.std(np.log(np.asarray(poles_by_domain, dtype=np.float64))))


@dataclass(frozen=True)
class Pole:
    """A state whose share of a domain reaches the pole threshold."""

    ccode: int
    stateabb: str
    share: float


@dataclass(frozen=True)
class DomainPolarity:
    """Polarity of one domain in one year."""

    effective_poles: float
    concentration: float
    poles: list[Pole]
    states: int


@dataclass(frozen=True)
class Polarity:
    """Polarity of every available domain in one year, and the asynchrony across them."""

    year: int
    scope: str
    pole_threshold: float
    domains: dict[str, DomainPolarity]
    asynchrony: float | None
    unavailable: list[str] = field(default_factory=list)


def _one(frame: pd.DataFrame, threshold: float) -> DomainPolarity:
    s = frame["share"].to_numpy()
    top = frame[frame["share"] >= threshold]
    poles = [
        Pole(int(c), str(a), round(float(v), 6))
        for c, a, v in zip(top["ccode"], top["stateabb"], top["share"], strict=True)
    ]
    return DomainPolarity(effective_poles(s), concentration(s), poles, len(s))


def _check(year: int, threshold: float) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(f"year {year} is out of range; valid years are {FIRST_YEAR}–{LAST_YEAR}")
    if not 0 < threshold <= 1:
        raise InputError(f"pole threshold {threshold} must be in (0, 1]")


def polarity(
    year: int,
    *,
    scope: str = "world",
    domains: Sequence[str] | None = None,
    indicators: Sequence[Indicator] = (),
    pole_threshold: float = POLE_THRESHOLD,
) -> Polarity:
    """Polarity of each domain in ``year`` (built-in ``domains``: default set, + indicators).

    A domain with fewer than two states with data that year is listed in ``unavailable``.
    """
    _check(year, pole_threshold)
    chosen: list[str | Indicator] = [
        *(domain_names(default_only=True) if domains is None else domains)
    ]
    chosen.extend(indicators)
    result: dict[str, DomainPolarity] = {}
    unavailable: list[str] = []
    for domain in chosen:
        name = domain.name if isinstance(domain, Indicator) else domain
        frame = shares(domain, year, year, scope=scope)
        if len(frame) < 2:
            unavailable.append(name)
            continue
        result[name] = _one(frame, pole_threshold)
    index = asynchrony([d.effective_poles for d in result.values()])
    return Polarity(year, scope, pole_threshold, result, index, unavailable)


def polarity_series(
    start: int,
    end: int,
    *,
    scope: str = "world",
    domains: Sequence[str] | None = None,
    indicators: Sequence[Indicator] = (),
) -> pd.DataFrame:
    """``year, domain, effective_poles, concentration, states`` for every domain-year with data,
    plus one ``domain == "asynchrony"`` row per year holding the index in ``effective_poles``.
    """
    chosen: list[str | Indicator] = [
        *(domain_names(default_only=True) if domains is None else domains)
    ]
    chosen.extend(indicators)
    rows: list[dict[str, object]] = []
    for domain in chosen:
        name = domain.name if isinstance(domain, Indicator) else domain
        frame = shares(domain, start, end, scope=scope)
        for year, group in frame.groupby("year"):
            if len(group) >= 2:
                s = group["share"].to_numpy()
                rows.append(
                    {
                        "year": year,
                        "domain": name,
                        "effective_poles": effective_poles(s),
                        "concentration": concentration(s),
                        "states": len(s),
                    }
                )
    table = pd.DataFrame(
        rows, columns=["year", "domain", "effective_poles", "concentration", "states"]
    )
    spread = (
        table.groupby("year")["effective_poles"]
        .apply(lambda n: asynchrony(list(n)))
        .dropna()
        .rename("effective_poles")
        .reset_index()
        .assign(domain="asynchrony")
    )
    return pd.concat([table, spread], ignore_index=True).sort_values(["domain", "year"])
