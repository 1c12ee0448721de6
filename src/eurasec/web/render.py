"""Rendering pages: one helper gives every template its language, catalogue and navigation.

Page routes call :func:`render`; it negotiates the language (``?lang=``, cookie,
``Accept-Language``), passes gettext callables to the template, marks sandbox mode and builds
the navigation from the page routes actually mounted, so a page whose data source is missing
never shows up as a dead link.

Usage docs: ``docs/concepts/web.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from babel.numbers import format_decimal
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.routing import Route

from eurasec import __version__
from eurasec.web.deps import templates
from eurasec.web.i18n import (
    LANGUAGE_COOKIE,
    LANGUAGES,
    N_,
    format_names,
    negotiate,
    state_names,
    translations,
)
from eurasec.web.labels import act_title, actor_label

__all__ = [
    "NAV",
    "actor_names",
    "dated",
    "is_sandbox_store",
    "language_links",
    "page_routes",
    "render",
    "request_language",
    "translate",
]

#: Main navigation: (route name, English label). A page shows only when its route is mounted.
NAV: tuple[tuple[str, str], ...] = (
    ("page_home", N_("Overview")),
    ("page_map", N_("Map")),
    ("page_network", N_("Network")),
    ("page_formats", N_("Formats")),
    ("page_charter", N_("Charter")),
    ("page_forum", N_("Forum")),
    ("page_fund", N_("Fund")),
    ("page_projects", N_("Projects")),
    ("page_analysis", N_("Analysis")),
    ("page_record", N_("Record")),
    ("page_search", N_("Search")),
)


def request_language(request: Request) -> str:
    """The language this request is answered in."""
    return negotiate(
        request.query_params.get("lang"),
        request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
    )


def translate(request: Request) -> Callable[[str], str]:
    """The gettext function of the request's language."""
    return translations(request_language(request)).gettext


def actor_names(lang: str) -> dict[str, str]:
    """Names of states, formats and treaties by id in ``lang``."""
    return {**state_names(lang), **format_names(lang)}


def dated(value: Any, gettext: Callable[[str], str], precision: str | None = None) -> str:
    """A date at its precision (``1994``, ``2024-02``, ``2023-04-04``, "by 2023-04-04").

    ``value`` is a reference :class:`~eurasec.reference.model.PartialDate` (which knows its
    precision) or a date with ``precision`` given; a month- or year-precision date is never
    shown as if its day were known.
    """
    if value is None or value == "":
        return ""
    day = getattr(value, "value", value)
    precision = getattr(value, "precision", None) or precision or "day"
    iso = day.isoformat() if hasattr(day, "isoformat") else str(day)
    if precision == "year":
        return iso[:4]
    if precision == "month":
        return iso[:7]
    if precision == "by":
        return gettext(N_("by %(date)s")) % {"date": iso}
    return iso


def language_links(request: Request) -> dict[str, str]:
    """The page in each language: its path and query with ``lang`` set (the state is kept)."""
    links = {}
    for code in LANGUAGES:
        url = request.url.include_query_params(lang=code)
        links[code] = f"{url.path}?{url.query}"
    return links


def is_sandbox_store(request: Request) -> bool:
    """Whether the store behind this app was made by ``eurasec sandbox`` (meta ``sandbox``)."""
    from eurasec.storage.meta import get_meta

    store = getattr(request.app.state, "store", None)
    if store is None:
        return False
    with store.connect() as conn:
        return get_meta(conn, "sandbox") == "1"


def _walk(routes: Iterable[Any], prefix: str) -> Iterator[tuple[str, str]]:
    for route in routes:
        inner = getattr(route, "original_router", None)  # FastAPI's lazily included routers
        if inner is not None:
            context = getattr(route, "include_context", None)
            yield from _walk(inner.routes, prefix + str(getattr(context, "prefix", "")))
        elif isinstance(route, Route):
            yield route.name, prefix + route.path


def page_routes(app: FastAPI) -> dict[str, str]:
    """Every mounted page route (name starting ``page_``) and its path template."""
    cached: dict[str, str] | None = getattr(app.state, "page_routes", None)
    if cached is None:
        cached = {n: p for n, p in _walk(app.router.routes, "") if n.startswith("page_")}
        app.state.page_routes = cached
    return cached


def _mounted(request: Request) -> dict[str, str]:
    return page_routes(request.app)


def _nav_for(request: Request) -> list[tuple[str, str, str]]:
    """The navigation for a template rendered without :func:`render` (English labels)."""
    mounted = page_routes(request.app)
    return [(mounted[name], label, name) for name, label in NAV if name in mounted]


# Defaults for templates that extend ``base.html`` but are rendered with a plain
# ``templates.TemplateResponse`` (English, navigation from the mounted pages); the context
# that :func:`render` passes overrides each of them.
_english = translations("en")
templates.env.globals.update(
    _=_english.gettext,
    gettext=_english.gettext,
    ngettext=_english.ngettext,
    languages=LANGUAGES,
    nav_for=_nav_for,
)


#: Strings the table and chart scripts show on every page (``static/js/table.js``, ``chart.js``).
KIT_STRINGS: dict[str, str] = {
    "rows shown": N_("{shown} of {total} rows"),
    "Filter rows": N_("Filter rows"),
    "Download CSV": N_("Download CSV"),
    "Download JSON": N_("Download JSON"),
    "Download PNG": N_("Download PNG"),
    "Download SVG": N_("Download SVG"),
    "Permalink": N_("Permalink"),
    "API": N_("API"),
    "Table": N_("Table"),
    "Chart": N_("Chart"),
    "Show as": N_("Show as"),
    "Series": N_("Series"),
    "scrolls sideways": N_("scrolls sideways"),
    "Arrow keys read the values.": N_("Arrow keys read the values."),
}


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render ``template`` in the request's language with the shared page context."""
    lang = request_language(request)
    catalogue = translations(lang)
    names = actor_names(lang)
    mounted = _mounted(request)
    gettext: Callable[[str], str] = catalogue.gettext
    nav = [(mounted[name], gettext(label), name) for name, label in NAV if name in mounted]
    page = {
        "_": gettext,
        "gettext": gettext,
        "ngettext": catalogue.ngettext,
        "lang": lang,
        "languages": LANGUAGES,
        "nav": nav,
        "path": request.url.path,
        "sandbox": request.app.state.settings.sandbox,
        "sandbox_banner": is_sandbox_store(request),
        "language_links": language_links(request),
        "version": __version__,
        "state_name": lambda ident: actor_label(ident, names, gettext),
        "format_name": lambda ident: names.get(ident, ident),
        "act_title": lambda kind: act_title(kind, gettext),
        "dated": lambda value, precision=None: dated(value, gettext, precision),
        "number": lambda value, pattern="#,##0.##": format_decimal(value, pattern, locale=lang),
        **(context or {}),
    }
    page["js_strings"] = {
        **{k: gettext(v) for k, v in KIT_STRINGS.items()},
        **page.get("js_strings", {}),
    }
    response = templates.TemplateResponse(request, template, page, status_code=status_code)
    chosen = request.query_params.get("lang")
    if chosen and chosen.lower() in LANGUAGES and request.cookies.get(LANGUAGE_COOKIE) != lang:
        response.set_cookie(LANGUAGE_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response
