"""What a server process runs besides its routes: readiness, shared-state caches, 503s.

Two apps on one database stand for two processes: an act appended through one reaches the
other's cached answers (the Charter in the registry, the response cache) within
``log_size_ttl``, because both key their caches on the log's size read from the database.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from eurasec.institutions.sandbox import ORIGIN, play
from eurasec.institutions.schema import sandbox_keys
from eurasec.record import Record, Statement, generate_private_key, public_key_b64, sign
from eurasec.settings import get_settings
from eurasec.storage import lock, open_store
from eurasec.web.app import create_app

sys.path.insert(0, str(Path(__file__).parents[1] / "record"))
from record_factories import founded

from backends import POSTGRES_URL, create_schema, drop_schema, schema_url

TTL = 0.3


def _secretariat(url: str) -> Ed25519PrivateKey:
    store = open_store(url)
    try:
        with store.connect() as conn:
            pem = conn.execute(
                select(sandbox_keys.c.private_key_pem).where(sandbox_keys.c.actor == "SECRETARIAT")
            ).scalar_one()
    finally:
        store.dispose()
    key = load_pem_private_key(pem.encode(), None)
    assert isinstance(key, Ed25519PrivateKey)
    return key


def test_an_accession_through_one_process_reaches_the_others_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'two.db'}"
    store = open_store(url)
    report = play(store, ["KAZ", "RUS", "CHN", "IND", "UZB"])
    store.dispose()
    day = report.events[-1].date
    clock = f"{day}T12:00:00Z"
    monkeypatch.setenv("EURASEC_RECORD_CLOCK", clock)  # the log's clock on the sandbox's day
    settings = get_settings(database_url=url, log_size_ttl=TTL)
    members = f"/api/v1/formats/CHARTER/members?as_of={day}"
    with TestClient(create_app(settings)) as a, TestClient(create_app(settings)) as b:
        before = b.get(members)
        assert before.status_code == 200
        assert "MNG" not in before.text
        new = generate_private_key()
        seq = int(a.get("/api/v1/record/actors/SECRETARIAT/next-seq").json()["next_seq"])
        reg = Statement("key.register", "SECRETARIAT", seq, clock,
                        {"actor": "MNG", "public_key": public_key_b64(new)}, ORIGIN)  # fmt: skip
        r = a.post("/api/v1/record/statements", content=sign(reg, _secretariat(url)).leaf_bytes())
        assert r.status_code == 201, r.text
        accede = Statement("charter.accede", "MNG", 0, clock, {"kind": "state"}, ORIGIN)
        r = a.post("/api/v1/charter/acts", content=sign(accede, new).leaf_bytes())
        assert r.status_code == 201, r.text
        assert "MNG" in a.get(members).text  # its own append shows at once
        time.sleep(TTL + 0.1)
        assert "MNG" in b.get(members).text  # the other process's, within the bound


def test_ready_says_when_the_schema_moved_on(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ready.db'}"
    with TestClient(create_app(get_settings(database_url=url))) as client:
        r = client.get("/api/v1/ready")
        assert r.status_code == 200
        assert r.json()["backend"] == "sqlite" and r.json()["tree_size"] == 0
        store = open_store(url, migrate=False)
        with store.begin() as conn:  # a newer eurasec upgraded the database meanwhile
            conn.execute(text("UPDATE alembic_version SET version_num = 'record_9999' "
                              "WHERE version_num LIKE 'record%'"))  # fmt: skip
        store.dispose()
        r = client.get("/api/v1/ready")
        assert r.status_code == 503
        assert r.json()["code"] == "not_ready" and "record_9999" in r.json()["detail"]
        assert client.get("/api/v1/health").status_code == 200  # alive all the same


def test_an_append_lock_held_too_long_is_a_503_with_retry_after(tmp_path: Path) -> None:
    """Another process holds the append lock past ``db_lock_timeout`` (PostgreSQL)."""
    if POSTGRES_URL is None:
        pytest.skip("the lock timeout is PostgreSQL's: set EURASEC_TEST_POSTGRES_URL")
    schema = create_schema("busy")
    try:
        url = schema_url(schema)
        store = open_store(url)
        record = Record(store, accept_unknown_types=True)
        p = founded(record, ["RUS"])
        act = p.act("RUS", "key.revoke", {"key_id": "0" * 32})  # any statement: refused anyway
        settings = get_settings(database_url=url, db_lock_timeout=0.3)
        with TestClient(create_app(settings)) as client, store.begin() as conn:
            lock.xact_lock(conn, lock.APPEND)  # held by "another process"
            r = client.post("/api/v1/record/statements", content=act.leaf_bytes())
        store.dispose()
    finally:
        drop_schema(schema)
    assert r.status_code == 503, r.text
    assert r.json()["code"] == "database_unavailable" and r.headers["retry-after"] == "1"
    assert "lock timeout" in r.json()["detail"]
