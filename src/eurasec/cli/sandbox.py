"""``eurasec sandbox``: a local architecture with generated keys, played end to end."""

from __future__ import annotations

from typing import Annotated

import typer

from eurasec.cli._common import DbOption, JsonOption, emit, open_cli_store

__all__ = ["COMMANDS", "sandbox"]


def sandbox(
    parties: Annotated[
        str, typer.Option("--parties", help="Comma-separated ids (states or organisations).")
    ] = "RUS,BLR,KAZ,CHN,IND,SCO",
    start: Annotated[str, typer.Option("--start", help="Date of the first act.")] = "2026-01-12",
    currency: Annotated[str, typer.Option("--currency", help="The Fund's currency.")] = "USD",
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Create a SANDBOX architecture in an empty store and play the five steps end to end.

    Example:
        eurasec sandbox --parties RUS,BLR,KAZ,CHN,IND,SCO --db sqlite:///sandbox.db
    """
    from eurasec.cli._acts import shared_channels
    from eurasec.institutions.sandbox import play

    store = open_cli_store(db)
    ids = [p for p in parties.split(",") if p.strip()]
    report = play(
        store,
        ids,
        start=start,
        currency=currency.upper(),
        channels=lambda a, b, day: shared_channels(store, a, b, day),
    )
    if as_json:
        emit(
            {"parties": report.parties, "events": report.events, "summary": report.summary},
            as_json=True,
        )
        return
    typer.echo(
        f"SANDBOX: {len(report.events)} acts signed with generated keys, "
        f"parties {', '.join(report.parties)}"
    )
    for e in report.events:
        typer.echo(f"{e.index:>4}  {e.date}  {e.actor:<12} {e.type:<22} {e.summary}")
    ch = report.summary["charter"]
    fund = report.summary["fund"]
    typer.echo(
        f"\nCharter in force since {ch['entry_into_force']}; "
        f"parties: {', '.join(p['actor'] for p in ch['parties'])}"
    )
    typer.echo(f"Fund cash: {fund['cash']}; ledger reconciled: {fund['reconciled']}")
    typer.echo("Everything above is a sandbox: the keys are in the store's sandbox_keys table.")


COMMANDS = (sandbox,)
