"""The registry's JSON API: lists with {data, count} and paging, as-of reads, problem JSON."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_states_page_and_filter(client: TestClient) -> None:
    body = client.get("/api/v1/states", params={"eurasian": True, "limit": 5}).json()
    assert len(body["data"]) == 5 and body["count"] > 90
    assert all(s["eurasian"] for s in body["data"])
    everyone = client.get("/api/v1/states", params={"limit": 1000}).json()
    assert everyone["count"] == len(everyone["data"]) > body["count"]
    rus = next(s for s in everyone["data"] if s["id"] == "RUS")
    assert rus["cow_code"] == 365 and rus["names"]["ru"] == "Россия"


def test_paging_offsets(client: TestClient) -> None:
    first = client.get("/api/v1/formats", params={"limit": 2}).json()
    second = client.get("/api/v1/formats", params={"limit": 2, "offset": 2}).json()
    assert [f["id"] for f in first["data"]] == ["SCO", "CSTO"]
    assert second["data"][0]["id"] == "EAEU"
    assert first["count"] == second["count"] >= 13


def test_format_members_as_of_and_role(client: TestClient) -> None:
    r = client.get("/api/v1/formats/SCO/members", params={"as_of": "2024-07-04", "role": "member"})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 10
    assert "BLR" in {m["actor"] for m in body["data"]}


def test_format_by_id(client: TestClient) -> None:
    doc = client.get("/api/v1/formats/ARF").json()
    assert doc["kind"] == "forum" and doc["founded"] == "1994-07-25"


def test_treaties_and_treaty_as_of(client: TestClient) -> None:
    assert "RUS_PRK_2024" in {t["id"] for t in client.get("/api/v1/treaties").json()["data"]}
    doc = client.get("/api/v1/treaties/NEW_START", params={"as_of": "2024-01-01"}).json()
    assert doc["status"] == "suspended" and doc["parties"] == ["USA"]
    assert doc["suspended"] == ["RUS"]


def test_actor_and_channels(client: TestClient) -> None:
    fin = client.get("/api/v1/actors/FIN", params={"as_of": "2023-04-03"}).json()
    assert "NATO" not in {m["format"] for m in fin["memberships"]}
    ch = client.get("/api/v1/channels", params={"a": "RUS", "b": "CHN", "as_of": "2025-01-01"})
    body = ch.json()
    assert body["count"] == len(body["data"])
    assert {"SCO", "BRICS", "RUS_CHN_2001"} <= {c["format"] for c in body["data"]}


def test_alignment(client: TestClient) -> None:
    doc = client.get("/api/v1/alignment", params={"a": "USA", "b": "KOR"}).json()
    assert doc["allied"] is True and "USA_KOR_1953" in doc["defence"]


def test_errors_are_problem_json(client: TestClient) -> None:
    r = client.get("/api/v1/formats/SOC/members")
    assert r.status_code == 404
    assert r.json()["code"] == "not_found" and "did you mean SCO" in r.json()["detail"]
    assert client.get("/api/v1/treaties/INF", params={"as_of": "2019-13-01"}).status_code == 422
    assert client.get("/api/v1/formats/SCO/members", params={"role": "boss"}).status_code == 422
    assert client.get("/api/v1/channels", params={"a": "RUS"}).status_code == 422
    assert client.get("/api/v1/channels", params={"a": "RUS", "b": "RUS"}).status_code == 422


def test_openapi_lists_registry_paths(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/states",
        "/api/v1/formats",
        "/api/v1/formats/{format_id}/members",
        "/api/v1/treaties",
        "/api/v1/treaties/{treaty_id}",
        "/api/v1/actors/{actor_id}",
        "/api/v1/channels",
    ):
        assert path in paths
