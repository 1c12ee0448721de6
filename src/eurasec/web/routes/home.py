"""The home page (the architecture at a glance) and the health endpoint."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from eurasec import __version__
from eurasec.web.deps import SettingsDep, StoreDep
from eurasec.web.render import render

__all__ = ["router"]

router = APIRouter()


class HealthPublic(BaseModel):
    """Liveness and what the server runs on."""

    status: str
    version: str
    backend: str
    sandbox: bool


@router.get("/", response_class=HTMLResponse, include_in_schema=False, name="page_home")
def home(request: Request) -> HTMLResponse:
    """The architecture at a glance."""
    return render(request, "home.html")


@router.get("/api/v1/health", tags=["meta"])
def health(store: StoreDep, settings: SettingsDep) -> HealthPublic:
    """Liveness, version and storage backend."""
    return HealthPublic(
        status="ok", version=__version__, backend=store.backend, sandbox=settings.sandbox
    )
