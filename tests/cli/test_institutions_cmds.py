"""The institutions' command groups on a sandbox store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="module")
def sandbox_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from eurasec.cli._root import run

    db = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'sandbox.db'}"
    assert run(["sandbox", "--parties", "RUS,BLR,KAZ,CHN,SCO", "--db", db]) == 0
    return db


def _json(cli: Any, *args: str) -> Any:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_sandbox_prints_what_happened(cli: Any, tmp_path: Path) -> None:
    result = cli("sandbox", "--parties", "ARM,KAZ,UZB", "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 0, result.stderr
    assert "SANDBOX" in result.stdout and "charter.accede" in result.stdout
    again = cli("sandbox", "--parties", "ARM,KAZ,UZB", "--db", str(tmp_path / "s.db"))
    assert again.exit_code == 1 and again.stderr.startswith("error[invalid_input]")


def test_reads(cli: Any, sandbox_db: str) -> None:
    db = ("--db", sandbox_db)
    status = _json(cli, "charter", "status", "--as-of", "2028-12-31", *db)
    assert status["in_force"] and len(status["parties"]) == 5
    parts = _json(cli, "charter", "participations", "--as-of", "2026-06-01", *db)
    assert {p["role"] for p in parts} == {"signatory"}
    assert _json(cli, "charter", "diff", "1", "2", *db)[0]["article"] == "4"
    assert _json(cli, "charter", "round", "R1", *db)["format"] == "SCO"
    assert len(_json(cli, "charter", "versions", *db)) == 2
    assert _json(cli, "charter", "crosswalk", "--version", "2", *db)["gaps"]["HFA"] == ["HFA.VII"]
    assert _json(cli, "forum", "session", "2", *db)["minutes"]
    assert _json(cli, "forum", "next", *db)["session"] == 3
    assert len(_json(cli, "forum", "working-group", "--as-of", "2028-12-31", *db)) == 5
    assert _json(cli, "fund", "reconcile", "--as-of", "2028-12-31", *db)["ok"]
    assert _json(cli, "fund", "statement", "--as-of", "2028-12-31", *db)["reconciled"]
    projects = _json(cli, "projects", "list", "--as-of", "2028-12-31", *db)
    assert {p["status"] for p in projects} == {"completed", "active"}
    assert _json(cli, "consult", "list", "--as-of", "2028-12-31", *db)[0]["status"] == "resolved"
    xml = cli("fund", "iati", "activities", "--as-of", "2028-12-31", *db)
    assert xml.exit_code == 0 and "<iati-activities" in xml.stdout
    assert (
        _json(cli, "fund", "scale", "--budget", "1000", "--parties", "RUS,KAZ,CHN,IND,BLR")["BLR"]
        > 0
    )


def test_reads_default_to_the_records_current_day(cli: Any, sandbox_db: str) -> None:
    """Without --as-of the institutions' reads answer for the record's current day, as the
    HTTP API does: the sandbox plays 2026–2028, so today's calendar date would hide its
    latest acts."""
    db = ("--db", sandbox_db)
    from eurasec.institutions.clock import current_day
    from eurasec.storage import open_store

    store = open_store(sandbox_db)
    with store.connect() as conn:
        day = current_day(conn).isoformat()
    store.dispose()
    assert day > "2028-01-01"  # the newest act is later than today's calendar date
    for command in (
        ("charter", "status"),
        ("fund", "statement"),
        ("projects", "list"),
        ("consult", "list"),
        ("forum", "sessions"),
    ):
        assert _json(cli, *command, *db) == _json(cli, *command, "--as-of", day, *db), command
    status = _json(cli, "charter", "status", *db)
    assert status["in_force"] and len(status["parties"]) == 5


def test_acts_and_errors(cli: Any, sandbox_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    db = ("--db", sandbox_db)
    monkeypatch.setenv("EURASEC_RECORD_CLOCK", "2029-01-02T00:00:00Z")  # after the sandbox
    ok = cli(
        "forum",
        "act",
        "forum.decline",
        "--actor",
        "W:KAZ",
        "--sandbox-key",
        "--payload",
        '{"session": 3}',
        "--time",
        "2029-01-01T00:00:00Z",
        *db,
        "--json",
    )
    assert ok.exit_code == 1 and "not_authorised" in ok.stderr  # a WG member is no Forum member
    vote = cli(
        "forum",
        "act",
        "forum.decline",
        "--actor",
        "KAZ",
        "--sandbox-key",
        "--payload",
        '{"session": 3}',
        "--time",
        "2029-01-01T00:00:00Z",
        *db,
        "--json",
    )
    assert vote.exit_code == 0, vote.stderr
    wrong = cli("fund", "act", "forum.vote", "--actor", "KAZ", "--sandbox-key", *db)
    assert wrong.exit_code == 1 and wrong.stderr.startswith("error[invalid_input]")
    txs = _json(cli, "fund", "transactions", "--as-of", "2029-01-01", *db)
    forum = next(t["decision"] for t in txs if t["purpose"] == "forum")
    payload = json.dumps({"decision": forum, "amount": 999_999_999, "payee": "KAZ"})
    over = cli(
        "fund",
        "act",
        "fund.disburse",
        "--actor",
        "SECRETARIAT",
        "--sandbox-key",
        "--payload",
        payload,
        "--time",
        "2029-01-02T00:00:00Z",
        *db,
    )
    assert over.exit_code == 1 and over.stderr.startswith("error[over_budget]")
