"""Amounts of money as a reader expects them: minor units shown in the currency's own format.

The ledger keeps integer minor units; the exponent that turns them into major units is the
currency's ISO 4217 minor unit (:func:`eurasec.institutions.iati.currency_exponent`), the same
for the pages, the JSON API (``Money``) and the IATI files, so all three show one amount.
Babel only formats the exact decimal for the reader's language.

Usage docs: ``docs/concepts/web.md``.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency

from eurasec.institutions.iati import currency_exponent as exponent

__all__ = ["exponent", "money", "to_major"]


def to_major(amount: int, currency: str) -> Decimal:
    """``amount`` in minor units (cents) as an exact amount in major units (dollars)."""
    return Decimal(amount).scaleb(-exponent(currency))


def money(amount: int, currency: str, lang: str) -> str:
    """``amount`` minor units of ``currency`` formatted for ``lang`` (``$1,250.00``)."""
    return format_currency(to_major(amount, currency), currency, locale=lang)
