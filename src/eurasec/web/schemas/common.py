"""The shapes every part of the API shares: the collection envelope, money, problem details.

- :class:`Page` is the envelope of every collection: ``data``, ``count`` (rows before
  paging), ``limit``, ``offset``, ``as_of`` (the date the rows describe; ``null`` for an
  undated collection) and ``links`` (``self``/``next``/``prev``, relative URIs that keep the
  query, with ``as_of`` pinned so every page describes the same date).
- :class:`Money` is an amount as an exact integer of minor units with its currency and the
  currency's ISO 4217 exponent, plus the same amount as a decimal string in major units.
- :class:`Problem` is an RFC 9457 problem details object with eurasec's stable ``code``.

Usage docs: ``docs/reference/api.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from eurasec.errors import ERROR_CODES
from eurasec.web.money import exponent, to_major

__all__ = ["Links", "Money", "Page", "Problem", "ProblemIssue"]

T = TypeVar("T")


class Links(BaseModel):
    """Where this page and its neighbours are (relative URIs; ``null`` past either end)."""

    model_config = ConfigDict(
        validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )

    self_: str = Field(alias="self", description="This page.")
    next: str | None = Field(description="The next page, or null on the last.")
    prev: str | None = Field(description="The previous page, or null on the first.")


class Page(BaseModel, Generic[T]):
    """A page of a collection (the envelope of every list the API answers)."""

    data: list[T]
    count: int = Field(ge=0, description="Rows in the whole collection, before paging.")
    limit: int = Field(ge=1, description="Page size asked for.")
    offset: int = Field(ge=0, description="Rows skipped before this page.")
    as_of: dt.date | None = Field(
        description="The date the rows describe; null for a collection that is not dated."
    )
    links: Links


class Money(BaseModel):
    """An amount of money: exact minor units, currency, exponent, and a decimal string."""

    amount_minor: int = Field(description="Exact amount in minor units (cents for USD).")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 alphabetic code.")
    exponent: int = Field(
        ge=0, le=4, description="ISO 4217 minor-unit exponent: amount = amount_minor / 10^exponent."
    )
    amount: str = Field(
        pattern=r"^-?[0-9]+(\.[0-9]+)?$",
        description="The same amount in major units as an exact decimal string ('330000.00').",
    )

    @classmethod
    def of(cls, amount_minor: int, currency: str) -> Money:
        """``amount_minor`` minor units of ``currency``."""
        digits = exponent(currency)
        major = to_major(amount_minor, currency).quantize(to_major(1, currency))
        return cls(
            amount_minor=amount_minor, currency=currency, exponent=digits, amount=str(major)
        )


class ProblemIssue(BaseModel):
    """One reason a request failed validation."""

    location: str = Field(description="Where: 'query.as_of', 'path.number', 'body.K.0'.")
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, with eurasec's stable error ``code`` (docs/errors.md)."""

    type: str = Field(
        description="Absolute URI of the problem type; it documents the type when dereferenced."
    )
    title: str = Field(description="Short summary of the problem type (the same every time).")
    status: int = Field(ge=400, le=599, description="The HTTP status of this answer.")
    detail: str = Field(description="What went wrong this time, in one line.")
    instance: str = Field(description="The path of the request that failed.")
    code: str = Field(
        json_schema_extra={"enum": list[JsonValue](sorted(ERROR_CODES))},
        description="eurasec's stable error code; one anchor in docs/errors.md each.",
    )
    errors: list[ProblemIssue] | None = Field(
        default=None, description="Validation failures (validation_failed only)."
    )
