"""Registry pages render the registry's facts, in the reader's language, without a script."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient


def _class_of(html: str, iso3: str) -> str | None:
    m = re.search(rf'<path d="[^"]*" data-iso="{iso3}"[^>]*?(?: class="([^"]*)")?>', html)
    assert m, f"{iso3} not drawn"
    return m.group(1)


def test_map_renders_members_on_the_server(client: TestClient) -> None:
    html = client.get("/map", params={"format": "SCO", "year": 2024}).text
    assert _class_of(html, "IND") == "member"
    assert _class_of(html, "DEU") is None
    html = client.get("/map", params={"format": "SCO", "year": 2005}).text
    assert _class_of(html, "IND") == "observer"


def test_map_treaty_layer_and_role_filter(client: TestClient) -> None:
    html = client.get("/map", params={"format": "treaty:NEW_START", "year": 2015}).text
    assert _class_of(html, "RUS") == "party"
    html = client.get("/map", params={"format": "SCO", "year": 2024, "role": "observer"}).text
    assert _class_of(html, "IND") is None


def test_map_names_in_the_reader_language(client: TestClient) -> None:
    html = client.get("/map", params={"lang": "ru"}).text
    assert "Карта Евразии" in html and "<title>Казахстан" in html
    client.cookies.clear()


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/formats", "Shanghai Cooperation Organisation"),
        ("/formats/SCO", "joins as"),
        ("/actors/KAZ", "Collective Security Treaty Organization"),
        ("/treaties/INF", "terminated"),
        ("/network", "graph-data"),
    ],
)
def test_registry_pages(client: TestClient, url: str, text: str) -> None:
    r = client.get(url)
    assert r.status_code == 200
    assert text in r.text


def test_unknown_page_is_an_html_404(client: TestClient) -> None:
    r = client.get("/formats/NOPE", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "NOPE" in r.text
    api = client.get("/api/v1/formats/NOPE", headers={"Accept": "text/html"})
    assert api.headers["content-type"] == "application/problem+json"
