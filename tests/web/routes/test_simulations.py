"""``/api/v1/simulations``."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_scenarios(client: TestClient) -> None:
    res = client.get("/api/v1/simulations/scenarios")
    assert res.status_code == 200
    body = res.json()
    assert body["count"] == len(body["data"])
    assert body["data"][0]["name"] == "status_quo"


def test_run_is_reproducible(client: TestClient) -> None:
    req = {"scenario": "charter_forum", "replications": 10, "seed": 4, "steps": 24}
    a = client.post("/api/v1/simulations/run", json=req)
    b = client.post("/api/v1/simulations/run", json=req)
    assert a.status_code == 200
    assert a.json() == b.json()
    assert [s["scenario"] for s in a.json()["scenarios"]] == ["status_quo", "charter_forum"]


def test_run_document(client: TestClient) -> None:
    doc = {"name": "mine", "title": "Mine", "forums": [{"name": "F", "parties": ["RUS", "CHN"]}]}
    res = client.post(
        "/api/v1/simulations/run", json={"document": doc, "replications": 5, "steps": 12}
    )
    assert res.status_code == 200
    assert res.json()["scenarios"][1]["scenario"] == "mine"


def test_run_bounds_and_errors(client: TestClient) -> None:
    cases = [
        ({"scenario": "status_quo", "replications": 100000}, 422),
        ({"scenario": "status_quo", "steps": 100000}, 422),
        ({"scenario": "nowhere"}, 404),
        ({"scenario": "../../etc/passwd.yaml"}, 404),
        ({}, 422),
        ({"scenario": "status_quo", "document": {"name": "x", "title": "X"}}, 422),
        (
            {
                "document": {
                    "name": "x",
                    "title": "X",
                    "forums": [{"name": "f", "parties": ["ZZZ"]}],
                }
            },
            404,
        ),
        ({"document": {"name": "x", "title": "X", "parameters": {"friction_rate": -1}}}, 422),
    ]
    for body, status in cases:
        res = client.post("/api/v1/simulations/run", json=body)
        assert res.status_code == status, (body, res.text)
        assert res.json()["code"]
