"""Response schemas of the Security Fund: transactions, the statement, the reconciliation.

The core reports amounts as integer minor units keyed by currency
(:mod:`eurasec.institutions.fund.report`); the API turns every amount into
:class:`~eurasec.web.schemas.common.Money` and every currency-keyed map into a list of rows, so
that a row is one party (or purpose, or account) in one currency.

Usage docs: ``docs/reference/api.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from eurasec.web.schemas.common import Money, Page

__all__ = [
    "AccountBalance",
    "PartyMoney",
    "PurposeMoney",
    "ReconciliationPublic",
    "StatementPublic",
    "TransactionPublic",
    "TransactionsPublic",
]


class TransactionPublic(BaseModel):
    """One Fund transaction: the record entry that made it, its kind, parties and amount."""

    index: int = Field(ge=0, description="The record entry of the act that made it.")
    date: dt.date
    kind: Literal["pledge", "contribution", "allocation", "disbursement", "release"]
    party: str | None = Field(description="The paying party, or the payee of a disbursement.")
    purpose: str | None = Field(description="forum, office or project:<id> (money spent).")
    decision: str | None = Field(description="The Forum decision that covers it, if any.")
    amount: Money
    memo: str

    @classmethod
    def of(cls, tx: dict[str, Any]) -> TransactionPublic:
        """A row of :func:`eurasec.institutions.fund.transactions`."""
        return cls(
            index=tx["idx"],
            date=tx["date"],
            kind=tx["kind"],
            party=tx["party"],
            purpose=tx["purpose"],
            decision=tx["decision"],
            amount=Money.of(tx["amount"], tx["currency"]),
            memo=tx["memo"] or "",
        )


class TransactionsPublic(Page[TransactionPublic]):
    """A page of Fund transactions, in record order."""


class PartyMoney(BaseModel):
    """One party's pledges and contributions in one currency."""

    party: str
    currency: str
    pledged: Money
    contributed: Money
    outstanding: Money


class PurposeMoney(BaseModel):
    """Money allocated to one purpose in one currency, and what became of it."""

    purpose: str = Field(description="forum, office or project:<id>.")
    currency: str
    allocated: Money
    disbursed: Money
    released: Money
    remaining: Money


class AccountBalance(BaseModel):
    """One ledger account's balance (``cash:USD``, ``receivable:KAZ:USD`` ...)."""

    account: str
    balance: Money


def _balances(accounts: dict[str, int]) -> list[AccountBalance]:
    return [
        AccountBalance(account=a, balance=Money.of(v, a.rsplit(":", 1)[-1]))
        for a, v in sorted(accounts.items())
    ]


def _money_rows(per: dict[str, dict[str, int]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        {"currency": cur, **{k: Money.of(row[k], cur) for k in keys}}
        for cur, row in sorted(per.items())
    ]


class StatementPublic(BaseModel):
    """The Fund's statement as of a date: who paid what, what was allocated and spent."""

    as_of: dt.date
    parties: list[PartyMoney]
    purposes: list[PurposeMoney]
    cash: list[Money] = Field(description="Cash held, per currency.")
    unallocated: list[Money] = Field(description="Money no Forum decision allocated yet.")
    balances: list[AccountBalance]
    reconciled: bool = Field(description="Whether the ledger passes every invariant then.")

    @classmethod
    def of(cls, s: dict[str, Any], as_of: dt.date) -> StatementPublic:
        """The API form of :func:`eurasec.institutions.fund.statement`."""
        party_keys = ("pledged", "contributed", "outstanding")
        purpose_keys = ("allocated", "disbursed", "released", "remaining")
        return cls(
            as_of=as_of,
            parties=[
                PartyMoney(party=p, **row)
                for p, per in s["parties"].items()
                for row in _money_rows(per, party_keys)
            ],
            purposes=[
                PurposeMoney(purpose=p, **row)
                for p, per in s["purposes"].items()
                for row in _money_rows(per, purpose_keys)
            ],
            cash=[Money.of(v, c) for c, v in sorted(s["cash"].items())],
            unallocated=[Money.of(v, c) for c, v in sorted(s["unallocated"].items())],
            balances=_balances(s["balances"]),
            reconciled=s["reconciled"],
        )


class ReconciliationPublic(BaseModel):
    """The ledger's invariants checked as of a date; ``ok`` when every one holds."""

    as_of: dt.date
    ok: bool
    per_currency: list[Money] = Field(description="Sum of all postings per currency (zero).")
    unbalanced: list[int] = Field(description="Record entries whose postings do not sum to 0.")
    negative: list[AccountBalance] = Field(description="Accounts below zero.")
    cash_matches_flows: bool
    balances_match_postings: bool

    @classmethod
    def of(cls, r: dict[str, Any], as_of: dt.date) -> ReconciliationPublic:
        """The API form of :func:`eurasec.institutions.fund.reconcile`."""
        return cls(
            as_of=as_of,
            ok=r["ok"],
            per_currency=[Money.of(v, c) for c, v in sorted(r["per_currency"].items())],
            unbalanced=r["unbalanced"],
            negative=_balances(r["negative"]),
            cash_matches_flows=r["cash_matches_flows"],
            balances_match_postings=r["balances_match_postings"],
        )
