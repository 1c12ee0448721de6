"""Servers started together on an empty database, and servers that must refuse to start.

``eurasec serve --migrate`` upgrades the schema once under the migration lock, however many
processes start at once (separate servers and a server with two uvicorn workers); without
``--migrate`` a server refuses an unmigrated schema, and any server (and ``eurasec db
upgrade``) refuses a schema a newer eurasec wrote, each with one line on stderr and status 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from _http import Server
from sqlalchemy import text

from backends import BACKENDS, create_schema, drop_schema, schema_url
from eurasec.storage import open_store
from eurasec.storage.schema_version import expected_heads, schema_status


@contextmanager
def _empty(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file not yet created, or a new PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path}/empty.db"
        return
    schema = create_schema("fs")
    try:
        yield schema_url(schema)
    finally:
        drop_schema(schema)


@pytest.fixture(params=BACKENDS)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with _empty(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def shared_url(tmp_path: Path) -> Iterator[str]:
    """An empty database for several processes: PostgreSQL where configured, else SQLite.

    (Concurrent upgrades on both backends, in threads: ``tests/storage/test_schema_version.py``.)
    """
    with _empty(BACKENDS[-1], tmp_path) as url:
        yield url


@pytest.fixture
def no_migration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EURASEC_MIGRATE_ON_START", "false")  # as a deployment runs them


def test_concurrent_first_start_migrates_once(shared_url: str) -> None:
    empty_url = shared_url
    plain = {"EURASEC_MIGRATE_ON_START": "false"}
    servers = [Server(empty_url, plain, ("--migrate",)) for _ in range(2)]
    servers.append(Server(empty_url, plain, ("--migrate", "--workers", "2")))
    for s in servers:
        s.launch()  # all at once: they race for the migration lock
    try:
        for s in servers:
            s.wait_ready(timeout=120, path="/api/v1/ready")
        pids = set()
        for _ in range(40):  # the two workers behind one port both answer
            pids.add(httpx.get(f"{servers[2].base}/api/v1/ready", timeout=10).json()["pid"])
            if len(pids) == 2:
                break
        assert len(pids) == 2, pids
        for s in servers:
            assert "Traceback" not in s.output(), s.output()[-3000:]
    finally:
        for s in servers:
            s.stop()
    store = open_store(empty_url, migrate=False)
    try:
        assert schema_status(store).state == "current"
        with store.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        assert sorted(r[0] for r in rows) == sorted(expected_heads())  # one row per branch
    finally:
        store.dispose()


@pytest.mark.usefixtures("no_migration")
def test_a_server_refuses_an_unmigrated_schema_in_one_line(empty_url: str, cli: Any) -> None:
    r = cli("serve", "--db", empty_url, "--port", "0")  # refused before uvicorn starts
    assert r.exit_code == 1
    assert r.stderr.startswith("error[schema_outdated]: ") and r.stderr.count("\n") == 1
    assert "eurasec db upgrade" in r.stderr
    assert cli("db", "status", "--db", empty_url).exit_code == 1
    up = cli("db", "upgrade", "--db", empty_url, "--json")
    assert up.exit_code == 0, up.stderr
    assert '"after": "current"' in up.stdout
    assert cli("db", "status", "--db", empty_url).exit_code == 0


@pytest.mark.usefixtures("no_migration")
def test_servers_and_upgrades_refuse_a_newer_schema(empty_url: str, cli: Any) -> None:
    store = open_store(empty_url)  # migrated, then "upgraded" by a future version
    head = next(h for h in expected_heads() if h.startswith("record_"))
    with store.begin() as conn:
        conn.execute(
            text("UPDATE alembic_version SET version_num = 'record_9999' WHERE version_num = :h"),
            {"h": head},
        )
    store.dispose()
    for args in (("serve", "--port", "0"), ("db", "upgrade"), ("witness", "serve", "--key",
                 "k.pem", "--log", "x+00000000+AQ==")):  # fmt: skip
        r = cli(*args, "--db", empty_url)
        assert r.exit_code == 1, args
        assert r.stderr.startswith("error[schema_newer]: ") and r.stderr.count("\n") == 1, r.stderr
        assert "record_9999" in r.stderr
    assert cli("db", "status", "--db", empty_url).exit_code == 1
