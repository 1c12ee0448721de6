"""Reports of the Security Fund as of any date, reconciled with the ledger.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, func, select

from eurasec.institutions.fund.ledger import PARTY_KINDS, balances, normal_sign
from eurasec.institutions.schema import (
    fund_balances,
    fund_day_totals,
    fund_postings,
    fund_transactions,
)

__all__ = ["books_balance", "reconcile", "statement", "transactions"]


def transactions(conn: Connection, as_of: str | None = None) -> list[dict[str, Any]]:
    """Every Fund transaction up to ``as_of``, in record order."""
    q = select(fund_transactions).order_by(fund_transactions.c.idx)
    if as_of:
        q = q.where(fund_transactions.c.date <= as_of)
    return [dict(r._mapping) for r in conn.execute(q)]


def statement(conn: Connection, as_of: str) -> dict[str, Any]:
    """Contributions per party and allocations and disbursements per purpose, as of a date.

    Amounts are per currency, in minor units. Read from the daily totals that
    :func:`~eurasec.institutions.fund.ledger.post` keeps, so the cost grows with the days and
    parties, not with the transactions. ``reconciled`` is :func:`books_balance` on those
    totals; :func:`reconcile` checks every posting.
    """
    parties: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"pledged": 0, "contributed": 0, "outstanding": 0})
    )
    purposes: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: {"allocated": 0, "disbursed": 0, "released": 0})
    )
    column = {
        "pledge": "pledged",
        "contribution": "contributed",
        "allocation": "allocated",
        "disbursement": "disbursed",
        "release": "released",
    }
    totals = _kind_totals(conn, as_of)
    for (kind, subject, cur), amount in totals.items():
        table = parties if kind in PARTY_KINDS else purposes
        table[subject][cur][column[kind]] += amount
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
        "reconciled": books_balance(conn, as_of, totals, bals),
    }


def _kind_totals(conn: Connection, as_of: str | None) -> dict[tuple[str, str, str], int]:
    """``(kind, party or purpose, currency) -> amount`` summed over the days up to ``as_of``."""
    t = fund_day_totals
    q = select(t.c.kind, t.c.subject, t.c.currency, func.sum(t.c.amount)).group_by(
        t.c.kind, t.c.subject, t.c.currency
    )
    if as_of:
        q = q.where(t.c.date <= as_of)
    return {(k, s, c): int(a) for k, s, c, a in conn.execute(q)}


def books_balance(
    conn: Connection,
    as_of: str | None,
    totals: dict[tuple[str, str, str], int] | None = None,
    bals: dict[str, int] | None = None,
) -> bool:
    """The ledger's invariants on the daily totals as of a date, without reading postings.

    Each currency's accounts sum to zero, no account is below zero on its normal side, cash
    equals contributions less disbursements, and (for the books as they stand) the kept
    balances equal the daily totals.
    """
    totals = _kind_totals(conn, as_of) if totals is None else totals
    bals = balances(conn, as_of) if bals is None else bals
    net: dict[str, int] = defaultdict(int)
    for acct, value in bals.items():
        net[acct.rsplit(":", 1)[1]] += normal_sign(acct) * value
    flows: dict[str, int] = defaultdict(int)
    for (kind, _subject, cur), amount in totals.items():
        if kind == "contribution":
            flows[cur] += amount
        elif kind == "disbursement":
            flows[cur] -= amount
    cash = {a.split(":")[1]: v for a, v in bals.items() if a.startswith("cash:")}
    ok = not any(net.values()) and all(v >= 0 for v in bals.values())
    ok = ok and {c: v for c, v in flows.items() if v} == {c: v for c, v in cash.items() if v}
    if as_of is None:
        ok = ok and _kept(conn) == {a: v for a, v in balances(conn).items() if v}
    return ok


def _kept(conn: Connection) -> dict[str, int]:
    return {
        r.account: normal_sign(r.account) * int(r.balance)
        for r in conn.execute(select(fund_balances))
        if r.balance
    }


def reconcile(conn: Connection, as_of: str | None = None) -> dict[str, Any]:
    """Check the ledger against its invariants as of a date, from every posting.

    Postings sum to zero per currency; no account is below zero; cash equals contributions
    less disbursements; each transaction's postings sum to zero; the kept balances
    (``fund_balances``) and the daily totals (``fund_day_accounts``) equal the sums of the
    postings.
    """
    q = select(fund_postings.c.currency, func.sum(fund_postings.c.amount)).group_by(
        fund_postings.c.currency
    )
    q2 = select(fund_postings.c.idx, func.sum(fund_postings.c.amount)).group_by(fund_postings.c.idx)
    q3 = select(fund_postings.c.account, func.sum(fund_postings.c.amount)).group_by(
        fund_postings.c.account
    )
    if as_of:
        q = q.where(fund_postings.c.date <= as_of)
        q2 = q2.where(fund_postings.c.date <= as_of)
        q3 = q3.where(fund_postings.c.date <= as_of)
    per_currency = {c: int(s) for c, s in conn.execute(q)}
    unbalanced = [int(i) for i, s in conn.execute(q2) if int(s) != 0]
    posted = {a: normal_sign(a) * int(s) for a, s in conn.execute(q3)}
    negative = {a: v for a, v in posted.items() if v < 0}
    flows: dict[str, int] = defaultdict(int)
    for tx in transactions(conn, as_of):
        if tx["kind"] == "contribution":
            flows[tx["currency"]] += tx["amount"]
        elif tx["kind"] == "disbursement":
            flows[tx["currency"]] -= tx["amount"]
    cash = {a.split(":")[1]: v for a, v in posted.items() if a.startswith("cash:")}
    cash_ok = all(cash.get(c, 0) == v for c, v in flows.items()) and all(
        flows.get(c, 0) == v for c, v in cash.items()
    )
    days = {a: v for a, v in balances(conn, as_of).items() if v}
    days_ok = days == {a: v for a, v in posted.items() if v}
    if as_of:  # the kept balances are today's: compare them with every posting
        everything = select(fund_postings.c.account, func.sum(fund_postings.c.amount))
        every = everything.group_by(fund_postings.c.account)
        posted_now = {a: normal_sign(a) * int(s) for a, s in conn.execute(every)}
    else:
        posted_now = posted
    kept = _kept(conn) == {a: v for a, v in posted_now.items() if v}
    ok = (
        not any(per_currency.values())
        and not unbalanced
        and not negative
        and cash_ok
        and kept
        and days_ok
    )
    return {
        "ok": ok,
        "per_currency": per_currency,
        "unbalanced": unbalanced,
        "negative": negative,
        "cash_matches_flows": cash_ok,
        "balances_match_postings": kept,
        "days_match_postings": days_ok,
    }
