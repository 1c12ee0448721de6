"""The Security Fund: a double-entry ledger, its acts, reports and the assessed scale.

Usage docs: ``docs/concepts/institutions.md``.
"""

from eurasec.institutions.fund.acts import FundHandler, allocation, disbursed_under
from eurasec.institutions.fund.ledger import Posting, balance, balances, post
from eurasec.institutions.fund.report import reconcile, statement, transactions
from eurasec.institutions.fund.scale import assessed_scale, assessed_shares

__all__ = [
    "FundHandler",
    "Posting",
    "allocation",
    "assessed_scale",
    "assessed_shares",
    "balance",
    "balances",
    "disbursed_under",
    "post",
    "reconcile",
    "statement",
    "transactions",
]
