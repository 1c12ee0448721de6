"""Power by domain: each state's share of a capability among the states in scope, per year.

Built-in domains (:data:`DOMAINS`), each one column of :func:`eurasec.peacesci.state_years`:

=====================  ==============  ==========================================  =========
domain                 column          source                                      years
=====================  ==============  ==========================================  =========
``military``           ``milex_ext``   NMC milex; SIPRI % GDP × WB GDP fills gaps   1816–2023
``military_personnel`` ``milper``      NMC                                         1816–2022
``economic``           ``gdp``         SDP (PPP) to 2019, chained on WB growth     1816–2023
``demographic``        ``pop``         SDP to 2019, chained on WB growth           1816–2024
``composite``          ``cinc``        NMC CINC                                    1816–2022
``economic_mer``       ``gdp_wb``      WB GDP, current US$ (market exchange rates) 1990–2023
=====================  ==============  ==========================================  =========

``economic_mer`` is not in the default set (:func:`domain_names` with ``default_only``): the
World Bank series has no USSR, GDR or other Cold War states, so it starts in 1990, and adding
it only from 1990 would break the asynchrony series. Ask for it by name.

A user may add any domain (finance, technology…) from an indicator file: CSV with a header
row holding ``year``, ``value`` and exactly one of ``iso3`` or ``ccode`` (see
:func:`load_indicator`). The share of state *i* in year *t* is ``x_it / Σ_j x_jt`` over the
states in scope with a non-missing, non-negative value. CINC is renormalised the same way, so
shares sum to 1 (raw CINC sums drift up to ±7% from 1).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from eurasec.analysis.scope import in_scope
from eurasec.errors import InputError
from eurasec.peacesci import FIRST_YEAR, LAST_YEAR, iso3_to_ccode, state_years
from eurasec.peacesci.system import check_years, system_state_years

__all__ = [
    "DOMAINS",
    "Domain",
    "Indicator",
    "domain_names",
    "load_indicator",
    "shares",
]


@dataclass(frozen=True)
class Domain:
    """A built-in power domain: a state-year column and the covariate that provides it."""

    name: str
    covariate: str
    column: str
    first_year: int
    last_year: int
    description: str
    default: bool = True


#: The built-in domains, in output order.
DOMAINS: tuple[Domain, ...] = (
    Domain("military", "milex_ext", "milex_ext", 1816, 2023, "military expenditure"),
    Domain("military_personnel", "nmc", "milper", 1816, 2022, "military personnel"),
    Domain("economic", "gdp", "gdp", 1816, 2023, "GDP (PPP)"),
    Domain("demographic", "population", "pop", 1816, 2024, "population"),
    Domain("composite", "nmc", "cinc", 1816, 2022, "CINC"),
    Domain("economic_mer", "gdp", "gdp_wb", 1990, 2023, "GDP, current US$", default=False),
)
_BY_NAME = {d.name: d for d in DOMAINS}


@dataclass(frozen=True)
class Indicator:
    """A user-supplied domain: ``ccode, year, value`` rows read from an indicator file."""

    name: str
    data: pd.DataFrame
    source: str


def domain_names(*, default_only: bool = False) -> list[str]:
    """The names of the built-in domains (only those used by default, if asked)."""
    return [d.name for d in DOMAINS if d.default or not default_only]


@cache
def _domain_values(name: str) -> pd.DataFrame:
    domain = _BY_NAME[name]
    frame = state_years(FIRST_YEAR, LAST_YEAR, [domain.covariate])
    out = frame[["ccode", "stateabb", "year"]].copy()
    out["value"] = frame[domain.column].to_numpy(dtype=np.float64)
    return out[out["year"] >= domain.first_year]


def shares(
    domain: str | Indicator,
    start: int,
    end: int,
    *,
    scope: str = "world",
) -> pd.DataFrame:
    """``ccode, stateabb, year, value, share`` for every state in scope with a value.

    ``domain`` is a built-in domain name or an :class:`Indicator`. Rows are sorted by year,
    then by descending share.
    """
    check_years(start, end)
    if isinstance(domain, Indicator):
        values = _indicator_values(domain)
    elif domain in _BY_NAME:
        values = _domain_values(domain)
    else:
        raise InputError(
            f"unknown power domain {domain!r}; valid domains are: {', '.join(domain_names())} "
            "(or an indicator file)"
        )
    sel = values[(values["year"] >= start) & (values["year"] <= end)]
    value = sel["value"].to_numpy()
    keep = ~np.isnan(value) & (value >= 0) & in_scope(sel["ccode"].to_numpy(), scope)
    sel = sel[keep].copy()
    totals = sel.groupby("year")["value"].transform("sum").to_numpy()
    sel["share"] = np.divide(
        sel["value"].to_numpy(), totals, out=np.full(len(sel), np.nan), where=totals > 0
    )
    sel = sel[~np.isnan(sel["share"].to_numpy())]
    ordered: pd.DataFrame = sel.sort_values(["year", "share"], ascending=[True, False])
    return ordered.reset_index(drop=True)


def _indicator_values(indicator: Indicator) -> pd.DataFrame:
    sy = system_state_years()[["ccode", "stateabb", "year"]]
    data = indicator.data.astype({"ccode": np.int16, "year": np.int16})
    merged: pd.DataFrame = sy.merge(data, on=["ccode", "year"], how="inner")
    return merged


def load_indicator(path: str | Path, name: str) -> Indicator:
    """Read a user indicator file as domain ``name``.

    Schema: a CSV file (UTF-8, comma-separated) whose header holds ``year``, ``value`` and
    exactly one of ``iso3`` (ISO 3166-1 alpha-3) or ``ccode`` (COW code); other columns are
    ignored. ``year`` is an integer in 1816–2024, ``value`` a finite number ≥ 0 (an empty
    cell is a missing value and is skipped); one row per state and year. Rows for states
    that were not system members that year are dropped. Any other problem is an
    :class:`~eurasec.errors.InputError` naming the line and column.
    """
    if not name or not name.replace("_", "").isalnum():
        raise InputError(f"domain name {name!r} must be letters, digits or underscores")
    if name in _BY_NAME:
        raise InputError(f"domain name {name!r} is built in; choose another name")
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read indicator file {str(file)!r}: {exc}") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise InputError(f"{file}: empty file; expected a header with iso3|ccode, year, value")
    header = [h.strip().lower() for h in rows[0]]
    code_col = _check_header(file, header)
    records = [
        _parse_row(file, line, dict(zip(header, row, strict=False)), code_col)
        for line, row in enumerate(rows[1:], start=2)
        if any(cell.strip() for cell in row)
    ]
    data = pd.DataFrame(
        [r for r in records if r is not None], columns=["ccode", "year", "value", "line"]
    )
    dup = data[data.duplicated(["ccode", "year"], keep=False)]
    if len(dup):
        lines = ", ".join(str(v) for v in dup["line"].head(4))
        raise InputError(f"{file}: lines {lines}: more than one row for the same state and year")
    return Indicator(name, data.drop(columns="line"), str(file))


def _check_header(file: Path, header: list[str]) -> str:
    missing = [c for c in ("year", "value") if c not in header]
    codes = [c for c in ("iso3", "ccode") if c in header]
    if missing or len(codes) != 1:
        problem = f"missing column {missing[0]!r}" if missing else "need exactly one of iso3, ccode"
        raise InputError(
            f"{file}: line 1: {problem}; the header must hold iso3 or ccode, year, value "
            f"(found: {', '.join(header)})"
        )
    return codes[0]


def _parse_row(
    file: Path, line: int, row: dict[str, str], code_col: str
) -> tuple[int, int, float, int] | None:
    where = f"{file}: line {line}"
    raw_year = row.get("year", "").strip()
    try:
        year = int(raw_year)
    except ValueError:
        raise InputError(f"{where}, column year: {raw_year!r} is not a whole year") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(f"{where}, column year: {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
    raw_code = row.get(code_col, "").strip()
    ccode = _parse_code(where, code_col, raw_code, year)
    raw_value = row.get("value", "").strip()
    if raw_value == "":
        return None
    try:
        value = float(raw_value)
    except ValueError:
        raise InputError(f"{where}, column value: {raw_value!r} is not a number") from None
    if not math.isfinite(value) or value < 0:
        raise InputError(f"{where}, column value: {raw_value!r} must be a finite number >= 0")
    return ccode, year, value, line


def _parse_code(where: str, code_col: str, raw: str, year: int) -> int:
    if code_col == "ccode":
        if not raw.isdigit():
            raise InputError(f"{where}, column ccode: {raw!r} is not a COW state code")
        return int(raw)
    ccode = iso3_to_ccode(raw, year) if len(raw) == 3 and raw.isalpha() else None
    if ccode is None:
        raise InputError(f"{where}, column iso3: {raw!r} is not an ISO3 code of a COW state")
    return ccode
