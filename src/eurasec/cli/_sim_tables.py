"""The tables ``eurasec sim`` prints for people (``--json`` prints the data instead)."""

from __future__ import annotations

from typing import Any

import typer

from eurasec.cli._common import emit

__all__ = ["print_tables"]


def _num(value: Any, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100.0 * value:+.1f}%"


def _range(ci: list[float] | None, fmt: Any = _pct) -> str:
    return "–" if not ci else f"{fmt(ci[0])} … {fmt(ci[1])}"


def _heading(text: str) -> None:
    typer.echo("")
    typer.echo(text)


def _per_decade(per_decade: dict[str, dict[str, float]]) -> list[dict[str, str]]:
    return [
        {
            "measure": m.replace("_", " "),
            "mean": _num(v["mean"]),
            "90% interval": f"{_num(v['lo'])} … {_num(v['hi'])}",
        }
        for m, v in per_decade.items()
    ]


def _run(s: dict[str, Any]) -> None:
    typer.echo(
        f"{s['scenario']}: {s['replications']} replications of {s['steps']} months, "
        f"seed {s['seed']}, {s['actors']} actors (inputs {s['inputs']['year']})"
    )
    _heading("Per decade")
    emit(_per_decade(s["per_decade"]), as_json=False)
    _heading("Riskiest dyads (share of replications with a dispute)")
    emit(
        [{"dyad": d["names"], "risk": _num(d["risk"], 3)} for d in s["riskiest_dyads"]],
        as_json=False,
    )


def _compare(s: dict[str, Any]) -> None:
    typer.echo(
        f"Against {s['baseline']}: {s['replications']} replications of {s['steps']} months, "
        f"seed {s['seed']}, {s['actors']} actors"
    )
    _heading("Disputes per decade")
    rows = []
    for sc in s["scenarios"]:
        d, diff = sc["per_decade"]["disputes"], sc["difference"]["disputes"]
        rows.append(
            {
                "scenario": sc["scenario"],
                "mean": _num(d["mean"]),
                "90% interval": f"{_num(d['lo'])} … {_num(d['hi'])}",
                "difference": f"{diff['mean']:+.1f}",
            }
        )
    emit(rows, as_json=False)
    _effects(s)
    for sc in s["scenarios"]:
        if sc["dyads_changing_most"]:
            _heading(f"Dyads whose risk changes most: {sc['scenario']}")
            emit(
                [
                    {
                        "dyad": d["names"],
                        "status quo": _num(d["baseline_risk"], 3),
                        "scenario": _num(d["risk"], 3),
                        "change": f"{d['change']:+.3f}",
                    }
                    for d in sc["dyads_changing_most"][:5]
                ],
                as_json=False,
            )


def _effects(s: dict[str, Any]) -> None:
    rows = []
    for sc in s["scenarios"]:
        e = sc.get("effect")
        if sc["scenario"] == s["baseline"] or e is None:
            continue
        emp = e.get("empirical") or {}
        rows.append(
            {
                "scenario": sc["scenario"],
                "effect": _pct(e["relative"]),
                "Monte Carlo 95%": _range(e["mc_ci"]),
                "parameters 95%": _range(e.get("parameter_ci")),
                "from data": f"{_pct(emp.get('relative'))} ({_range(emp.get('ci'))})",
            }
        )
    if not rows:
        return
    _heading("Effect on disputes, with three intervals")
    emit(rows, as_json=False)
    for sc in s["scenarios"]:
        for text in sc.get("assumptions", []):
            typer.echo(f"  {sc['scenario']} assumes: {text}")
    model = s.get("model")
    if model:
        typer.echo(f"  Estimated: {model['estimated']}.")
        typer.echo(f"  Assumed: {model['assumed']}.")


def _sensitivity(s: dict[str, Any]) -> None:
    ref = s["reference"]
    typer.echo(
        f"{s['scenario']} against {s['baseline']}: effect {_pct(ref['effect'])} "
        f"({_range(ref['effect_ci'])}); status quo {_num(ref['status_quo'])} disputes per decade"
    )
    typer.echo("Each setting refits friction_rate so the status quo keeps that level.")
    rows = []
    for row in s["parameters"]:
        for st in row["settings"]:
            rows.append(
                {
                    "parameter": row["parameter"],
                    "kind": row["kind"],
                    "base": f"{row['base']:g}",
                    "value": f"{st['value']:g}",
                    "friction rate": f"{st['friction_rate']:g}",
                    "effect": _pct(st["effect"]),
                    "Monte Carlo 95%": _range(st["effect_ci"]),
                }
            )
    emit(rows, as_json=False)


def _validation(s: dict[str, Any]) -> None:
    typer.echo(f"Fitted on {s['fit_years'][0]}-{s['fit_years'][1]}; MID onsets per dyad-year:")
    emit(
        [
            {
                "decade": f"{d['start']}-{d['end']}",
                "simulated": _num(d["simulated"], 5),
                "95% interval": _range(d["ci"], lambda v: _num(v, 5)),
                "recorded": _num(d["observed"], 5),
                "inside": "yes" if d["inside"] else "no",
            }
            for d in s["decades"]
        ],
        as_json=False,
    )
    top = s["top10_share"]
    typer.echo(f"Pair AUC {s['pair_auc']:.3f}; threat-only baseline {s['baseline_pair_auc']:.3f}")
    typer.echo(
        f"Top-10 pairs' share of disputes: simulated {top['simulated']:.3f}, "
        f"recorded {top['observed']:.3f}"
    )
    checks = s.get("checks")
    if checks:
        typer.echo(
            "Recorded top-10 share, 95% interval: "
            + _range(checks["top10_interval"], lambda v: _num(v, 3))
        )
        blocs = checks["rigid_blocs"]
        typer.echo(
            f"rigid_blocs (2014 inputs): {_num(blocs['simulated'], 5)} per dyad-year; "
            "Cold War decades: "
            + ", ".join(f"{d['start']}s {_num(d['rate'], 5)}" for d in blocs["cold_war_decades"])
        )


def _estimates(s: dict[str, Any]) -> None:
    typer.echo(f"Estimated on {s['fit_years'][0]}-{s['fit_years'][1]} (seed {s['seed']})")
    emit(
        [
            {
                "parameter": k,
                "estimate": f"{v:.4g}",
                "95% interval": _range(s["ci"][k], lambda x: f"{x:.4g}"),
            }
            for k, v in s["estimates"].items()
        ],
        as_json=False,
    )
    m = s["moments"]
    _heading(f"Moments (distance {m['distance']:.2f})")
    emit(
        [
            {"moment": n, "recorded": f"{o:.4g}", "simulated": f"{x:.4g}", "se": f"{e:.2g}"}
            for n, o, x, e in zip(m["names"], m["observed"], m["simulated"], m["se"], strict=True)
        ],
        as_json=False,
    )
    if s.get("written"):
        typer.echo(f"written: {s['written']}")


def print_tables(summary: dict[str, Any]) -> None:
    """Print whichever ``eurasec sim`` result ``summary`` is as tables."""
    if "scenarios" in summary:
        _compare(summary)
    elif "per_decade" in summary:
        _run(summary)
    elif "decades" in summary:
        _validation(summary)
    elif "estimates" in summary:
        _estimates(summary)
    elif "parameters" in summary and "reference" in summary:
        _sensitivity(summary)
    else:
        emit(summary, as_json=False)
