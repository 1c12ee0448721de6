"""Fixtures for crash, concurrency and load tests: a sandbox world on each backend.

The world is the institutions sandbox played to the end (five parties, a Charter in force, a
Fund with members), so that the acts these tests submit are real, accepted fund acts. On
SQLite it is built once per session and copied per test; on PostgreSQL (when
``EURASEC_TEST_POSTGRES_URL`` is set) each test plays it into a schema of its own.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from eurasec.institutions.sandbox import play
from eurasec.storage import open_store

POSTGRES_URL = os.environ.get("EURASEC_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
PARTIES = ["KAZ", "RUS", "CHN", "IND", "UZB"]


@pytest.fixture(scope="session")
def sqlite_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the played sandbox (built once per session)."""
    path = tmp_path_factory.mktemp("world") / "world.db"
    store = open_store(f"sqlite:///{path}")
    try:
        play(store, PARTIES)
    finally:
        store.dispose()
    return path


def _pg_schema_url(schema: str) -> str:
    assert POSTGRES_URL
    sep = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=BACKENDS)
def world_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh copy of the sandbox world, on SQLite and PostgreSQL."""
    if request.param == "sqlite":
        src: Path = request.getfixturevalue("sqlite_world")
        dst = tmp_path / "world.db"
        shutil.copyfile(src, dst)
        yield f"sqlite:///{dst}"
        return
    schema = f"w_{uuid.uuid4().hex[:12]}"
    admin = open_store(POSTGRES_URL, migrate=False)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = _pg_schema_url(schema)
    store = open_store(url)
    try:
        play(store, PARTIES)
    finally:
        store.dispose()
    try:
        yield url
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
