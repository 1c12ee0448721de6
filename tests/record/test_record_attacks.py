"""The record under attack, through the HTTP API and the operator's CLI, on SQLite and PostgreSQL.

Each test is named for what it guards (docs/concepts/security.md, the threat model, points
here): a poisoned statement sinking a batch, a genesis posted by anyone, a statement replayed
from another log, a witness rewriting the stored checkpoint, a hostile or rolled-back node
being mirrored.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fake_node import FakeNode, endless, log_routes, text, trickle
from fastapi.testclient import TestClient

from eurasec.record import Record, SignedStatement, generate_private_key, public_key_b64, sign
from eurasec.record.checkpoint import (
    ALG_COSIGNATURE,
    NoteSignature,
    NoteSigner,
    NoteVerifier,
    SignedNote,
    latest_checkpoint,
)
from eurasec.record.keys import private_key_pem
from eurasec.record.log import publish_checkpoint
from eurasec.settings import get_settings
from eurasec.storage import open_store
from eurasec.web.app import create_app
from public_log import PublicLog, served, statement

SEC = "SECRETARIAT"
NOW = "2026-11-28T09:00:00Z"
HONEST = ["BLR", "CHN", "KAZ", "RUS"]
ATTACKERS = ["ARM", "AZE", "GEO"]


def _post(url: str, leaf: bytes) -> tuple[int, dict[str, Any]]:
    req = urllib.request.Request(
        f"{url}/api/v1/record/statements",
        data=leaf,
        headers={"content-type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        body = exc.read()
        return exc.code, json.loads(body) if body.startswith(b"{") else {"raw": body.decode()}


def test_poisoned_statements_leave_every_honest_statement_in_a_batch_accepted(
    cli: Any, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Group commit under attack: honest pledges and poisoned acts arrive together."""
    log = PublicLog.found(cli, db_url, tmp_path, monkeypatch, [SEC, *HONEST, *ATTACKERS])
    for party in HONEST:
        log.act(party, "charter.negotiate", NOW[:10])  # Forum members (before entry into force)
    rounds, honest_done = 12, Counter[str]()
    statuses: list[tuple[str, int, str]] = []
    noon = f"{NOW[:10]}T12:00:00Z"  # the day's acts, the negotiations' time and after
    with served(db_url, tmp_path / "server.log", EURASEC_RECORD_CLOCK=noon) as url:

        def honest(party: str) -> None:
            for _ in range(rounds):
                status, body = _post(url, log.sign(party, "fund.pledge", noon, amount=1,
                                                   currency="USD"))  # fmt: skip
                statuses.append((party, status, str(body.get("code", ""))))
                if status == 201:
                    log.seqs[party] += 1
                    honest_done[party] += 1

        def attacker(party: str) -> None:
            # dated at the end of the calendar: a reply deadline 30 days later overflowed it
            poison = log.sign(party, "consult.raise", "9999-12-31T00:00:00Z",
                              consultation=f"C-{party}", respondent="RUS", subject={"move": "x"},
                              channel="CHARTER", concern="x")  # fmt: skip
            for _ in range(3 * rounds):
                status, body = _post(url, poison)
                statuses.append((party, status, str(body.get("code", ""))))

        threads = [threading.Thread(target=honest, args=(p,)) for p in HONEST]
        threads += [threading.Thread(target=attacker, args=(p,)) for p in ATTACKERS]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    refused_honest = [s for s in statuses if s[0] in HONEST and s[1] != 201]
    assert refused_honest == [], refused_honest[:5]
    assert honest_done == dict.fromkeys(HONEST, rounds)
    poisoned = Counter((status, code) for party, status, code in statuses if party in ATTACKERS)
    assert poisoned == {(422, "record_time_skew"): 3 * rounds * len(ATTACKERS)}  # never a 5xx
    # nothing of the poison is on the log, and the attackers' sequence numbers are unused
    assert log.size() == 1 + len(HONEST) + rounds * len(HONEST)
    assert (
        log.read("fund", "statement", "--as-of", NOW[:10])["parties"]["RUS"]["USD"]["pledged"]
        == rounds
    )


def test_genesis_cannot_be_posted_over_http(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EURASEC_RECORD_CLOCK", NOW)
    mine = generate_private_key()
    payload = {"origin": "eurasec.test/stolen", "founders": {"RUS": public_key_b64(mine)},
               "registrars": ["RUS"]}  # fmt: skip
    genesis = statement("log.genesis", "LOG", 0, NOW, payload, "eurasec.test/stolen")
    leaf = SignedStatement(genesis, "", b"").leaf_bytes()
    with TestClient(create_app(get_settings(database_url=db_url))) as client:
        r = client.post("/api/v1/record/statements", content=leaf)
        assert r.status_code == 422, r.text
        assert r.json()["code"] == "record_genesis_refused"
        assert client.get("/api/v1/record").json()["size"] == 0


def test_a_statement_signed_for_one_log_is_refused_by_another(
    cli: Any, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    log_a = PublicLog.found(cli, f"sqlite:///{tmp_path / 'a.db'}", tmp_path / "a", monkeypatch,
                            [SEC, "RUS"], origin="eurasec.test/a")  # fmt: skip
    log_b = PublicLog(cli, db_url, tmp_path / "b", monkeypatch, "eurasec.test/b", log_a.keys)
    args = [a for actor in (SEC, "RUS") for a in ("--founder", f"{actor}={_pub(log_a, actor)}")]
    assert cli("record", "genesis", "--origin", log_b.origin, *args, "--db", db_url).exit_code == 0
    for_a = log_a.sign("RUS", "charter.negotiate", NOW)  # the same key is RUS's on both logs
    monkeypatch.setenv("EURASEC_RECORD_CLOCK", NOW)
    with TestClient(create_app(get_settings(database_url=db_url))) as client:
        r = client.post("/api/v1/record/statements", content=for_a)
        assert r.status_code == 422, r.text
        assert r.json()["code"] == "record_wrong_log"
        assert client.get("/api/v1/record").json()["size"] == 1
        own = log_b.sign("RUS", "charter.negotiate", NOW)
        assert client.post("/api/v1/record/statements", content=own).status_code == 201
    log_a.act("RUS", "charter.negotiate", NOW[:10])  # where it was meant to go, it counts


def _pub(log: PublicLog, actor: str) -> Path:
    return log.home / f"{actor}.pub"


def _signed_log(
    db: str, home: Path, monkeypatch: pytest.MonkeyPatch, cli: Any
) -> tuple[PublicLog, NoteSigner, Path]:
    """A log with a few entries and a checkpoint signed with ``log.pem`` by the CLI."""
    log = PublicLog.found(cli, db, home, monkeypatch, [SEC, "RUS", "KAZ"])
    log.act("RUS", "charter.negotiate", NOW[:10])
    log.act("KAZ", "charter.negotiate", NOW[:10])
    key = generate_private_key()
    (home / "log.pem").write_bytes(private_key_pem(key))
    r = cli("record", "checkpoint", "--key", str(home / "log.pem"), "--db", db)
    assert r.exit_code == 0, r.stderr
    return log, NoteSigner(log.origin, key), home / "log.pem"


@pytest.mark.parametrize("also_valid", [False, True], ids=["forged-only", "forged-and-valid"])
def test_a_witness_cannot_replace_the_logs_signature(
    cli: Any, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, also_valid: bool
) -> None:
    log, signer, _key = _signed_log(db_url, tmp_path, monkeypatch, cli)
    witness = NoteSigner("w.evil", generate_private_key(), ALG_COSIGNATURE)
    other = NoteVerifier("w.honest", generate_private_key().public_key(), ALG_COSIGNATURE)
    node = FakeNode()

    def lying(_q: dict[str, str], body: bytes) -> Any:
        note = SignedNote.parse(body.decode().split("\n\n", 1)[1])
        # a line under the log's own name and key hash, and one under another witness's
        lines = [NoteSignature(signer.name, signer.verifier.key_hash, b"\x00" * 64).line(),
                 NoteSignature(other.name, other.key_hash, b"\x01" * 72).line()]  # fmt: skip
        if also_valid:
            lines.append(witness.sign(note.body).line())
        return text("".join(lines))

    node.routes["/api/v1/record/witness/add-checkpoint"] = lying
    with node.serving() as url:
        r = cli("record", "cosign", "--witness", url, "--witness-key", witness.verifier.vkey(),
                "--db", db_url)  # fmt: skip
    if also_valid:
        assert r.exit_code == 0, r.stderr
    else:
        assert r.exit_code == 1 and r.stderr.startswith("error[checkpoint_invalid]"), r.stderr
    witnesses = ["--witness", witness.verifier.vkey()] if also_valid else []
    report = log.read("record", "verify", "--log-key", signer.verifier.vkey(), *witnesses)
    assert report["checkpoints"] == 1
    store = open_store(db_url)
    try:
        with store.connect() as conn:
            kept = SignedNote.parse(str(latest_checkpoint(conn)))
    finally:
        store.dispose()
    assert [s.name for s in kept.signatures] == [signer.name] + (["w.evil"] if also_valid else [])
    signer.verifier.verify(kept)


def _source(tmp_path: Path, sizes: tuple[int, ...]) -> tuple[Record, list[str], NoteSigner]:
    """A real log (SQLite) with a checkpoint at each of ``sizes`` (its clock: the tests')."""
    store = open_store(f"sqlite:///{tmp_path / 'source.db'}")
    record = Record(store, accept_unknown_types=True)
    keys = {SEC: generate_private_key(), "RUS": generate_private_key()}
    record.genesis(
        "eurasec.test/source", {SEC: keys[SEC].public_key(), "RUS": keys["RUS"].public_key()}
    )
    signer = NoteSigner("eurasec.test/source", generate_private_key())
    notes, seq = [], 0
    for size in sizes:
        while record.size() < size:
            st = statement("test.note", "RUS", seq, NOW, {"i": seq}, "eurasec.test/source")
            record.submit(sign(st, keys["RUS"]))
            seq += 1
        notes.append(publish_checkpoint(record, signer))
    return record, notes, signer


def test_the_mirror_reports_a_rolled_back_log(cli: Any, db_url: str, tmp_path: Path) -> None:
    record, (old, new), signer = _source(tmp_path, (9, 14))
    node = FakeNode()
    vkey = signer.verifier.vkey()
    node.routes = log_routes(record, new, vkey)
    with node.serving() as url:
        ok = cli("record", "mirror", url, "--db", db_url, "--log-key", vkey, "--json")
        assert ok.exit_code == 0, ok.stderr
        assert json.loads(ok.stdout)["size"] == 14
        node.routes = log_routes(record, old, vkey)  # the node now shows the log at 9
        back = cli("record", "mirror", url, "--db", db_url, "--log-key", vkey, "--json")
    assert back.exit_code == 3, back.stdout  # an alert, like a fork
    assert back.stderr.startswith("error[mirror_rollback]") and back.stderr.count("\n") == 1
    verified = json.loads(cli("record", "verify", "--db", db_url, "--json").stdout)
    assert (verified["size"], verified["checkpoints"]) == (14, 1)  # nothing stored from it
    record.store.dispose()


HOSTILE = {
    "checkpoint-not-utf8": ("/api/v1/record/checkpoint", lambda _q, _b: text(b"\xff\xfe\x00 bad")),
    "entries-not-json": ("/api/v1/record/entries", lambda _q, _b: text(b'{"data": [')),
    "entries-not-an-object": ("/api/v1/record/entries", lambda _q, _b: text(b"[0, 1]")),
    "entry-without-leaf": ("/api/v1/record/entries",
                           lambda _q, _b: text(b'{"data": [{"index": 0}]}')),
    "leaf-not-base64": ("/api/v1/record/entries",
                        lambda _q, _b: text(b'{"data": [{"index": 0, "leaf": "@@"}]}')),
    "checkpoint-oversize": ("/api/v1/record/checkpoint",
                            lambda _q, _b: (200, "text/plain", endless(b"x" * 65536, 200 << 20))),
    "checkpoint-trickle": ("/api/v1/record/checkpoint",
                           lambda _q, _b: (200, "text/plain", trickle(0.25, 60.0))),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_the_mirror_gives_a_one_line_error_for_a_hostile_node(
    cli: Any, db_url: str, tmp_path: Path, case: str
) -> None:
    record, (note,), signer = _source(tmp_path, (5,))
    node = FakeNode()
    vkey = signer.verifier.vkey()
    node.routes = log_routes(record, note, vkey)
    path, route = HOSTILE[case]
    node.routes[path] = route
    deadline = ["--deadline", "2"] if case == "checkpoint-trickle" else []
    start = time.monotonic()
    with node.serving() as url:
        r = cli("record", "mirror", url, "--db", db_url, "--log-key", vkey, *deadline)
    took = time.monotonic() - start
    assert r.exit_code == 1, r.stdout
    assert r.stderr.startswith("error[mirror_bad_response]"), r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert took < 15, took  # the trickle would go on for a minute; the deadline is 2 s
    record.store.dispose()
