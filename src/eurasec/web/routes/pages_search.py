"""Search: one box that finds actors, formats, treaties, projects and acts by name or id.

Names are matched in every interface language (a reader may type «ШОС» on the English page),
case- and accent-insensitively, whole name or id first, then names that start with the query,
then names that contain it. Projects come from the record's Project Office; acts are matched
by their kind (a link to the record filtered by it) or, for a number, by their entry index.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from eurasec import registry
from eurasec.institutions import projects
from eurasec.record.log import Record
from eurasec.web.deps import StoreDep, record_day
from eurasec.web.i18n import LANGUAGES, N_, translations
from eurasec.web.labels import ACT_TITLES
from eurasec.web.render import actor_names, render, request_language, translate

__all__ = ["MAX_RESULTS", "router"]

router = APIRouter(include_in_schema=False)

#: Most results one search lists.
MAX_RESULTS = 60
_KINDS = {
    "actor": N_("actor"),
    "format": N_("format"),
    "treaty": N_("treaty"),
    "project": N_("project"),
    "act": N_("kind of act"),
    "entry": N_("record entry"),
}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _rank(query: str, keys: list[str]) -> int | None:
    """0 for an exact match of a name or id, 1 for a prefix, 2 for a substring; else None."""
    best = None
    for key in keys:
        k = _fold(key)
        rank = 0 if k == query else 1 if k.startswith(query) else 2 if query in k else None
        if rank is not None and (best is None or rank < best):
            best = rank
    return best


def _candidates(store: Any) -> list[dict[str, Any]]:
    """Everything a search can find, with the names it is known by in every language."""
    names = {lang: actor_names(lang) for lang in LANGUAGES}
    items: list[dict[str, Any]] = []
    for s in registry.states():
        keys = [s.id, *(names[lang].get(s.id, s.name) for lang in LANGUAGES)]
        items.append({"kind": "actor", "id": s.id, "href": f"/actors/{s.id}", "keys": keys})
    for f in registry.formats():
        keys = [f.id, *(names[lang].get(f.id, f.name) for lang in LANGUAGES)]
        items.append({"kind": "format", "id": f.id, "href": f"/formats/{f.id}", "keys": keys})
    for t in registry.treaties():
        keys = [t.id, *(names[lang].get(t.id, t.name) for lang in LANGUAGES)]
        items.append({"kind": "treaty", "id": t.id, "href": f"/treaties/{t.id}", "keys": keys})
    with store.connect() as conn:
        pool = projects.project_list(conn, record_day(store).isoformat())
    for p in pool:
        keys = [p["project"], p["title"]]
        items.append(
            {
                "kind": "project",
                "id": p["project"],
                "title": p["title"],
                "href": f"/projects/{p['project']}",
                "keys": keys,
            }
        )
    for kind, title in ACT_TITLES.items():
        if "." in kind:
            keys = [kind, *(translations(lang).gettext(title) for lang in LANGUAGES)]
            items.append({"kind": "act", "id": kind, "href": f"/record?kind={kind}", "keys": keys})
    return items


@router.get("/search", response_class=HTMLResponse, name="page_search")
def search_page(
    request: Request, store: StoreDep, q: Annotated[str, Query(max_length=100)] = ""
) -> HTMLResponse:
    """Actors, formats, treaties, projects and acts whose name or id matches ``q``."""
    query = _fold(q.strip())
    gettext = translate(request)
    lang = request_language(request)
    names = actor_names(lang)
    results: list[dict[str, Any]] = []
    if query:
        ranked = []
        for item in _candidates(store):
            rank = _rank(query, item["keys"])
            if rank is not None:
                ranked.append((rank, item))
        ranked.sort(key=lambda r: (r[0], list(_KINDS).index(r[1]["kind"]), r[1]["id"]))
        for _, item in ranked[:MAX_RESULTS]:
            label = item.get("title") or names.get(item["id"])
            if item["kind"] == "act":
                label = gettext(ACT_TITLES[item["id"]])
            results.append({**item, "label": label or item["id"]})
        if query.lstrip("#").isdigit():
            index = int(query.lstrip("#"))
            if index < Record(store).size():
                results.insert(
                    0,
                    {
                        "kind": "entry",
                        "id": str(index),
                        "href": f"/record/{index}",
                        "label": f"{gettext(N_('Record entry'))} {index}",
                    },
                )
    return render(
        request,
        "search.html",
        {"query": q, "results": results, "kind_labels": {k: gettext(v) for k, v in _KINDS.items()}},
    )
