"""Property tests of move documents (``eurasec.analysis.move``).

- any bytes or text given to ``parse_move`` give a move or ``ValidationFailed``, nothing else;
- a parsed move survives model → JSON → model unchanged;
- a move's numbers are finite: NaN and infinities are refused, not carried into ``assess``.
"""

from __future__ import annotations

import contextlib
import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasec.analysis.move import parse_move
from eurasec.errors import ValidationFailed

iso3 = st.sampled_from(["RUS", "CHN", "KAZ", "IND", "USA", "FRA", "DEU", "TUR", "IRN", "JPN"])
dates = st.dates().map(lambda d: d.isoformat())
fractions = st.floats(min_value=0.01, max_value=1.0)
moves = st.one_of(
    st.fixed_dictionaries(
        {
            "kind": st.just("raise_military_spending"),
            "actor": iso3,
            "date": dates,
            "percent": st.floats(min_value=-90, max_value=500),
        }
    ),
    st.fixed_dictionaries(
        {
            "kind": st.just("deploy_forces"),
            "actor": iso3,
            "date": dates,
            "near": iso3,
            "share": fractions,
        }
    ),
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["impose_sanctions", "close_transport_route"]),
            "actor": iso3,
            "date": dates,
            "targets": st.lists(iso3, min_size=1, max_size=3, unique=True),
            "intensity": fractions,
        }
    ),
    st.fixed_dictionaries(
        {
            "kind": st.just("leave_format"),
            "actor": iso3,
            "date": dates,
            "format": st.sampled_from(["SCO", "CSTO", "NATO", "EAEU"]),
        }
    ),
)


@given(st.binary(max_size=512))
def test_any_bytes_give_a_move_or_validation_failed(raw: bytes) -> None:
    with contextlib.suppress(ValidationFailed):
        parse_move(raw)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
        max_leaves=20,
    )
)
def test_any_json_value_gives_a_move_or_validation_failed(value: Any) -> None:
    with contextlib.suppress(ValidationFailed):
        parse_move(value if isinstance(value, dict) else json.dumps(value))


@given(moves)
def test_move_round_trip(doc: dict[str, Any]) -> None:
    try:
        move = parse_move(doc)
    except ValidationFailed:
        return  # e.g. deploying forces next to oneself
    again = parse_move(move.model_dump_json())
    assert again == move
    assert parse_move(json.dumps(doc)) == move


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"\x80{}", id="not-utf8"),
        pytest.param("[" * 5000 + "]" * 5000, id="deep"),
        pytest.param(
            '{"kind": "raise_military_spending", "actor": "RUS", "date": "2025-01-01",'
            ' "percent": NaN}',
            id="nan",
        ),
        pytest.param(
            '{"kind": "deploy_forces", "actor": "RUS", "date": "2025-01-01", "near": "KAZ",'
            ' "share": Infinity}',
            id="inf",
        ),
        pytest.param("", id="empty"),
    ],
)
def test_hostile_move_documents_are_validation_failed(raw: str | bytes) -> None:
    try:
        move = parse_move(raw)
    except ValidationFailed:
        return
    numbers = [v for v in move.model_dump().values() if isinstance(v, float)]
    assert all(math.isfinite(v) for v in numbers), f"non-finite number accepted: {move}"
