from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eurasec.institutions import sandbox
from eurasec.settings import get_settings
from eurasec.storage import open_store
from eurasec.web.app import create_app

#: The parties of the shared sandbox store (the docs' walk-through uses the same).
SANDBOX_PARTIES = ["RUS", "BLR", "KAZ", "CHN", "IND", "SCO"]


@pytest.fixture(scope="session")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app on a fresh SQLite store for the whole session (in-process ASGI)."""
    db: Path = tmp_path_factory.mktemp("web") / "web.db"
    app = create_app(get_settings(database_url=f"sqlite:///{db}"))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def sandbox_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store with the sandbox played (the five steps, 2026-2028); tests only read it."""
    db: Path = tmp_path_factory.mktemp("sandbox") / "sandbox.db"
    store = open_store(f"sqlite:///{db}")
    sandbox.play(store, SANDBOX_PARTIES)
    store.dispose()
    return f"sqlite:///{db}"


@pytest.fixture(scope="session")
def sandbox_client(sandbox_url: str) -> Iterator[TestClient]:
    """One app on the sandbox store (in-process)."""
    with TestClient(create_app(get_settings(database_url=sandbox_url))) as c:
        yield c
