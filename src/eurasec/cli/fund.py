"""``eurasec fund``: the Security Fund's statement, ledger, assessed scale, IATI export, acts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eurasec.cli._acts import make_act_command, record_as_of
from eurasec.cli._common import DbOption, JsonOption, RecordAsOfOption, emit, open_cli_store

__all__ = ["NAME", "app"]

NAME = "fund"
app = typer.Typer(
    help="The Security Fund: pledges, contributions, allocations, disbursements.",
    no_args_is_help=True,
)


@app.command()
def statement(
    as_of: RecordAsOfOption = None, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """Contributions per party, allocations and disbursements per purpose, as of a date.

    Example:
        eurasec fund statement --as-of 2027-12-31 --json
    """
    from eurasec.institutions.fund import statement as report

    with open_cli_store(db).connect() as conn:
        emit(report(conn, record_as_of(conn, as_of)), as_json=as_json)


@app.command()
def transactions(
    as_of: RecordAsOfOption = None, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """Every Fund transaction up to a date, in record order.

    Example:
        eurasec fund transactions --json
    """
    from eurasec.institutions.fund import transactions as txs

    with open_cli_store(db).connect() as conn:
        emit(txs(conn, record_as_of(conn, as_of)), as_json=as_json)


@app.command()
def reconcile(
    as_of: RecordAsOfOption = None, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """Check the ledger's invariants as of a date (exit 1 if they fail).

    Example:
        eurasec fund reconcile
    """
    from eurasec.institutions.fund import reconcile as check

    with open_cli_store(db).connect() as conn:
        result = check(conn, record_as_of(conn, as_of))
    emit(result, as_json=as_json)
    if not result["ok"]:
        raise typer.Exit(1)


@app.command()
def scale(
    budget: Annotated[int, typer.Option("--budget", help="Budget in minor units.")],
    parties: Annotated[str, typer.Option("--parties", help="Comma-separated state ids.")],
    year: Annotated[int | None, typer.Option("--year", help="GDP year (default: latest).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Assessed contributions from World Bank GDP shares, with the rules' floor and ceiling.

    Example:
        eurasec fund scale --budget 100000000 --parties RUS,KAZ,CHN,IND,BLR
    """
    from eurasec.institutions import DEFAULT_RULES
    from eurasec.institutions.fund import assessed_scale
    from eurasec.institutions.sandbox import gdp

    ids = [p.strip().upper() for p in parties.split(",") if p.strip()]
    r = DEFAULT_RULES
    emit(
        assessed_scale(gdp(ids, year), budget, r.assessed_floor, r.assessed_ceiling),
        as_json=as_json,
    )


@app.command()
def iati(
    kind: Annotated[str, typer.Argument(help="organisation or activities")],
    out: Annotated[Path | None, typer.Option("--out", help="Write here (default stdout).")] = None,
    as_of: RecordAsOfOption = None,
    db: DbOption = None,
) -> None:
    """Export IATI 2.03 XML: the Fund as an organisation, or its projects as activities.

    Example:
        eurasec fund iati activities --out activities.xml
    """
    from eurasec.errors import InputError
    from eurasec.institutions import iati as export

    makers = {"organisation": export.organisation_xml, "activities": export.activities_xml}
    if kind not in makers:
        raise InputError("kind must be organisation or activities")
    with open_cli_store(db).connect() as conn:
        data = makers[kind](conn, record_as_of(conn, as_of))
    if out is None:
        typer.echo(data.decode("utf-8"))
    else:
        out.write_bytes(data)


app.command(name="act")(
    make_act_command(
        ("fund.",),
        "eurasec fund act fund.pledge --actor KAZ --key kaz.pem "
        '--payload \'{"amount": 500000, "currency": "USD"}\'',
    )
)
