"""``eurasec sim``: scenario simulation of frictions, crises and militarized disputes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from eurasec.cli._common import JsonOption, emit

__all__ = [
    "NAME",
    "app",
    "compare",
    "estimate",
    "list_",
    "run",
    "sensitivity",
    "validate",
]

NAME = "sim"
app = typer.Typer(help="Simulate architectures: frictions → crises → militarized disputes.")

Replications = Annotated[
    int, typer.Option("--replications", "-n", min=1, help="Replications (independent runs).")
]
Seed = Annotated[
    int, typer.Option("--seed", min=0, help="Seed; the same seed gives the same numbers.")
]
Steps = Annotated[
    int | None, typer.Option("--steps", min=1, help="Months (default: the scenario's).")
]
BackendOpt = Annotated[
    str, typer.Option("--backend", help="inprocess (default) or ray (needs eurasec\\[ray]).")
]
ChunkOpt = Annotated[int, typer.Option("--chunk-size", min=1, help="Replications per chunk.")]
ProgressOpt = Annotated[
    bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr (needs tqdm).")
]
ReportOpt = Annotated[
    Path | None, typer.Option("--report", help="Write a self-contained HTML report here.")
]
ChartOpt = Annotated[Path | None, typer.Option("--chart", help="Write a chart (.svg or .png).")]
DrawsOpt = Annotated[
    int,
    typer.Option(
        "--parameter-draws",
        min=0,
        help="Draws from the estimates' confidence region behind each parameter interval "
        "(0: none).",
    ),
]


def _outputs(
    summary: dict[str, Any], runs: list[Any], report: Path | None, chart: Path | None
) -> None:
    from eurasec.sim.report import write_chart, write_report

    if report is not None:
        write_report(summary, runs, report)
    if chart is not None:
        write_chart(runs, chart)


def _show(summary: dict[str, Any], as_json: bool) -> None:
    """JSON, or the tables a person reads (see :mod:`eurasec.cli._sim_tables`)."""
    from eurasec.cli._sim_tables import print_tables

    if as_json:
        emit(summary, as_json=True)
    else:
        print_tables(summary)


@app.command("list")
def list_(as_json: JsonOption = False) -> None:
    """List the shipped scenarios (the status quo is ``status_quo``).

    Example:
        eurasec sim list --json
    """
    from eurasec.sim import list_scenarios

    rows = [
        {
            "name": s.name,
            "title": s.title,
            "year": s.year,
            "steps": s.steps,
            "description": s.description.strip(),
        }
        for s in list_scenarios()
    ]
    emit(rows, as_json=as_json)


def _options(**kw: Any) -> Any:
    from eurasec.sim.batch import RunOptions

    return RunOptions(**kw)


@app.command()
def run(
    scenario: Annotated[str, typer.Argument(help="Shipped scenario name or a YAML/JSON file.")],
    replications: Replications = 1000,
    seed: Seed = 0,
    steps: Steps = None,
    backend: BackendOpt = "inprocess",
    chunk_size: ChunkOpt = 64,
    progress: ProgressOpt = False,
    report: ReportOpt = None,
    chart: ChartOpt = None,
    as_json: JsonOption = False,
) -> None:
    """Run one scenario and print its summary (per decade, 90% intervals).

    With --report or --chart the status quo runs too, for the comparison they show.

    Example:
        eurasec sim run status_quo --replications 1000 --seed 7 --json
    """
    from eurasec.sim.simulate import compare_scenarios, run_scenario

    opts = _options(
        replications=replications,
        seed=seed,
        steps=steps,
        backend=backend,
        chunk_size=chunk_size,
        progress=progress,
    )
    if report is None and chart is None:
        _show(run_scenario(scenario, opts), as_json)
        return
    summary, _, runs = compare_scenarios([scenario], opts)
    _outputs(summary, runs, report, chart)
    _show(summary, as_json)


@app.command()
def compare(
    scenarios: Annotated[
        list[str], typer.Argument(help="Scenario names or files (status quo is added).")
    ],
    replications: Replications = 1000,
    seed: Seed = 0,
    steps: Steps = None,
    backend: BackendOpt = "inprocess",
    chunk_size: ChunkOpt = 64,
    progress: ProgressOpt = False,
    parameter_draws: DrawsOpt = 40,
    report: ReportOpt = None,
    chart: ChartOpt = None,
    as_json: JsonOption = False,
) -> None:
    """Compare scenarios with the status quo under one seed; each effect with three intervals.

    Example:
        eurasec sim compare charter_forum fund_projects rigid_blocs -n 1000 --report sim.html
    """
    from eurasec.sim.simulate import compare_scenarios

    opts = _options(
        replications=replications,
        seed=seed,
        steps=steps,
        backend=backend,
        chunk_size=chunk_size,
        progress=progress,
    )
    summary, _, runs = compare_scenarios(scenarios, opts, parameter_draws=parameter_draws)
    _outputs(summary, runs, report, chart)
    _show(summary, as_json)


@app.command()
def sensitivity(
    scenario: Annotated[
        str, typer.Option("--scenario", help="Architecture compared with the status quo.")
    ] = "charter_forum",
    replications: Replications = 200,
    seed: Seed = 0,
    parameter: Annotated[
        list[str] | None, typer.Option("--parameter", "-p", help="Vary only these (repeatable).")
    ] = None,
    backend: BackendOpt = "inprocess",
    as_json: JsonOption = False,
) -> None:
    """How a scenario's effect moves with each parameter, the friction rate refitted each time.

    Example:
        eurasec sim sensitivity --scenario charter_forum -n 200 --json
    """
    from eurasec.sim.sensitivity import SENSITIVITY_PARAMETERS
    from eurasec.sim.sensitivity import sensitivity as analyse

    names = tuple(parameter) if parameter else SENSITIVITY_PARAMETERS
    opts = _options(replications=replications, seed=seed, backend=backend)
    _show(analyse(opts, scenario=scenario, parameters=names), as_json)


@app.command()
def estimate(
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Processes evaluating the moments.")
    ] = 2,
    output: Annotated[
        Path | None, typer.Option("--output", help="Write here instead of the shipped file.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Estimate and print; write nothing.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Estimate the parameters on 1960-1994 by indirect inference and write the estimates file.

    Reproduces the shipped estimates (a few minutes on two cores).

    Example:
        eurasec sim estimate --json
    """
    from eurasec.sim.estimation import EstimationSetup, write_estimates
    from eurasec.sim.estimation import estimate as fit

    est = fit(EstimationSetup(workers=workers))
    written = None if dry_run else str(write_estimates(est, output))
    out = est.model_dump(mode="json", exclude={"draws", "params", "empirical"})
    _show({**out, "written": written}, as_json)


@app.command()
def validate(
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the histories.")] = 19_952_014,
    draws: Annotated[
        int, typer.Option("--draws", min=1, help="Parameter draws from the confidence region.")
    ] = 40,
    replications_per_draw: Annotated[
        int, typer.Option("--replications-per-draw", min=1, help="Histories per draw.")
    ] = 10,
    checks: Annotated[
        bool, typer.Option("--checks", help="Add the checks the schema leaves out (JSON key).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Score the estimated model on the held-out decades 1995-2004 and 2005-2014.

    Example:
        eurasec sim validate --json
    """
    from eurasec.sim.validation import validate as score

    v = score(seed=seed, draws=draws, replications_per_draw=replications_per_draw)
    out = v.schema()
    _show({**out, "checks": v.checks} if checks or not as_json else out, as_json)
