from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from eurasec.settings import Settings
from eurasec.web.app import create_app


def test_home_page(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "text/html" in r.headers["content-type"]
    assert "eurasec" in r.text


def test_openapi_document(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["info"]["title"] == "eurasec"
    assert "/api/v1/health" in doc["paths"]


def test_health(client: TestClient) -> None:
    assert client.get("/api/v1/health").json()["status"] == "ok"


def test_unknown_route_is_problem_json_404(client: TestClient) -> None:
    r = client.get("/api/v1/no-such-thing")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "not_found"


def test_wrong_method_is_problem_json_405(client: TestClient) -> None:
    r = client.post("/api/v1/health")
    assert r.status_code == 405
    assert r.json()["code"] == "method_not_allowed"
    assert "GET" in r.headers["allow"]


def test_opentelemetry_is_off_unless_the_setting_turns_it_on(tmp_path: Path) -> None:
    """FastAPI's native telemetry looks the global providers up on every request while it is
    on; eurasec turns it on only when ``EURASEC_OPENTELEMETRY`` asks (docs/operations.md)."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    for on in (False, True):
        app = create_app(Settings(database_url=url, opentelemetry=on))
        config = app._telemetry  # what FastAPI's per-request check reads
        assert (config["tracing"], config["metrics"], config["logs"]) == (on, on, on)
