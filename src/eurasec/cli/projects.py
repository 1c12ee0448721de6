"""``eurasec projects``: the Project Office's pool, one project's record, the rubric, acts."""

from __future__ import annotations

from typing import Annotated

import typer

from eurasec.cli._acts import make_act_command, record_as_of
from eurasec.cli._common import DbOption, JsonOption, RecordAsOfOption, emit, open_cli_store

__all__ = ["NAME", "app"]

NAME = "projects"
app = typer.Typer(
    help="The Project Office: proposals, appraisal, tranches, results.", no_args_is_help=True
)


@app.command(name="list")
def list_(as_of: RecordAsOfOption = None, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every project with its status as of a date.

    Example:
        eurasec projects list --json
    """
    from eurasec.institutions import projects

    with open_cli_store(db).connect() as conn:
        emit(projects.project_list(conn, record_as_of(conn, as_of)), as_json=as_json)


@app.command()
def show(
    project: Annotated[str, typer.Argument(help="Project id.")],
    as_of: RecordAsOfOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One project: plan, appraisals, tranches, milestones, results, money.

    Example:
        eurasec projects show P-disaster-1 --json
    """
    from eurasec.institutions import projects

    with open_cli_store(db).connect() as conn:
        emit(projects.project(conn, project, record_as_of(conn, as_of)), as_json=as_json)


@app.command()
def rubric(as_json: JsonOption = False) -> None:
    """The appraisal rubric and the five programme lines.

    Example:
        eurasec projects rubric --json
    """
    from eurasec.institutions.parameters import PROGRAMME_LINES, RUBRIC

    emit(
        {
            "criteria": {k: {"weight": w, "question": q} for k, (w, q) in RUBRIC.items()},
            "programme_lines": PROGRAMME_LINES,
        },
        as_json=as_json,
    )


app.command(name="act")(
    make_act_command(
        ("project.",),
        "eurasec projects act project.milestone --actor KAZ --key kaz.pem "
        '--payload \'{"project": "P-1", "milestone": 1, "report": "done"}\'',
    )
)
