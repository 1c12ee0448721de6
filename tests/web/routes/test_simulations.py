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


def test_run_reports_the_effect_with_three_intervals(client: TestClient) -> None:
    req = {"scenario": "charter_forum", "replications": 10, "seed": 4, "steps": 24}
    forum = client.post("/api/v1/simulations/run", json=req).json()["scenarios"][1]
    assert set(forum["effect"]) == {"relative", "mc_ci", "parameter_ci", "empirical"}
    assert forum["assumptions"] == []


def test_page_shows_three_intervals_and_the_assumptions(client: TestClient) -> None:
    page = client.get("/analysis/simulations", params={"scenario": "charter_forum", "seed": 1})
    assert page.status_code == 200
    text = page.text
    assert 'id="sim-effects"' in text
    for column in ("Monte Carlo 95%", "parameters 95%", "from data 95%"):
        assert column in text
    assert "What is estimated and what is assumed" in text and "1960–1994" in text
    ru = client.get("/analysis/simulations", params={"lang": "ru"})
    client.cookies.clear()  # the shared client must not keep the language for other tests
    assert "Что оценено, а что предположено" in ru.text
