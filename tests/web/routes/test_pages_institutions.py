"""Institution pages read the projections; only a sandbox store in sandbox mode takes acts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eurasec.institutions import sandbox
from eurasec.institutions.participant import open_record
from eurasec.settings import get_settings
from eurasec.storage import open_store
from eurasec.web.app import create_app


@pytest.fixture(scope="module")
def sandbox_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db: Path = tmp_path_factory.mktemp("inst") / "sandbox.db"
    store = open_store(f"sqlite:///{db}")
    sandbox.play(store, ["KAZ", "CHN", "RUS", "IND", "KGZ"])
    store.dispose()
    return f"sqlite:///{db}"


@pytest.fixture(scope="module")
def public(sandbox_db: str) -> Iterator[TestClient]:
    """The sandbox store served without sandbox mode: reading only."""
    with TestClient(create_app(get_settings(database_url=sandbox_db))) as c:
        yield c


@pytest.mark.parametrize(
    ("url", "texts"),
    [
        ("/charter", ["Signatories and parties", "Ed25519", "Article 1", "<ins>"]),
        ("/forum", ["Session 2", "S1-adopt-charter", "W:KAZ"]),
        ("/fund", ["Contributions by party", "$330,000.00", "data-chart", "running totals"]),
        ("/projects", ["P-disaster-1", "completed", "Digital security"]),
        ("/projects/P-disaster-1", ["Tranches and milestones", "30 / 40 = 75/100", "iati.xml"]),
        ("/", ["parties to the Charter", "active project"]),
    ],
)
def test_institution_pages_show_the_projections(
    public: TestClient, url: str, texts: list[str]
) -> None:
    r = public.get(url)
    assert r.status_code == 200
    for text in texts:
        assert text in r.text, text
    assert "sandbox-key" not in r.text  # not in sandbox mode: no sandbox claims, no act form
    assert 'id="sandbox-banner"' in r.text  # but every page of a sandbox store says what it is
    assert "Sandbox mode is on" not in r.text


def test_no_act_through_the_web_outside_sandbox_mode(public: TestClient, sandbox_db: str) -> None:
    store = open_store(sandbox_db)
    before = open_record(store).size()
    r = public.post("/charter/sandbox/accede", data={"actor": "MNG"}, follow_redirects=False)
    assert r.status_code == 403
    assert r.json()["code"] == "not_authorised"
    assert open_record(store).size() == before
    store.dispose()


def test_no_act_on_a_real_store_even_in_sandbox_mode(client: TestClient) -> None:
    r = client.post("/charter/sandbox/accede", data={"actor": "MNG"}, follow_redirects=False)
    assert r.status_code == 403


def test_empty_store_pages(client: TestClient) -> None:
    for url in ("/charter", "/fund", "/projects", "/", "/record"):
        r = client.get(url)
        assert r.status_code == 200
        assert "eurasec sandbox --db sqlite:///sandbox.db" in r.text, url  # what to do next
        assert 'id="sandbox-banner"' not in r.text  # a real (empty) store has no banner
    assert client.get("/forum").status_code == 200
