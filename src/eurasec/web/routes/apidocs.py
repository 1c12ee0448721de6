"""The interactive API documentation (Swagger UI at ``/docs``, ReDoc at ``/redoc``), self-hosted.

FastAPI's own pages load their scripts, styles, fonts and favicon from CDNs: offline they are
blank, and a third party sees every visit. These pages use the same FastAPI helpers with the
assets that the ``fastapi-offline`` package ships (Swagger UI 5 and ReDoc, MIT and their own
licences in the package), served by this app under ``/docs/assets/``; ReDoc is told not to
load Google Fonts. Both pages carry a Content-Security-Policy that allows this server only, so
nothing the bundles would fetch from elsewhere (ReDoc's footer loads Redocly's logo from its
CDN) leaves the reader's browser.

Usage docs: ``docs/concepts/web.md``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from eurasec.errors import NotFound

__all__ = ["ASSETS", "CSP", "router"]

router = APIRouter(include_in_schema=False)


def _assets_dir() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).with_name("static")


#: The files served under ``/docs/assets/`` (nothing else from that package is reachable).
ASSETS: dict[str, str] = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
}
_PREFIX = "/docs/assets"
#: This server only (the bundles' inline start-up scripts and styles, and their blob workers).
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'"
)


@router.get("/docs", response_class=HTMLResponse, name="api_docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI for ``/openapi.json``, every asset from this server."""
    page = get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title="eurasec API",
        swagger_js_url=f"{_PREFIX}/swagger-ui-bundle.js",
        swagger_css_url=f"{_PREFIX}/swagger-ui.css",
        swagger_favicon_url="/static/favicon.svg",
    )
    page.headers["Content-Security-Policy"] = CSP
    return page


@router.get("/redoc", response_class=HTMLResponse, name="api_redoc")
async def redoc(request: Request) -> HTMLResponse:
    """ReDoc for ``/openapi.json``, every asset from this server and no web fonts."""
    page = get_redoc_html(
        openapi_url=request.app.openapi_url,
        title="eurasec API",
        redoc_js_url=f"{_PREFIX}/redoc.standalone.js",
        redoc_favicon_url="/static/favicon.svg",
        with_google_fonts=False,
    )
    page.headers["Content-Security-Policy"] = CSP
    return page


@router.get(_PREFIX + "/{name}", name="api_docs_asset")
async def asset(name: str) -> FileResponse:
    """One of :data:`ASSETS`, cached by the browser for a day."""
    if name not in ASSETS:
        raise NotFound("documentation asset", name, list(ASSETS))
    return FileResponse(
        _assets_dir() / name,
        media_type=ASSETS[name],
        headers={"Cache-Control": "public, max-age=86400"},
    )
