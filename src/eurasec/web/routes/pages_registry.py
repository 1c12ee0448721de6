"""Pages over the registry: the map, the network, and format, actor and treaty pages.

Each route reads the registry (:mod:`eurasec.registry`, reference data with dated facts) and
renders; the map's date slider then replays history through the registry's JSON API.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from eurasec import reference, registry
from eurasec.reference.model import Participation
from eurasec.web.geo import eurasia_map
from eurasec.web.i18n import N_
from eurasec.web.render import render, request_language, translate

__all__ = ["DEFAULT_FORMAT", "FIRST_YEAR", "ROLE_CLASSES", "ROLE_LABELS", "router"]

router = APIRouter(include_in_schema=False)

#: The format the map shows first.
DEFAULT_FORMAT = "SCO"
#: The first year of the map's slider (the reference data start with the post-war formats).
FIRST_YEAR = 1945
#: CSS class of each role (format roles and treaty standings) on the map.
ROLE_CLASSES: dict[str, str] = {
    "member": "member",
    "party": "member",
    "observer": "observer",
    "signatory": "observer",
    "dialogue_partner": "partner",
    "partner": "partner",
    "associate": "partner",
    "suspended": "other",
}
#: Label of each role, translated where shown.
ROLE_LABELS: dict[str, str] = {
    "member": N_("member"),
    "observer": N_("observer"),
    "dialogue_partner": N_("dialogue partner"),
    "partner": N_("partner"),
    "associate": N_("associate"),
    "suspended": N_("suspended"),
    "party": N_("party"),
    "signatory": N_("signatory"),
}
_KIND_LABELS = {
    "organisation": N_("organisation"),
    "forum": N_("forum"),
    "multilateral_treaty": N_("multilateral treaty"),
    "bilateral_treaty": N_("bilateral treaty"),
    "multilateral": N_("multilateral treaty"),
    "bilateral": N_("bilateral treaty"),
}
_ACTION_LABELS = {
    "signature": N_("signature"),
    "ratification": N_("ratification"),
    "accession": N_("accession"),
    "entry_into_force": N_("entry into force"),
    "extension": N_("extension"),
    "suspension": N_("suspension"),
    "resumption": N_("resumption"),
    "withdrawal": N_("withdrawal"),
    "revocation": N_("revocation"),
    "termination": N_("termination"),
    "expiry": N_("expiry"),
}
_STATUS_LABELS = {
    "in_force": N_("in force"),
    "signed": N_("signed, not in force"),
    "not_yet_signed": N_("not yet signed"),
    "suspended": N_("suspended"),
    "terminated": N_("terminated"),
    "expired": N_("expired"),
}


def _labels(request: Request, table: dict[str, str]) -> dict[str, str]:
    gettext = translate(request)
    return {key: gettext(label) for key, label in table.items()}


def _names(request: Request) -> dict[str, str]:
    """Names of states and formats in the request's language (English where none is known)."""
    lang = request_language(request)
    names = {s.id: s.names.get(lang, s.name) for s in registry.states()}
    names.update({f.id: f.name for f in registry.formats()})
    return names


def _common(request: Request) -> dict[str, Any]:
    names = _names(request)
    return {
        "names": names,
        "kind_labels": _labels(request, _KIND_LABELS),
        "role_labels_all": _labels(request, {**ROLE_LABELS, "former_party": N_("former party")}),
        "action_labels": _labels(request, _ACTION_LABELS),
        "status_labels": _labels(request, _STATUS_LABELS),
        "state_name": lambda actor: names.get(actor, actor),
    }


@router.get("/map", response_class=HTMLResponse, name="page_map")
def map_page(
    request: Request,
    format: Annotated[str, Query(max_length=40)] = DEFAULT_FORMAT,
    year: Annotated[int | None, Query(ge=FIRST_YEAR, le=2100)] = None,
    role: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    """Map of Eurasia: participants of a format or parties to a treaty on a date."""
    today = date.today()
    year = min(year or today.year, today.year)
    as_of = today if year == today.year else date(year, 12, 31)
    kind, _, ident = format.partition(":") if ":" in format else ("format", "", format)
    if kind == "treaty":
        status = registry.treaty(ident, as_of)
        members = {a: {"actor": a, "role": "party"} for a in status.parties}
        if status.status not in ("terminated", "expired"):
            members.update(
                {
                    a: {"actor": a, "role": "signatory"}
                    for a in status.signatories
                    if a not in members
                }
            )
        members.update({a: {"actor": a, "role": "suspended"} for a in status.suspended})
        current = {"id": f"treaty:{status.id}", "label": status.name}
    else:
        fmt = registry.default_registry().format(ident)
        members = {
            m.actor: {"actor": m.actor, "role": m.role} for m in registry.members(fmt.id, as_of)
        }
        current = {"id": fmt.id, "label": f"{fmt.name} ({fmt.id})"}
    roles_shown = list(role or ROLE_LABELS)
    ctx = _common(request)
    names = ctx["names"]
    for m in members.values():
        m["name"] = names.get(m["actor"], m["actor"])
    members = {a: m for a, m in members.items() if m["role"] in roles_shown}
    shapes, box = eurasia_map()
    choices = [
        {"id": f.id, "label": f"{f.name} ({f.id})", "group": "format"} for f in registry.formats()
    ]
    choices += [
        {"id": f"treaty:{t.id}", "label": t.name, "group": "treaty"} for t in registry.treaties()
    ]
    return render(
        request,
        "map.html",
        {
            **ctx,
            "formats": choices,
            "current": current,
            "members": members,
            "shapes": shapes,
            "drawn": {s.iso3 for s in shapes},
            "box": box,
            "year": year,
            "min_year": FIRST_YEAR,
            "max_year": today.year,
            "today": today.isoformat(),
            "as_of": as_of.isoformat(),
            "roles": roles_shown,
            "role_classes": ROLE_CLASSES,
            "role_labels": {r: ctx["role_labels_all"][r] for r in ROLE_LABELS},
            "js_strings": _labels(
                request,
                {
                    "participants": N_("participants"),
                    "not on this map": N_("not on this map"),
                    "Could not load": N_("Could not load"),
                    "Play": N_("Play"),
                    "Stop": N_("Stop"),
                },
            ),
        },
    )


@router.get("/network", response_class=HTMLResponse, name="page_network")
def network_page(request: Request, as_of: Annotated[date | None, Query()] = None) -> HTMLResponse:
    """Network of actors and the organisations and forums they take part in on a date."""
    day = as_of or date.today()
    ctx = _common(request)
    names = ctx["names"]
    nodes: dict[str, dict[str, Any]] = {}
    links: list[dict[str, str]] = []
    rows = []
    for fmt in registry.formats():
        if fmt.kind not in ("organisation", "forum"):
            continue
        members = registry.members(fmt.id, day)
        if not members:
            continue
        nodes[fmt.id] = {
            "id": fmt.id,
            "label": fmt.name,
            "short": fmt.id,
            "kind": "format",
            "href": f"/formats/{fmt.id}",
        }
        rows.append((fmt, sorted(members, key=lambda m: names.get(m.actor, m.actor))))
        for m in members:
            nodes.setdefault(
                m.actor,
                {
                    "id": m.actor,
                    "label": names.get(m.actor, m.actor),
                    "short": m.actor,
                    "kind": "actor",
                    "href": f"/actors/{m.actor}",
                },
            )
            links.append({"source": m.actor, "target": fmt.id, "role": m.role})
    graph = {"nodes": list(nodes.values()), "links": links}
    return render(
        request, "network.html", {**ctx, "graph": graph, "rows": rows, "as_of": day.isoformat()}
    )


def _spells(predicate: Any) -> list[Participation]:
    return sorted(
        (p for p in reference.participations() if predicate(p)),
        key=lambda p: (p.start.value, p.actor, p.format),
    )


@router.get("/formats", response_class=HTMLResponse, name="page_formats")
def formats_page(request: Request) -> HTMLResponse:
    """Every format and treaty in the registry."""
    today = date.today()
    counts = {f.id: len(registry.members(f.id, today, role="member")) for f in registry.formats()}
    treaties = [registry.treaty(t.id, today) for t in registry.treaties()]
    return render(
        request,
        "formats.html",
        {**_common(request), "formats": registry.formats(), "counts": counts, "treaties": treaties},
    )


@router.get("/formats/{format_id}", response_class=HTMLResponse, name="page_format")
def format_page(request: Request, format_id: str) -> HTMLResponse:
    """A format: who takes part today, and the timeline of joins, changes and departures."""
    fmt = registry.default_registry().format(format_id)
    today = date.today()
    members = registry.members(fmt.id, today)
    return render(
        request,
        "format.html",
        {
            **_common(request),
            "fmt": fmt,
            "members": members,
            "spells": _spells(lambda p: p.format == fmt.id),
            "today": today.isoformat(),
        },
    )


@router.get("/actors/{actor_id}", response_class=HTMLResponse, name="page_actor")
def actor_page(request: Request, actor_id: str) -> HTMLResponse:
    """An actor: formats and treaties today, and the timeline of its participations."""
    view = registry.actor(actor_id)
    return render(
        request,
        "actor.html",
        {
            **_common(request),
            "actor": view,
            "spells": _spells(lambda p: p.actor == view.id),
        },
    )


@router.get("/treaties/{treaty_id}", response_class=HTMLResponse, name="page_treaty")
def treaty_page(request: Request, treaty_id: str) -> HTMLResponse:
    """A treaty: its status today, who is bound, and the timeline of every action."""
    status = registry.treaty(treaty_id)
    return render(request, "treaty.html", {**_common(request), "treaty": status})
