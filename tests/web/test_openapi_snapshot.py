"""The v1 contract holds: nothing in the OpenAPI snapshot was removed or retyped.

``tests/snapshots/openapi.json`` is the document as last accepted. Additions (operations,
optional parameters, answer members, status codes) pass; what docs/reference/api.md says
cannot change within v1 fails here: an operation, parameter, declared status or answer
member removed, a member that may now be missing or of another type, a parameter made
required or narrowed. Refresh with ``--update-snapshots`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

SNAPSHOT = Path(__file__).parents[1] / "snapshots" / "openapi.json"
Doc = dict[str, Any]


def _resolve(doc: Doc, schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _kinds(doc: Doc, schema: dict[str, Any]) -> set[str]:
    schema = _resolve(doc, schema)
    branches = schema.get("anyOf", schema.get("oneOf"))
    if branches:
        return set().union(*(_kinds(doc, b) for b in branches))
    kind = schema.get("type")
    if kind is None:
        return {"any"}
    return {kind} if isinstance(kind, str) else set(kind)


def _branch(doc: Doc, schema: dict[str, Any], kind: str) -> dict[str, Any] | None:
    schema = _resolve(doc, schema)
    for b in schema.get("anyOf", schema.get("oneOf", [schema])):
        if kind in _kinds(doc, b):
            return _resolve(doc, b)
    return None


def _answer_changes(
    old_doc: Doc, old: dict[str, Any], new_doc: Doc, new: dict[str, Any], where: str, seen: set[str]
) -> list[str]:
    """How an answer described by ``new`` could break a client written for ``old``."""
    if where in seen or len(seen) > 5000:
        return []
    seen.add(where)
    old_kinds, new_kinds = _kinds(old_doc, old), _kinds(new_doc, new)
    if "any" not in old_kinds and not new_kinds <= old_kinds:
        return [f"{where}: may now be {sorted(new_kinds - old_kinds)}"]
    out: list[str] = []
    if "object" in old_kinds & new_kinds:
        o, n = _branch(old_doc, old, "object"), _branch(new_doc, new, "object")
        assert o is not None and n is not None
        for name, prop in o.get("properties", {}).items():
            if name not in n.get("properties", {}):
                out.append(f"{where}.{name}: removed")
                continue
            if name in o.get("required", []) and name not in n.get("required", []):
                out.append(f"{where}.{name}: may now be missing")
            out += _answer_changes(
                old_doc, prop, new_doc, n["properties"][name], f"{where}.{name}", seen
            )
        if isinstance(o.get("additionalProperties"), dict):
            extra = n.get("additionalProperties")
            if not isinstance(extra, dict):
                out.append(f"{where}: no longer a map")
            else:
                out += _answer_changes(
                    old_doc, o["additionalProperties"], new_doc, extra, f"{where}{{}}", seen
                )
    if "array" in old_kinds & new_kinds:
        o, n = _branch(old_doc, old, "array"), _branch(new_doc, new, "array")
        assert o is not None and n is not None
        if "items" in o:
            out += _answer_changes(
                old_doc, o["items"], new_doc, n.get("items", {}), f"{where}[]", seen
            )
    return out


def _parameter_changes(old: dict[str, Any], new: dict[str, Any], where: str) -> list[str]:
    key = "{in}:{name}"
    olds = {key.format(**p): p for p in old.get("parameters", [])}
    news = {key.format(**p): p for p in new.get("parameters", [])}
    out = [f"{where} {k}: removed" for k in olds.keys() - news.keys()]
    out += [
        f"{where} {k}: new and required"
        for k in news.keys() - olds.keys()
        if news[k].get("required")
    ]
    for k in olds.keys() & news.keys():
        o, n = olds[k], news[k]
        if n.get("required") and not o.get("required"):
            out.append(f"{where} {k}: now required")
        os_, ns = o.get("schema", {}), n.get("schema", {})
        for bound, narrower in (("maximum", min), ("minimum", max)):
            if bound in ns and (bound not in os_ or narrower(os_[bound], ns[bound]) != os_[bound]):
                out.append(f"{where} {k}: {bound} narrowed")
    return out


def breaking_changes(old: Doc, new: Doc) -> list[str]:
    """Every way ``new`` breaks a client written against ``old`` (per the v1 policy)."""
    out: list[str] = []
    for path, item in old["paths"].items():
        for method, op in item.items():
            where = f"{method.upper()} {path}"
            now = new["paths"].get(path, {}).get(method)
            if now is None:
                out.append(f"{where}: removed")
                continue
            out += _parameter_changes(op, now, where)
            for status, response in op["responses"].items():
                if status not in now["responses"]:
                    out.append(f"{where} {status}: no longer declared")
                    continue
                for media, body in response.get("content", {}).items():
                    later = now["responses"][status].get("content", {}).get(media)
                    if later is None:
                        out.append(f"{where} {status} {media}: removed")
                    elif "schema" in body:
                        out += _answer_changes(
                            old, body["schema"], new, later.get("schema", {}),
                            f"{where} {status}", set(),
                        )  # fmt: skip
    return out


@pytest.fixture
def document(client: TestClient, request: pytest.FixtureRequest) -> Doc:
    doc: Doc = client.get("/openapi.json").json()
    if request.config.getoption("--update-snapshots"):
        SNAPSHOT.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return doc


def test_the_v1_contract_holds(document: Doc) -> None:
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert breaking_changes(snapshot, document) == []


def test_the_check_sees_breaking_changes(document: Doc) -> None:
    changed = json.loads(json.dumps(document))
    schemas = changed["components"]["schemas"]
    del schemas["Money"]["properties"]["exponent"]
    schemas["Money"]["required"].remove("exponent")
    schemas["TransactionPublic"]["properties"]["index"] = {"type": "string"}
    changed["paths"]["/api/v1/states"]["get"]["parameters"][0]["required"] = True
    del changed["paths"]["/api/v1/health"]
    found = breaking_changes(document, changed)
    assert "GET /api/v1/health: removed" in found
    assert any(f.endswith(".amount.exponent: removed") for f in found)
    assert any(".index: may now be ['string']" in f for f in found)
    assert any("now required" in f for f in found)


def test_additions_pass(document: Doc) -> None:
    added = json.loads(json.dumps(document))
    added["components"]["schemas"]["Money"]["properties"]["note"] = {"type": "string"}
    added["paths"]["/api/v1/new-thing"] = added["paths"]["/api/v1/health"]
    states = added["paths"]["/api/v1/states"]["get"]
    states["parameters"].append({"in": "query", "name": "region", "schema": {"type": "string"}})
    states["responses"]["418"] = states["responses"]["422"]
    assert breaking_changes(document, added) == []
