from __future__ import annotations

from eurasec.institutions import projects
from eurasec.institutions.fund import statement
from eurasec.institutions.parameters import RUBRIC
from eurasec.storage import Store

from .conftest import SEC, World, establish, make_world

GOOD = dict.fromkeys(RUBRIC, 3)


def _world(store: Store, n_projects: int) -> World:
    """In force among three parties; n projects proposed, appraised, approved by session 1."""
    w = make_world(store)
    establish(w, ["BLR", "KAZ", "RUS"])
    for p in ("BLR", "KAZ", "RUS"):
        w.act(p, "wg.nominate", "2026-01-08", member=f"W:{p}")
    w.act("KAZ", "fund.pledge", "2026-01-08", amount=1_000_000, currency="EUR")
    w.act("KAZ", "fund.contribute", "2026-01-08", amount=1_000_000, currency="EUR")
    items = []
    for i in range(n_projects):
        pid = f"p{i}"
        w.act(
            "KAZ",
            "project.propose",
            "2026-01-09",
            project=pid,
            line="disaster_relief",
            title=f"Drill {i}",
            summary="A joint drill.",
            currency="EUR",
            tranches=[{"amount": 100, "milestone": "plan"}, {"amount": 200, "milestone": "drill"}],
        )
        w.act("W:BLR", "project.appraise", "2026-01-09", project=pid, scores=GOOD)
        items += [
            {"proposal": f"ok-{pid}", "kind": "project.approve", "subject": {"project": pid}},
            {
                "proposal": f"fund-{pid}",
                "kind": "fund.allocate",
                "subject": {"purpose": f"project:{pid}", "amount": 300, "currency": "EUR"},
            },
        ]
    w.act("W:RUS", "wg.agenda", "2026-01-10", session=1, items=items)
    for item in items:
        for p in ("BLR", "KAZ", "RUS"):
            w.act(p, "forum.vote", "2026-01-10", proposal=item["proposal"], position="support")
        w.act("BLR", "forum.decide", "2026-01-10", proposal=item["proposal"])
    return w


def test_cap_of_five_active_projects(store: Store) -> None:
    w = _world(store, 6)
    for i in range(5):
        w.act(SEC, "project.approve", "2026-01-11", project=f"p{i}", decision=f"ok-p{i}")
    w.rejects(
        "project_cap_reached", SEC, "project.approve", "2026-01-11", project="p5", decision="ok-p5"
    )
    w.rejects(
        "no_covering_decision", SEC, "project.approve", "2026-01-11", project="p5", decision="ok-p4"
    )
    w.rejects("duplicate_act", SEC, "project.approve", "2026-01-11", project="p4", decision="ok-p4")
    w.rejects(
        "not_authorised", "KAZ", "project.approve", "2026-01-11", project="p5", decision="ok-p5"
    )
    # closing one frees a place
    w.act(SEC, "project.close", "2026-01-12", project="p0", outcome="cancelled")
    w.act(SEC, "project.approve", "2026-01-12", project="p5", decision="ok-p5")
    with w.store.connect() as conn:
        assert projects.active(conn, "2026-01-12") == ["p1", "p2", "p3", "p4", "p5"]
        assert projects.active(conn, "2026-01-11") == ["p0", "p1", "p2", "p3", "p4"]


def test_tranches_follow_milestones_and_close_releases_money(store: Store) -> None:
    w = _world(store, 1)
    w.rejects("rule_violation", SEC, "project.tranche", "2026-01-11", project="p0", tranche=1)
    w.act(SEC, "project.approve", "2026-01-11", project="p0", decision="ok-p0")
    w.rejects(
        "no_covering_decision", SEC, "project.tranche", "2026-01-11", project="p0", tranche=1
    )  # the allocation decision is adopted but not executed yet
    w.act(SEC, "fund.allocate", "2026-01-11", decision="fund-p0")
    w.rejects(
        "rule_violation",
        SEC,
        "fund.disburse",
        "2026-01-11",
        decision="fund-p0",
        amount=10,
        payee="KAZ",
    )
    w.act(SEC, "project.tranche", "2026-01-12", project="p0", tranche=1)
    w.rejects("milestone_missing", SEC, "project.tranche", "2026-01-13", project="p0", tranche=2)
    w.rejects(
        "not_authorised",
        "BLR",
        "project.milestone",
        "2026-01-13",
        project="p0",
        milestone=1,
        report="done",
    )
    w.act("KAZ", "project.milestone", "2026-01-13", project="p0", milestone=1, report="done")
    w.rejects(
        "rule_violation",
        "KAZ",
        "project.milestone",
        "2026-01-13",
        project="p0",
        milestone=2,
        report="too early",
    )
    w.act(SEC, "project.tranche", "2026-01-14", project="p0", tranche=2)
    w.rejects("rule_violation", SEC, "project.tranche", "2026-01-14", project="p0", tranche=3)
    w.act(
        "KAZ",
        "project.result",
        "2026-01-20",
        project="p0",
        summary="Drill held.",
        story="Teams met for the first time.",
    )
    w.act(SEC, "project.close", "2026-01-21", project="p0", outcome="completed")
    with w.store.connect() as conn:
        info = projects.project(conn, "p0", "2026-01-21")
        money = statement(conn, "2026-01-21")
    assert info["status"] == "completed" and info["disbursed"] == 300
    assert [t["tranche"] for t in info["released"]] == [1, 2]
    assert info["results"][0]["story"] == "Teams met for the first time."
    assert money["purposes"]["project:p0"]["EUR"]["remaining"] == 0


def test_appraisal_gate(store: Store) -> None:
    w = make_world(store)
    establish(w, ["BLR", "KAZ", "RUS"])
    w.act("BLR", "wg.nominate", "2026-01-08", member="W:BLR")
    w.rejects(
        "not_authorised",
        "UZB",
        "project.propose",
        "2026-01-08",
        project="x",
        line="mediation",
        title="t",
        summary="s",
        currency="EUR",
        tranches=[{"amount": 1}],
    )
    w.rejects(
        "invalid_input",
        "KAZ",
        "project.propose",
        "2026-01-08",
        project="x",
        line="space_programme",
        title="t",
        summary="s",
        currency="EUR",
        tranches=[{"amount": 1}],
    )
    w.act(
        "KAZ",
        "project.propose",
        "2026-01-08",
        project="x",
        line="mediation",
        title="t",
        summary="s",
        currency="EUR",
        tranches=[{"amount": 1}],
    )
    w.rejects("not_authorised", "W:KAZ", "project.appraise", "2026-01-08", project="x", scores=GOOD)
    w.act(
        "W:BLR", "project.appraise", "2026-01-08", project="x", scores={**GOOD, "measurability": 0}
    )
    w.act(
        "W:BLR",
        "wg.agenda",
        "2026-01-09",
        session=1,
        items=[{"proposal": "ok-x", "kind": "project.approve", "subject": {"project": "x"}}],
    )
    for p in ("BLR", "KAZ", "RUS"):
        w.act(p, "forum.vote", "2026-01-09", proposal="ok-x", position="support")
    w.act("BLR", "forum.decide", "2026-01-09", proposal="ok-x")
    w.rejects(
        "appraisal_failed", SEC, "project.approve", "2026-01-09", project="x", decision="ok-x"
    )
    w.act("W:BLR", "project.appraise", "2026-01-10", project="x", scores=GOOD)
    w.act(SEC, "project.approve", "2026-01-10", project="x", decision="ok-x")
    assert projects.score(dict.fromkeys(RUBRIC, 4)) == 100
