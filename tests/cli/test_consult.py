"""``eurasec analyse assess --consult``: from a divisible verdict to consultations on the record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from eurasec.institutions import handlers
from eurasec.institutions.participant import open_record
from eurasec.institutions.schema import ALL_TABLES, sandbox_keys
from eurasec.record import Record
from eurasec.storage import Store, open_store

#: China raises military spending by 30 %: RUS, KAZ and PRK are among the losers.
MOVE = {"kind": "raise_military_spending", "actor": "CHN", "date": "2025-01-01", "percent": 30}
#: Kazakhstan becomes a BRICS dialogue partner: nobody loses.
HARMLESS = {
    "kind": "join_format",
    "actor": "KAZ",
    "date": "2020-01-01",
    "format": "brics",
    "role": "dialogue_partner",
}
TIME = ("--time", "2029-01-01T00:00:00Z")  # after the sandbox's last act


@pytest.fixture(autouse=True)
def _clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The log's clock reads the day these acts are signed (after the sandbox's last act)."""
    monkeypatch.setenv("EURASEC_RECORD_CLOCK", TIME[1])


@pytest.fixture
def sandbox(tmp_path: Path) -> str:
    from eurasec.cli._root import run

    db = f"sqlite:///{tmp_path / 'sandbox.db'}"
    assert run(["sandbox", "--parties", "RUS,BLR,KAZ,CHN,SCO", "--db", db]) == 0
    return db


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every institutional projection row, sorted, per table."""
    with store.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t))) for t in ALL_TABLES}


def _write(tmp_path: Path, doc: Any, name: str = "move.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def _size(db: str) -> int:
    store = open_store(db)
    try:
        return open_record(store).size()
    finally:
        store.dispose()


def _consult(cli: Any, db: str, move: str, *args: str) -> Any:
    return cli("analyse", "assess", move, "--consult", *args, *TIME, "--db", db, "--json")


def test_divisible_move_opens_consultations_in_the_strongest_channel(
    cli: Any, sandbox: str, tmp_path: Path
) -> None:
    move = _write(tmp_path, MOVE)
    opened = {}
    for loser in ("KAZ", "RUS"):
        result = _consult(cli, sandbox, move, "--as", loser, "--sandbox-key")
        assert result.exit_code == 0, result.stderr
        out = json.loads(result.stdout)
        assert out["verdict"] == "divisible"
        row = next(r for r in out["losers"] if r["actor"] == loser)
        made = out["consultation"]
        assert made["opened"] is True
        assert (made["raiser"], made["respondent"]) == (loser, "CHN")
        assert made["channel"] == row["channel"].upper()
        assert made["assessed_channel"] == row["channel"]
        opened[made["consultation"]] = made

    listed = cli("consult", "list", "--as-of", "2029-01-02", "--db", sandbox, "--json")
    rows = {r["consultation"]: r for r in json.loads(listed.stdout)}
    assert rows.keys() >= opened.keys()
    for cid, made in opened.items():
        row = rows[cid]
        assert (row["raiser"], row["respondent"], row["channel"]) == (
            made["raiser"],
            "CHN",
            made["channel"],
        )
        assert row["status"] == "open" and row["opened"] == "2029-01-01"
        assert json.loads(row["subject"]["move"])["kind"] == "raise_military_spending"
    assert {r["channel"] for r in opened.values()} == {"SCO", "BRICS"}

    # the same loser about the same move again: a duplicate, refused, nothing appended
    size = _size(sandbox)
    again = _consult(cli, sandbox, move, "--as", "KAZ", "--sandbox-key")
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert _size(sandbox) == size

    # replay: rebuilding the projections, and mirroring the log, give the same state
    store = open_store(sandbox)
    second = open_store(f"sqlite:///{tmp_path / 'mirror.db'}")
    try:
        before = snapshot(store)
        record = open_record(store)
        record.rebuild()
        assert snapshot(store) == before
        mirror = Record(second, handlers(), replica=True)  # copies another log's entries
        for entry in record.entries(0, record.size()):
            mirror.submit(entry.signed)
        assert mirror.root() == record.root()
        assert snapshot(second) == before
    finally:
        store.dispose()
        second.dispose()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--as", "SECRETARIAT", "--sandbox-key"),
            "--as SECRETARIAT is not a loser of this move (losers: ",
        ),
        (("--as", "CHN", "--sandbox-key"), "--as CHN is the mover"),
        (("--as", "KAZ"), "give --key FILE"),
        (("--as", "KAZ", "--key", "rus.pem"), "belongs to RUS, not KAZ"),
        (("--sandbox-key",), "--consult needs --as PARTY"),
    ],
)
def test_refusals_are_one_line_and_leave_no_trace(
    cli: Any, sandbox: str, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    store = open_store(sandbox)
    with store.connect() as conn:
        pem = conn.execute(
            select(sandbox_keys.c.private_key_pem).where(sandbox_keys.c.actor == "RUS")
        ).scalar_one()
    before, size = snapshot(store), open_record(store).size()
    store.dispose()
    (tmp_path / "rus.pem").write_text(pem, encoding="utf-8")
    args = tuple(str(tmp_path / a) if a == "rus.pem" else a for a in args)
    result = _consult(cli, sandbox, _write(tmp_path, MOVE), *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    store = open_store(sandbox)
    try:
        assert open_record(store).size() == size and snapshot(store) == before
    finally:
        store.dispose()


def test_indivisible_verdict_opens_nothing_and_says_so(
    cli: Any, sandbox: str, tmp_path: Path
) -> None:
    size = _size(sandbox)
    result = _consult(cli, sandbox, _write(tmp_path, HARMLESS), "--as", "RUS", "--sandbox-key")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["verdict"] == "indivisible" and out["losers"] == []
    assert out["consultation"] == {
        "opened": False,
        "reason": "the verdict is indivisible: no loser to consult",
    }
    assert _size(sandbox) == size


def test_consult_options_need_consult(cli: Any, tmp_path: Path) -> None:
    result = cli("analyse", "assess", _write(tmp_path, MOVE), "--as", "KAZ", "--json")
    assert result.exit_code == 1
    assert "go with --consult" in result.stderr


def test_a_pact_channel_gives_way_to_the_first_shared_format(store: Store) -> None:
    from eurasec.analysis.assess import assess
    from eurasec.analysis.move import parse_move
    from eurasec.cli._acts import shared_channels
    from eurasec.cli._consult import raise_from_assessment

    result = assess(parse_move(MOVE)).to_dict()
    prk = next(r for r in result["losers"] if r["actor"] == "PRK")
    assert prk["channel"] == "bilateral defence pact"  # no format: not a consultation channel
    shared = shared_channels(store, "PRK", "CHN", "2029-01-01")
    payload = raise_from_assessment(result, MOVE, "PRK", shared)
    assert payload["channel"] == shared[0] != "bilateral defence pact"
    assert (payload["respondent"], payload["subject"]) == (
        "CHN",
        {"move": json.dumps(MOVE, sort_keys=True, separators=(",", ":"))},
    )
