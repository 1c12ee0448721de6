"""``eurasec analyse``: power, polarity, threat and assessment of moves.

This module owns the group; other modules add commands with ``EXTENDS = "analyse"``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from eurasec.cli._common import JsonOption, emit

if TYPE_CHECKING:
    from eurasec.analysis.power import Indicator

__all__ = ["NAME", "app", "polarity_chart_cmd", "polarity_cmd"]

NAME = "analyse"
app = typer.Typer(help="Power, polarity, threat and assessment of moves.")

ScopeOption = Annotated[str, typer.Option("--scope", help="world or eurasia.")]
IndicatorOption = Annotated[
    list[str] | None,
    typer.Option(
        "--indicator",
        help="Extra domain NAME=FILE.csv (columns iso3|ccode, year, value); repeatable.",
        metavar="NAME=FILE",
    ),
]


def _indicators(specs: list[str] | None) -> list[Indicator]:
    from eurasec.analysis.power import load_indicator
    from eurasec.errors import InputError

    out: list[Indicator] = []
    for spec in specs or []:
        name, sep, path = spec.partition("=")
        if not sep or not name or not path:
            raise InputError(f"--indicator {spec!r}: expected NAME=FILE")
        out.append(load_indicator(path, name))
    return out


DomainOption = Annotated[
    list[str] | None,
    typer.Option(
        "--domain",
        help="Built-in domain (military, military_personnel, economic, demographic, composite, "
        "economic_mer); repeatable; default: all but economic_mer.",
    ),
]


@app.command("polarity")
def polarity_cmd(
    year: Annotated[int, typer.Option("--year", help="Year (1816–2024).")],
    scope: ScopeOption = "world",
    domain: DomainOption = None,
    indicator: IndicatorOption = None,
    threshold: Annotated[
        float, typer.Option("--pole-threshold", help="Minimum share of a pole (default 0.10).")
    ] = 0.10,
    as_json: JsonOption = False,
) -> None:
    """Effective number of poles, concentration and poles per domain, and asynchrony.

    Example:
        eurasec analyse polarity --year 2010 --scope eurasia --json
    """
    from eurasec.analysis.polarity import polarity

    result = polarity(
        year,
        scope=scope,
        domains=domain or None,
        indicators=_indicators(indicator),
        pole_threshold=threshold,
    )
    emit(result, as_json=as_json)


@app.command("polarity-chart")
def polarity_chart_cmd(
    start: Annotated[int, typer.Option("--start", help="First year.")],
    end: Annotated[int, typer.Option("--end", help="Last year.")],
    out: Annotated[Path, typer.Option("--out", help="Output image, .png or .svg.")],
    scope: ScopeOption = "world",
    indicator: IndicatorOption = None,
    as_json: JsonOption = False,
) -> None:
    """Chart the effective number of poles per domain over time (PNG or SVG).

    Example:
        eurasec analyse polarity-chart --start 1900 --end 2022 --out polarity.svg
    """
    from eurasec.analysis.polarity_chart import plot_polarity

    path = plot_polarity(start, end, out, scope=scope, indicators=_indicators(indicator))
    emit({"path": path}, as_json=as_json)
