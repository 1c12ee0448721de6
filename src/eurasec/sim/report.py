"""Charts (PNG or SVG) and a self-contained HTML report of a comparison.

Matplotlib (the ``eurasec[viz]`` extra) is imported lazily with the Agg backend; the HTML
report inlines its SVG charts and CSS, so it opens offline and loads nothing from elsewhere.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import Any

from eurasec.errors import ConfigurationError, InputError
from eurasec.sim.batch import RunResult
from eurasec.sim.results import METRICS

__all__ = ["chart", "render_html", "write_chart", "write_report"]

_LABELS = {
    "crises": "Crises per decade",
    "disputes": "Militarized disputes per decade",
    "dyads_in_dispute": "Dyads in dispute per decade",
}
_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:64rem;color:#1d2330}
body{padding:0 1rem}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}
th,td{border-bottom:1px solid #d5d9e0;padding:.3rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}.left{text-align:left}
.note{color:#555;font-size:.9rem}figure{margin:1rem 0}svg{max-width:100%;height:auto}
"""


def _pyplot() -> Any:
    try:
        import matplotlib
    except ModuleNotFoundError:
        raise ConfigurationError("charts need matplotlib: pip install 'eurasec[viz]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def chart(runs: list[RunResult], fmt: str = "svg") -> bytes:
    """Box plots of the per-decade outcomes of each run, as SVG or PNG bytes."""
    if fmt not in ("svg", "png"):
        raise InputError(f"unknown chart format {fmt!r}; use svg or png")
    plt = _pyplot()
    fig, axes = plt.subplots(1, len(METRICS), figsize=(4.2 * len(METRICS), 3.6))
    names = [r.name for r in runs]
    for ax, metric in zip(axes, METRICS, strict=True):
        ax.boxplot([getattr(r, metric) for r in runs], whis=(5, 95), showfliers=False)
        ax.set_xticks(range(1, len(names) + 1), names, rotation=25, ha="right", fontsize=8)
        ax.set_title(_LABELS[metric], fontsize=10)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle("Outcomes per decade (boxes: quartiles; whiskers: 90% interval)", fontsize=10)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(fig)
    return buf.getvalue()


def write_chart(runs: list[RunResult], path: Path) -> Path:
    """Write the chart to ``path`` (format from the suffix: .svg or .png)."""
    path.write_bytes(chart(runs, path.suffix.lstrip(".").lower()))
    return path


def _fmt(d: dict[str, float]) -> str:
    return f"{d['mean']:.1f} <span class=note>[{d['lo']:.1f}, {d['hi']:.1f}]</span>"


def _row(cells: list[str], *, left: tuple[int, ...] = ()) -> str:
    return (
        "<tr>"
        + "".join(
            f"<td class=left>{c}</td>" if i in left else f"<td>{c}</td>"
            for i, c in enumerate(cells)
        )
        + "</tr>"
    )


def _diff_cell(d: dict[str, float]) -> str:
    ci = f"[{d['mean_ci_lo']:.1f}, {d['mean_ci_hi']:.1f}]"
    return f"{_fmt(d)}<br><span class=note>mean 95% CI {ci}</span>"


def _tables(summary: dict[str, Any]) -> tuple[str, str, str]:
    rows, diffs, movers = [], [], []
    for sc in summary["scenarios"]:
        name = html.escape(sc["scenario"])
        rows.append(_row([name, *(_fmt(sc["per_decade"][m]) for m in METRICS)]))
        if sc["scenario"] == summary["baseline"]:
            continue
        diffs.append(_row([name, *(_diff_cell(sc["difference"][m]) for m in METRICS)]))
        for d in sc["dyads_changing_most"][:5]:
            cells = [name, html.escape(d["names"]), f"{d['baseline_risk']:.3f}"]
            movers.append(_row([*cells, f"{d['risk']:.3f}", f"{d['change']:+.3f}"], left=(1,)))
    return "".join(rows), "".join(diffs), "".join(movers)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100.0 * value:+.1f}%"


def _interval(ci: list[float] | None) -> str:
    return "not estimable" if not ci else f"[{_pct(ci[0])}, {_pct(ci[1])}]"


def _years(model: dict[str, Any]) -> str:
    fit = model.get("fit_years")
    return f"{fit[0]}-{fit[1]}" if fit else "the fit years"


def _effects(summary: dict[str, Any]) -> str:
    """One row per scenario: the effect and its three intervals, then what it assumes."""
    rows = []
    for sc in summary["scenarios"]:
        if sc["scenario"] == summary["baseline"] or "effect" not in sc:
            continue
        e = sc["effect"]
        emp = e.get("empirical") or {}
        cells = [
            html.escape(sc["scenario"]),
            _pct(e["relative"]),
            _interval(e["mc_ci"]),
            _interval(e.get("parameter_ci")),
            f"{_pct(emp.get('relative'))} {_interval(emp.get('ci'))}",
        ]
        rows.append(_row(cells))
        for text in sc.get("assumptions", []):
            rows.append(
                f"<tr><td></td><td class=left colspan=4>Assumed: {html.escape(text)}</td></tr>"
            )
    return "".join(rows)


def render_html(summary: dict[str, Any], runs: list[RunResult]) -> str:
    """The comparison as one self-contained HTML page (inline SVG chart and CSS)."""
    svg = chart(runs, "svg").decode("utf-8")
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg[svg.index("<svg") :], flags=re.DOTALL)
    rows, diffs, movers = _tables(summary)
    head = "<tr><th>Scenario</th>" + "".join(f"<th>{_LABELS[m]}</th>" for m in METRICS) + "</tr>"
    mover_head = (
        "<tr><th>Scenario</th><th class=left>Dyad</th><th>Status quo</th>"
        "<th>Scenario</th><th>Change</th></tr>"
    )
    base = html.escape(summary["baseline"])
    model = summary.get("model", {})
    effect_head = (
        "<tr><th>Scenario</th><th>Effect on disputes</th><th>Monte Carlo 95%</th>"
        "<th>Parameters 95%</th><th>Direct estimate from data, 95%</th></tr>"
    )
    return f"""<!doctype html>
<html lang=en><head><meta charset=utf-8><title>eurasec simulation report</title>
<style>{_CSS}</style></head><body>
<h1>Simulated architectures compared with the status quo</h1>
<p class=note>{summary["replications"]} replications of {summary["steps"]} months,
seed {summary["seed"]}, {summary["actors"]} actors. Mean and 90% interval of per-replication
values per decade. The same seed drives every scenario (common random numbers), so differences
are paired per replication.</p>
<h2>Effect of each architecture</h2>
<p class=note>Relative change of militarized disputes against {base}, with three intervals:
Monte Carlo (how far more replications could move it), parameters (how far it moves over
the confidence region of the estimated parameters) and the direct estimate of the same change
from the data without the simulation (a logit of disputes on shared organisations, fitted on
{_years(model)}).
The parameter interval is the honest one for the model; when the direct estimate disagrees,
the model's structure, not the data, is speaking.</p>
<table>{effect_head}{_effects(summary)}</table>
<p class=note><strong>Estimated from data:</strong> {html.escape(str(model.get("estimated", "")))}.
<strong>Assumed:</strong> {html.escape(str(model.get("assumed", "")))}.</p>
<h2>Outcomes per decade</h2><table>{head}{rows}</table>
<h2>Difference to {base}</h2><table>{head}{diffs}</table>
<figure>{svg}</figure>
<h2>Dyads whose risk changes most</h2>
<p class=note>Risk: share of replications with at least one militarized dispute in the dyad.</p>
<table>{mover_head}{movers}</table>
<p class=note>A model of frictions, crises and disputes estimated on COW MID onsets among
Eurasian states, {_years(model)}, and checked on the two decades after; what it cannot say is
set out in docs/concepts/simulation.md.</p>
</body></html>
"""


def write_report(summary: dict[str, Any], runs: list[RunResult], path: Path) -> Path:
    """Write the HTML report of a comparison to ``path``."""
    path.write_text(render_html(summary, runs), "utf-8")
    return path
