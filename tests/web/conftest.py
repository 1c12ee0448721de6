from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eurasec.settings import get_settings
from eurasec.web.app import create_app


@pytest.fixture(scope="session")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app on a fresh SQLite store for the whole session (in-process ASGI)."""
    db: Path = tmp_path_factory.mktemp("web") / "web.db"
    app = create_app(get_settings(database_url=f"sqlite:///{db}"))
    with TestClient(app) as c:
        yield c
