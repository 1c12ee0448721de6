"""Fund acts on the real record: rules, random sequences, concurrent submitters."""

from __future__ import annotations

import threading
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from eurasec.errors import EurasecError
from eurasec.institutions.fund import reconcile, statement
from eurasec.institutions.fund.ledger import balances
from eurasec.institutions.participant import Participants, open_record
from eurasec.record.clock import ManualClock
from eurasec.storage import Store

from ..conftest import SEC, World, establish, make_world

PARTIES = ["BLR", "KAZ", "RUS"]
#: Allocation decisions adopted in session 1: id → (purpose, amount).
DECISIONS = {
    "d-forum": ("forum", 3_000),
    "d-office": ("office", 5_000),
    "d-office-2": ("office", 500),
    "d-big": ("forum", 50_000),
}


def funded_world(store: Store) -> World:
    """The Charter in force among three parties, four allocation decisions adopted."""
    w = make_world(store)
    establish(w, PARTIES)
    w.act(
        SEC,
        "wg.agenda",
        "2026-01-08",
        session=1,
        items=[
            {
                "proposal": d,
                "kind": "fund.allocate",
                "subject": {"purpose": p, "amount": a, "currency": "EUR"},
            }
            for d, (p, a) in DECISIONS.items()
        ],
    )
    for d in DECISIONS:
        for party in PARTIES:
            w.act(party, "forum.vote", "2026-01-08", proposal=d, position="support")
        w.act("BLR", "forum.decide", "2026-01-08", proposal=d)
    return w


def test_fund_rules(store: Store) -> None:
    w = funded_world(store)
    day = "2026-02-01"
    w.rejects("not_authorised", "UZB", "fund.pledge", day, amount=100, currency="EUR")
    w.rejects("invalid_input", "KAZ", "fund.pledge", day, amount=-5, currency="EUR")
    w.rejects("invalid_input", "KAZ", "fund.pledge", day, amount=5, currency="eur")
    w.act("KAZ", "fund.pledge", day, amount=10_000, currency="EUR")
    w.rejects("exceeds_pledge", "KAZ", "fund.contribute", day, amount=10_001, currency="EUR")
    w.rejects("exceeds_pledge", "KAZ", "fund.contribute", day, amount=1, currency="USD")
    w.act("KAZ", "fund.contribute", day, amount=4_000, currency="EUR")
    w.rejects("not_authorised", "KAZ", "fund.allocate", day, decision="d-forum")
    w.rejects("no_covering_decision", SEC, "fund.allocate", day, decision="adopt")
    w.rejects(
        "no_covering_decision",
        SEC,
        "fund.disburse",
        day,
        decision="d-forum",
        amount=10,
        payee="BLR",
    )
    w.rejects("no_covering_decision", SEC, "fund.disburse", day, amount=10, payee="BLR")
    w.act(SEC, "fund.allocate", day, decision="d-forum")
    w.rejects("duplicate_act", SEC, "fund.allocate", day, decision="d-forum")
    w.rejects("insufficient_funds", SEC, "fund.allocate", day, decision="d-big")
    w.act(SEC, "fund.disburse", day, decision="d-forum", amount=2_000, payee="BLR")
    w.rejects(
        "over_budget", SEC, "fund.disburse", day, decision="d-forum", amount=1_001, payee="BLR"
    )
    w.act(SEC, "fund.allocate", day, decision="d-office")
    w.rejects(
        "insufficient_funds",
        SEC,
        "fund.disburse",
        day,
        decision="d-office",
        amount=2_001,
        payee="SECRETARIAT",
    )
    with w.store.connect() as conn:
        s = statement(conn, day)
        assert s["parties"]["KAZ"]["EUR"] == {
            "pledged": 10_000,
            "contributed": 4_000,
            "outstanding": 6_000,
        }
        assert s["purposes"]["forum"]["EUR"]["remaining"] == 1_000
        assert s["cash"] == {"EUR": 2_000} and s["reconciled"]
        assert statement(conn, "2026-01-31")["cash"] == {}


def test_random_fund_acts_conserve_money(store: Store) -> None:
    """Random pledges, contributions, allocations and disbursements, one world throughout.

    The examples run one after another on the same record, so the state they test grows
    with every example; the totals below count every act the record accepted.
    """
    w = funded_world(store)
    totals = {"contributed": 0, "disbursed": 0}

    @settings(max_examples=40)
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["pledge", "contribute", "allocate", "disburse"]),
                st.sampled_from(PARTIES),
                st.sampled_from(sorted(DECISIONS)),
                st.integers(min_value=1, max_value=6_000),
            ),
            min_size=1,
            max_size=8,
        )
    )
    def run(ops: list[tuple[str, str, str, int]]) -> None:
        for op, party, decision, amount in ops:
            payload: dict[str, Any]
            if op in ("pledge", "contribute"):
                actor, payload = party, {"amount": amount, "currency": "EUR"}
            elif op == "allocate":
                actor, payload = SEC, {"decision": decision}
            else:
                actor, payload = SEC, {"decision": decision, "amount": amount, "payee": party}
            try:
                w.act(actor, f"fund.{op}", "2026-03-01", **payload)
            except EurasecError as exc:
                assert exc.code in {
                    "exceeds_pledge",
                    "insufficient_funds",
                    "over_budget",
                    "no_covering_decision",
                    "duplicate_act",
                }, exc
                continue
            totals["contributed"] += amount if op == "contribute" else 0
            totals["disbursed"] += amount if op == "disburse" else 0
            with store.connect() as conn:
                bals = balances(conn)
                assert all(v >= 0 for v in bals.values()), bals
                assert bals.get("cash:EUR", 0) == totals["contributed"] - totals["disbursed"]
                assets = sum(v for a, v in bals.items() if a.startswith(("cash", "receivable")))
                funds = sum(
                    v for a, v in bals.items() if a.startswith(("unallocated", "allocated"))
                )
                assert assets == funds
                assert reconcile(conn)["ok"]

    run()
    with store.connect() as conn:
        assert statement(conn, "2026-03-01")["reconciled"]


def ready_to_pay(store: Store) -> World:
    """Pledges from every party, 3,000 EUR paid in, the 3,000 EUR forum decision executed."""
    w = funded_world(store)
    for p in PARTIES:
        w.act(p, "fund.pledge", "2026-02-01", amount=1_000_000, currency="EUR")
    w.act("KAZ", "fund.contribute", "2026-02-01", amount=3_000, currency="EUR")
    w.act(SEC, "fund.allocate", "2026-02-01", decision="d-forum")
    return w


def test_concurrent_submitters_never_lose_money(store: Store) -> None:
    w = ready_to_pay(store)
    errors: list[BaseException] = []
    ok: dict[str, int] = {}
    n = 15

    def run(actor: str) -> None:
        # each thread has its own Record, as a separate process would
        clock = ManualClock("2026-02-02T00:00:00Z")
        who = Participants(open_record(store, clock), {actor: w.who.keys[actor]})
        total = 0
        for _ in range(n):
            try:
                if actor == SEC:
                    who.act(
                        SEC,
                        "fund.disburse",
                        "2026-02-02T00:00:00Z",
                        decision="d-forum",
                        amount=250,
                        payee="BLR",
                    )
                else:
                    who.act(
                        actor, "fund.contribute", "2026-02-02T00:00:00Z", amount=7, currency="EUR"
                    )
                total += 250 if actor == SEC else 7
            except EurasecError as exc:
                if exc.code != "over_budget":
                    errors.append(exc)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)
        ok[actor] = total

    threads = [threading.Thread(target=run, args=(a,)) for a in [*PARTIES, SEC]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with store.connect() as conn:
        s = statement(conn, "2026-12-31")
        assert s["reconciled"]
        assert ok[SEC] == 3_000  # 12 of the 15 disbursements fit the allocation, no more
        assert s["purposes"]["forum"]["EUR"]["disbursed"] == 3_000
        for p in PARTIES:
            extra = 3_000 if p == "KAZ" else 0
            assert s["parties"][p]["EUR"]["contributed"] == ok[p] + extra == n * 7 + extra
        assert s["cash"]["EUR"] == 3_000 + 3 * n * 7 - 3_000


def test_concurrent_processes_never_lose_money(store: Store) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from eurasec.record.keys import private_key_pem

    from ._worker import submit_many

    w = ready_to_pay(store)
    search_path = None
    if store.backend == "postgresql":
        with store.connect() as conn:
            search_path = str(conn.exec_driver_sql("SHOW search_path").scalar())
    n = 12
    jobs = {p: ("fund.contribute", {"amount": 11, "currency": "EUR"}) for p in PARTIES} | {
        SEC: ("fund.disburse", {"decision": "d-forum", "amount": 400, "payee": "KAZ"})
    }
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=len(jobs), mp_context=ctx) as pool:
        futures = {
            a: pool.submit(
                submit_many,
                store.url,
                search_path,
                a,
                private_key_pem(w.who.keys[a]),
                n,
                act,
                payload,
            )
            for a, (act, payload) in jobs.items()
        }
        results = {a: f.result() for a, f in futures.items()}
    for a, (accepted, refused) in results.items():
        if a == SEC:
            assert accepted == 7 and set(refused) == {"over_budget"}  # 7 x 400 <= 3000
        else:
            assert accepted == n and refused == []
    with store.connect() as conn:
        s = statement(conn, "2026-12-31")
    assert s["reconciled"]
    assert s["purposes"]["forum"]["EUR"]["disbursed"] == 7 * 400
    assert s["cash"]["EUR"] == 3_000 + 3 * n * 11 - 7 * 400
