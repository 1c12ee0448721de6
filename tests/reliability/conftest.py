"""Fixtures for crash, concurrency and load tests: a sandbox world on each backend.

The world is the institutions sandbox played to the end (five parties, a Charter in force, a
Fund with members) plus 45 states that accede afterwards (50 parties), so that the acts
these tests submit are real, accepted fund acts. On SQLite it is built once per session and
copied per test; on PostgreSQL (when ``EURASEC_TEST_POSTGRES_URL`` is set) each test builds
it in a schema of its own.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from backends import BACKENDS, POSTGRES_URL, create_schema, drop_schema, schema_url
from eurasec.institutions.participant import open_record
from eurasec.institutions.sandbox import ORIGIN as SANDBOX_ORIGIN
from eurasec.institutions.sandbox import play
from eurasec.institutions.schema import sandbox_keys
from eurasec.record import Statement, sign
from eurasec.record.clock import ManualClock
from eurasec.record.keys import private_key_pem, public_key_b64
from eurasec.storage import Store, open_store

PARTIES = ["KAZ", "RUS", "CHN", "IND", "UZB"]
#: States that accede to the Charter after the sandbox, so that 50 clients can each act for
#: a party of their own (50 parties in all).
LATECOMERS = [
    *("ARM", "AZE", "BLR", "KGZ", "TJK", "TKM", "MNG", "PAK", "IRN", "TUR", "GEO", "MDA"),
    *("UKR", "AFG", "BGD", "LKA", "NPL", "BTN", "MMR", "THA", "LAO", "KHM", "VNM", "MYS"),
    *("IDN", "PHL", "SGP", "BRN", "KOR", "PRK", "JPN", "SAU", "ARE", "QAT", "OMN", "KWT"),
    *("BHR", "IRQ", "SYR", "JOR", "ISR", "LBN", "YEM", "EGY", "SRB"),
]


def build_world(store: Store) -> None:
    """Play the sandbox, then let :data:`LATECOMERS` accede (keys kept in ``sandbox_keys``)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    play(store, PARTIES)
    day = "2029-01-10T09:00:00Z"
    record = open_record(store, ManualClock(day))  # the log's clock on the day they accede
    with store.connect() as conn:
        pem = (
            conn.execute(sandbox_keys.select().where(sandbox_keys.c.actor == "SECRETARIAT"))
            .one()
            .private_key_pem
        )
    secretariat = load_pem_private_key(pem.encode(), None)
    assert isinstance(secretariat, Ed25519PrivateKey)
    signed = []
    for i, actor in enumerate(LATECOMERS):
        seed = hashlib.sha256(f"eurasec-test-party:{actor}".encode()).digest()
        key = Ed25519PrivateKey.from_private_bytes(seed)
        reg = Statement(
            "key.register",
            "SECRETARIAT",
            record.next_seq("SECRETARIAT") + i,
            day,
            {"actor": actor, "public_key": public_key_b64(key.public_key())},
            SANDBOX_ORIGIN,
        )
        signed.append((sign(reg, secretariat), actor, key))
    results = record.submit_many([s for s, _a, _k in signed])
    assert all(not isinstance(r, Exception) for r in results), results
    accessions = [
        sign(Statement("charter.accede", actor, 0, day, {"kind": "state"}, SANDBOX_ORIGIN), key)
        for _s, actor, key in signed
    ]
    results = record.submit_many(accessions)
    assert all(not isinstance(r, Exception) for r in results), results
    with store.begin() as conn:
        for _s, actor, key in signed:
            conn.execute(
                sandbox_keys.insert().values(
                    actor=actor, private_key_pem=private_key_pem(key).decode(), note="test party"
                )
            )


@pytest.fixture(scope="session")
def sqlite_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file holding the played sandbox (built once per session)."""
    path = tmp_path_factory.mktemp("world") / "world.db"
    store = open_store(f"sqlite:///{path}")
    try:
        build_world(store)
    finally:
        store.dispose()
    return path


@pytest.fixture(params=BACKENDS)
def world_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh copy of the sandbox world, on SQLite and PostgreSQL."""
    if request.param == "sqlite":
        src: Path = request.getfixturevalue("sqlite_world")
        dst = tmp_path / "world.db"
        shutil.copyfile(src, dst)
        yield f"sqlite:///{dst}"
        return
    schema = create_schema("w")
    url = schema_url(schema)
    try:
        store = open_store(url)
        try:
            build_world(store)
        finally:
            store.dispose()
        yield url
    finally:
        drop_schema(schema)


@pytest.fixture
def pg_world_url() -> Iterator[str]:
    """The sandbox world in a PostgreSQL schema of its own (several processes over one
    PostgreSQL need one; skipped where no server is configured, which CI always has)."""
    if POSTGRES_URL is None:
        pytest.skip("several processes over one PostgreSQL: set EURASEC_TEST_POSTGRES_URL")
    schema = create_schema("mp")
    try:
        store = open_store(schema_url(schema))
        try:
            build_world(store)
        finally:
            store.dispose()
        yield schema_url(schema)
    finally:
        drop_schema(schema)
