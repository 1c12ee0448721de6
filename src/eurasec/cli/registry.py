"""``eurasec registry``: who belongs to which format and which treaty binds whom, as of a date."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from eurasec import registry
from eurasec.cli._common import AsOfOption, DbOption, JsonOption, emit, open_cli_store, parse_date
from eurasec.registry import FormatView, Registry, as_dict
from eurasec.registry import sources as facts

__all__ = [
    "NAME",
    "actor",
    "app",
    "channels",
    "formats",
    "members",
    "sources",
    "states",
    "treaties",
    "treaty",
]

NAME = "registry"
app = typer.Typer(help="Dated registry of states, formats and treaties (as-of queries).")

_SHORT = ("actor", "name", "role", "since", "since_precision")


def _short(rows: list[dict[str, Any]], as_json: bool, keys: tuple[str, ...]) -> list[Any]:
    return rows if as_json else [{k: r[k] for k in keys} for r in rows]


def _registry(db: str | None, charter: bool = False) -> Registry:
    """The shipped registry, with the Charter from the record once it is in force.

    The record is read when ``--db`` (or ``EURASEC_DATABASE_URL``) names one, or when the
    question is about the Charter itself.
    """
    if db is None and not charter:
        return registry.default_registry()
    from eurasec.institutions.charter_registry import with_charter

    return with_charter(open_cli_store(db))


@app.command()
def members(
    org: Annotated[str, typer.Argument(help="Format id, e.g. SCO, NATO, BRICS.")],
    as_of: AsOfOption = None,
    role: Annotated[
        str | None, typer.Option(help="Only this role (member, observer, dialogue_partner...).")
    ] = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """The participants of a format on a date: actor, role and since when.

    ``CHARTER`` (once in force) is read from the record in ``--db``.

    Example:
        eurasec registry members SCO --as-of 2024-07-04 --role member --json
    """
    reg = _registry(db, org.upper() == "CHARTER")
    rows = [as_dict(m) for m in reg.members(org, parse_date(as_of), role)]
    emit(_short(rows, json, _SHORT), as_json=json)


@app.command()
def treaty(
    treaty_id: Annotated[str, typer.Argument(metavar="ID", help="Treaty id, e.g. NEW_START.")],
    as_of: AsOfOption = None,
    json: JsonOption = False,
) -> None:
    """A treaty's status, bound parties and actions up to a date.

    Example:
        eurasec registry treaty INF --as-of 2019-08-02 --json
    """
    doc = as_dict(registry.treaty(treaty_id, parse_date(as_of)))
    if json:
        emit(doc, as_json=True)
        return
    emit({k: doc[k] for k in ("id", "name", "status", "as_of")}, as_json=False)
    keys = ("parties", "suspended", "signatories", "former_parties")
    emit({k: ", ".join(doc[k]) or "-" for k in keys}, as_json=False)
    cols = ("actor", "signature", "consent", "consent_date", "consent_effective", "standing")
    emit(_short(doc["participants"], False, cols), as_json=False)


@app.command()
def channels(
    a: Annotated[str, typer.Argument(help="First actor id (ISO3 or format id).")],
    b: Annotated[str, typer.Argument(help="Second actor id.")],
    as_of: AsOfOption = None,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """The formats and treaties in which both actors take part on a date.

    Each row has ``format``, ``kind``, ``role_a`` (A's role) and ``role_b`` (B's role); with
    ``--db``, the Charter counts once in force.

    Example:
        eurasec registry channels RUS CHN --as-of 2025-01-01 --json
    """
    rows = _registry(db).channels(a, b, parse_date(as_of))
    emit([as_dict(c) for c in rows], as_json=json)


@app.command()
def actor(
    actor_id: Annotated[str, typer.Argument(metavar="ID", help="ISO3 state id or format id.")],
    as_of: AsOfOption = None,
    json: JsonOption = False,
) -> None:
    """Everything an actor belongs to on a date: formats with roles, and treaties.

    Example:
        eurasec registry actor ARM --as-of 2025-01-01 --json
    """
    doc = as_dict(registry.actor(actor_id, parse_date(as_of)))
    if json:
        emit(doc, as_json=True)
        return
    emit(
        {k: doc[k] for k in ("id", "name", "type", "as_of", "eurasian", "cow_code")}, as_json=False
    )
    emit(
        _short(doc["memberships"], False, ("format", "role", "since", "since_precision")),
        as_json=False,
    )
    emit(_short(doc["treaties"], False, ("treaty", "status", "standing", "defence")), as_json=False)


@app.command()
def states(
    eurasian: Annotated[
        bool, typer.Option("--eurasian", help="Only states inside the continental scope.")
    ] = False,
    json: JsonOption = False,
) -> None:
    """Every state: ISO3 id, COW code, name, UN region and the ``eurasian`` flag.

    Example:
        eurasec registry states --eurasian --json
    """
    rows = [as_dict(s) for s in registry.states(eurasian=True if eurasian else None)]
    keys = ("id", "cow_code", "name", "un_region", "eurasian")
    emit(_short(rows, json, keys), as_json=json)


@app.command()
def formats(json: JsonOption = False, db: DbOption = None) -> None:
    """Every format: id, name, kind (organisation, forum, ...) and dates.

    With ``--db``, the Charter is listed once it is in force.

    Example:
        eurasec registry formats --json
    """
    rows = [as_dict(FormatView.of(f)) for f in _registry(db).formats()]
    emit(_short(rows, json, ("id", "kind", "name")), as_json=json)


@app.command()
def treaties(json: JsonOption = False) -> None:
    """Every treaty: id, name, kind and whether it carries a mutual-defence commitment.

    Example:
        eurasec registry treaties --json
    """
    rows = [{k: v for k, v in as_dict(t).items() if k != "actions"} for t in registry.treaties()]
    emit(_short(rows, json, ("id", "kind", "defence", "name")), as_json=json)


@app.command()
def sources(
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Only facts whose link is a home page or a dataset landing page."
        ),
    ] = False,
    json: JsonOption = False,
) -> None:
    """Every fact of the reference data with its source, link and access date.

    With ``--check``, list only the facts a reader cannot follow to the specific document
    (a home page or a dataset's landing page, or no access date), each with its ``problem``,
    and exit with status 1 when there are any.

    Example:
        eurasec registry sources --check --json
    """
    rows = facts.weak_sources() if check else list(facts.facts())
    emit([{**as_dict(f), "problem": f.problem} for f in rows], as_json=json)
    if check and rows:
        raise typer.Exit(1)
