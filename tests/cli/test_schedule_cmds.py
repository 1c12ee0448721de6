"""Commands on a schedule (``--every``, ``--times``): runs, retries, and how they end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eurasec.record import Record, generate_private_key
from eurasec.record.keys import private_key_pem
from eurasec.storage import open_store


def test_checkpoint_on_a_schedule_prints_each_new_checkpoint_once(tmp_path: Path, cli: Any) -> None:
    db = f"sqlite:///{tmp_path / 'log.db'}"
    store = open_store(db)
    Record(store).genesis("eurasec.test/log", {"SECRETARIAT": generate_private_key().public_key()})
    store.dispose()
    key = tmp_path / "log.pem"
    key.write_bytes(private_key_pem(generate_private_key()))
    r = cli("record", "checkpoint", "--key", str(key), "--db", db, "--every", "0.1",
            "--times", "3")  # fmt: skip
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines() == [r.stdout.splitlines()[0]]  # the log did not grow
    assert r.stdout.startswith("checkpoint eurasec.test/log size 1 root ")


def test_a_schedule_whose_every_run_failed_exits_1(tmp_path: Path, cli: Any) -> None:
    db = f"sqlite:///{tmp_path / 'mirror.db'}"
    r = cli("record", "mirror", "http://127.0.0.1:9", "--db", db, "--every", "0.1",
            "--times", "2", "--deadline", "1")  # fmt: skip
    assert r.exit_code == 1
    assert r.stdout == ""


def test_witness_serve_needs_a_log_to_follow(tmp_path: Path, cli: Any) -> None:
    key = tmp_path / "w.pem"
    key.write_bytes(private_key_pem(generate_private_key()))
    r = cli("witness", "serve", "--key", str(key), "--log", " ", "--db",
            f"sqlite:///{tmp_path / 'w.db'}", "--migrate")  # fmt: skip
    assert r.exit_code == 1
    assert r.stderr.startswith("error[configuration]: a witness needs")
