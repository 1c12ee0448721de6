"""Governance under attack, through the CLI and the HTTP API, on SQLite and PostgreSQL.

Each test is named for what it guards and replays one way a party tried to give itself
powers or to stop the institutions (docs/concepts/security.md, the threat model, points here).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eurasec.institutions._act import get_rules
from eurasec.institutions.parameters import DEFAULT_RULES
from eurasec.institutions.sample import sample_charter
from eurasec.settings import get_settings
from eurasec.storage import Store
from eurasec.web.app import create_app
from public_log import PublicLog

from .conftest import establish, make_world

SEC = "SECRETARIAT"
NOW = "2026-11-28T09:00:00Z"


@contextmanager
def _node(db: str, monkeypatch: pytest.MonkeyPatch, clock: str) -> Iterator[TestClient]:
    """The HTTP API on ``db``, its log clock reading ``clock``."""
    monkeypatch.setenv("EURASEC_RECORD_CLOCK", clock)
    with TestClient(create_app(get_settings(database_url=db))) as client:
        yield client


def _post(client: TestClient, leaf: bytes) -> Any:
    return client.post(
        "/api/v1/record/statements", content=leaf, headers={"content-type": "application/json"}
    )


def _log(cli: Any, db_url: str, tmp_path: Path, mp: pytest.MonkeyPatch, *actors: str) -> PublicLog:
    return PublicLog.found(cli, db_url, tmp_path, mp, [SEC, *actors])


def test_a_party_cannot_name_itself_secretariat(
    cli: Any, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _log(cli, db_url, tmp_path, monkeypatch, "RUS")
    usurp = log.sign("RUS", "institutions.configure", NOW, rules={"secretariat": "RUS"})
    real = log.sign(SEC, "institutions.configure", NOW, rules={"project_cap": 4})
    with _node(db_url, monkeypatch, NOW) as client:
        r = _post(client, usurp)
        assert r.status_code == 403, r.text
        assert r.json()["code"] == "not_authorised"
        assert _post(client, real).status_code == 201  # the real secretariat still can
    rules = log.read("forum", "rules")
    assert rules["secretariat"] == SEC and rules["project_cap"] == 4
    # and once the institutions run, the secretariat alone cannot change the rules either
    log.seqs[SEC] = 1
    log.refused("rule_violation", SEC, "institutions.configure", "2026-11-28", rules={})


def test_a_far_future_act_cannot_freeze_the_institutions(
    cli: Any, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _log(cli, db_url, tmp_path, monkeypatch, "RUS", "KAZ")
    future = log.sign("RUS", "charter.negotiate", "9999-12-31T00:00:00Z")
    with _node(db_url, monkeypatch, NOW) as client:
        r = _post(client, future)
        assert r.status_code == 422, r.text
        assert r.json()["code"] == "record_time_skew"
        # everyone else acts as before, and so does RUS: its refused act used up nothing
        assert _post(client, log.sign("KAZ", "charter.negotiate", NOW)).status_code == 201
        assert _post(client, log.sign("RUS", "charter.negotiate", NOW)).status_code == 201
    assert log.size() == 1 + 2
    log.seqs.update(KAZ=1, RUS=1)
    log.refused("record_time_order", "KAZ", "charter.draft", "2026-11-27", **sample_charter())


def test_withdrawal_and_reaccession_keep_the_charter_in_force(
    cli: Any, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _log(cli, db_url, tmp_path, monkeypatch, "BLR", "KAZ", "RUS", "ARM")
    eif = establish(log, ["BLR", "KAZ", "RUS"])
    for f in ("BLR", "KAZ", "RUS"):  # every founder withdraws (effective a year later) ...
        log.act(f, "charter.withdraw", "2026-02-01")
    for f in ("BLR", "KAZ", "RUS"):  # ... and accedes again once out
        log.act(f, "charter.accede", "2027-02-02", kind="state")
    log.act("ARM", "charter.accede", "2027-03-01", kind="state")  # newcomers still accede
    for day in (eif, "2026-06-01", "2027-02-01", "2027-03-01"):
        st = log.read("charter", "status", "--as-of", day)
        assert st["in_force"] and st["entry_into_force"] == eif, day
        assert st["instruments"] == 3
    gone = log.read("charter", "status", "--as-of", "2027-02-01")
    assert gone["parties"] == []  # all three had left that day (ARM not yet in)
    back = log.read("charter", "status", "--as-of", "2027-03-01")
    assert [p["actor"] for p in back["parties"]] == ["ARM", "BLR", "KAZ", "RUS"]
    spells = log.read("charter", "participations", "--as-of", "2026-06-01")
    assert {(p["actor"], p["role"]) for p in spells} == {
        ("BLR", "member"),
        ("KAZ", "member"),
        ("RUS", "member"),
    }


def test_organs_cannot_join_the_forum_by_negotiating(
    cli: Any, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _log(cli, db_url, tmp_path, monkeypatch, "RUS", "W:RUS")
    with _node(db_url, monkeypatch, NOW) as client:
        for actor in ("W:RUS", SEC):
            r = _post(client, log.sign(actor, "charter.negotiate", NOW))
            assert r.status_code == 403, r.text
            assert r.json()["code"] == "not_authorised"
        assert _post(client, log.sign("RUS", "charter.negotiate", NOW)).status_code == 201
    log.seqs["RUS"] = 1
    log.refused("not_authorised", "W:RUS", "fund.pledge", "2026-11-28", amount=5, currency="USD")
    log.act("RUS", "fund.pledge", "2026-11-28", amount=5, currency="USD")
    # a party's Working Group member is its own delegate, never another party or an organ
    log.refused("not_authorised", "RUS", "wg.nominate", "2026-11-28", member=SEC)
    log.act("RUS", "wg.nominate", "2026-11-28", member="W:RUS")


def test_a_host_alone_cannot_adopt_a_decision(
    cli: Any, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _log(cli, db_url, tmp_path, monkeypatch, "BLR", "KAZ", "RUS", "CHN")
    for f in ("BLR", "KAZ", "RUS", "CHN"):
        log.act(f, "charter.negotiate", "2026-03-02")
    log.act(SEC, "charter.draft", "2026-03-03", **sample_charter())
    item = {"proposal": "adopt", "kind": "charter.adopt", "subject": {"version": 1}}
    log.act(SEC, "wg.agenda", "2026-03-04", session=1, items=[item])
    log.act("BLR", "forum.convene", "2026-03-05", session=1, place="Minsk", extraordinary=True)
    log.act("BLR", "forum.vote", "2026-03-05", proposal="adopt", position="support")
    # the host, or the secretariat, closing the item at once: refused, it is open to votes
    log.refused("voting_open", "BLR", "forum.decide", "2026-03-05", proposal="adopt")
    log.refused("voting_open", SEC, "forum.decide", "2026-03-06", proposal="adopt")
    # the voting period over, one vote of four is no quorum
    log.refused("no_quorum", "BLR", "forum.decide", "2026-03-19", proposal="adopt")
    log.act("KAZ", "forum.vote", "2026-03-19", proposal="adopt", position="objection")
    log.act("RUS", "forum.vote", "2026-03-19", proposal="adopt", position="support")
    log.act("BLR", "forum.decide", "2026-03-20", proposal="adopt")
    (agenda,) = log.read("forum", "session", "1")["agenda"]
    assert agenda["outcome"] == "rejected" and agenda["votes"]["KAZ"] == "objection"


def test_rules_change_only_by_an_adopted_amendment(store: Store) -> None:
    """Changing the rules needs the secretariat and an adopted ``rules.amend`` Forum decision."""
    w = make_world(store)
    w.act(SEC, "institutions.configure", "2026-01-01", rules={"project_cap": 4})
    establish(w, ["BLR", "KAZ", "RUS"])
    w.act("BLR", "wg.nominate", "2026-02-01", member="W:BLR")
    new = {**DEFAULT_RULES.to_json(), "project_cap": 2, "secretariat": "W:KAZ"}
    eif = {**new, "ratifications_for_entry_into_force": 2}
    items = [
        {"proposal": "amend", "kind": "rules.amend", "subject": {"rules": new}},
        {"proposal": "amend-eif", "kind": "rules.amend", "subject": {"rules": eif}},
    ]
    w.act("W:BLR", "wg.agenda", "2026-02-02", session=2, items=items)
    w.rejects("no_covering_decision", SEC, "institutions.configure", "2026-02-02", decision="amend")
    w.act("KAZ", "forum.convene", "2026-02-03", session=2, place="Astana", extraordinary=True)
    for party in ("BLR", "KAZ", "RUS"):
        for item in ("amend", "amend-eif"):
            w.act(party, "forum.vote", "2026-02-03", proposal=item, position="support")
    w.act("KAZ", "forum.decide", "2026-02-03", proposal="amend")
    w.act("KAZ", "forum.decide", "2026-02-03", proposal="amend-eif")
    w.rejects("not_authorised", "KAZ", "institutions.configure", "2026-02-04", decision="amend")
    w.rejects("rule_violation", SEC, "institutions.configure", "2026-02-04", decision="amend-eif")
    w.act(SEC, "institutions.configure", "2026-02-04", decision="amend")
    with store.connect() as conn:
        rules = get_rules(conn)
    assert (rules.project_cap, rules.secretariat) == (2, "W:KAZ")
    # the old secretariat has no powers left, and a decision is executed once
    w.rejects("not_authorised", SEC, "institutions.configure", "2026-02-05", decision="amend")
    w.rejects("duplicate_act", "W:KAZ", "institutions.configure", "2026-02-05", decision="amend")
