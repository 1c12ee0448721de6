"""The institutions' HTTP API on a sandbox store: reads as of dates, acts, problem JSON."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from lxml import etree
from sqlalchemy import select

from eurasec.institutions.participant import open_record, signed_act
from eurasec.institutions.sandbox import play
from eurasec.institutions.schema import sandbox_keys
from eurasec.record.keys import load_private_key
from eurasec.settings import get_settings
from eurasec.web.app import create_app


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("inst-web") / "web.db"
    app = create_app(get_settings(database_url=f"sqlite:///{db}"))
    with pytest.MonkeyPatch.context() as mp, TestClient(app) as c:
        mp.setenv("EURASEC_RECORD_CLOCK", "2029-01-01T00:00:00Z")  # the day of the acts below
        play(app.state.store, ["RUS", "BLR", "KAZ", "CHN", "SCO"])
        yield c


def _leaf(api: TestClient, actor: str, type_: str, time: str, **payload: object) -> bytes:
    store = api.app.state.store  # type: ignore[attr-defined]
    with store.connect() as conn:
        pem = conn.execute(
            select(sandbox_keys.c.private_key_pem).where(sandbox_keys.c.actor == actor)
        ).scalar()
    key = load_private_key(pem.encode())
    return signed_act(open_record(store), key, actor, type_, time, payload).leaf_bytes()


def test_reads(api: TestClient) -> None:
    status = api.get("/api/v1/charter/status", params={"as_of": "2028-12-31"}).json()
    assert status["in_force"] and len(status["parties"]) == 5
    early = api.get("/api/v1/charter/status", params={"as_of": "2026-01-01"}).json()
    assert not early["in_force"] and early["parties"] == []
    parts = api.get("/api/v1/charter/participations", params={"as_of": "2028-12-31"}).json()
    assert {p["role"] for p in parts["data"]} == {"member"}
    assert api.get("/api/v1/charter/versions/2").json()["version"] == 2
    assert api.get("/api/v1/charter/diff", params={"old": 1, "new": 2}).json()["count"] == 1
    assert api.get("/api/v1/charter/rounds/R1").json()["format"] == "SCO"
    assert api.get("/api/v1/charter/crosswalk").json()["gaps"]["UN"] == ["UN.5", "UN.6"]
    assert api.get("/api/v1/charter/sample").json()["sample"] is True
    assert api.get("/api/v1/forum/sessions/1").json()["declined"]
    assert api.get("/api/v1/forum/next").json()["session"] == 3
    assert api.get("/api/v1/forum/rules").json()["project_cap"] == 5
    assert api.get("/api/v1/forum/proposals", params={"session": 2}).json()["count"] > 0
    assert api.get("/api/v1/forum/working-group").json()["count"] == 5
    fund = api.get("/api/v1/fund/statement", params={"as_of": "2028-12-31"}).json()
    assert fund["reconciled"]
    assert api.get("/api/v1/fund/reconcile").json()["ok"]
    assert api.get("/api/v1/fund/transactions").json()["count"] > 0
    xml = api.get("/api/v1/fund/iati/activities.xml", params={"as_of": "2028-12-31"})
    assert xml.headers["content-type"].startswith("application/xml")
    assert etree.fromstring(xml.content).tag == "iati-activities"
    assert api.get("/api/v1/fund/iati/organisation.xml").status_code == 200
    assert api.get("/api/v1/projects", params={"as_of": "2028-12-31"}).json()["count"] == 2
    one = api.get("/api/v1/projects/P-disaster-1", params={"as_of": "2028-12-31"}).json()
    assert one["status"] == "completed"
    assert api.get("/api/v1/projects/rubric").json()["criteria"]["relevance"]["weight"] == 3
    later = {"as_of": "2028-12-31"}
    assert api.get("/api/v1/consultations", params=later).json()["data"][0]["consultation"] == "C-1"
    assert api.get("/api/v1/consultations/C-1", params=later).json()["replies"]


@pytest.mark.parametrize(
    "path,code",
    [
        ("/api/v1/charter/versions/99", "not_found"),
        ("/api/v1/charter/rounds/nope", "not_found"),
        ("/api/v1/forum/sessions/99", "not_found"),
        ("/api/v1/projects/nope", "not_found"),
        ("/api/v1/consultations/nope", "not_found"),
        ("/api/v1/charter/status?as_of=2026-13-01", "validation_failed"),
    ],
)
def test_bad_reads_are_problem_json(api: TestClient, path: str, code: str) -> None:
    r = api.get(path)
    assert r.status_code in (404, 422) and r.json()["code"] == code


def test_acts(api: TestClient) -> None:
    time = "2029-01-01T00:00:00Z"
    leaf = _leaf(api, "KAZ", "forum.decline", time, session=3)
    wrong = api.post("/api/v1/fund/acts", content=leaf)
    assert wrong.status_code == 422 and wrong.json()["code"] == "invalid_input"
    ok = api.post("/api/v1/forum/acts", content=leaf)
    assert ok.status_code == 201 and ok.json()["type"] == "forum.decline"
    again = api.post(
        "/api/v1/forum/acts", content=_leaf(api, "KAZ", "forum.decline", time, session=3)
    )
    assert again.status_code == 409 and again.json()["code"] == "duplicate_act"
    over = api.post(
        "/api/v1/fund/acts",
        content=_leaf(
            api, "SECRETARIAT", "fund.disburse", time, decision="nope", amount=5, payee="KAZ"
        ),
    )
    assert over.status_code == 409 and over.json()["code"] == "no_covering_decision"
    garbage = api.post("/api/v1/projects/acts", content=b"{not json")
    assert garbage.status_code == 422


def test_page(api: TestClient) -> None:
    page = api.get("/institutions", params={"as_of": "2028-12-31"})
    assert page.status_code == 200
    html = page.text
    assert 'id="sandbox-banner"' in html and "This store was made by the command" in html
    assert "In force since" in html and "P-disaster-1" in html
    assert "ledger reconciles with the record: yes" in html
    before = api.get("/institutions", params={"as_of": "2025-01-01"}).text
    assert "No version adopted yet." in before
