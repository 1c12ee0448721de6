"""Two real nodes on 127.0.0.1: mirror one, then fork it, and see the fork with both checkpoints."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from eurasec.errors import ForkDetected, RecordError
from eurasec.record import Record, Statement, generate_private_key, public_key_b64, sign
from eurasec.record.checkpoint import (
    ALG_COSIGNATURE,
    Checkpoint,
    NoteSigner,
    NoteVerifier,
    SignedNote,
    sign_checkpoint,
)
from eurasec.record.keys import private_key_pem
from eurasec.record.log import publish_checkpoint
from eurasec.record.mirror import mirror
from eurasec.record.verify import verify_store
from eurasec.record.witness import cosign_remote
from eurasec.storage import open_store
from public_log import served

ORIGIN = "eurasec.test/mirror"
T0 = "2026-11-28T09:00:00Z"


@contextmanager
def _node(db: Path, key_file: Path, **extra: str) -> Iterator[str]:
    """``eurasec serve`` on the SQLite file ``db``, signing checkpoints with ``key_file``."""
    log = db.with_suffix(".log")
    with served(f"sqlite:///{db}", log, EURASEC_RECORD_KEY_FILE=str(key_file), **extra) as url:
        yield url


def _build(db: Path, keys: dict[str, Any], log: NoteSigner, fork_at: int | None, n: int) -> None:
    """The same history up to ``fork_at``; after it, different statements."""
    store = open_store(f"sqlite:///{db}")
    record = Record(store, accept_unknown_types=True)
    record.genesis(ORIGIN, {"SECRETARIAT": keys["SECRETARIAT"].public_key()}, time=T0)
    reg = {"actor": "RUS", "public_key": public_key_b64(keys["RUS"])}
    record.submit(
        sign(Statement("key.register", "SECRETARIAT", 0, T0, reg, ORIGIN), keys["SECRETARIAT"])
    )
    for i in range(n):
        text = "honest" if fork_at is None or i < fork_at else "rewritten"
        record.submit(
            sign(Statement("test.note", "RUS", i, T0, {"i": i, "t": text}, ORIGIN), keys["RUS"])
        )
    publish_checkpoint(record, log)
    store.dispose()


def test_mirror_then_fork(tmp_path: Path) -> None:
    keys = {"SECRETARIAT": generate_private_key(), "RUS": generate_private_key()}
    log_key = generate_private_key()
    log = NoteSigner(ORIGIN, log_key)
    key_file = tmp_path / "log.pem"
    key_file.write_bytes(private_key_pem(log_key))
    _build(tmp_path / "a.db", keys, log, None, 20)
    _build(tmp_path / "b.db", keys, log, 5, 30)  # same log key, same origin: a second view
    local = open_store(f"sqlite:///{tmp_path / 'mirror.db'}")
    proof_file = tmp_path / "fork.json"
    with _node(tmp_path / "a.db", key_file) as a, _node(tmp_path / "b.db", key_file) as b:
        report = mirror(local, a, log_key=NoteVerifier.from_vkey(log.verifier.vkey()))
        assert (report.previous_size, report.size) == (0, 22)
        assert verify_store(local).size == 22
        assert mirror(local, a).size == 22  # nothing new: still consistent
        # node A grows honestly; the mirror follows
        with pytest.raises(ForkDetected) as info:
            mirror(local, b, fork_proof=proof_file)
    fork = json.loads(proof_file.read_text())
    assert fork == info.value.proof  # type: ignore[attr-defined]
    first, second = fork["checkpoints"]
    assert first.split("\n")[:2] == [ORIGIN, "22"]
    assert second.split("\n")[:2] == [ORIGIN, "32"]
    assert fork["consistency_proof"]["first"] == 22
    assert verify_store(local).size == 22  # nothing from the forked node was appended
    local.dispose()


def test_mirror_cli_reports_the_fork_and_exits_non_zero(tmp_path: Path, cli: Any) -> None:
    keys = {"SECRETARIAT": generate_private_key(), "RUS": generate_private_key()}
    log_key = generate_private_key()
    log = NoteSigner(ORIGIN, log_key)
    key_file = tmp_path / "log.pem"
    key_file.write_bytes(private_key_pem(log_key))
    _build(tmp_path / "a.db", keys, log, None, 8)
    _build(tmp_path / "b.db", keys, log, 3, 8)  # same size, different root
    db = f"sqlite:///{tmp_path / 'm.db'}"
    proof_file = tmp_path / "proof.json"
    with _node(tmp_path / "a.db", key_file) as a, _node(tmp_path / "b.db", key_file) as b:
        ok = cli("record", "mirror", a, "--db", db, "--json")
        assert ok.exit_code == 0, ok.stderr
        assert json.loads(ok.stdout)["size"] == 10
        bad = cli("record", "mirror", b, "--db", db, "--fork-proof", str(proof_file))
        on_schedule = cli("record", "mirror", b, "--db", db, "--every", "0.1", "--times", "50",
                          "--fork-proof", str(tmp_path / "again.json"))  # fmt: skip
    assert bad.exit_code == 3  # an alert: a monitor tells it from an ordinary failure
    assert bad.stderr.startswith("error[fork_detected]: ") and bad.stderr.count("\n") == 1
    assert on_schedule.exit_code == 3  # the schedule ends at the first run that sees the fork
    assert on_schedule.stderr.splitlines()[-1].startswith("error[fork_detected]: ")
    assert len(json.loads(proof_file.read_text())["checkpoints"]) == 2


def test_a_remote_witness_cosigns_growth_and_refuses_a_fork(tmp_path: Path, cli: Any) -> None:
    keys = {"SECRETARIAT": generate_private_key(), "RUS": generate_private_key()}
    log_key, w_key = generate_private_key(), generate_private_key()
    log = NoteSigner(ORIGIN, log_key)
    (tmp_path / "log.pem").write_bytes(private_key_pem(log_key))
    (tmp_path / "w.pem").write_bytes(private_key_pem(w_key))
    _build(tmp_path / "a.db", keys, log, None, 4)
    db = f"sqlite:///{tmp_path / 'a.db'}"
    wv = NoteVerifier("w.kaz", w_key.public_key(), ALG_COSIGNATURE)
    env = {
        "EURASEC_RECORD_WITNESS_KEY_FILE": str(tmp_path / "w.pem"),
        "EURASEC_RECORD_WITNESS_NAME": "w.kaz",
        "EURASEC_RECORD_WITNESS_LOGS": log.verifier.vkey(),
    }
    with _node(tmp_path / "w.db", tmp_path / "log.pem", **env) as w:
        r = cli("record", "cosign", "--witness", w, "--witness-key", wv.vkey(), "--db", db)
        assert r.exit_code == 0, r.stderr
        assert wv.verify(SignedNote.parse(r.stdout)) is not None
        store = open_store(db)
        record = Record(store, accept_unknown_types=True)
        rus = sign(Statement("test.note", "RUS", 4, T0, {"i": 4}, ORIGIN), keys["RUS"])
        record.submit(rus)
        note = publish_checkpoint(record, log)
        cosigned = cosign_remote(record, note, w, wv)  # old size 0 → 409 with 6 → retry with proof
        assert wv.verify(SignedNote.parse(cosigned)) is not None
        assert verify_store(store, log.verifier, [wv]).checkpoints == 2
        forged = sign_checkpoint(Checkpoint(ORIGIN, 7, b"\x09" * 32), log)
        with pytest.raises(RecordError, match="fork_detected"):
            cosign_remote(record, forged, w, wv)
        store.dispose()
