"""``eurasec sim``: list, run, compare, sensitivity, estimate, validate, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def test_list_json(cli: Any) -> None:
    res = cli("sim", "list", "--json")
    assert res.exit_code == 0
    rows = json.loads(res.stdout)
    assert rows[0]["name"] == "status_quo"
    assert {"charter_forum", "fund_projects", "rigid_blocs"} <= {r["name"] for r in rows}


def test_run_json_is_reproducible(cli: Any) -> None:
    args = (
        "sim",
        "run",
        "status_quo",
        "--replications",
        "20",
        "--seed",
        "3",
        "--steps",
        "24",
        "--json",
    )
    a, b = cli(*args), cli(*args)
    assert a.exit_code == 0, a.stderr
    assert a.stdout == b.stdout
    summary = json.loads(a.stdout)
    assert summary["scenario"] == "status_quo" and summary["replications"] == 20
    assert set(summary["per_decade"]) == {"crises", "disputes", "dyads_in_dispute"}


def test_compare_writes_report_and_chart(cli: Any, tmp_path: Path) -> None:
    report, chart = tmp_path / "r.html", tmp_path / "c.svg"
    res = cli(
        "sim",
        "compare",
        "charter_forum",
        "--parameter-draws",
        "2",
        "-n",
        "12",
        "--seed",
        "1",
        "--steps",
        "24",
        "--report",
        str(report),
        "--chart",
        str(chart),
        "--json",
    )
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert [s["scenario"] for s in out["scenarios"]] == ["status_quo", "charter_forum"]
    assert "<svg" in report.read_text() and chart.read_text().lstrip().startswith("<")


def test_run_user_file(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\ntitle: Mine\nblocs: {drag_probability: 0.1}\n")
    res = cli("sim", "run", str(path), "-n", "5", "--steps", "12", "--json")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["scenario"] == "mine"


def test_bad_input_is_one_line(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\ntitle: Bad\nparameters: {escalation_prob: 1.5}\n")
    for args in (
        ("sim", "run", str(path)),
        ("sim", "run", "no_such"),
        ("sim", "run", "status_quo", "--backend", "dask"),
    ):
        res = cli(*args)
        assert res.exit_code == 1
        assert res.stderr.startswith("error[") and res.stderr.count("\n") == 1
        assert res.stdout == ""


def test_sensitivity_command(cli: Any) -> None:
    res = cli("sim", "sensitivity", "-n", "4", "-p", "mediation_prob", "--json")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["parameters"]


def test_validate_json_has_exactly_the_schema(cli: Any) -> None:
    args = ("sim", "validate", "--draws", "2", "--replications-per-draw", "2", "--json")
    res = cli(*args)
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert list(out) == ["fit_years", "decades", "pair_auc", "baseline_pair_auc", "top10_share"]
    assert [(d["start"], d["end"]) for d in out["decades"]] == [(1995, 2004), (2005, 2014)]
    assert cli(*args).stdout == res.stdout  # reproduced from the seed
    checked = json.loads(cli(*args, "--checks").stdout)
    assert "rigid_blocs" in checked["checks"]


def test_tables_not_json_lines(cli: Any) -> None:
    res = cli(
        "sim", "compare", "charter_forum", "-n", "6", "--steps", "12", "--parameter-draws", "2"
    )
    assert res.exit_code == 0, res.stderr
    assert "Effect on disputes, with three intervals" in res.stdout
    assert "Monte Carlo 95%" in res.stdout and "parameters 95%" in res.stdout
    assert "{" not in res.stdout  # no raw JSON in the human output
    run = cli("sim", "run", "status_quo", "-n", "5", "--steps", "12")
    assert run.exit_code == 0 and "Per decade" in run.stdout and "{" not in run.stdout


def test_help_shows_the_ray_extra(cli: Any) -> None:
    res = cli("sim", "run", "--help")
    assert "eurasec[ray]" in res.stdout.replace("\n", "").replace(" ", "").replace("│", "")
