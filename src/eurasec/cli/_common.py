"""Options and output shared by every command group."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from eurasec.errors import InputError
from eurasec.storage import Store, open_store

__all__ = [
    "AsOfOption",
    "DbOption",
    "JsonOption",
    "TimeOption",
    "close_cli_stores",
    "emit",
    "open_cli_store",
    "parse_date",
]

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="EURASEC_DATABASE_URL",
        help="Database URL or SQLite file (default: sqlite:///eurasec.db).",
        show_envvar=True,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Date YYYY-MM-DD (default: today).", metavar="DATE")
]

RecordAsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Date YYYY-MM-DD (default: the record's current day: today, or the date of its "
        "newest institutional act if later, as in the HTTP API).",
        metavar="DATE",
    ),
]

TimeOption = Annotated[
    str | None, typer.Option("--time", help="RFC 3339 UTC time of the act (default: now).")
]


def parse_date(value: str | None) -> date:
    """``value`` as a date; today when ``None``; a clear error when malformed."""
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"invalid date {value!r}; expected YYYY-MM-DD") from None


#: Stores the running command opened; :func:`close_cli_stores` disposes them when it ends.
_OPENED: list[Store] = []


def open_cli_store(db: str | None, *, migrate: bool = True) -> Store:
    """Open (and migrate) the store a command was pointed at (closed when the command ends)."""
    store = open_store(db, migrate=migrate)
    _OPENED.append(store)
    return store


def close_cli_stores() -> None:
    """Dispose every store the command opened (its pooled connections closed, not leaked)."""
    while _OPENED:
        _OPENED.pop().dispose()


def _default(obj: Any) -> Any:
    if isinstance(obj, date | datetime):
        return obj.isoformat()
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if hasattr(obj, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(obj)
    raise TypeError(f"cannot encode {type(obj).__name__} as JSON")


def to_json(data: Any) -> str:
    """JSON text for ``data`` (dates as ISO strings, models and dataclasses as objects)."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=_default)


def emit(data: Any, *, as_json: bool) -> None:
    """Print ``data`` as JSON or as a plain table for people."""
    if as_json:
        typer.echo(to_json(data))
        return
    plain = json.loads(to_json(data))
    if isinstance(plain, Sequence) and not isinstance(plain, str):
        _table(plain)
    elif isinstance(plain, Mapping):
        for key, value in plain.items():
            shown = value if isinstance(value, str | int | float) else json.dumps(value)
            typer.echo(f"{key}: {shown}")
    else:
        typer.echo(str(plain))


def _table(rows: Sequence[Any]) -> None:
    if not rows:
        typer.echo("(none)")
        return
    if not all(isinstance(r, Mapping) for r in rows):
        for r in rows:
            typer.echo(str(r))
        return
    cols = list(dict.fromkeys(k for r in rows for k in r))
    cells = [[_cell(r.get(c)) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    typer.echo("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    for row in cells:
        typer.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
