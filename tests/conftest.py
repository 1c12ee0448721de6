"""Shared fixtures: a fresh store per test (SQLite, and PostgreSQL when configured).

Set ``EURASEC_TEST_POSTGRES_URL`` (``.ci/run`` does) to run every ``store`` test a second
time against a real PostgreSQL server, each test in a schema of its own.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from backends import BACKENDS, POSTGRES_URL, create_schema, drop_schema, schema_url
from eurasec.storage import Store, open_store

#: The log's clock in tests (``EURASEC_RECORD_CLOCK``): pinned, so that statements dated near
#: it are admitted whatever today's date is. Tests on other dates move it (``monkeypatch.setenv``,
#: or a ``ManualClock`` given to the record); tests of the system clock unset it.
TEST_CLOCK = "2026-11-28T09:00:00Z"
os.environ["EURASEC_RECORD_CLOCK"] = TEST_CLOCK
#: Apps and servers in tests start on fresh databases, so they upgrade the schema first (under
#: its lock) as ``eurasec serve --migrate`` does; tests of the refusal unset it
#: (``tests/operations``). A deployment runs ``eurasec db upgrade`` once instead.
os.environ["EURASEC_MIGRATE_ON_START"] = "1"

settings.register_profile(
    "fast", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "slow", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="run long soaks (marker: slow)")
    parser.addoption(
        "--update-snapshots", action="store_true", help="rewrite tests/snapshots/* from the code"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow"):
        return
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="long soak: pass --run-slow to run it"))


def make_store(backend: str, tmp_path: Path) -> tuple[Store, str | None]:
    """A migrated, empty store on ``backend``; for PostgreSQL also the schema to drop."""
    if backend == "sqlite":
        return open_store(f"sqlite:///{tmp_path / 'test.db'}"), None
    assert POSTGRES_URL
    schema = create_schema()
    store = open_store(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    return store, schema


def drop_store(store: Store, schema: str | None) -> None:
    """Dispose ``store`` and drop its PostgreSQL schema, if any."""
    store.dispose()
    if schema:
        drop_schema(schema)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated store: SQLite file, and PostgreSQL when configured."""
    st, schema = make_store(request.param, tmp_path)
    try:
        yield st
    finally:
        drop_store(st, schema)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh database (SQLite file; PostgreSQL schema when configured) for tests
    that go through the CLI (``--db``) or the HTTP app, as a user would."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db.sqlite'}"
        return
    schema = create_schema("u")
    try:
        yield schema_url(schema)
    finally:
        drop_schema(schema)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store only (for tests of SQLite-specific behaviour)."""
    st = open_store(f"sqlite:///{tmp_path / 'test.db'}")
    yield st
    st.dispose()


@dataclass
class CliResult:
    """What one in-process run of the ``eurasec`` command gave."""

    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli() -> object:
    """Run ``eurasec ARGS...`` in-process and capture its exit code and output."""
    from eurasec.cli._root import run

    def invoke(*args: str) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = run(list(args))
        return CliResult(code, out.getvalue(), err.getvalue())

    return invoke
