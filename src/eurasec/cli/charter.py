"""``eurasec charter``: the Charter's versions, rounds, status, crosswalk, and its acts."""

from __future__ import annotations

from typing import Annotated

import typer

from eurasec.cli._acts import make_act_command, record_as_of
from eurasec.cli._common import DbOption, JsonOption, RecordAsOfOption, emit, open_cli_store

__all__ = ["NAME", "app"]

NAME = "charter"
app = typer.Typer(
    help="The Charter: drafting, signature, entry into force, accession.", no_args_is_help=True
)


@app.command()
def status(
    as_of: RecordAsOfOption = None, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """Adoption, entry into force, signatories, parties, pending, withdrawing, reservations.

    Example:
        eurasec charter status --as-of 2027-01-01 --json
    """
    from eurasec.institutions import charter

    with open_cli_store(db).connect() as conn:
        emit(charter.status(conn, record_as_of(conn, as_of)), as_json=as_json)


@app.command()
def participations(
    as_of: RecordAsOfOption = None, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """The Charter as a registry format (CHARTER): actor, role (member/signatory), since.

    Example:
        eurasec charter participations --as-of 2027-01-01
    """
    from eurasec.institutions import charter

    with open_cli_store(db).connect() as conn:
        emit(charter.participations(conn, record_as_of(conn, as_of)), as_json=as_json)


@app.command()
def versions(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every published version of the text.

    Example:
        eurasec charter versions
    """
    from eurasec.institutions import charter

    with open_cli_store(db).connect() as conn:
        emit(charter.versions(conn), as_json=as_json)


@app.command()
def show(
    version: Annotated[int, typer.Argument(help="Version number.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One version with its articles.

    Example:
        eurasec charter show 2 --json
    """
    from eurasec.institutions import charter

    with open_cli_store(db).connect() as conn:
        emit(charter.version(conn, version), as_json=as_json)


@app.command()
def diff(
    old: Annotated[int, typer.Argument(help="Earlier version.")],
    new: Annotated[int, typer.Argument(help="Later version.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """What changed between two versions, article by article.

    Example:
        eurasec charter diff 1 2
    """
    from eurasec.institutions import charter

    with open_cli_store(db).connect() as conn:
        changes = charter.diff(conn, old, new)
    if as_json:
        emit(changes, as_json=True)
        return
    for c in changes:
        typer.echo(f"article {c['article']}: {c['change']}\n{c['diff']}\n")


@app.command(name="round")
def round_(
    round_id: Annotated[str, typer.Argument(metavar="ROUND", help="Round id.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """A consultation round: comments per article, positions per party, tally.

    Example:
        eurasec charter round R1 --json
    """
    from eurasec.institutions import charter

    with open_cli_store(db).connect() as conn:
        emit(charter.round_report(conn, round_id), as_json=as_json)


@app.command()
def sample(as_json: JsonOption = False) -> None:
    """The starter draft Charter shipped with eurasec (a SAMPLE, agreed by nobody).

    Example:
        eurasec charter sample --json > draft.json
    """
    from eurasec.institutions.sample import SAMPLE_NOTICE, sample_charter

    text = sample_charter()
    if as_json:
        emit(text, as_json=True)
        return
    typer.echo(f"{text['title']}\n[{SAMPLE_NOTICE}]\n")
    for a in text["articles"]:
        typer.echo(f"Article {a['number']}. {a['heading']}\n{a['text']}\n")


@app.command()
def crosswalk(
    version: Annotated[
        int | None, typer.Option("--version", help="A version on the record (default: sample).")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Map each article to UN Charter Art. 2, Helsinki and GSI principles: overlaps and gaps.

    Example:
        eurasec charter crosswalk --json
    """
    from eurasec.institutions import charter
    from eurasec.institutions.crosswalk import crosswalk as cross
    from eurasec.institutions.sample import sample_charter

    if version is None:
        articles = sample_charter()["articles"]
    else:
        with open_cli_store(db).connect() as conn:
            articles = charter.version(conn, version)["articles"]
    result = cross(articles)
    if as_json:
        emit(result, as_json=True)
        return
    for row in result["articles"]:
        ids = [p for ps in row["principles"].values() for p in ps]
        typer.echo(f"{row['article']:>3} {row['heading']}: {', '.join(ids) or '(none)'}")
    for src, gaps in result["gaps"].items():
        typer.echo(f"gaps {src}: {', '.join(gaps) or '(none)'}")


app.command(name="act")(
    make_act_command(
        ("charter.", "institutions."),
        "eurasec charter act charter.sign --actor KAZ --key kaz.pem "
        '--payload \'{"version": 2, "kind": "state"}\'',
    )
)
