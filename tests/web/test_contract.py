"""The API contract of docs/reference/api.md, checked on the app's own OpenAPI document and
on a sandbox store: the as-of echo, pages with bounded paging and working links, problem
details, money, and the IATI files for the whole Fund and for each project.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from eurasec.web.deps import MAX_LIMIT
from eurasec.web.schemas.common import Money

XSD = Path(__file__).parents[1] / "data" / "iati" / "iati-activities-schema.xsd"


@pytest.fixture(scope="module")
def doc(sandbox_client: TestClient) -> dict[str, Any]:
    body: dict[str, Any] = sandbox_client.get("/openapi.json").json()
    return body


def _schema(doc: dict[str, Any], op: dict[str, Any], status: str = "200") -> dict[str, Any]:
    content = op["responses"].get(status, {}).get("content", {})
    ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    out: dict[str, Any] = doc["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
    return out


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if path.startswith("/api/v1/")
    ]


def _params(op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in op.get("parameters", []) if p["in"] == "query"}


def _json(op: dict[str, Any]) -> bool:
    return "application/json" in op["responses"].get("200", {}).get("content", {})


def test_every_dated_answer_echoes_as_of(doc: dict[str, Any]) -> None:
    dated = [(m, path, op) for m, path, op in _operations(doc) if "as_of" in _params(op)]
    missing = [
        f"{m.upper()} {path}"
        for m, path, op in dated
        if _json(op) and "as_of" not in _schema(doc, op).get("required", [])
    ]
    assert missing == []
    # The IATI files carry it as their generated-datetime (test_iati_files_...).
    assert {path for _m, path, op in dated if not _json(op)} == {
        "/api/v1/fund/iati/organisation.xml",
        "/api/v1/fund/iati/activities.xml",
        "/api/v1/projects/{project}/iati.xml",
    }
    assert len(dated) >= 20


def test_every_collection_is_a_page_with_bounded_paging(doc: dict[str, Any]) -> None:
    pages = 0
    for _m, path, op in _operations(doc):
        schema = _schema(doc, op)
        if schema.get("properties", {}).get("data", {}).get("type") != "array":
            continue
        pages += 1
        assert {"data", "count", "limit", "offset", "as_of", "links"} <= set(schema["required"])
        params = _params(op)
        assert params["limit"]["schema"]["maximum"] <= MAX_LIMIT, path
        assert params["limit"]["schema"]["minimum"] == 1, path
        assert "maximum" in params["offset"]["schema"], path
    assert pages >= 17
    bare = [
        path
        for _m, path, op in _operations(doc)
        if op["responses"].get("200", {}).get("content", {}).get("application/json", {})
        .get("schema", {}).get("type") in ("array", "object")
    ]  # fmt: skip
    assert bare == [], "answers without a named schema (a bare list or dict)"


def test_every_error_is_declared_as_problem_details(doc: dict[str, Any]) -> None:
    for m, path, op in _operations(doc):
        for status, response in op["responses"].items():
            if status[0] in "45":
                schema = response["content"]["application/problem+json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Problem"}, (m, path, status)
        has_input = op.get("parameters") or op.get("requestBody")
        assert not has_input or "422" in op["responses"], (m, path)
        assert "414" in op["responses"], (m, path)
    problem = doc["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "detail", "instance", "code"} <= set(problem["required"])


def _walk(client: TestClient, url: str) -> list[Any]:
    rows: list[Any] = []
    pages = []
    while url:
        body = client.get(url).json()
        pages.append(body)
        rows += body["data"]
        url = body["links"]["next"]
    assert all(p["count"] == len(rows) for p in pages)
    assert pages[0]["links"]["prev"] is None
    return rows


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/api/v1/states", "id"),
        ("/api/v1/formats/NATO/members?as_of=2024-06-01", "actor"),
        ("/api/v1/fund/transactions", "index"),
        ("/api/v1/record/entries", "index"),
    ],
)
def test_next_links_walk_the_whole_collection_once(
    sandbox_client: TestClient, path: str, key: str
) -> None:
    sep = "&" if "?" in path else "?"
    whole = sandbox_client.get(f"{path}{sep}limit={MAX_LIMIT}").json()
    paged = _walk(sandbox_client, f"{path}{sep}limit=7")
    assert [r[key] for r in paged] == [r[key] for r in whole["data"]]
    assert len(paged) == whole["count"] > 7


def test_links_pin_the_date_of_the_first_page(sandbox_client: TestClient) -> None:
    body = sandbox_client.get("/api/v1/fund/transactions", params={"limit": 5}).json()
    for name in ("self", "next"):
        query = parse_qs(urlsplit(body["links"][name]).query)
        assert query["as_of"] == [body["as_of"]], name
    back = sandbox_client.get(body["links"]["next"]).json()
    assert back["offset"] == 5 and urlsplit(back["links"]["prev"]).path.endswith("/transactions")


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/formats/SOC", 404, "not_found"),
        ("/api/v1/no-such-route", 404, "not_found"),
        ("/api/v1/fund/statement?as_of=2026-13-01", 422, "validation_failed"),
        ("/api/v1/states?limit=0", 422, "validation_failed"),
        ("/api/v1/states?limit=1001", 422, "validation_failed"),
        ("/api/v1/record/proof/inclusion?index=99999", 422, "proof_request_invalid"),
    ],
)
def test_errors_are_rfc_9457_problem_details(
    sandbox_client: TestClient, path: str, status: int, code: str
) -> None:
    r = sandbox_client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["status"] == status and body["code"] == code
    assert body["instance"] == urlsplit(path).path
    assert body["detail"] and body["title"]
    kind = urlsplit(body["type"])
    assert kind.scheme == "http" and kind.netloc and kind.path.endswith(f"/problems/{code}")
    described = sandbox_client.get(kind.path).json()  # the type URI documents the type
    assert described["code"] == code and described["title"] == body["title"]


def test_validation_problem_lists_every_failure(sandbox_client: TestClient) -> None:
    body = sandbox_client.get("/api/v1/states", params={"limit": 0, "offset": -1}).json()
    assert {e["location"] for e in body["errors"]} == {"query.limit", "query.offset"}


@pytest.mark.parametrize(
    ("minor", "currency", "exponent", "amount"),
    [
        (33000000, "USD", 2, "330000.00"),
        (-5, "USD", 2, "-0.05"),
        (1234, "JPY", 0, "1234"),
        (5, "KWD", 3, "0.005"),
        (150, "IDR", 2, "1.50"),  # ISO 4217 says 2 digits where CLDR shows none
        (0, "EUR", 2, "0.00"),
    ],
)
def test_money_is_exact(minor: int, currency: str, exponent: int, amount: str) -> None:
    m = Money.of(minor, currency)
    assert (m.amount_minor, m.currency, m.exponent, m.amount) == (minor, currency, exponent, amount)
    assert Decimal(m.amount) == Decimal(minor).scaleb(-exponent)


def test_money_in_answers(sandbox_client: TestClient) -> None:
    project = sandbox_client.get("/api/v1/projects/P-disaster-1").json()
    assert project["budget"] == Money.of(25_000_000, "USD").model_dump()
    released = sum(r["amount"]["amount_minor"] for r in project["released"])
    assert released == project["disbursed"]["amount_minor"] == 25_000_000


def test_iati_files_for_the_fund_and_for_each_project(sandbox_client: TestClient) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    whole = etree.fromstring(sandbox_client.get("/api/v1/fund/iati/activities.xml").content)
    assert schema.validate(whole), schema.error_log
    day = sandbox_client.get("/api/v1/projects").json()["as_of"]
    assert whole.get("generated-datetime") == f"{day}T00:00:00Z"  # the as-of date it shows
    ids = [e.text for e in whole.iter("iati-identifier")]
    projects = sandbox_client.get("/api/v1/projects").json()["data"]
    assert len(ids) == len(projects) == 2
    for p in projects:
        r = sandbox_client.get(f"/api/v1/projects/{p['project']}/iati.xml")
        assert r.headers["content-type"].startswith("application/xml")
        one = etree.fromstring(r.content)
        assert schema.validate(one), schema.error_log
        assert [e.text for e in one.iter("iati-identifier")] == [f"XM-EURASEC-FUND-{p['project']}"]
    before = sandbox_client.get("/api/v1/projects/P-digital-1/iati.xml?as_of=2026-06-01")
    assert before.status_code == 404 and before.json()["code"] == "not_found"


def test_iati_activities_before_any_project_says_why(client: TestClient) -> None:
    r = client.get("/api/v1/fund/iati/activities.xml")
    assert r.status_code == 404
    assert "needs one" in r.json()["detail"] and "(any)" not in r.json()["detail"]
