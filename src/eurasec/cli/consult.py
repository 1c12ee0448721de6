"""``eurasec consult``: consultations between parties, in a channel both belong to."""

from __future__ import annotations

from typing import Annotated

import typer

from eurasec.cli._acts import make_act_command, record_as_of, shared_channels, today
from eurasec.cli._common import (
    AsOfOption,
    DbOption,
    JsonOption,
    RecordAsOfOption,
    emit,
    open_cli_store,
)

__all__ = ["NAME", "app"]

NAME = "consult"
app = typer.Typer(
    help="Consultations: a concern raised, replies, an outcome.", no_args_is_help=True
)


@app.command(name="list")
def list_(as_of: RecordAsOfOption = None, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every consultation with its state as of a date.

    Example:
        eurasec consult list --json
    """
    from eurasec.institutions.consultation import consultation_list

    with open_cli_store(db).connect() as conn:
        emit(consultation_list(conn, record_as_of(conn, as_of)), as_json=as_json)


@app.command()
def show(
    consultation: Annotated[str, typer.Argument(help="Consultation id.")],
    as_of: RecordAsOfOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One consultation with its replies.

    Example:
        eurasec consult show C-1 --json
    """
    from eurasec.institutions.consultation import consultation as one

    with open_cli_store(db).connect() as conn:
        emit(one(conn, consultation, record_as_of(conn, as_of)), as_json=as_json)


@app.command()
def channels(
    a: Annotated[str, typer.Argument(help="First party.")],
    b: Annotated[str, typer.Argument(help="Second party.")],
    as_of: AsOfOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Channels in which a consultation between two parties can be held.

    Example:
        eurasec consult channels RUS KAZ --as-of 2027-01-01
    """
    emit(shared_channels(open_cli_store(db), a.upper(), b.upper(), today(as_of)), as_json=as_json)


@app.command(name="payload")
def payload(
    consultation: Annotated[str, typer.Option("--id", help="New consultation id.")],
    raiser: Annotated[str, typer.Option("--raiser", help="Who raises the concern.")],
    respondent: Annotated[str, typer.Option("--respondent", help="Whom it concerns.")],
    concern: Annotated[str, typer.Option("--concern", help="The concern, in a sentence.")],
    move: Annotated[str | None, typer.Option("--move", help="A proposed move.")] = None,
    act: Annotated[int | None, typer.Option("--act", help="A record index.")] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="Pick a channel.")] = None,
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """Print the payload of a consult.raise act, with a channel both parties share.

    Example:
        eurasec consult payload --id C-2 --raiser RUS --respondent KAZ \\
            --concern "Exercise not notified" --move "exercise near the border"
    """
    from eurasec.cli._common import to_json
    from eurasec.institutions.consultation import raise_payload

    shared = shared_channels(open_cli_store(db), raiser.upper(), respondent.upper(), today(as_of))
    body = raise_payload(
        consultation, respondent.upper(), concern, shared, channel=channel, act=act, move=move
    )
    typer.echo(to_json(body))


app.command(name="act")(
    make_act_command(
        ("consult.",),
        "eurasec consult act consult.reply --actor KAZ --key kaz.pem "
        '--payload \'{"consultation": "C-1", "text": "Observers invited."}\'',
    )
)
