"""The record's HTTP API: submit, entries, checkpoint, proofs, and stable error codes."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from eurasec.record import Record, Statement, generate_private_key, public_key_b64, sign
from eurasec.record.checkpoint import NoteVerifier, open_checkpoint
from eurasec.record.keys import private_key_pem
from eurasec.record.merkle import verify_consistency, verify_inclusion
from eurasec.settings import get_settings
from eurasec.web.app import create_app

T0 = "2026-11-28T09:00:00Z"
ORIGIN = "eurasec.test/web"
API = "/api/v1/record"


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    tmp: Path = tmp_path_factory.mktemp("record-web")
    log_key = generate_private_key()
    (tmp / "log.pem").write_bytes(private_key_pem(log_key))
    settings = get_settings(
        database_url=f"sqlite:///{tmp / 'node.db'}", record_key_file=str(tmp / "log.pem")
    )
    keys = {"SECRETARIAT": generate_private_key(), "RUS": generate_private_key()}
    with TestClient(create_app(settings)) as client:
        record = Record(client.app.state.store)  # type: ignore[attr-defined]
        record.genesis(ORIGIN, {"SECRETARIAT": keys["SECRETARIAT"].public_key()})
        reg = {"actor": "RUS", "public_key": public_key_b64(keys["RUS"])}
        record.submit(
            sign(Statement("key.register", "SECRETARIAT", 0, T0, reg, ORIGIN), keys["SECRETARIAT"])
        )
        yield client, {"keys": keys, "log_key": log_key}


def _post(client: TestClient, body: bytes) -> Any:
    return client.post(
        f"{API}/statements", content=body, headers={"content-type": "application/json"}
    )


def test_submit_read_and_prove(node: tuple[TestClient, dict[str, Any]]) -> None:
    client, ctx = node
    rus = ctx["keys"]["RUS"]
    # the only type this node knows without handlers is the record's own: rotate RUS's key
    new = generate_private_key()
    st = Statement("key.rotate", "RUS", 0, T0, {"public_key": public_key_b64(new)}, ORIGIN)
    r = _post(client, sign(st, rus).leaf_bytes())
    assert r.status_code == 201, r.text
    assert r.json()["index"] == 2
    ctx["keys"]["RUS"] = new
    page = client.get(f"{API}/entries", params={"offset": 0, "limit": 3}).json()
    entries = page["data"]
    assert [e["index"] for e in entries] == [0, 1, 2] and page["count"] == 3
    assert page["links"]["next"] is None and page["as_of"] is None
    two = client.get(f"{API}/entries", params={"offset": 1, "limit": 1}).json()
    nxt = urlsplit(two["links"]["next"])
    assert nxt.path == f"{API}/entries" and parse_qs(nxt.query) == {"offset": ["2"], "limit": ["1"]}
    assert [e["index"] for e in two["data"]] == [1]
    assert base64.b64decode(entries[2]["leaf"]) == sign(st, rus).leaf_bytes()
    note = client.get(f"{API}/checkpoint").text
    vkey = client.get(f"{API}/log-key").text
    cp = open_checkpoint(note, NoteVerifier.from_vkey(vkey))
    assert cp.size == 3
    p = client.get(f"{API}/proof/inclusion", params={"index": 1}).json()
    hashes = [base64.b64decode(h) for h in p["hashes"]]
    assert verify_inclusion(1, 3, base64.b64decode(p["leaf_hash"]), hashes, cp.root)
    c = client.get(f"{API}/proof/consistency", params={"first": 1, "second": 3}).json()
    assert verify_consistency(
        1, 3, Record(client.app.state.store).root(1), cp.root,  # type: ignore[attr-defined]
        [base64.b64decode(h) for h in c["hashes"]],
    )  # fmt: skip
    assert client.get(f"{API}/actors/RUS/next-seq").json() == {"actor": "RUS", "next_seq": 1}


@pytest.mark.parametrize(
    ("path", "params", "code"),
    [
        ("/entries", {"offset": 99}, "proof_request_invalid"),
        ("/entries", {"offset": 0, "limit": 5000}, "validation_failed"),
        ("/entries", {"offset": -1}, "validation_failed"),
        ("/proof/inclusion", {"index": 50}, "proof_request_invalid"),
        ("/proof/inclusion", {"index": 0, "tree_size": 99}, "proof_request_invalid"),
        ("/proof/inclusion", {"index": "x"}, "validation_failed"),
        ("/proof/consistency", {"first": 3, "second": 1}, "proof_request_invalid"),
        ("/proof/consistency", {"first": 10**20}, "validation_failed"),
    ],
)
def test_malformed_requests_get_stable_codes(
    node: tuple[TestClient, dict[str, Any]], path: str, params: dict[str, Any], code: str
) -> None:
    client, _ctx = node
    r = client.get(API + path, params=params)
    assert r.status_code == 422
    assert r.json()["code"] == code


def test_bad_statements_are_refused_and_nothing_is_appended(
    node: tuple[TestClient, dict[str, Any]],
) -> None:
    client, ctx = node
    size = client.get(API).json()["size"]
    good = sign(
        Statement("key.rotate", "RUS", 5, T0, {"public_key": "x"}, ORIGIN), ctx["keys"]["RUS"]
    )
    rus, stranger = ctx["keys"]["RUS"], generate_private_key()

    def leaf(type_: str, seq: int, payload: dict[str, Any], key: Any = rus) -> bytes:
        return sign(Statement(type_, "RUS", seq, T0, payload, ORIGIN), key).leaf_bytes()

    revoke = {"key_id": "0" * 32}
    cases = {
        b"not json": "record_malformed",
        b'{"a": 1}': "record_malformed",
        good.leaf_bytes().replace(b'"key_id"', b' "key_id"'): "record_noncanonical",
        b"x" * 70000: "record_oversize",
        b"[" * 60000: "record_malformed",
        b'{"key_id":"","signature":"","statement":{"actor":"RUS","payload":{"x":NaN},'
        b'"seq":1,"time":"2026-11-28T09:00:00Z","type":"a.b"}}': "record_malformed",
        leaf("test.note", 1, {}): "record_unknown_type",
        leaf("key.revoke", 1, revoke, stranger): "record_unknown_key",
        leaf("key.revoke", 7, revoke): "record_bad_sequence",
    }
    for body, code in cases.items():
        r = _post(client, body)
        assert r.status_code == 422, (code, r.text)
        assert r.json()["code"] == code
    assert client.get(API).json()["size"] == size
