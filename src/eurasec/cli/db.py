"""``eurasec db``: the database's schema (upgrade once, under a lock; status)."""

from __future__ import annotations

import typer

from eurasec.cli._common import DbOption, JsonOption, emit, open_cli_store
from eurasec.storage.schema_version import schema_status
from eurasec.storage.schema_version import upgrade as run_upgrade

__all__ = ["NAME", "app"]

NAME = "db"
app = typer.Typer(help="The database: schema upgrades and status.", no_args_is_help=True)


@app.command()
def upgrade(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Apply every missing migration once, under the database's migration lock.

    Safe to run from several hosts at once: one migrates, the others wait and find nothing
    left to do. Refuses a database a newer eurasec migrated.

    Example:
        eurasec db upgrade --db postgresql://eurasec@db.example/eurasec
    """
    before, after = run_upgrade(open_cli_store(db, migrate=False))
    emit(
        {"before": before.state, "after": after.state, "revisions": list(after.current)},
        as_json=as_json,
    )


@app.command()
def status(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Say whether the schema is current, empty, outdated or newer; exit 1 unless current.

    Example:
        eurasec db status --db sqlite:///eurasec.db
    """
    found = schema_status(open_cli_store(db, migrate=False))
    emit(
        {"state": found.state, "current": list(found.current), "expected": list(found.expected)},
        as_json=as_json,
    )
    if found.state != "current":
        raise typer.Exit(1)


@app.command()
def rebuild(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Empty every projection and replay the whole log into it, in one transaction.

    For a log whose entries came from elsewhere (copied back from a mirror after a restore)
    or after a fix to an institution's rules. Appends wait meanwhile (the append lock).

    Example:
        eurasec db rebuild --db postgresql://eurasec@db.example/eurasec
    """
    from eurasec.record.log import Record
    from eurasec.record.projection import default_handlers

    record = Record(open_cli_store(db), default_handlers())
    record.rebuild()
    emit({"replayed": record.size()}, as_json=as_json)
