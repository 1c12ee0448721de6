"""``eurasec data``: state-year and dyad-year tables with covariates, written to CSV or Parquet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eurasec.cli._common import JsonOption, emit

__all__ = ["NAME", "app", "dyad_years_cmd", "state_years_cmd"]

NAME = "data"
app = typer.Typer(help="Peace-science tables: state-years and dyad-years with covariates.")

StartOption = Annotated[int, typer.Option("--start", help="First year (1816–2024).")]
EndOption = Annotated[int, typer.Option("--end", help="Last year (1816–2024).")]
CovariatesOption = Annotated[
    str,
    typer.Option("--covariates", help="Comma-separated covariate names, or 'all'.", metavar="A,B"),
]
OutOption = Annotated[Path, typer.Option("--out", help="Output file, .csv or .parquet.")]


def _names(covariates: str) -> list[str]:
    return [c.strip() for c in covariates.split(",") if c.strip()]


@app.command("state-years")
def state_years_cmd(
    start: StartOption,
    end: EndOption,
    out: OutOption,
    covariates: CovariatesOption = "",
    as_json: JsonOption = False,
) -> None:
    """Write COW system member-years with the named covariates.

    Example:
        eurasec data state-years --start 1990 --end 2020 --covariates nmc,democracy --out sy.csv
    """
    from eurasec.peacesci import state_years
    from eurasec.peacesci.export import write_table

    frame = state_years(start, end, _names(covariates))
    path = write_table(frame, out)
    emit({"path": path, "rows": len(frame), "columns": list(frame.columns)}, as_json=as_json)


@app.command("dyad-years")
def dyad_years_cmd(
    start: StartOption,
    end: EndOption,
    out: OutOption,
    covariates: CovariatesOption = "",
    directed: Annotated[
        bool, typer.Option("--directed/--undirected", help="Both orders of each pair, or one.")
    ] = True,
    as_json: JsonOption = False,
) -> None:
    """Write dyad-years of COW system members with the named covariates.

    Example:
        eurasec data dyad-years --start 2000 --end 2014 --covariates contiguity,mid --out d.parquet
    """
    from eurasec.peacesci import dyad_years
    from eurasec.peacesci.export import write_table

    frame = dyad_years(start, end, directed=directed, covariates=_names(covariates))
    path = write_table(frame, out)
    emit({"path": path, "rows": len(frame), "columns": list(frame.columns)}, as_json=as_json)


@app.command("covariates")
def covariates_cmd(as_json: JsonOption = False) -> None:
    """List every covariate with its source, years and gap rule.

    Example:
        eurasec data covariates --json
    """
    from eurasec.peacesci import COVARIATES

    emit([c.as_dict() for c in COVARIATES], as_json=as_json)
