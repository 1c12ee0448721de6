"""The pages the browser tests and the screenshot script visit, with the values that fill them."""

from __future__ import annotations

from fastapi import FastAPI

from eurasec.web.render import page_routes

#: Example values for pages with path parameters (the sandbox of the browser tests has them).
EXAMPLES = {
    "actor_id": "KAZ",
    "format_id": "SCO",
    "treaty_id": "NEW_START",
    "project_id": "P-disaster-1",
    "index": "5",
}
#: Queries that show a page with content rather than an empty form (cheap ones only).
QUERIES = {
    "page_mediators": "?a=IND&b=PAK",
    "page_map": "?format=SCO&year=2024",
    "page_search": "?q=ka",
}


def page_urls(app: FastAPI) -> list[str]:
    """Every mounted page, with example values and its query."""
    return sorted(
        path.format(**EXAMPLES) + QUERIES.get(name, "") for name, path in page_routes(app).items()
    )
