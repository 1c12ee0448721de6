"""The Security Fund's double-entry ledger, in integer minor units with a currency per account.

Chart of accounts (the account id carries the currency as its last part):

=========================  =======  ==========================================================
``cash:CUR``               debit    money the Fund holds
``receivable:PARTY:CUR``   debit    pledged by a party, not yet received
``unallocated:CUR``        credit   pledged money no Forum decision has allocated yet
``allocated:PURPOSE:CUR``  credit   allocated by a decision to ``forum``, ``office`` or
                                    ``project:<id>``, not yet disbursed
=========================  =======  ==========================================================

Every transaction is a list of postings (debit > 0, credit < 0) that sums to zero in each
currency, and no account may end below zero on its normal side. Those two invariants are
checked by :func:`post` before anything is written, so a rejected transaction leaves no trace.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from eurasec.errors import LedgerUnbalanced
from eurasec.institutions.schema import fund_balances, fund_postings, fund_transactions

__all__ = ["Posting", "account", "balance", "balances", "normal_sign", "post"]


@dataclass(frozen=True)
class Posting:
    """One line of a transaction: ``amount`` > 0 debits ``account``, < 0 credits it."""

    account: str
    currency: str
    amount: int


def account(*parts: str) -> str:
    """An account id from its parts, e.g. ``account("receivable", "KAZ", "EUR")``."""
    return ":".join(parts)


def normal_sign(account_id: str) -> int:
    """+1 for debit-normal accounts (assets), -1 for credit-normal ones (fund balances)."""
    return 1 if account_id.split(":", 1)[0] in ("cash", "receivable") else -1


def balance(conn: Connection, account_id: str, as_of: str | None = None) -> int:
    """The balance of ``account_id`` on its normal side (never negative), as of a date.

    The current balance is one row of ``fund_balances``; a past one sums the postings.
    """
    if as_of is None:
        now = conn.execute(
            select(fund_balances.c.balance).where(fund_balances.c.account == account_id)
        ).scalar()
        return normal_sign(account_id) * int(now or 0)
    q = select(func.coalesce(func.sum(fund_postings.c.amount), 0)).where(
        fund_postings.c.account == account_id
    )
    q = q.where(fund_postings.c.date <= as_of)
    return normal_sign(account_id) * int(conn.execute(q).scalar() or 0)


def balances(conn: Connection, as_of: str | None = None) -> dict[str, int]:
    """Every account's balance on its normal side, as of a date."""
    q = select(fund_postings.c.account, func.sum(fund_postings.c.amount)).group_by(
        fund_postings.c.account
    )
    if as_of:
        q = q.where(fund_postings.c.date <= as_of)
    return {a: normal_sign(a) * int(s) for a, s in conn.execute(q)}


def post(
    conn: Connection,
    *,
    idx: int,
    date: str,
    kind: str,
    postings: Sequence[Posting],
    party: str | None = None,
    purpose: str | None = None,
    decision: str | None = None,
    memo: str = "",
    write: bool = True,
) -> None:
    """Check, and when ``write`` record, one balanced transaction.

    Raises :class:`~eurasec.errors.LedgerUnbalanced` if the postings do not sum to zero per
    currency, if an account's currency differs from its posting's, or if an account would go
    below zero on its normal side.
    """
    totals: dict[str, int] = defaultdict(int)
    per_account: dict[str, int] = defaultdict(int)
    for p in postings:
        if p.amount == 0 or not p.account.endswith(f":{p.currency}"):
            raise LedgerUnbalanced(f"posting {p} is zero or in the wrong currency")
        totals[p.currency] += p.amount
        per_account[p.account] += p.amount
    if any(totals.values()) or not postings:
        raise LedgerUnbalanced(f"{kind} does not balance: {dict(totals)}")
    current = {
        a: int(b)
        for a, b in conn.execute(
            select(fund_balances.c.account, fund_balances.c.balance).where(
                fund_balances.c.account.in_(list(per_account))
            )
        )
    }
    for acct, delta in per_account.items():
        after = normal_sign(acct) * (current.get(acct, 0) + delta)
        if after < 0:
            raise LedgerUnbalanced(f"{kind} would take {acct} below zero ({after})")
    if not write:
        return
    for acct, delta in per_account.items():
        if acct in current:
            conn.execute(
                fund_balances.update()
                .where(fund_balances.c.account == acct)
                .values(balance=current[acct] + delta)
            )
        else:
            currency = acct.rsplit(":", 1)[1]
            conn.execute(
                fund_balances.insert().values(account=acct, currency=currency, balance=delta)
            )
    currency = postings[0].currency
    amount = sum(p.amount for p in postings if p.amount > 0 and p.currency == currency)
    conn.execute(
        fund_transactions.insert().values(
            idx=idx,
            date=date,
            kind=kind,
            party=party,
            purpose=purpose,
            decision=decision,
            currency=currency,
            amount=amount,
            memo=memo,
        )
    )
    conn.execute(
        fund_postings.insert(),
        [
            {
                "idx": idx,
                "line": i,
                "account": p.account,
                "currency": p.currency,
                "amount": p.amount,
                "date": date,
            }
            for i, p in enumerate(postings)
        ],
    )
