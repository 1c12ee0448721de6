"""The pages and the JSON API give the same numbers for the same as-of date.

On a sandbox store (acts dated 2026–2028, ahead of the calendar) the Fund, Project Office and
Forum pages are read as HTML and compared, row by row, with the API's answers: for the default
date (the record's current day, one rule for both) and for dates in the middle of the story.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lxml import html

#: None: the default date of both (the record's current day); then dates inside the story.
DATES = [None, "2026-06-30", "2026-12-10", "2027-11-30"]


@pytest.fixture
def client(sandbox_client: TestClient) -> TestClient:
    return sandbox_client


def _params(as_of: str | None) -> dict[str, str]:
    return {"lang": "en"} | ({"as_of": as_of} if as_of else {})


def _page(client: TestClient, path: str, as_of: str | None) -> Any:
    r = client.get(path, params=_params(as_of), headers={"accept": "text/html"})
    assert r.status_code == 200, r.text
    return html.fromstring(r.text)


def _api(client: TestClient, path: str, as_of: str | None, **params: Any) -> Any:
    r = client.get(path, params={**params, **({"as_of": as_of} if as_of else {})})
    assert r.status_code == 200, r.text
    return r.json()


def _amount(text: str) -> Decimal:
    """``$330,000.00`` (English format) as ``Decimal('330000.00')``."""
    return Decimal(re.sub(r"[^0-9.\-]", "", text))


def _major(money: dict[str, Any]) -> Decimal:
    exact = Decimal(money["amount_minor"]).scaleb(-money["exponent"])
    assert Decimal(money["amount"]) == exact
    return exact


def _table(doc: Any, table_id: str) -> Any:
    return doc.xpath(f"//table[@id='{table_id}']")[0]


@pytest.mark.parametrize("as_of", DATES)
def test_fund_page_and_api_agree(client: TestClient, as_of: str | None) -> None:
    doc = _page(client, "/fund", as_of)
    api = _api(client, "/api/v1/fund/transactions", as_of, limit=1000)
    statement = _api(client, "/api/v1/fund/statement", as_of)
    assert api["as_of"] == statement["as_of"]
    if as_of is None:  # the page states the day it shows: the API's default day
        assert api["as_of"] in doc.xpath("string(//p[@class='lead'])")
    if not api["data"]:
        assert doc.xpath("//div[contains(@class, 'empty')]")  # says what to do next
        assert statement["parties"] == []
        return
    rows = _table(doc, "fund-transactions").xpath(".//tbody/tr")
    page_rows = [
        (int(r.xpath("string(td[1])").strip().lstrip("#")), r.xpath("string(td[2])"),
         _amount(r.xpath("string(td[6])")))
        for r in rows
    ]  # fmt: skip
    api_rows = [(t["index"], t["date"], _major(t["amount"])) for t in api["data"]]
    assert page_rows == api_rows and api["count"] == len(rows)
    by_party = {
        r.xpath("string(th/a/@href)").rsplit("/", 1)[-1]: [
            _amount(r.xpath(f"string(td[{i}])")) for i in (1, 2, 3)
        ]
        for r in _table(doc, "fund-parties-usd").xpath(".//tbody/tr")
    }
    assert by_party == {
        p["party"]: [_major(p[k]) for k in ("pledged", "contributed", "outstanding")]
        for p in statement["parties"]
    }


@pytest.mark.parametrize("as_of", DATES)
def test_projects_page_and_api_agree(client: TestClient, as_of: str | None) -> None:
    doc = _page(client, "/projects", as_of)
    api = _api(client, "/api/v1/projects", as_of)
    rows = doc.xpath("//tbody/tr[@id]")
    page = {
        r.get("id"): (_amount(r.xpath("string(td[4])")), _amount(r.xpath("string(td[5])")),
                      r.xpath("string(td[6])").strip())
        for r in rows
    }  # fmt: skip
    expected = {}
    for p in api["data"]:
        one = _api(client, f"/api/v1/projects/{p['project']}", as_of)
        assert one["as_of"] == api["as_of"] and one["status"] == p["status"]
        expected[p["project"]] = (_major(p["budget"]), _major(one["disbursed"]), p["status"])
    assert page == expected


@pytest.mark.parametrize("as_of", DATES)
def test_forum_page_and_api_agree(client: TestClient, as_of: str | None) -> None:
    doc = _page(client, "/forum", as_of)
    api = _api(client, "/api/v1/forum/sessions", as_of)
    page = sorted(
        (int(h.text.split()[1]), h.text.split("·")[1].strip(), h.xpath("string(a/@href)")[8:])
        for h in doc.xpath("//section/h3")
    )
    assert page == [(s["session"], s["date"], s["host"]) for s in api["data"]]
    members = _api(client, "/api/v1/forum/working-group", as_of)["data"]
    table = _table(doc, "working-group").xpath(".//tbody/tr[td/@data-value]")
    page = [(r.xpath("string(td/a/@href)")[8:], r.xpath("string(td[2]/@data-value)"))
            for r in table]  # fmt: skip
    assert page == [(m["party"], m["member"]) for m in members]


def test_the_default_date_is_the_records_current_day(client: TestClient) -> None:
    # The sandbox runs ahead of the calendar: everything the record holds is shown by default.
    last = client.get("/api/v1/record").json()["size"]
    assert last > 100
    tx = client.get("/api/v1/fund/transactions", params={"limit": 1}).json()
    sessions = client.get("/api/v1/forum/sessions").json()
    last_act = date(2028, 5, 29)  # the sandbox's last act
    assert tx["as_of"] == sessions["as_of"] == max(date.today(), last_act).isoformat()
    assert tx["count"] == 19 and sessions["count"] == 2
    assert client.get("/api/v1/projects").json()["count"] == 2
    assert client.get("/api/v1/fund/iati/activities.xml").status_code == 200
    assert f"Institutions as of {tx['as_of']}" in client.get("/institutions").text
    # the registry describes the world: its default is the calendar's today
    members = client.get("/api/v1/formats/SCO/members").json()
    assert members["as_of"] == date.today().isoformat()
