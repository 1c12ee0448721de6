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
With each transaction :func:`post` also keeps each account's balance (``fund_balances``) and
the day's totals (``fund_day_totals`` per kind and party or purpose, ``fund_day_accounts``
per account), from which the reports answer as of any date without reading every posting.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from eurasec.errors import LedgerUnbalanced
from eurasec.institutions.schema import fund_day_accounts
from eurasec.storage.append_cache import append_cache
from eurasec.storage.raw import raw_query

__all__ = ["PARTY_KINDS", "Posting", "account", "balance", "balances", "normal_sign", "post"]

#: Transaction kinds whose daily totals are kept per party; the others are kept per purpose.
PARTY_KINDS = ("pledge", "contribution")
#: The append cache's section for ``fund_balances``: account → stored balance (0: no row).
_CACHE = "fund_balances"
#: The acts that post to the ledger: the Fund's, and projects' tranches.
_WRITERS = ("fund.", "project.")


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

    The current balance is one row of ``fund_balances``; a past one sums the daily totals
    (``fund_day_accounts``).
    """
    if as_of is None:
        return normal_sign(account_id) * _current(conn, [account_id]).get(account_id, 0)
    q = select(func.coalesce(func.sum(fund_day_accounts.c.amount), 0)).where(
        fund_day_accounts.c.account == account_id, fund_day_accounts.c.date <= as_of
    )
    return normal_sign(account_id) * int(conn.execute(q).scalar() or 0)


def balances(conn: Connection, as_of: str | None = None) -> dict[str, int]:
    """Every account's balance on its normal side, as of a date (from the daily totals)."""
    q = select(fund_day_accounts.c.account, func.sum(fund_day_accounts.c.amount)).group_by(
        fund_day_accounts.c.account
    )
    if as_of:
        q = q.where(fund_day_accounts.c.date <= as_of)
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
    # An account no posting can take below zero is never below zero on its normal side, so a
    # posting that moves it further from zero (a pledge: both of its) needs no read to check.
    lowered = [a for a, delta in per_account.items() if normal_sign(a) * delta < 0]
    current = _current(conn, lowered) if lowered else {}
    for acct in lowered:
        after = normal_sign(acct) * (current.get(acct, 0) + per_account[acct])
        if after < 0:
            raise LedgerUnbalanced(f"{kind} would take {acct} below zero ({after})")
    if not write:
        return
    _write(conn, idx, date, kind, postings, per_account, party, purpose, decision, memo)


def _current(conn: Connection, accounts: list[str]) -> dict[str, int]:
    """The kept balances of ``accounts`` (a transaction has two, as a rule); 0 for no row.

    From the append cache where it holds them; what it lacks is read and put there.
    """
    cache = append_cache(conn)
    part = None if cache is None else cache.section(_CACHE, _WRITERS)
    found: dict[str, int] = {}
    missing = accounts
    if part is not None:
        found = {a: part[a] for a in accounts if a in part}
        missing = [a for a in accounts if a not in found]
    if len(missing) == 2:
        rows = raw_query(
            conn, "SELECT account, balance FROM fund_balances WHERE account IN (?, ?)", missing
        )
    else:
        rows = [
            row
            for a in missing
            for row in raw_query(
                conn, "SELECT account, balance FROM fund_balances WHERE account = ?", [a]
            )
        ]
    read = dict.fromkeys(missing, 0) | {str(a): int(b) for a, b in rows}
    if part is not None:
        part.update(read)
    return found | read


def _write(
    conn: Connection,
    idx: int,
    date: str,
    kind: str,
    postings: Sequence[Posting],
    per_account: dict[str, int],
    party: str | None,
    purpose: str | None,
    decision: str | None,
    memo: str,
) -> None:
    """The transaction's rows: balances, the transaction, its postings and the day's totals.

    Straight to the driver (:mod:`eurasec.storage.raw`): this runs for every Fund act inside
    the record's write lock, where SQLAlchemy's per-statement cost would be most of the work;
    on PostgreSQL as one statement (each insert a data-modifying ``WITH``), one round trip.
    Balances move by their deltas (an upsert), whether the account has a row yet or not.
    """
    currency = postings[0].currency
    amount = sum(p.amount for p in postings if p.amount > 0 and p.currency == currency)
    subject = (party if kind in PARTY_KINDS else purpose) or ""
    accounts = [(a, a.rsplit(":", 1)[1], d) for a, d in per_account.items()]
    lines = [(idx, n, p.account, p.currency, p.amount, date) for n, p in enumerate(postings)]
    params: list[list[object]] = [
        [v for row in accounts for v in row],
        [idx, date, kind, party, purpose, decision, currency, amount, memo],
        [v for line in lines for v in line],
        [date, kind, subject, currency, amount],
        [v for a, cur, d in accounts for v in (date, a, cur, d)],
    ]
    statements = _write_sql(len(accounts), len(postings), conn.dialect.name == "postgresql")
    if len(statements) == 1:
        raw_query(conn, statements[0], [v for part in params for v in part])
    else:
        for sql, values in zip(statements, params, strict=True):
            raw_query(conn, sql, values)
    cache = append_cache(conn)
    if cache is not None:  # the balances moved by their deltas: so do the cached ones
        cached = cache.section(_CACHE, _WRITERS)
        for acct, delta in per_account.items():
            if acct in cached:
                cached[acct] += delta


_WRITES = (
    "INSERT INTO fund_balances (account, currency, balance) VALUES {3} ON CONFLICT (account) "
    "DO UPDATE SET balance = fund_balances.balance + excluded.balance",
    "INSERT INTO fund_transactions (idx, date, kind, party, purpose, decision, currency, amount, "
    "memo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "INSERT INTO fund_postings (idx, line, account, currency, amount, date) VALUES {6}",
    "INSERT INTO fund_day_totals (date, kind, subject, currency, amount, n) "
    "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (date, kind, subject, currency) DO UPDATE SET "
    "amount = fund_day_totals.amount + excluded.amount, n = fund_day_totals.n + 1",
    "INSERT INTO fund_day_accounts (date, account, currency, amount) VALUES {4} "
    "ON CONFLICT (date, account) DO UPDATE SET amount = fund_day_accounts.amount + excluded.amount",
)


@functools.cache
def _write_sql(accounts: int, postings: int, one_statement: bool) -> tuple[str, ...]:
    """The statements of :func:`_write` for so many accounts and postings, with bound parameters."""

    def rows(n: int, width: int) -> str:
        return ", ".join(["(" + ", ".join(["?"] * width) + ")"] * n)

    sizes = {"{3}": (accounts, 3), "{6}": (postings, 6), "{4}": (accounts, 4)}
    parts = []
    for sql in _WRITES:
        for mark, (n, width) in sizes.items():
            sql = sql.replace(mark, rows(n, width))
        parts.append(sql)
    if not one_statement:
        return tuple(parts)
    head = ", ".join(f"w{i} AS ({sql})" for i, sql in enumerate(parts[:-1]))
    return (f"WITH {head} {parts[-1]}",)
