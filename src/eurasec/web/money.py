"""Amounts of money as a reader expects them: minor units shown in the currency's own format.

Usage docs: ``docs/concepts/web.md``.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, get_currency_precision

__all__ = ["money", "to_major"]


def to_major(amount: int, currency: str) -> Decimal:
    """``amount`` in minor units (cents) as an exact amount in major units (dollars)."""
    return Decimal(amount).scaleb(-get_currency_precision(currency))


def money(amount: int, currency: str, lang: str) -> str:
    """``amount`` minor units of ``currency`` formatted for ``lang`` (``$1,250.00``)."""
    return format_currency(to_major(amount, currency), currency, locale=lang)
