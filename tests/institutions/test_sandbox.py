"""The whole plan on a fresh store, replayed into a second store: identical state."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from pymerkle import InmemoryTree

from eurasec.errors import InputError, NotFound
from eurasec.institutions import charter, handlers, projects
from eurasec.institutions._act import get_rules
from eurasec.institutions.fund import reconcile, statement
from eurasec.institutions.participant import open_record
from eurasec.institutions.sandbox import play
from eurasec.record import Record
from eurasec.storage import Store, open_store
from eurasec.storage.meta import get_meta

from .conftest import snapshot

PARTIES = ["RUS", "BLR", "KAZ", "CHN", "IND", "SCO"]


def test_plan_plays_and_replays_identically(store: Store, tmp_path: Path) -> None:
    report = play(store, PARTIES)
    types = {e.type for e in report.events}
    for needed in (
        "charter.draft",
        "charter.round",
        "charter.position",
        "forum.decline",
        "forum.convene",
        "forum.decide",
        "charter.sign",
        "charter.ratify",
        "charter.accede",
        "wg.nominate",
        "wg.budget",
        "fund.pledge",
        "fund.contribute",
        "fund.allocate",
        "fund.disburse",
        "project.approve",
        "project.tranche",
        "project.milestone",
        "project.result",
        "project.close",
        "consult.raise",
        "consult.close",
    ):
        assert needed in types, needed
    end = report.events[-1].date
    with store.connect() as conn:
        rules = get_rules(conn)
        st = charter.status(conn, end, rules)
        assert get_meta(conn, "sandbox") == "1"
        assert rules.ratifications_for_entry_into_force == 3
        assert [p["actor"] for p in st["parties"]] == sorted(PARTIES)
        assert reconcile(conn)["ok"]
        assert projects.project(conn, "P-disaster-1", end)["status"] == "completed"
        money = statement(conn, end)
    assert money["cash"]["USD"] == sum(
        v["USD"]["contributed"] for v in money["parties"].values()
    ) - sum(v["USD"]["disbursed"] for v in money["purposes"].values())

    before = snapshot(store)
    record = open_record(store)
    record.rebuild()
    assert snapshot(store) == before

    second = open_store(f"sqlite:///{tmp_path / 'second.db'}")
    try:
        mirror = Record(second, handlers(), replica=True)  # copies another log's entries
        for entry in record.entries(0, record.size()):
            mirror.submit(entry.signed)
        assert mirror.root() == record.root()
        assert snapshot(second) == before
    finally:
        second.dispose()


def test_sandbox_needs_an_empty_store_and_three_parties(store: Store) -> None:
    with pytest.raises(InputError):
        play(store, ["RUS", "KAZ"])
    play(store, ["ARM", "KAZ", "UZB"])
    with pytest.raises(InputError):
        play(store, ["ARM", "KAZ", "UZB"])


def test_sandbox_log_checkpoint_round_trips(store: Store) -> None:
    """The sandbox's origin is a valid note key name, so its checkpoints can be read back."""
    from eurasec.record import Record
    from eurasec.record.checkpoint import Checkpoint, NoteSigner, open_checkpoint, sign_checkpoint
    from eurasec.record.keys import generate_private_key

    play(store, PARTIES)
    record = Record(store)
    origin = record.origin()
    assert origin is not None
    signer = NoteSigner(origin, generate_private_key())
    note = sign_checkpoint(Checkpoint(origin, record.size(), record.root()), signer)
    assert open_checkpoint(note, signer.verifier).size == record.size()


def test_sandbox_export_checkpoint_root_recomputes_outside_eurasec(
    cli: Any, db_url: str, tmp_path: Path
) -> None:
    """`eurasec sandbox`, then `record export`: pymerkle (RFC 9162) gets the checkpoint's root."""
    played = cli("sandbox", "--parties", "RUS,KAZ,CHN,SCO", "--db", db_url, "--json")
    assert played.exit_code == 0, played.stderr
    signed = json.loads(played.stdout)["summary"]["checkpoint"]
    out = tmp_path / "export"
    exported = cli("record", "export", str(out), "--db", db_url, "--json")
    assert exported.exit_code == 0 and json.loads(exported.stdout)["checkpoint"], exported.stderr
    lines = (out / "entries.jsonl").read_text(encoding="ascii").splitlines()
    tree = InmemoryTree(algorithm="sha256")  # an outside RFC 9162 implementation
    for i, line in enumerate(lines):
        entry = json.loads(line)
        assert entry["index"] == i
        tree.append_entry(base64.b64decode(entry["leaf"], validate=True))
    origin, size, root = (out / "checkpoint").read_text(encoding="utf-8").split("\n")[:3]
    assert origin == "eurasec.sandbox" and int(size) == len(lines) == signed["size"]
    assert tree.get_root() == base64.b64decode(root) == bytes.fromhex(signed["root"])
    # the log's signature and the sandbox witness's cosignature, by their vkeys
    checked = cli("record", "verify", "--db", db_url, "--log-key", signed["log_vkey"],
                  "--witness", signed["witness_vkey"], "--json")  # fmt: skip
    assert checked.exit_code == 0, checked.stderr
    assert json.loads(checked.stdout)["cosignatures"] == 1


def _eurasian(n: int) -> list[str]:
    from eurasec import registry

    return [s.id for s in registry.states(eurasian=True)][:n]


def test_the_sandbox_plays_forty_parties(sqlite_store: Store) -> None:
    """Rounds, signature and voting periods hold past 30 parties (they once ran out)."""
    report = play(sqlite_store, [*_eurasian(38), "SCO", "ASEAN"])
    with sqlite_store.connect() as conn:
        st = charter.status(conn, report.events[-1].date, get_rules(conn))
        assert len(st["parties"]) == 40
        assert reconcile(conn)["ok"]


@pytest.mark.slow
def test_the_sandbox_plays_the_whole_registry(sqlite_store: Store) -> None:
    from eurasec import registry

    everyone = [s.id for s in registry.states()] + [f.id for f in registry.formats()]
    report = play(sqlite_store, everyone)
    with sqlite_store.connect() as conn:
        st = charter.status(conn, report.events[-1].date, get_rules(conn))
        assert len(st["parties"]) == len(everyone)
        assert reconcile(conn)["ok"]


def test_the_sandbox_refuses_an_unknown_party_before_writing(sqlite_store: Store) -> None:
    with pytest.raises(NotFound, match="XYZ"):
        play(sqlite_store, ["RUS", "KAZ", "XYZ"])
    assert open_record(sqlite_store).size() == 0
