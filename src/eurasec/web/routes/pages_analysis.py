"""Analysis pages: polarity over time, the assess tool, mediators, simulation results.

The pages call the analysis library (:mod:`eurasec.analysis`, :mod:`eurasec.sim`); the assess
tool and the simulation form also work without a script (the form's GET renders the result on
the server), and with one they ask the JSON API and redraw in place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from eurasec import registry
from eurasec.analysis.assess import assess
from eurasec.analysis.mediators import mediators
from eurasec.analysis.move import parse_move
from eurasec.analysis.polarity import polarity_series
from eurasec.analysis.scope import SCOPES
from eurasec.sim.batch import RunOptions
from eurasec.sim.scenario import list_scenarios, shipped_scenario
from eurasec.sim.simulate import compare_scenarios
from eurasec.web.chart import ChartSpec, Series, chart_id
from eurasec.web.geo import eurasia_map
from eurasec.web.i18n import N_
from eurasec.web.labels import (
    DIMENSION_LABELS,
    DOMAIN_LABELS,
    MEASURE_LABELS,
    SCENARIO_LABELS,
    labels,
)
from eurasec.web.render import render, request_language, translate

__all__ = ["MOVE_FIELDS", "PAGE_PARAMETER_DRAWS", "PAGE_REPLICATIONS", "POLARITY_YEARS", "router"]

router = APIRouter(include_in_schema=False)

#: Years of the polarity chart (the COW capability data run 1816–2022; the chart starts after
#: the Second World War, where the registry's formats start).
POLARITY_YEARS = (1946, 2022)
#: Replications of a simulation run requested from the page (the API allows more).
PAGE_REPLICATIONS = 100
#: Draws from the estimates' confidence region behind the page's parameter intervals.
PAGE_PARAMETER_DRAWS = 20
#: The fields each kind of move needs (besides kind, actor and date).
MOVE_FIELDS: dict[str, tuple[str, ...]] = {
    "raise_military_spending": ("percent",),
    "deploy_forces": ("near", "share"),
    "join_format": ("format", "role"),
    "leave_format": ("format",),
    "sign_treaty": ("treaty", "parties", "defence"),
    "withdraw_treaty": ("treaty", "parties", "defence"),
    "impose_sanctions": ("targets", "intensity"),
    "close_transport_route": ("targets", "intensity"),
}
_KIND_LABELS = {
    "raise_military_spending": N_("raise military spending"),
    "deploy_forces": N_("deploy forces near a state"),
    "join_format": N_("join a format"),
    "leave_format": N_("leave a format"),
    "sign_treaty": N_("sign a treaty"),
    "withdraw_treaty": N_("withdraw from a treaty"),
    "impose_sanctions": N_("impose sanctions"),
    "close_transport_route": N_("close a transport route"),
}
_LISTS = ("parties", "targets")
_ROLE_LABELS = {
    "member": N_("member"),
    "associate": N_("associate"),
    "observer": N_("observer"),
    "dialogue_partner": N_("dialogue partner"),
}


def _names(request: Request) -> dict[str, str]:
    lang = request_language(request)
    return {s.id: s.names.get(lang, s.name) for s in registry.states()}  # states only: choices


@cache
def _polarity(scope: str) -> list[dict[str, Any]]:
    start, end = POLARITY_YEARS
    frame = polarity_series(start, end, scope=scope)
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict(orient="records")]


def _polarity_charts(
    rows: list[dict[str, Any]], scope: str, gettext: Callable[[str], str]
) -> tuple[ChartSpec, ChartSpec]:
    """The effective number of poles per domain, and asynchrony, over every year."""
    years = sorted({int(r["year"]) for r in rows})
    by: dict[str, dict[int, float]] = {}
    for r in rows:
        by.setdefault(str(r["domain"]), {})[int(r["year"])] = float(r["effective_poles"])
    domains = labels(DOMAIN_LABELS, gettext)
    source = "Correlates of War, National Material Capabilities v7.0"
    poles = ChartSpec(
        id=chart_id("poles", scope),
        title=gettext(N_("Effective number of poles by domain")),
        kind="line",
        x_label=gettext(N_("Year")),
        x_values=years,
        x_type="year",
        y_label=gettext(N_("effective number of poles")),
        unit="",
        series=[
            Series(d, domains.get(d, d), [v.get(y) for y in years])
            for d, v in sorted(by.items())
            if d != "asynchrony"
        ],
        source=source,
    )
    spread = by.get("asynchrony", {})
    asynchrony = ChartSpec(
        id=chart_id("asynchrony", scope),
        title=gettext(N_("Asynchrony across domains")),
        kind="line",
        x_label=gettext(N_("Year")),
        x_values=years,
        x_type="year",
        y_label=gettext(N_("spread of log N across domains")),
        unit="",
        series=[Series("asynchrony", domains["asynchrony"], [spread.get(y) for y in years])],
        source=source,
    )
    return poles, asynchrony


@router.get("/analysis", response_class=HTMLResponse, name="page_analysis")
def analysis_page(
    request: Request, scope: Annotated[str, Query(pattern="^(world|eurasia)$")] = "world"
) -> HTMLResponse:
    """Polarity over time by domain: effective number of poles, and asynchrony across domains."""
    gettext = translate(request)
    poles, asynchrony = _polarity_charts(_polarity(scope), scope, gettext)
    return render(
        request,
        "analysis.html",
        {
            "scope": scope,
            "scopes": SCOPES,
            "scope_labels": {"world": gettext(N_("world")), "eurasia": gettext(N_("Eurasia"))},
            "poles": poles,
            "asynchrony": asynchrony,
        },
    )


def _move_document(params: dict[str, str]) -> dict[str, Any]:
    """A move document (``eurasec.analysis.move``) from the flat fields of the form."""
    kind = params.get("kind", "")
    doc: dict[str, Any] = {k: params.get(k, "") for k in ("kind", "actor", "date")}
    for field in MOVE_FIELDS.get(kind, ()):
        value = params.get(field, "")
        if field in _LISTS:
            doc[field] = [x.strip() for x in value.replace(";", ",").split(",") if x.strip()]
        elif field == "defence":
            doc[field] = value in ("on", "true", "1")
        elif value != "":
            doc[field] = value
    return doc


@router.get("/analysis/assess", response_class=HTMLResponse, name="page_assess")
def assess_page(request: Request) -> HTMLResponse:
    """The assess tool: build a move, see the verdict and who gains and loses, on the map."""
    params = dict(request.query_params)
    result = None
    move = None
    if params.get("kind"):
        move = _move_document(params)
        result = assess(parse_move(move)).to_dict()
    gettext = translate(request)
    shapes, box = eurasia_map()
    change = _change(result) if result else {}
    return render(
        request,
        "assess.html",
        {
            "params": params,
            "move": move,
            "result": result,
            "change": change,
            "status": _status(result) if result else {},
            "vintage_labels": {k: gettext(v) for k, v in _VINTAGE_LABELS.items()},
            "kinds": {k: gettext(v) for k, v in _KIND_LABELS.items()},
            "dimension_labels": labels(DIMENSION_LABELS, gettext),
            "role_labels": labels(_ROLE_LABELS, gettext),
            "fields": MOVE_FIELDS,
            "states": sorted(_names(request).items(), key=lambda kv: kv[1]),
            "today": date.today().isoformat(),
            "shapes": shapes,
            "box": box,
            "js_strings": {
                k: gettext(v)
                for k, v in {
                    "indivisible": N_("indivisible"),
                    "divisible": N_("divisible"),
                    "Loses security": N_("Loses security"),
                    "Gains security": N_("Gains security"),
                    "Working": N_("Working…"),
                    "Could not load": N_("Could not load"),
                    "no one": N_("no one"),
                    "military": N_("military"),
                    "95% interval": N_("95% interval"),
                    "carried forward": N_("carried forward"),
                    **_VINTAGE_LABELS,
                }.items()
            },
        },
    )


#: Labels of the inputs whose vintage the page lists.
_VINTAGE_LABELS = {
    "capability": N_("Military capability"),
    "gdp_population": N_("GDP and population"),
    "armed_conflict": N_("Armed conflict"),
    "alliances": N_("Alliances"),
    "formats": N_("Organisations and forums"),
    "disputes": N_("Prior disputes"),
    "geography": N_("Geography"),
    "model": N_("Threat model"),
}


def _change(result: dict[str, Any]) -> dict[str, float]:
    """Each actor's military change (expected disputes a year, sign reversed)."""
    return {
        a: float(d["military"]["value"]) for a, d in result["deltas"].items() if "military" in d
    }


def _status(result: dict[str, Any]) -> dict[str, str]:
    """``loss`` for the losers, ``gain`` where a change's interval lies wholly above 0."""
    out = {
        a: "gain"
        for a, dims in result["deltas"].items()
        if any(v["ci"][0] > 0 and v["value"] > result["minimum_loss"][d] for d, v in dims.items())
    }
    out.update({row["actor"]: "loss" for row in result["losers"]})
    return out


@router.get("/analysis/mediators", response_class=HTMLResponse, name="page_mediators")
def mediators_page(
    request: Request,
    a: Annotated[str | None, Query(max_length=3)] = None,
    b: Annotated[str | None, Query(max_length=3)] = None,
) -> HTMLResponse:
    """Mediators between two parties: shared channels, and candidates close to both."""
    result = mediators(a, b, None, limit=10) if a and b else None
    names = _names(request)
    return render(
        request,
        "mediators.html",
        {
            "a": a,
            "b": b,
            "result": result,
            "states": sorted(names.items(), key=lambda kv: kv[1]),
        },
    )


def _fit_years() -> tuple[int, int]:
    from eurasec.sim.params import load_estimates

    est = load_estimates()
    return (1960, 1994) if est is None else est.fit_years


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100.0 * value:+.1f}%"


def _pct_range(ci: list[float] | None) -> str:
    return "–" if not ci else f"{_pct(ci[0])} … {_pct(ci[1])}"


@router.get("/analysis/simulations", response_class=HTMLResponse, name="page_simulations")
def simulations_page(
    request: Request,
    scenario: Annotated[str | None, Query(max_length=60)] = None,
    seed: Annotated[int, Query(ge=0, le=2**31)] = 0,
) -> HTMLResponse:
    """Simulation results: a shipped scenario against the status quo, seeded and bounded."""
    gettext = translate(request)
    summary = None
    if scenario:
        options = RunOptions(replications=PAGE_REPLICATIONS, seed=seed)
        summary, _, _ = compare_scenarios(
            [shipped_scenario(scenario)], options, parameter_draws=PAGE_PARAMETER_DRAWS
        )
    return render(
        request,
        "simulations.html",
        {
            "scenarios": list_scenarios(),
            "scenario": scenario,
            "seed": seed,
            "summary": summary,
            "replications": PAGE_REPLICATIONS,
            "scenario_labels": {
                k: (gettext(t), gettext(d)) for k, (t, d) in SCENARIO_LABELS.items()
            },
            "measure_labels": labels(MEASURE_LABELS, gettext),
            "fit_years": _fit_years(),
            "pct": _pct,
            "pct_range": _pct_range,
            "js_strings": {"Working": gettext(N_("Working…"))},
        },
    )
