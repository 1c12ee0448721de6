"""``eurasec record``: a party keeps its key on its own machine; anyone can verify and export."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from eurasec.record.merkle import leaf_hash, root_of
from eurasec.record.schema import record_entry
from eurasec.storage import open_store


@pytest.fixture(autouse=True)
def _system_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """These statements are signed now, and the log reads the system clock, as in real use."""
    monkeypatch.delenv("EURASEC_RECORD_CLOCK")


def _setup(cli: Any, tmp_path: Path) -> tuple[str, Path, Path]:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    sec, rus, log = tmp_path / "sec.pem", tmp_path / "rus.pem", tmp_path / "log.pem"
    out = {}
    for path in (sec, rus, log):
        r = cli("record", "keygen", "--out", str(path), "--json")
        assert r.exit_code == 0, r.stderr
        out[path] = json.loads(r.stdout)
    assert oct(sec.stat().st_mode & 0o777) == "0o600"
    (tmp_path / "sec.pub").write_text(out[sec]["public_key"])
    r = cli("record", "genesis", "--origin", "eurasec.test/cli", "--founder",
            f"SECRETARIAT={tmp_path / 'sec.pub'}", "--db", db)  # fmt: skip
    assert r.exit_code == 0, r.stderr
    payload = json.dumps({"actor": "RUS", "public_key": out[rus]["public_key"]})
    act = tmp_path / "act.json"
    r = cli("record", "sign", "--key", str(sec), "--type", "key.register", "--actor",
            "SECRETARIAT", "--seq", "0", "--origin", "eurasec.test/cli", "--payload", payload,
            "--out", str(act))  # fmt: skip
    assert r.exit_code == 0, r.stderr
    r = cli("record", "submit", str(act), "--db", db, "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["index"] == 1
    new = tmp_path / "rus2.pem"
    cli("record", "keygen", "--out", str(new))
    rot = tmp_path / "rot.json"
    from eurasec.record.keys import load_private_key, public_key_b64

    pub = public_key_b64(load_private_key(new.read_bytes()))
    cli("record", "sign", "--key", str(rus), "--type", "key.rotate", "--actor", "RUS", "--seq",
        "0", "--origin", "eurasec.test/cli", "--payload", json.dumps({"public_key": pub}),
        "--out", str(rot))  # fmt: skip
    assert cli("record", "submit", str(rot), "--db", db).exit_code == 0
    r = cli("record", "checkpoint", "--key", str(log), "--db", db)
    assert r.exit_code == 0 and r.stdout.startswith("eurasec.test/cli\n3\n")
    return db, rus, log


def test_sign_submit_verify_export(cli: Any, tmp_path: Path) -> None:
    db, _rus, _log = _setup(cli, tmp_path)
    r = cli("record", "verify", "--db", db, "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["size"] == 3
    r = cli("record", "export", str(tmp_path / "out"), "--db", db)
    assert r.exit_code == 0, r.stderr
    lines = (tmp_path / "out" / "entries.jsonl").read_text().splitlines()
    leaves = [base64.b64decode(json.loads(line)["leaf"]) for line in lines]
    checkpoint = (tmp_path / "out" / "checkpoint").read_text().split("\n")
    # anyone's own code: hash the exported leaves and compare with the signed root
    assert base64.b64encode(root_of([leaf_hash(x) for x in leaves])).decode() == checkpoint[2]


def test_replaying_a_signed_file_is_refused(cli: Any, tmp_path: Path) -> None:
    db, _rus, _log = _setup(cli, tmp_path)
    r = cli("record", "submit", str(tmp_path / "act.json"), "--db", db)
    assert r.exit_code == 1
    assert r.stderr.startswith("error[record_bad_sequence]")


def test_verify_names_the_first_tampered_entry(cli: Any, tmp_path: Path) -> None:
    db, _rus, _log = _setup(cli, tmp_path)
    store = open_store(db)
    with store.begin() as conn:
        conn.execute(update(record_entry).where(record_entry.c.idx == 1).values(leaf=b"{}"))
    store.dispose()
    r = cli("record", "verify", "--db", db)
    assert r.exit_code == 1
    assert "error[record_tampered]: entry 1:" in r.stderr


def test_export_refuses_path_traversal(cli: Any, tmp_path: Path) -> None:
    db, _rus, _log = _setup(cli, tmp_path)
    r = cli("record", "export", str(tmp_path / "out" / ".." / ".." / "escape"), "--db", db)
    assert r.exit_code == 1 and "'..'" in r.stderr
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "entries.jsonl").symlink_to(tmp_path / "elsewhere")
    r = cli("record", "export", str(tmp_path / "dir"), "--db", db)
    assert r.exit_code == 1 and "symbolic link" in r.stderr
    assert not (tmp_path / "elsewhere").exists()


def test_bad_key_file_is_a_one_line_error(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "junk.pem").write_text("nope")
    r = cli("record", "sign", "--key", str(tmp_path / "junk.pem"), "--type", "a.b", "--actor",
            "RUS", "--seq", "0", "--origin", "eurasec.test/cli")  # fmt: skip
    assert r.exit_code == 1 and "Traceback" not in r.stderr
