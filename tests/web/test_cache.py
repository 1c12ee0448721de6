"""The response cache replays exactly what the application answers, and only what may be kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eurasec.settings import get_settings
from eurasec.web.app import create_app
from eurasec.web.cache import ResponseCache

URLS = [
    "/api/v1/formats/SCO/members?as_of=2010-01-01",
    "/api/v1/formats/NATO/members?as_of=2024-01-01&limit=5&offset=3",
    "/api/v1/treaties/INF?as_of=1995-06-01",
    "/api/v1/actors/KAZ",
    "/api/v1/channels?a=KAZ&b=CHN",
    "/api/v1/states?eurasian=true",
]


def _cache_of(client: TestClient) -> ResponseCache:
    stack = client.app.middleware_stack  # type: ignore[attr-defined]
    while not isinstance(stack, ResponseCache):
        stack = stack.app
    return stack


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, TestClient]]:
    db: Path = tmp_path_factory.mktemp("cache") / "c.db"
    cached = create_app(get_settings(database_url=f"sqlite:///{db}", response_cache=3))
    plain = create_app(get_settings(database_url=f"sqlite:///{db}", response_cache=0))
    with TestClient(cached) as a, TestClient(plain) as b:
        yield a, b


@pytest.mark.parametrize("url", URLS)
def test_cached_answer_equals_the_application_answer(
    pair: tuple[TestClient, TestClient], url: str
) -> None:
    cached, plain = pair
    first, again, fresh = cached.get(url), cached.get(url), plain.get(url)
    assert first.status_code == again.status_code == fresh.status_code == 200
    assert first.content == again.content == fresh.content
    assert again.headers["content-type"] == fresh.headers["content-type"]
    assert again.headers["etag"] == first.headers["etag"]


def test_etag_gives_304(pair: tuple[TestClient, TestClient]) -> None:
    cached, _ = pair
    r = cached.get(URLS[0])
    again = cached.get(URLS[0], headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_errors_writes_and_other_paths_are_not_kept(pair: tuple[TestClient, TestClient]) -> None:
    cached, _ = pair
    cache = _cache_of(cached)
    before = cache.hits
    for _ in range(2):
        assert cached.get("/api/v1/formats/NOPE/members").status_code == 404
        assert cached.get("/api/v1/health").status_code == 200
    assert cache.hits == before
    assert all(key[0] != "/api/v1/formats/NOPE/members" for key in cache._entries)


def test_cache_is_bounded_lru(pair: tuple[TestClient, TestClient]) -> None:
    cached, _ = pair
    cache = _cache_of(cached)
    for url in URLS:
        cached.get(url)
    assert len(cache._entries) == 3
    kept = {key[0] for key in cache._entries}
    assert "/api/v1/states" in kept and "/api/v1/formats/SCO/members" not in kept
