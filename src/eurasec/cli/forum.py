"""``eurasec forum``: Forum sessions, host rotation, proposals, the Working Group, and acts."""

from __future__ import annotations

from typing import Annotated

import typer

from eurasec.cli._acts import make_act_command, record_as_of
from eurasec.cli._common import DbOption, JsonOption, RecordAsOfOption, emit, open_cli_store

__all__ = ["NAME", "app"]

NAME = "forum"
app = typer.Typer(
    help="The Forum and its Working Group: sessions, rotation, decisions.", no_args_is_help=True
)


@app.command()
def sessions(
    as_of: RecordAsOfOption = None, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """Every session convened by a date: number, host, date, place.

    Example:
        eurasec forum sessions --json
    """
    from eurasec.institutions import forum

    with open_cli_store(db).connect() as conn:
        emit(forum.sessions(conn, record_as_of(conn, as_of)), as_json=as_json)


@app.command()
def session(
    number: Annotated[int, typer.Argument(help="Session number.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One session: host, declines, agenda with votes and outcomes, minutes.

    Example:
        eurasec forum session 1 --json
    """
    from eurasec.institutions import forum

    with open_cli_store(db).connect() as conn:
        emit(forum.session_report(conn, number), as_json=as_json)


@app.command(name="next")
def next_(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The next session: its number, the earliest regular date, and whose turn it is to host.

    Example:
        eurasec forum next
    """
    from eurasec.institutions import forum, get_rules

    with open_cli_store(db).connect() as conn:
        emit(forum.next_session_due(conn, get_rules(conn)), as_json=as_json)


@app.command()
def proposals(
    session_: Annotated[int | None, typer.Option("--session", help="Only this session.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Proposals (agenda items) with votes and outcomes.

    Example:
        eurasec forum proposals --session 2 --json
    """
    from eurasec.institutions import forum

    with open_cli_store(db).connect() as conn:
        emit(forum.proposals(conn, session_), as_json=as_json)


@app.command(name="working-group")
def working_group(
    as_of: RecordAsOfOption = None, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """Members of the Working Group and the parties that nominated them.

    Example:
        eurasec forum working-group --json
    """
    from eurasec.institutions import working_group as wg

    with open_cli_store(db).connect() as conn:
        emit(wg.members(conn, record_as_of(conn, as_of)), as_json=as_json)


@app.command()
def rules(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The institutional rules this store runs under (defaults until configured).

    Example:
        eurasec forum rules --json
    """
    from eurasec.institutions import get_rules

    with open_cli_store(db).connect() as conn:
        emit(get_rules(conn).to_json(), as_json=as_json)


app.command(name="act")(
    make_act_command(
        ("forum.", "wg."),
        "eurasec forum act forum.vote --actor KAZ --key kaz.pem "
        '--payload \'{"proposal": "S2-fund", "position": "support"}\'',
    )
)
