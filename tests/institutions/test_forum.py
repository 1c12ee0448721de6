from __future__ import annotations

import pytest

from eurasec.institutions import forum
from eurasec.institutions.parameters import DEFAULT_RULES
from eurasec.storage import Store

from .conftest import SEC, World, establish, make_world


def test_outcome_rules() -> None:
    assert forum.outcome({"A": "support", "B": "abstain"}, "consensus")
    assert not forum.outcome({"A": "support", "B": "objection"}, "consensus")
    assert not forum.outcome({"A": "abstain"}, "consensus")  # nobody assents
    assert forum.outcome({"A": "support", "B": "reservation", "C": "objection"}, "majority")
    assert not forum.outcome({"A": "support", "B": "objection"}, "majority")
    assert forum.outcome({"A": "support", "B": "support", "C": "objection"}, "two_thirds")
    assert not forum.outcome({"A": "support", "B": "objection", "C": "objection"}, "two_thirds")


def test_rotation_decline_interval_and_consensus(world: World) -> None:
    w = world
    establish(w, ["BLR", "KAZ", "RUS"])  # BLR hosted session 1
    with w.store.connect() as conn:
        assert forum.next_host(conn, 2, "2027-01-05", DEFAULT_RULES) == "KAZ"
    w.act("KAZ", "forum.decline", "2026-06-01", session=2)
    w.rejects("duplicate_act", "KAZ", "forum.decline", "2026-06-02", session=2)
    with w.store.connect() as conn:
        assert forum.next_host(conn, 2, "2027-01-05", DEFAULT_RULES) == "RUS"
        assert forum.next_session_due(conn, DEFAULT_RULES)["due"] == "2027-01-05"
    w.rejects("not_authorised", "KAZ", "forum.convene", "2027-01-05", session=2, place="Astana")
    w.rejects("rule_violation", "RUS", "forum.convene", "2026-07-01", session=2, place="Moscow")
    w.act(
        SEC,
        "wg.agenda",
        "2026-07-01",
        session=2,
        items=[
            {
                "proposal": "res-1",
                "kind": "resolution",
                "subject": {"text": "Open a liaison office."},
            },
            {"proposal": "res-2", "kind": "resolution", "subject": {"text": "Name a mediator."}},
        ],
    )
    w.rejects(
        "rule_violation", "KAZ", "forum.vote", "2026-07-02", proposal="res-1", position="support"
    )  # the session is not convened yet
    w.act("RUS", "forum.convene", "2026-12-10", session=2, place="Moscow")  # within tolerance
    w.rejects(
        "not_authorised", "UZB", "forum.vote", "2026-12-10", proposal="res-1", position="support"
    )
    w.act("BLR", "forum.vote", "2026-12-10", proposal="res-1", position="support")
    w.act("KAZ", "forum.vote", "2026-12-10", proposal="res-1", position="abstain")
    w.act("RUS", "forum.vote", "2026-12-10", proposal="res-1", position="reservation")
    w.rejects(
        "duplicate_act", "RUS", "forum.vote", "2026-12-10", proposal="res-1", position="objection"
    )
    w.act("BLR", "forum.vote", "2026-12-10", proposal="res-2", position="support")
    w.act("KAZ", "forum.vote", "2026-12-10", proposal="res-2", position="objection")
    w.rejects("not_authorised", "BLR", "forum.decide", "2026-12-10", proposal="res-1")
    w.act("RUS", "forum.decide", "2026-12-11", proposal="res-1")  # all voted: no period to wait
    # RUS has not voted on res-2: it stays open for 14 days from the session
    w.rejects("voting_open", "RUS", "forum.decide", "2026-12-11", proposal="res-2")
    w.rejects("voting_open", SEC, "forum.decide", "2026-12-23", proposal="res-2")
    w.act("RUS", "forum.decide", "2026-12-24", proposal="res-2")
    w.rejects("duplicate_act", "RUS", "forum.decide", "2026-12-24", proposal="res-2")
    w.act("RUS", "forum.minutes", "2026-12-24", session=2, text="Two items taken.")
    with w.store.connect() as conn:
        rep = forum.session_report(conn, 2)
        assert forum.next_host(conn, 3, "2027-12-10", DEFAULT_RULES) == "KAZ"
    assert rep["host"] == "RUS" and rep["declined"] == ["KAZ"]
    assert [(a["proposal"], a["outcome"]) for a in rep["agenda"]] == [
        ("res-1", "adopted"),
        ("res-2", "rejected"),
    ]
    assert rep["agenda"][0]["votes"]["KAZ"] == "abstain"


@pytest.mark.parametrize("rule,expected", [("consensus", "rejected"), ("majority", "adopted")])
def test_configured_decision_rule(store: Store, rule: str, expected: str) -> None:
    w = make_world(store)
    rules = {"decision_rules": {"resolution": rule}}
    w.act(SEC, "institutions.configure", "2026-01-01", rules=rules)
    w.rejects("rule_violation", SEC, "institutions.configure", "2026-01-01", rules=rules)
    establish(w, ["BLR", "KAZ", "RUS"])
    w.act(
        SEC,
        "wg.agenda",
        "2026-02-01",
        session=1,
        items=[{"proposal": "r", "kind": "resolution", "subject": {"text": "x"}}],
    )
    for a, pos in (("BLR", "support"), ("KAZ", "support"), ("RUS", "objection")):
        w.act(a, "forum.vote", "2026-02-01", proposal="r", position=pos)
    w.act("BLR", "forum.decide", "2026-02-01", proposal="r")
    with w.store.connect() as conn:
        (item,) = forum.proposals(conn, 1)[1:]
    assert item["rule"] == rule and item["outcome"] == expected
