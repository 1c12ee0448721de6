"""``eurasec analyse fit|backtest``: rebuild the shipped threat model; judge it on real moves."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eurasec.cli._common import JsonOption, emit

__all__ = ["COMMANDS", "EXTENDS", "backtest", "fit"]

EXTENDS = "analyse"


def fit(
    out: Annotated[Path, typer.Option("--out", help="Where to write the model file.")],
    skip_selection: Annotated[
        bool,
        typer.Option("--skip-selection", help="Reuse the shipped choice of form (no CV)."),
    ] = False,
    draws: Annotated[int, typer.Option("--draws", min=0, help="Bootstrap refits.")] = 200,
    as_json: JsonOption = False,
) -> None:
    """Choose the threat model's form by cross-validation inside 1870–1989, fit it, bootstrap it.

    Writes the model file (estimate, bootstrap draws, provenance) and, with the selection,
    model_selection.json beside it. Takes about an hour on two cores.

    Example:
        eurasec analyse fit --out src/eurasec/analysis/files/threat_model.json
    """
    from eurasec.analysis.model import build, shipped, write

    model, selection = build(
        form=shipped().form if skip_selection else None,
        draws=draws,
        progress=lambda msg: typer.echo(msg, err=True),
    )
    write(model, selection, out)
    emit({"path": str(out), "form": model.form.label(), "params": model.params}, as_json=as_json)


def backtest(as_json: JsonOption = False) -> None:
    """Replay every alliance entry and exit of 1950–2009: AUC on outsider dyads, with placebo.

    Scores the predicted change in outsiders' dispute risk against whether their onsets rose
    in the 5 years after the move compared with the 5 before (a few minutes).

    Example:
        eurasec analyse backtest --json
    """
    from eurasec.analysis.backtest import backtest as run_backtest

    emit(run_backtest(), as_json=as_json)


COMMANDS = (fit, backtest)
