"""Reports of the Security Fund as of any date, reconciled with the ledger.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, func, select

from eurasec.institutions.fund.ledger import balances, normal_sign
from eurasec.institutions.schema import fund_balances, fund_postings, fund_transactions

__all__ = ["reconcile", "statement", "transactions"]


def transactions(conn: Connection, as_of: str | None = None) -> list[dict[str, Any]]:
    """Every Fund transaction up to ``as_of``, in record order."""
    q = select(fund_transactions).order_by(fund_transactions.c.idx)
    if as_of:
        q = q.where(fund_transactions.c.date <= as_of)
    return [dict(r._mapping) for r in conn.execute(q)]


def statement(conn: Connection, as_of: str) -> dict[str, Any]:
    """Contributions per party and allocations and disbursements per purpose, as of a date.

    Amounts are per currency, in minor units.
    """
    parties: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"pledged": 0, "contributed": 0, "outstanding": 0})
    )
    purposes: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"allocated": 0, "disbursed": 0, "released": 0})
    )
    for tx in transactions(conn, as_of):
        cur, amt = tx["currency"], tx["amount"]
        if tx["kind"] == "pledge":
            parties[tx["party"]][cur]["pledged"] += amt
        elif tx["kind"] == "contribution":
            parties[tx["party"]][cur]["contributed"] += amt
        elif tx["kind"] == "allocation":
            purposes[tx["purpose"]][cur]["allocated"] += amt
        elif tx["kind"] == "disbursement":
            purposes[tx["purpose"]][cur]["disbursed"] += amt
        elif tx["kind"] == "release":
            purposes[tx["purpose"]][cur]["released"] += amt
    for per_cur in parties.values():
        for row in per_cur.values():
            row["outstanding"] = row["pledged"] - row["contributed"]
    for per_cur in purposes.values():
        for row in per_cur.values():
            row["remaining"] = row["allocated"] - row["disbursed"] - row["released"]
    bals = balances(conn, as_of)
    cash = {a.split(":")[1]: v for a, v in bals.items() if a.startswith("cash:")}
    unallocated = {a.split(":")[1]: v for a, v in bals.items() if a.startswith("unallocated:")}
    return {
        "as_of": as_of,
        "parties": {p: dict(v) for p, v in sorted(parties.items())},
        "purposes": {p: dict(v) for p, v in sorted(purposes.items())},
        "cash": cash,
        "unallocated": unallocated,
        "balances": dict(sorted(bals.items())),
        "reconciled": reconcile(conn, as_of)["ok"],
    }


def reconcile(conn: Connection, as_of: str | None = None) -> dict[str, Any]:
    """Check the ledger against its invariants as of a date.

    Postings sum to zero per currency; no account is below zero; cash equals contributions
    less disbursements; each transaction's postings sum to zero; the kept balances
    (``fund_balances``) equal the sums of all postings.
    """
    q = select(fund_postings.c.currency, func.sum(fund_postings.c.amount)).group_by(
        fund_postings.c.currency
    )
    q2 = select(fund_postings.c.idx, func.sum(fund_postings.c.amount)).group_by(fund_postings.c.idx)
    if as_of:
        q = q.where(fund_postings.c.date <= as_of)
        q2 = q2.where(fund_postings.c.date <= as_of)
    per_currency = {c: int(s) for c, s in conn.execute(q)}
    unbalanced = [int(i) for i, s in conn.execute(q2) if int(s) != 0]
    bals = balances(conn, as_of)
    negative = {a: v for a, v in bals.items() if v < 0}
    flows: dict[str, int] = defaultdict(int)
    for tx in transactions(conn, as_of):
        if tx["kind"] == "contribution":
            flows[tx["currency"]] += tx["amount"]
        elif tx["kind"] == "disbursement":
            flows[tx["currency"]] -= tx["amount"]
    cash = {a.split(":")[1]: v for a, v in bals.items() if a.startswith("cash:")}
    cash_ok = all(cash.get(c, 0) == v for c, v in flows.items()) and all(
        flows.get(c, 0) == v for c, v in cash.items()
    )
    # balances() sums postings (debit > 0) then applies the normal sign; fund_balances keeps
    # the raw sum, so compare like with like.
    stored = {
        r.account: normal_sign(r.account) * int(r.balance)
        for r in conn.execute(select(fund_balances))
    }
    kept = {a: v for a, v in stored.items() if v} == {a: v for a, v in balances(conn).items() if v}
    ok = not any(per_currency.values()) and not unbalanced and not negative and cash_ok and kept
    return {
        "ok": ok,
        "per_currency": per_currency,
        "unbalanced": unbalanced,
        "negative": negative,
        "cash_matches_flows": cash_ok,
        "balances_match_postings": kept,
    }
