"""Treaty, actor and map pages and the API agree on every status (real rows, in-process app)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from eurasec import reference, registry
from eurasec.web.routes.pages_registry import map_members


def test_map_page_warsaw_pact_1980_is_more_than_russia(client: TestClient) -> None:
    html = client.get("/map", params={"format": "WPACT", "year": 1980}).text
    coloured = set(re.findall(r'data-iso="([A-Z_]+)"[^>]*class="member"', html))
    assert {"RUS", "UKR", "BLR", "POL", "DDR", "CZE", "SVK"} <= coloured
    html = client.get("/map", params={"format": "SCO", "year": 1990}).text
    assert "not yet founded" in html


# -- agreement: library, pages, API ---------------------------------------------------------


TREATIES = [t.id for t in reference.treaties()]
DAYS = ["1995-01-01", "2010-01-01", "2024-01-01", date.today().isoformat()]


@pytest.mark.parametrize("treaty_id", TREATIES)
@pytest.mark.parametrize("day", DAYS)
def test_pages_and_api_agree_on_every_status(client: TestClient, treaty_id: str, day: str) -> None:
    on = date.fromisoformat(day)
    lib = registry.treaty(treaty_id, on)
    api = client.get(f"/api/v1/treaties/{treaty_id}", params={"as_of": day}).json()
    for key in ("status", "parties", "suspended", "signatories", "former_parties"):
        assert api[key] == getattr(lib, key), key
    standing = {p.actor: p.standing for p in lib.participants if p.standing}
    assert {p["actor"]: p["standing"] for p in api["participants"] if p["standing"]} == standing
    members, _ = map_members(f"treaty:{treaty_id}", on)
    assert {a: m["role"] for a, m in members.items()} == standing
    for actor, where in standing.items():
        links = {t.treaty: t.standing for t in registry.actor(actor, on).treaties}
        assert links[treaty_id] == where
    for actor, where in list(standing.items())[:3]:
        body = client.get(f"/api/v1/actors/{actor}", params={"as_of": day}).json()
        assert {t["treaty"]: t["standing"] for t in body["treaties"]}[treaty_id] == where


@pytest.mark.parametrize("treaty_id", TREATIES)
def test_treaty_page_shows_the_standings_of_the_api(client: TestClient, treaty_id: str) -> None:
    html = client.get(f"/treaties/{treaty_id}").text
    rows = dict(re.findall(r'<tr data-actor="([A-Z]+)" data-standing="([a-z_]*)"', html))
    api = client.get(f"/api/v1/treaties/{treaty_id}").json()
    assert rows == {p["actor"]: p["standing"] or "" for p in api["participants"]}
