"""Hostile ids and query values through every API route give clean 4xx, never a 5xx.

The routes come from the app's own OpenAPI document, so every route that lands is covered
without editing this file. Runs on SQLite and, when ``EURASEC_TEST_POSTGRES_URL`` is set, on
PostgreSQL (which, unlike SQLite, refuses NUL bytes in text: a classic source of 500s).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from backends import BACKENDS, create_schema, drop_schema, schema_url
from eurasec.settings import get_settings
from eurasec.storage import open_store
from eurasec.storage.meta import store_meta
from eurasec.web.app import create_app

HOSTILE = [
    "' OR '1'='1",
    "1; DROP TABLE store_meta; --",
    '" OR ""="',
    "../../../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "\x00",
    "a\x00b",
    "%00",
    "<script>alert(1)</script>",
    "☃💥",
    "\ud7ff",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "{}",
    "[]",
    "x" * 2000,
    " ",
    "\\",
    "*",
    "%",
    "_",
]


@pytest.fixture(scope="module", params=BACKENDS)
def hostile_client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, str]]:
    """The real app on a fresh store of each backend."""
    schema = None
    if request.param == "sqlite":
        db: Path = tmp_path_factory.mktemp("hostile") / "h.db"
        url = f"sqlite:///{db}"
    else:
        schema = create_schema()
        url = schema_url(schema)
    app = create_app(get_settings(database_url=url))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, url
    if schema:
        drop_schema(schema)


def _operations(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    doc = client.get("/openapi.json").json()
    return [
        (method.upper(), path, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in {"get", "delete"}
    ]


def _assert_clean(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code} {response.text[:300]}"
    if response.status_code >= 400 and response.status_code != 405:
        body = response.json()
        assert "code" in body or "detail" in body, f"{what}: not an error document: {body}"


def test_hostile_path_ids_give_clean_errors(hostile_client: tuple[TestClient, str]) -> None:
    client, _ = hostile_client
    for method, path, _op in _operations(client):
        names = re.findall(r"{(\w+)}", path)
        if not names:
            continue
        for value in HOSTILE:
            url = path
            for name in names:
                url = url.replace("{" + name + "}", quote(value, safe=""))
            _assert_clean(client.request(method, url), f"{method} {url[:120]}")


def test_hostile_query_values_give_clean_errors(hostile_client: tuple[TestClient, str]) -> None:
    client, _ = hostile_client
    for method, path, op in _operations(client):
        params = [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"]
        if not params or "{" in path:
            continue
        for value in HOSTILE:
            r = client.request(method, path, params=dict.fromkeys(params, value))
            _assert_clean(r, f"{method} {path}?{params}={value[:40]!r}")


def test_hostile_input_left_the_tables_alone(hostile_client: tuple[TestClient, str]) -> None:
    client, url = hostile_client
    client.get("/api/v1/" + quote("1; DROP TABLE store_meta; --", safe=""))
    store = open_store(url, migrate=False)
    try:
        with store.connect() as conn:
            assert conn.execute(store_meta.select()).all() is not None
    finally:
        store.dispose()


def test_hostile_ids_on_an_unknown_route_are_404(hostile_client: tuple[TestClient, str]) -> None:
    client, _ = hostile_client
    for value in HOSTILE:
        r = client.get("/api/v1/no-such-resource/" + quote(value, safe=""))
        assert r.status_code == 404, value
