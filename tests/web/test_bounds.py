"""Every integer parameter of the API declares bounds that fit a database integer.

Without them, ``?session=99999999999999999999`` reaches the database and fails there (SQLite
raises OverflowError, PostgreSQL numeric_value_out_of_range): the app's safety net turns that
into a 422, but the route should refuse it up front, with the bound in its OpenAPI document.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

#: Largest value a 64-bit signed database integer holds.
INT64_MAX = 2**63 - 1

#: Known unbounded parameters (route owners: add ``ge=``/``le=`` and remove the entry).
KNOWN_UNBOUNDED: set[str] = set()


def _unbounded(doc: dict) -> list[str]:
    out = []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            for p in op.get("parameters", []):
                schema = p.get("schema", {})
                options = schema.get("anyOf", [schema])
                for s in options:
                    if s.get("type") != "integer":
                        continue
                    top = s.get("maximum", s.get("exclusiveMaximum"))
                    low = s.get("minimum", s.get("exclusiveMinimum"))
                    if top is None or top > INT64_MAX or low is None or low < -INT64_MAX:
                        out.append(f"{method.upper()} {path} {p['name']}")
    return sorted(out)


def test_integer_parameters_are_bounded(client: TestClient) -> None:
    found = set(_unbounded(client.get("/openapi.json").json()))
    assert found - KNOWN_UNBOUNDED == set(), "unbounded integer parameters: " + ", ".join(
        sorted(found - KNOWN_UNBOUNDED)
    )
    assert KNOWN_UNBOUNDED - found == set(), "bounded now; remove from KNOWN_UNBOUNDED"


def test_huge_integers_are_a_clean_422(client: TestClient) -> None:
    r = client.get("/api/v1/record/entries", params={"offset": 2**70, "limit": 2**71})
    assert r.status_code in {404, 422}
    assert r.json()["code"]
