"""The deployment docs/operations.md describes, brought up as processes and used.

``deploy/up.sh`` prepares keys, schemas and the genesis entry (``deploy/init.sh``) and starts
every process of ``deploy/Procfile`` with honcho: three API servers, a checkpoint publisher, a
witness with its cosigner, and a mirror, over PostgreSQL (SQLite where no PostgreSQL is
configured). The test appends entries through all three servers and waits until the log key
has signed a checkpoint of the whole log, the witness has co-signed it and the mirror holds a
verified copy; then it stops everything with one SIGTERM. ``compose.yaml`` runs the same
processes in containers (Docker does not run here): the test checks it names the same
commands as the Procfile.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
import yaml
from _http import ROOT, free_port

from backends import POSTGRES_URL, create_schema, drop_schema, schema_url
from eurasec.record import Statement, sign
from eurasec.record.checkpoint import NoteVerifier, SignedNote
from eurasec.record.keys import generate_private_key, load_private_key, public_key_b64
from eurasec.record.verify import verify_store
from eurasec.storage import open_store

DEPLOY = ROOT / "deploy"
#: Entries appended through the servers (round robin over the three).
ENTRIES = 9


@pytest.fixture
def database(tmp_path: Path) -> Iterator[str]:
    if POSTGRES_URL is None:
        yield f"sqlite:///{tmp_path / 'shared.db'}"
        return
    schema = create_schema("dep")
    try:
        yield schema_url(schema)
    finally:
        drop_schema(schema)


def _procfile() -> dict[str, str]:
    lines = (DEPLOY / "Procfile").read_text(encoding="utf-8").splitlines()
    pairs = [line.split(": ", 1) for line in lines if line and not line.startswith("#")]
    return dict(pairs)


def _subcommand(command: str) -> tuple[list[str], set[str]]:
    """The words of the ``eurasec`` subcommand, and the options it is given."""
    words = command.split()
    start = words.index("eurasec")
    names = []
    for word in words[start:]:
        if not word.isalpha():
            break
        names.append(word)
    return names, {w for w in words[start:] if w.startswith("--")} - {"--host", "--port"}


def test_compose_runs_the_processes_of_the_procfile() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    for name, command in _procfile().items():
        assert name in services, name
        theirs = services[name]["command"]
        text = theirs if isinstance(theirs, str) else " ".join(theirs)
        assert _subcommand(text) == _subcommand(command), name
    assert services["init"]["command"][-1] == "deploy/init.sh"


def _wait(what: str, check: object, timeout: float, log: Path) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()  # type: ignore[operator]
        except (httpx.HTTPError, OSError, ValueError, KeyError):
            value = None
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"{what}: not within {timeout} s\n{log.read_text()[-4000:]}")


def test_the_documented_deployment_comes_up_and_holds_together(
    database: str, tmp_path: Path
) -> None:
    state, log = tmp_path / "state", tmp_path / "up.log"
    ports = {name: free_port() for name in ("API1_PORT", "API2_PORT", "API3_PORT")}
    ports["WITNESS_PORT"] = free_port()
    env = {
        **os.environ,
        **{k: str(v) for k, v in ports.items()},
        "PATH": f"{Path(os.sys.executable).parent}:{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT / "src"),
        "EURASEC_DATABASE_URL": database,
        "EURASEC_STATE": str(state),
        "EURASEC_MIGRATE_ON_START": "false",
        "CHECKPOINT_EVERY": "0.5",
        "COSIGN_EVERY": "0.5",
        "MIRROR_EVERY": "0.5",
    }
    with log.open("wb") as out:
        up = subprocess.Popen(
            ["bash", str(DEPLOY / "up.sh")], env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    apis = [f"http://127.0.0.1:{ports[p]}" for p in ("API1_PORT", "API2_PORT", "API3_PORT")]
    witness = f"http://127.0.0.1:{ports['WITNESS_PORT']}"
    try:
        for base in [*apis, witness]:
            _wait(base, lambda b=base: httpx.get(f"{b}/api/v1/ready").status_code == 200, 120, log)
        secretariat = load_private_key((state / "secretariat.pem").read_bytes())
        origin = httpx.get(f"{apis[0]}/api/v1/record").json()["origin"]
        clock = os.environ["EURASEC_RECORD_CLOCK"]
        for seq in range(ENTRIES):  # a new party's key, through each server in turn
            payload = {"actor": f"P{seq:02d}", "public_key": public_key_b64(generate_private_key())}
            st = Statement("key.register", "SECRETARIAT", seq, clock, payload, origin)
            r = httpx.post(
                f"{apis[seq % 3]}/api/v1/record/statements",
                content=sign(st, secretariat).leaf_bytes(),
                headers={"content-type": "application/json"},
            )
            assert r.status_code == 201, r.text
        vkeys = dict(
            line.split("=", 1) for line in (state / "env").read_text().splitlines() if "=" in line
        )

        def cosigned() -> bool:
            note = httpx.get(f"{apis[1]}/api/v1/record/checkpoint").text
            signed = SignedNote.parse(note)
            return signed.body.split("\n")[1] == str(ENTRIES + 1) and len(signed.signatures) == 2

        _wait("a witnessed checkpoint of the whole log", cosigned, 60, log)
        mirror_db = f"sqlite:///{state / 'mirror.db'}"

        def mirrored() -> bool:
            store = open_store(mirror_db, migrate=False)
            try:
                return verify_store(store).size == ENTRIES + 1
            finally:
                store.dispose()

        _wait("the mirror's verified copy", mirrored, 60, log)
    finally:
        os.killpg(up.pid, signal.SIGTERM)
        rc = up.wait(timeout=60)
    text = log.read_text()
    assert "Traceback" not in text, text[-4000:]
    assert rc in (0, -signal.SIGTERM, 128 + signal.SIGTERM), (rc, text[-2000:])
    logv = NoteVerifier.from_vkey(vkeys["LOG_VKEY"])
    witv = NoteVerifier.from_vkey(vkeys["WITNESS_VKEY"])
    shared, mirror = open_store(database, migrate=False), open_store(mirror_db, migrate=False)
    try:
        ours = verify_store(shared, logv, [witv])  # what `eurasec record verify` checks
        assert ours.size == ENTRIES + 1 and ours.cosignatures >= 1
        assert verify_store(mirror, logv).root == ours.root
    finally:
        shared.dispose()
        mirror.dispose()
