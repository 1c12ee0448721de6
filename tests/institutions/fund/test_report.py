"""The Fund's statement from its daily totals equals one summed from every transaction.

The statement reads ``fund_day_totals`` and ``fund_day_accounts`` (kept by ``ledger.post``)
instead of every transaction and posting; here it is compared, on the sandbox's Fund and for
every date an act happened, with the same statement computed the old way from the
transactions and postings themselves. The migration that adds the daily totals fills them
from a ledger that exists (``institutions_0003``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from alembic import command
from sqlalchemy import Connection, func, select

from eurasec.institutions.fund import reconcile, statement, transactions
from eurasec.institutions.fund.ledger import normal_sign
from eurasec.institutions.sandbox import play
from eurasec.institutions.schema import fund_day_accounts, fund_day_totals, fund_postings
from eurasec.storage import Store
from eurasec.storage.schema_version import _config

PARTIES = ["KAZ", "RUS", "CHN", "IND", "UZB", "SCO"]


def _summed(conn: Connection, as_of: str) -> dict[str, Any]:
    """The statement as it was computed before the daily totals: from every row."""
    parties: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"pledged": 0, "contributed": 0, "outstanding": 0})
    )
    purposes: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"allocated": 0, "disbursed": 0, "released": 0})
    )
    column = {"pledge": "pledged", "contribution": "contributed", "allocation": "allocated",
              "disbursement": "disbursed", "release": "released"}  # fmt: skip
    for tx in transactions(conn, as_of):
        if tx["kind"] in ("pledge", "contribution"):
            row = parties[tx["party"]][tx["currency"]]
        else:
            row = purposes[tx["purpose"]][tx["currency"]]
        row[column[tx["kind"]]] += tx["amount"]
    for per in parties.values():
        for row in per.values():
            row["outstanding"] = row["pledged"] - row["contributed"]
    for per in purposes.values():
        for row in per.values():
            row["remaining"] = row["allocated"] - row["disbursed"] - row["released"]
    q = (
        select(fund_postings.c.account, func.sum(fund_postings.c.amount))
        .where(fund_postings.c.date <= as_of)
        .group_by(fund_postings.c.account)
    )
    bals = {a: normal_sign(a) * int(s) for a, s in conn.execute(q)}
    return {
        "parties": {p: dict(v) for p, v in sorted(parties.items())},
        "purposes": {p: dict(v) for p, v in sorted(purposes.items())},
        "balances": dict(sorted(bals.items())),
    }


def test_the_statement_from_daily_totals_equals_the_sum_of_every_row(store: Store) -> None:
    report = play(store, PARTIES)
    days = sorted({e.date for e in report.events})
    with store.connect() as conn:
        for day in [*days, "2025-01-01", "2099-12-31"]:
            got = statement(conn, day)
            want = _summed(conn, day)
            assert {k: got[k] for k in want} == want, day
            assert got["reconciled"] is True
        assert reconcile(conn)["ok"] and reconcile(conn, days[len(days) // 2])["ok"]


def test_the_migration_fills_the_daily_totals_from_the_ledger(store: Store) -> None:
    play(store, PARTIES)
    with store.connect() as conn:
        before = (_rows(conn, fund_day_totals), _rows(conn, fund_day_accounts))
    assert before[0] and before[1]
    cfg = _config()
    with store.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "institutions_0002")  # a store from before the daily totals
        command.upgrade(cfg, "heads")  # fills them from the transactions and postings
    with store.connect() as conn:
        assert (_rows(conn, fund_day_totals), _rows(conn, fund_day_accounts)) == before
        assert reconcile(conn)["ok"]


def test_reconcile_notices_daily_totals_that_disagree_with_the_postings(store: Store) -> None:
    play(store, PARTIES)
    with store.begin() as conn:
        conn.execute(fund_day_accounts.update().values(amount=fund_day_accounts.c.amount + 1))
    with store.connect() as conn:
        found = reconcile(conn)
        assert not found["ok"] and not found["days_match_postings"]
        assert statement(conn, "2099-12-31")["reconciled"] is False


def _rows(conn: Connection, table: Any) -> list[tuple[Any, ...]]:
    return sorted(tuple(r) for r in conn.execute(select(table)))
