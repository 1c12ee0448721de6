"""The Security Fund's acts: pledge, contribute, allocate and disburse.

=================  ==============================================================================
``fund.pledge``     a Forum member pledges ``amount`` of ``currency``
``fund.contribute`` the member pays (part of) what it pledged and has not yet paid
``fund.allocate``   the secretariat executes an adopted ``fund.allocate`` decision, once
``fund.disburse``   the secretariat pays out under an executed allocation decision
=================  ==============================================================================

A disbursement names the decision that covers it; it is refused without one
(``no_covering_decision``), beyond what the decision allocated (``over_budget``), or beyond the
cash the Fund holds (``insufficient_funds``). Project money goes out as tranches
(:mod:`eurasec.institutions.projects`), not through ``fund.disburse``.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from sqlalchemy import Connection, func, select

from eurasec.institutions import charter, forum
from eurasec.institutions._act import Act, ActFn, Handler, deny, forbid
from eurasec.institutions.fund.ledger import Posting, account, balance, post
from eurasec.institutions.schema import (
    fund_balances,
    fund_day_accounts,
    fund_day_totals,
    fund_postings,
    fund_transactions,
)

__all__ = ["FundHandler", "allocation", "disbursed_under", "pay_out"]


def allocation(conn: Connection, decision: str) -> dict[str, Any] | None:
    """The executed allocation for ``decision``: ``{purpose, amount, currency, date}``."""
    row = conn.execute(
        select(fund_transactions).where(
            (fund_transactions.c.decision == decision) & (fund_transactions.c.kind == "allocation")
        )
    ).first()
    if row is None:
        return None
    return {
        "purpose": row.purpose,
        "amount": row.amount,
        "currency": row.currency,
        "date": row.date,
    }


def disbursed_under(conn: Connection, decision: str) -> int:
    """What has been paid out under ``decision`` so far."""
    q = select(func.coalesce(func.sum(fund_transactions.c.amount), 0)).where(
        (fund_transactions.c.decision == decision) & (fund_transactions.c.kind == "disbursement")
    )
    return int(conn.execute(q).scalar() or 0)


def _secretariat(act: Act) -> None:
    if act.actor != act.rules.secretariat:
        raise deny(f"only the secretariat ({act.rules.secretariat}) keeps the Fund's books")


def _pledge(act: Act) -> None:
    if not charter.is_member(act.conn, act.actor, act.day, act.rules):
        raise deny(f"{act.actor} is not a member of the Forum and cannot pledge")
    amount, cur = act.amount(), act.currency()
    post(
        act.conn,
        idx=act.index,
        date=act.day,
        kind="pledge",
        party=act.actor,
        memo=act.text("note", default=""),
        write=act.write,
        postings=[
            Posting(account("receivable", act.actor, cur), cur, amount),
            Posting(account("unallocated", cur), cur, -amount),
        ],
    )


def _contribute(act: Act) -> None:
    amount, cur = act.amount(), act.currency()
    owed = balance(act.conn, account("receivable", act.actor, cur))
    if amount > owed:
        raise forbid(
            f"{act.actor} has {owed} {cur} of pledges outstanding, less than {amount}",
            "exceeds_pledge",
        )
    post(
        act.conn,
        idx=act.index,
        date=act.day,
        kind="contribution",
        party=act.actor,
        memo=act.text("note", default=""),
        write=act.write,
        postings=[
            Posting(account("cash", cur), cur, amount),
            Posting(account("receivable", act.actor, cur), cur, -amount),
        ],
    )


def _allocate(act: Act) -> None:
    _secretariat(act)
    decision = act.ident("decision")
    subject = forum.decided(act.conn, decision, "fund.allocate", act.day)
    if subject is None:
        raise forbid(f"{decision} is not an adopted allocation decision", "no_covering_decision")
    if allocation(act.conn, decision) is not None:
        raise forbid(f"decision {decision} was already executed", "duplicate_act")
    cur, amount, purpose = subject["currency"], int(subject["amount"]), subject["purpose"]
    free = balance(act.conn, account("unallocated", cur))
    if amount > free:
        raise forbid(
            f"the Fund has {free} {cur} unallocated, less than {amount}", "insufficient_funds"
        )
    post(
        act.conn,
        idx=act.index,
        date=act.day,
        kind="allocation",
        purpose=purpose,
        decision=decision,
        memo=act.text("note", default=""),
        write=act.write,
        postings=[
            Posting(account("unallocated", cur), cur, amount),
            Posting(account("allocated", purpose, cur), cur, -amount),
        ],
    )


def pay_out(act: Act, decision: str, amount: int, *, payee: str, memo: str) -> None:
    """Disburse ``amount`` under ``decision`` (shared by fund.disburse and project tranches)."""
    alloc = allocation(act.conn, decision)
    if alloc is None or alloc["date"] > act.day:
        raise forbid(
            f"no executed allocation decision {decision} covers this payment",
            "no_covering_decision",
        )
    cur, purpose = alloc["currency"], alloc["purpose"]
    left = alloc["amount"] - disbursed_under(act.conn, decision)
    if amount > left or amount > balance(act.conn, account("allocated", purpose, cur)):
        raise forbid(
            f"decision {decision} has {left} {cur} left, less than {amount}", "over_budget"
        )
    cash = balance(act.conn, account("cash", cur))
    if amount > cash:
        raise forbid(
            f"the Fund holds {cash} {cur} in cash, less than {amount}", "insufficient_funds"
        )
    post(
        act.conn,
        idx=act.index,
        date=act.day,
        kind="disbursement",
        party=payee,
        purpose=purpose,
        decision=decision,
        memo=memo,
        write=act.write,
        postings=[
            Posting(account("allocated", purpose, cur), cur, amount),
            Posting(account("cash", cur), cur, -amount),
        ],
    )


def _disburse(act: Act) -> None:
    _secretariat(act)
    decision = str(act.payload.get("decision") or "")
    if not decision:
        raise forbid("a disbursement must name the decision that covers it", "no_covering_decision")
    alloc = allocation(act.conn, decision)
    if alloc is not None and str(alloc["purpose"]).startswith("project:"):
        raise forbid("project money is released as tranches (project.tranche)")
    pay_out(
        act,
        decision,
        act.amount(),
        payee=act.text("payee", max_len=64),
        memo=act.text("memo", default=""),
    )


class FundHandler(Handler):
    """Projection of every ``fund.*`` act onto the ledger."""

    acts: ClassVar[Mapping[str, ActFn]] = {
        "fund.pledge": _pledge,
        "fund.contribute": _contribute,
        "fund.allocate": _allocate,
        "fund.disburse": _disburse,
    }
    tables = (fund_transactions, fund_postings, fund_balances, fund_day_totals, fund_day_accounts)
