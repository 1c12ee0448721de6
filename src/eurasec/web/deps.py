"""Dependency aliases for route functions."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from eurasec.settings import Settings
from eurasec.storage import Store

__all__ = ["SettingsDep", "StoreDep", "templates"]

templates = Jinja2Templates(
    directory=str(__import__("pathlib").Path(__file__).with_name("templates"))
)


# Both are ``async`` although they wait for nothing: FastAPI runs a plain ``def`` dependency
# in its thread pool, a thread hop per request for reading an attribute.
async def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(_store)]
SettingsDep = Annotated[Settings, Depends(_settings)]
