from __future__ import annotations

import pytest

from eurasec.errors import LedgerUnbalanced
from eurasec.institutions.fund.ledger import Posting, balance, post
from eurasec.storage import Store


def test_unbalanced_negative_and_wrong_currency_are_refused(store: Store) -> None:
    with store.begin() as conn:
        post(
            conn,
            idx=1,
            date="2026-01-01",
            kind="pledge",
            party="KAZ",
            postings=[
                Posting("receivable:KAZ:EUR", "EUR", 100),
                Posting("unallocated:EUR", "EUR", -100),
            ],
        )
        bad = [
            [Posting("cash:EUR", "EUR", 100), Posting("receivable:KAZ:EUR", "EUR", -90)],
            [Posting("cash:EUR", "EUR", 200), Posting("receivable:KAZ:EUR", "EUR", -200)],
            [Posting("cash:USD", "EUR", 100), Posting("receivable:KAZ:EUR", "EUR", -100)],
            [Posting("cash:EUR", "EUR", 100), Posting("receivable:KAZ:USD", "USD", -100)],
            [],
        ]
        for postings in bad:
            with pytest.raises(LedgerUnbalanced):
                post(conn, idx=2, date="2026-01-02", kind="contribution", postings=postings)
        assert balance(conn, "receivable:KAZ:EUR") == 100
        assert balance(conn, "unallocated:EUR") == 100
        assert balance(conn, "cash:EUR") == 0
        assert balance(conn, "receivable:KAZ:EUR", "2025-12-31") == 0
