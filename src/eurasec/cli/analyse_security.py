"""``eurasec analyse assess|richardson|mediators|validate``: the indivisible-security engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from eurasec.cli._common import AsOfOption, DbOption, JsonOption, TimeOption, emit, parse_date
from eurasec.errors import InputError

__all__ = ["COMMANDS", "EXTENDS", "assess", "mediators", "richardson", "validate"]

EXTENDS = "analyse"

FileArg = Annotated[Path, typer.Argument(help="A JSON file ('-' for standard input).")]


def _read(path: Path) -> str:
    if str(path) == "-":
        return typer.get_text_stream("stdin").read()
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None


def assess(
    move: FileArg,
    consult: Annotated[
        bool,
        typer.Option(
            "--consult",
            help="On a divisible verdict, open a consultation of the --as loser with the mover.",
        ),
    ] = False,
    as_: Annotated[
        str | None, typer.Option("--as", help="With --consult: the loser raising the concern.")
    ] = None,
    key: Annotated[
        Path | None, typer.Option("--key", help="With --consult: the --as party's private key.")
    ] = None,
    sandbox_key: Annotated[
        bool, typer.Option("--sandbox-key", help="With --consult: its key kept in a sandbox store.")
    ] = False,
    time: TimeOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Assess a move: every actor's change in security per dimension, verdict and losers.

    With --consult, a divisible verdict also opens a consultation: the --as party (one of the
    losers, signing with its own key) raises a concern about the move with the mover, in the
    strongest channel they share; the result gains a "consultation" object. An indivisible
    verdict opens nothing and says so.

    Example:
        echo '{"kind": "raise_military_spending", "actor": "DEU", "date": "2025-01-01",
               "percent": 20}' > move.json
        eurasec analyse assess move.json --json
        eurasec analyse assess move.json --consult --as POL --key pol.pem --json
    """
    from eurasec.analysis.assess import assess as run_assess
    from eurasec.analysis.move import parse_move

    doc = parse_move(_read(move))
    if not consult:
        if as_ or key or sandbox_key or time:
            raise InputError("--as, --key, --sandbox-key and --time go with --consult")
        emit(run_assess(doc).to_dict(), as_json=as_json)
        return
    if not as_:
        raise InputError("--consult needs --as PARTY, the loser who raises the concern")
    from eurasec.cli._common import open_cli_store
    from eurasec.cli._consult import consult_from_assessment
    from eurasec.record.statement import now_rfc3339

    result = run_assess(doc).to_dict()
    result["consultation"] = consult_from_assessment(
        open_cli_store(db),
        result,
        doc.model_dump(mode="json"),
        as_.upper(),
        key=key,
        sandbox_key=sandbox_key,
        time=time or now_rfc3339(),
    )
    emit(result, as_json=as_json)


def richardson(params: FileArg, as_json: JsonOption = False) -> None:
    """Equilibrium, eigenvalues and stability of dX/dt = (K − A)X + G.

    PARAMS is a JSON object with K (n×n), A (n, the fatigue diagonal) and G (n).

    Example:
        echo '{"K": [[0, 1], [1, 0]], "A": [2, 2], "G": [1, 1]}' > params.json
        eurasec analyse richardson params.json --json
    """
    from eurasec.analysis.richardson import solve

    try:
        doc = json.loads(_read(params))
    except json.JSONDecodeError as exc:
        raise InputError(f"PARAMS is not valid JSON: {exc.msg}") from None
    if not isinstance(doc, dict) or not {"K", "A", "G"} <= doc.keys():
        raise InputError("PARAMS must be a JSON object with K, A and G")
    emit(solve(doc["K"], doc["A"], doc["G"]).to_dict(), as_json=as_json)


def mediators(
    a: Annotated[str, typer.Argument(help="ISO3 of the first party.")],
    b: Annotated[str, typer.Argument(help="ISO3 of the second party.")],
    as_of: AsOfOption = None,
    limit: Annotated[int, typer.Option("--limit", help="How many candidates.")] = 10,
    as_json: JsonOption = False,
) -> None:
    """Channels of A and B, and ranked mediator candidates with their threat to each.

    Example:
        eurasec analyse mediators ARM AZE --as-of 2014-06-01 --json
    """
    from eurasec.analysis.mediators import mediators as run_mediators

    emit(run_mediators(a, b, parse_date(as_of), limit=limit), as_json=as_json)


def validate(
    train_end: Annotated[int, typer.Option("--train-end", help="Last training year.")] = 1989,
    as_json: JsonOption = False,
) -> None:
    """Coalition threat index versus the standard dangerous-dyads logit on MID onsets.

    Every model is fitted on the shipped form's first year to TRAIN_END and scored on the
    same rows of the years after it up to 2014 (ROC AUC, Brier), overall and on two
    definitions of Eurasia, with dyad-bootstrap intervals of the AUC differences (a few
    minutes).

    Example:
        eurasec analyse validate --json
    """
    from eurasec.analysis.model import shipped
    from eurasec.analysis.validation import LAST_YEAR
    from eurasec.analysis.validation import validate as run_validate

    result = run_validate((shipped().form.start, train_end), (train_end + 1, LAST_YEAR))
    emit(result.to_dict(), as_json=as_json)


COMMANDS = (assess, richardson, mediators, validate)
