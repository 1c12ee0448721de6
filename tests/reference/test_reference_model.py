"""Partial dates: the form gives the precision, and they compare as the period's first day."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasec.reference import PartialDate


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("1994", date(1994, 1, 1), "year"),
        ("2024-02", date(2024, 2, 1), "month"),
        ("2023-04-04", date(2023, 4, 4), "day"),
    ],
)
def test_parse(text: str, value: date, precision: str) -> None:
    d = PartialDate.parse(text)
    assert (d.value, d.precision, str(d)) == (value, precision, text)


@pytest.mark.parametrize("text", ["", "94", "2024-2", "2024-13", "2024/01/01", "soon"])
def test_parse_rejects_malformed(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


@given(st.dates(min_value=date(1000, 1, 1)), st.sampled_from(["day", "month", "year"]))
def test_round_trip(day: date, precision: str) -> None:
    text = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}
    parsed = PartialDate.parse(text[precision])
    assert str(parsed) == text[precision]
    assert parsed.value <= day


def test_comparison_ignores_precision() -> None:
    assert PartialDate.parse("2024") == PartialDate(date(2024, 1, 1), "day")
    assert PartialDate.parse("2023") < PartialDate.parse("2023-04-04")
