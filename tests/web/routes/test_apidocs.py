"""/docs and /redoc are served with this server's own assets and a policy that allows no other."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from eurasec.web.routes.apidocs import ASSETS


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_load_only_local_assets(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", r.text)
    assert urls and all(u.startswith("/") for u in urls), urls
    assert "fonts.googleapis" not in r.text and "cdn." not in r.text
    assert r.headers["content-security-policy"].startswith("default-src 'self'")


@pytest.mark.parametrize("name", sorted(ASSETS))
def test_assets_are_served(client: TestClient, name: str) -> None:
    r = client.get(f"/docs/assets/{name}")
    assert r.status_code == 200 and len(r.content) > 100_000
    assert r.headers["content-type"].startswith(ASSETS[name])


def test_nothing_else_is_served_from_the_package(client: TestClient) -> None:
    for name in ("favicon.png", "..%2Fcore.py", "core.py"):
        assert client.get(f"/docs/assets/{name}").status_code == 404
