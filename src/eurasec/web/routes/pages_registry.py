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
from eurasec.registry.sources import cite
from eurasec.web.geo import COMPOSITION, eurasia_map, outlines
from eurasec.web.i18n import N_
from eurasec.web.render import actor_names, render, request_language, translate

__all__ = ["DEFAULT_FORMAT", "FIRST_YEAR", "ROLE_CLASSES", "ROLE_LABELS", "map_members", "router"]

router = APIRouter(include_in_schema=False)

#: The format the map shows first.
DEFAULT_FORMAT = "SCO"
#: The first year of the map's slider (the reference data start with the post-war formats).
FIRST_YEAR = 1945
#: CSS class of each role (format roles and treaty standings) on the map: one colour each,
#: from the Okabe-Ito and Tol colour-blind-safe palettes (``site.css``).
ROLE_CLASSES: dict[str, str] = {
    "member": "member",
    "party": "party",
    "observer": "observer",
    "signatory": "signatory",
    "dialogue_partner": "dialogue",
    "partner": "partner",
    "associate": "associate",
    "cooperation_agreement": "cooperation",
    "suspended": "suspended",
    "former_party": "former",
}
#: Label of each role, translated where shown.
ROLE_LABELS: dict[str, str] = {
    "member": N_("member"),
    "observer": N_("observer"),
    "dialogue_partner": N_("dialogue partner"),
    "partner": N_("partner"),
    "associate": N_("associate"),
    "cooperation_agreement": N_("cooperation agreement"),
    "suspended": N_("suspended"),
    "party": N_("party"),
    "signatory": N_("signatory"),
    "former_party": N_("former party"),
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
    names = actor_names(request_language(request))
    names.update({k: v for k, v in _PART_NAMES.items() if k not in names})
    return names


#: A state's name on the dates it was the state it continues: the map says "Soviet Union" for
#: ``RUS`` before 26 December 1991. ``(from, until, {lang: name})``, ``until`` exclusive.
DAY_NAMES: dict[str, list[tuple[date | None, date | None, dict[str, str]]]] = {
    "RUS": [(None, date(1991, 12, 26), {"en": "Soviet Union", "ru": "СССР", "zh": "苏联"})],
    "DEU": [(None, date(1990, 10, 3), {"en": "West Germany (FRG)", "ru": "ФРГ", "zh": "联邦德国"})],
    "YEM": [
        (
            None,
            date(1990, 5, 22),
            {"en": "North Yemen (YAR)", "ru": "Северный Йемен (ЙАР)", "zh": "北也门"},
        )
    ],
    "SRB": [
        (
            date(1992, 4, 27),
            date(2003, 2, 4),
            {"en": "FR Yugoslavia", "ru": "СР Югославия", "zh": "南斯拉夫联盟共和国"},
        ),
        (
            date(2003, 2, 4),
            date(2006, 6, 5),
            {"en": "Serbia and Montenegro", "ru": "Сербия и Черногория", "zh": "塞尔维亚和黑山"},
        ),
    ],
}


def _day_names(lang: str) -> dict[str, list[list[str]]]:
    """:data:`DAY_NAMES` in ``lang`` for the page's script: ``[from, until, name]`` rows."""
    return {
        actor: [
            [a.isoformat() if a else "", b.isoformat() if b else "", n.get(lang, n["en"])]
            for a, b, n in rows
        ]
        for actor, rows in DAY_NAMES.items()
    }


def name_on(names: dict[str, str], actor: str, day: date, lang: str) -> str:
    """``actor``'s name on ``day`` in ``lang`` (a continued state's name of the day)."""
    for start, end, by_lang in DAY_NAMES.get(actor, ()):
        if (start is None or start <= day) and (end is None or day < end):
            return by_lang.get(lang, by_lang["en"])
    return names.get(actor, actor)


#: Names of the map's outlines cut from today's countries (``eurasec.web.geo``).
_PART_NAMES = {
    "DEU_WEST": "Federal Republic of Germany (to 1990)",
    "YEM_NORTH": "Yemen Arab Republic (to 1990)",
}


def _common(request: Request) -> dict[str, Any]:
    names = _names(request)
    return {
        "names": names,
        "kind_labels": _labels(request, _KIND_LABELS),
        "role_labels_all": _labels(request, ROLE_LABELS),
        "action_labels": _labels(request, _ACTION_LABELS),
        "status_labels": _labels(request, _STATUS_LABELS),
    }


def map_members(
    choice: str, as_of: date, names: dict[str, str] | None = None
) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Who the map colours for ``choice`` (a format id or ``treaty:ID``) on ``as_of``.

    Returns the members by actor (``{actor, role}``) and the page's current choice. A treaty
    shows its parties, suspended parties, signatories and former parties, as the API lists them.
    """
    kind, _, ident = choice.partition(":") if ":" in choice else ("format", "", choice)
    if kind == "treaty":
        status = registry.treaty(ident, as_of)
        members: dict[str, dict[str, str]] = {}
        for role, actors in (
            ("former_party", status.former_parties),
            ("signatory", status.signatories),
            ("party", status.parties),
            ("suspended", status.suspended),
        ):
            members.update({a: {"actor": a, "role": role} for a in actors})
        label = (names or {}).get(status.id, status.name)
        return members, {"id": f"treaty:{status.id}", "label": label, "note": ""}
    fmt = registry.default_registry().format(ident)
    members = {m.actor: {"actor": m.actor, "role": m.role} for m in registry.members(fmt.id, as_of)}
    note = ""
    if fmt.founded and as_of < fmt.founded.value:
        note = "not_yet"
    elif fmt.dissolved and as_of >= fmt.dissolved.after():
        note = "dissolved"
    return members, {
        "id": fmt.id,
        "label": f"{(names or {}).get(fmt.id, fmt.name)} ({fmt.id})",
        "note": note,
    }


def _map_day(year: int | None, day: date | None, today: date) -> date:
    if day is not None:
        return min(max(day, date(FIRST_YEAR, 1, 1)), today)
    year = min(year or today.year, today.year)
    return today if year == today.year else date(year, 12, 31)


@router.get("/map", response_class=HTMLResponse, name="page_map")
def map_page(
    request: Request,
    format: Annotated[str, Query(max_length=40)] = DEFAULT_FORMAT,
    year: Annotated[int | None, Query(ge=FIRST_YEAR, le=2100)] = None,
    role: Annotated[list[str] | None, Query()] = None,
    as_of: Annotated[date | None, Query(alias="date")] = None,
) -> HTMLResponse:
    """Map of Eurasia: participants of a format or parties to a treaty on a date."""
    today = date.today()
    day = _map_day(year, as_of, today)
    year = day.year
    ctx = _common(request)
    names = ctx["names"]
    members, current = map_members(format, day, names)
    roles_shown = list(role or ROLE_LABELS)
    lang = request_language(request)
    for m in members.values():
        m["name"] = name_on(names, m["actor"], day, lang)
    members = {a: m for a, m in members.items() if m["role"] in roles_shown}
    shapes, box = eurasia_map()
    by_id = {s.iso3: s for s in shapes}
    fill = {sid: m["role"] for a, m in members.items() for sid in outlines(a, day)}
    boxes = [by_id[sid].box for sid in fill if sid in by_id and by_id[sid].drawn_on(day)]
    view = _view(box, boxes)
    choices = [
        {"id": f.id, "label": f"{names.get(f.id, f.name)} ({f.id})", "group": "format"}
        for f in registry.formats()
    ]
    choices += [
        {"id": f"treaty:{t.id}", "label": names.get(t.id, t.name), "group": "treaty"}
        for t in registry.treaties()
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
            "drawn": {a for a in members if all(sid in by_id for sid in outlines(a, day))},
            "fill": fill,
            "day": day,
            "box": view,
            "frame": box,
            "composition": {
                a: [
                    [s.isoformat() if s else "", e.isoformat() if e else "", list(ids)]
                    for s, e, ids in spans
                ]
                for a, spans in COMPOSITION.items()
            },
            "day_names": _day_names(lang),
            "format_dates": {
                f.id: [
                    f.founded.value.isoformat() if f.founded else "",
                    f.dissolved.after().isoformat() if f.dissolved else "",
                ]
                for f in registry.formats()
            },
            "year": year,
            "min_year": FIRST_YEAR,
            "max_year": today.year,
            "today": today.isoformat(),
            "as_of": day.isoformat(),
            "cite": cite(_map_sources(format, day), day, f"Map of {current['label']}"),
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
                    "not_yet": N_("not yet founded"),
                    "dissolved": N_("dissolved"),
                },
            ),
        },
    )


def _view(
    frame: tuple[float, float, float, float], boxes: list[tuple[float, float, float, float]]
) -> tuple[float, float, float, float]:
    """The viewBox: the Eurasian frame widened to every coloured outline, with a margin."""
    x0, y0, x1, y1 = frame[0], frame[1], frame[0] + frame[2], frame[1] + frame[3]
    for bx0, by0, bx1, by1 in boxes:
        x0, y0, x1, y1 = min(x0, bx0 - 10), min(y0, by0 - 10), max(x1, bx1 + 10), max(y1, by1 + 10)
    return (round(x0, 1), round(y0, 1), round(x1 - x0, 1), round(y1 - y0, 1))


def _map_sources(choice: str, day: date) -> list[tuple[str, str, str]]:
    kind, _, ident = choice.partition(":") if ":" in choice else ("format", "", choice)
    if kind == "treaty":
        t = registry.treaty(ident, day)
        return [(a.source, a.url, a.accessed) for p in t.participants for a in p.acts]
    return [(m.source, m.url, m.accessed) for m in registry.members(ident, day)]


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
            "label": names.get(fmt.id, fmt.name),
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
    sources = [(m.source, m.url, m.accessed) for _, members in rows for m in members]
    return render(
        request,
        "network.html",
        {
            **ctx,
            "graph": graph,
            "rows": rows,
            "as_of": day.isoformat(),
            "cite": cite(sources, day, "Network of formats and participants"),
        },
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
    sources = [(f.source, f.url, f.checked) for f in registry.formats()]
    sources += [(t.source, t.url, t.checked) for t in treaties]
    return render(
        request,
        "formats.html",
        {
            **_common(request),
            "formats": registry.formats(),
            "counts": counts,
            "treaties": treaties,
            "cite": cite(sources, today, "Formats and treaties"),
        },
    )


@router.get("/formats/{format_id}", response_class=HTMLResponse, name="page_format")
def format_page(request: Request, format_id: str) -> HTMLResponse:
    """A format: who takes part today, and the timeline of joins, changes and departures."""
    fmt = registry.default_registry().format(format_id)
    today = date.today()
    names = _names(request)
    members = sorted(registry.members(fmt.id, today), key=lambda m: names.get(m.actor, m.actor))
    spells = _spells(lambda p: p.format == fmt.id)
    sources = [(fmt.source, fmt.url, fmt.checked)] + [(p.source, p.url, p.accessed) for p in spells]
    return render(
        request,
        "format.html",
        {
            **_common(request),
            "fmt": fmt,
            "members": members,
            "spells": spells,
            "today": today.isoformat(),
            "cite": cite(sources, today, f"{fmt.name} ({fmt.id}), participants"),
        },
    )


@router.get("/actors/{actor_id}", response_class=HTMLResponse, name="page_actor")
def actor_page(request: Request, actor_id: str) -> HTMLResponse:
    """An actor: formats and treaties today, and the timeline of its participations."""
    view = registry.actor(actor_id)
    spells = _spells(lambda p: p.actor == view.id)
    sources = [(p.source, p.url, p.accessed) for p in spells]
    for link in view.treaties:
        t = registry.treaty(link.treaty, view.as_of)
        sources += [
            (a.source, a.url, a.accessed)
            for p in t.participants
            if p.actor == view.id
            for a in p.acts
        ]
    return render(
        request,
        "actor.html",
        {
            **_common(request),
            "actor": view,
            "spells": spells,
            "cite": cite(sources, view.as_of, f"{view.name} ({view.id}), formats and treaties"),
        },
    )


@router.get("/treaties/{treaty_id}", response_class=HTMLResponse, name="page_treaty")
def treaty_page(request: Request, treaty_id: str) -> HTMLResponse:
    """A treaty: its status today, who is bound, and the timeline of every action."""
    status = registry.treaty(treaty_id)
    sources = [(status.source, status.url, status.checked)]
    sources += [(a.source, a.url, a.accessed) for p in status.participants for a in p.acts]
    return render(
        request,
        "treaty.html",
        {
            **_common(request),
            "treaty": status,
            "participants": sorted(
                status.participants, key=lambda p: _names(request).get(p.actor, p.actor)
            ),
            "cite": cite(sources, status.as_of, f"{status.name} ({status.id}), status"),
        },
    )
