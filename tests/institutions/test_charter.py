from __future__ import annotations

from eurasec.institutions import charter
from eurasec.institutions.parameters import DEFAULT_RULES
from eurasec.institutions.sample import sample_charter

from .conftest import SEC, World, establish


def _status(w: World, day: str) -> dict:
    with w.store.connect() as conn:
        return charter.status(conn, day, DEFAULT_RULES)


def test_entry_into_force_after_three_instruments(world: World) -> None:
    w = world
    for f in ("BLR", "KAZ", "RUS", "SCO"):
        w.act(f, "charter.negotiate", "2026-01-02")
    w.act(SEC, "charter.draft", "2026-01-03", **sample_charter())
    w.act(
        SEC,
        "wg.agenda",
        "2026-01-04",
        session=1,
        items=[{"proposal": "adopt", "kind": "charter.adopt", "subject": {"version": 1}}],
    )
    w.act("BLR", "forum.convene", "2026-01-05", session=1, place="Minsk")
    for f in ("BLR", "KAZ", "RUS", "SCO"):  # every member votes: no voting period to wait for
        w.act(f, "forum.vote", "2026-01-05", proposal="adopt", position="support")
    w.act("BLR", "forum.decide", "2026-01-05", proposal="adopt")
    for f, kind in (("BLR", "state"), ("KAZ", "state"), ("RUS", "state"), ("SCO", "organisation")):
        w.act(f, "charter.sign", "2026-02-01", version=1, kind=kind)
    w.act("BLR", "charter.ratify", "2026-03-01")
    w.act("SCO", "charter.confirm", "2026-04-01")
    assert not _status(w, "2026-04-30")["in_force"]
    assert _status(w, "2026-04-30")["pending"] == ["BLR", "KAZ", "RUS", "SCO"]
    w.act("KAZ", "charter.ratify", "2026-05-01")
    st = _status(w, "2026-05-01")
    assert st["in_force"] and st["entry_into_force"] == "2026-05-01"
    assert [p["actor"] for p in st["parties"]] == ["BLR", "KAZ", "SCO"]
    assert st["pending"] == ["RUS"]
    # as of an earlier date nothing was in force and BLR was only a signatory
    early = _status(w, "2026-03-15")
    assert not early["in_force"] and early["parties"] == []
    with w.store.connect() as conn:
        parts = charter.participations(conn, "2026-05-01", DEFAULT_RULES)
    assert {(p.actor, p.role) for p in parts} == {
        ("BLR", "member"),
        ("KAZ", "member"),
        ("SCO", "member"),
        ("RUS", "signatory"),
    }
    assert next(p for p in parts if p.actor == "BLR").since == "2026-05-01"


def test_accession_before_entry_into_force_is_refused(world: World) -> None:
    w = world
    for f in ("BLR", "KAZ", "RUS"):
        w.act(f, "charter.negotiate", "2026-01-02")
    w.act(SEC, "charter.draft", "2026-01-03", **sample_charter())
    w.rejects("not_in_force", "ARM", "charter.accede", "2026-01-04", kind="state")


def test_duplicate_signature_and_signing_before_adoption(world: World) -> None:
    w = world
    w.act("BLR", "charter.negotiate", "2026-01-02")
    w.act(SEC, "charter.draft", "2026-01-03", **sample_charter())
    w.rejects("not_open", "BLR", "charter.sign", "2026-01-03", version=1, kind="state")
    establish_from = ["KAZ", "RUS"]
    for f in establish_from:
        w.act(f, "charter.negotiate", "2026-01-04")
    w.act(
        SEC,
        "wg.agenda",
        "2026-01-04",
        session=1,
        items=[{"proposal": "adopt", "kind": "charter.adopt", "subject": {"version": 1}}],
    )
    w.act("BLR", "forum.convene", "2026-01-05", session=1, place="Minsk")
    for f in ("BLR", "KAZ", "RUS"):
        w.act(f, "forum.vote", "2026-01-05", proposal="adopt", position="support")
    w.act("BLR", "forum.decide", "2026-01-05", proposal="adopt")
    w.act("KAZ", "charter.sign", "2026-01-06", version=1, kind="state")
    w.rejects("duplicate_act", "KAZ", "charter.sign", "2026-01-07", version=1, kind="state")
    w.rejects("not_signatory", "RUS", "charter.ratify", "2026-01-07")
    w.rejects("rule_violation", "KAZ", "charter.confirm", "2026-01-07")


def test_accession_withdrawal_and_notice_period(world: World) -> None:
    w = world
    eif = establish(w, ["BLR", "KAZ", "RUS"])
    assert _status(w, eif)["in_force"]
    w.rejects("not_open", "ARM", "charter.sign", "2026-02-01", version=1, kind="state")
    w.act(
        "ARM",
        "charter.accede",
        "2026-02-01",
        kind="state",
        reservations=[{"article": "3", "text": "Island scope read narrowly."}],
    )
    w.rejects("duplicate_act", "ARM", "charter.accede", "2026-02-02", kind="state")
    st = _status(w, "2026-02-01")
    assert "ARM" in [p["actor"] for p in st["parties"]]
    assert st["reservations"][0]["actor"] == "ARM"
    w.rejects("not_authorised", "UZB", "charter.withdraw", "2026-03-01")
    w.act("KAZ", "charter.withdraw", "2026-03-01")
    st = _status(w, "2027-02-28")
    assert st["withdrawing"] == [
        {"actor": "KAZ", "notice_on": "2026-03-01", "effective": "2027-03-01"}
    ]
    assert "KAZ" in [p["actor"] for p in st["parties"]]
    assert "KAZ" not in [p["actor"] for p in _status(w, "2027-03-01")["parties"]]


def test_versions_diff_and_consultation_round(world: World) -> None:
    w = world
    for f in ("BLR", "KAZ"):
        w.act(f, "charter.negotiate", "2026-01-02")
    w.act(SEC, "charter.draft", "2026-01-03", **sample_charter())
    w.act(
        SEC,
        "charter.round",
        "2026-01-04",
        round="SCO-1",
        version=1,
        format="SCO",
        venue="SCO meeting",
        closes="2026-02-01",
    )
    w.act("BLR", "charter.comment", "2026-01-05", round="SCO-1", article="4", text="Add cyber.")
    w.act("KAZ", "charter.position", "2026-01-06", round="SCO-1", position="objection", article="3")
    w.act(
        "KAZ", "charter.position", "2026-01-07", round="SCO-1", position="reservation", article="3"
    )
    w.act("BLR", "charter.position", "2026-01-07", round="SCO-1", position="support")
    w.rejects(
        "not_found", "BLR", "charter.comment", "2026-01-08", round="SCO-1", article="99", text="x"
    )
    w.rejects(
        "rule_violation",
        "BLR",
        "charter.comment",
        "2026-02-02",
        round="SCO-1",
        article="4",
        text="late",
    )
    v2 = sample_charter()
    v2["version"] = 2
    v2["articles"][3]["text"] += " Digital attacks are covered."
    v2["articles"].append({"number": "12", "heading": "Languages", "text": "All equal."})
    w.act(SEC, "charter.draft", "2026-02-03", **v2)
    w.rejects("duplicate_act", SEC, "charter.draft", "2026-02-03", **v2)
    with w.store.connect() as conn:
        report = charter.round_report(conn, "SCO-1")
        changes = charter.diff(conn, 1, 2)
    assert report["tally"] == {"support": 1, "reservation": 1, "objection": 0}
    assert report["comments"]["4"][0]["actor"] == "BLR"
    assert [(c["article"], c["change"]) for c in changes] == [("4", "changed"), ("12", "added")]
    assert "+" in changes[0]["diff"] and "Digital attacks" in changes[0]["diff"]


def test_signing_for_another_party_is_refused(world: World) -> None:
    from eurasec.record import Statement, sign

    w = world
    establish(w, ["BLR", "KAZ", "RUS"])
    forged = sign(
        Statement(
            "charter.accede",
            "ARM",
            w.record.next_seq("ARM"),
            "2026-02-01T00:00:00Z",
            {"kind": "state"},
        ),
        w.who.keys["RUS"],
    )
    import pytest

    from eurasec.errors import EurasecError

    size = w.record.size()
    with pytest.raises(EurasecError) as info:
        w.record.submit(forged)
    assert info.value.code in {"record_unknown_key", "signature_invalid"}
    assert w.record.size() == size


def test_spells_for_the_registry(world: World) -> None:
    w = world
    establish(w, ["BLR", "KAZ", "RUS"])  # signed 01-06, in force 01-07
    w.act("ARM", "charter.accede", "2026-02-01", kind="state")
    w.act("KAZ", "charter.withdraw", "2026-03-01")
    with w.store.connect() as conn:
        spells = charter.spells(conn)
    assert {
        "actor": "KAZ",
        "role": "signatory",
        "start": "2026-01-06",
        "end": "2026-01-07",
    } in spells
    assert {"actor": "KAZ", "role": "member", "start": "2026-01-07", "end": "2027-03-01"} in spells
    assert {"actor": "ARM", "role": "member", "start": "2026-02-01", "end": None} in spells
