"""Property tests of scenario files (``eurasec.sim.scenario``).

- any text, read as YAML or JSON, gives a scenario or ``ValidationFailed``, nothing else;
- every shipped scenario survives scenario → document → scenario unchanged.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasec.errors import EurasecError
from eurasec.sim.scenario import _parse, list_scenarios, scenario_from_document


@given(st.text(max_size=300), st.sampled_from(["s.yaml", "s.json"]))
def test_any_text_gives_a_scenario_or_a_clean_error(text: str, where: str) -> None:
    with contextlib.suppress(EurasecError):
        _parse(text, where)


@pytest.mark.parametrize(
    ("depth", "opener"),
    [
        (10, "["),
        (10, "{a: "),
        (5000, "["),
        (5000, "{a: "),
    ],
)
def test_deep_nesting_is_a_clean_error(depth: int, opener: str) -> None:
    with contextlib.suppress(EurasecError):
        _parse(opener * depth, "deep.yaml")


def test_shipped_scenarios_round_trip() -> None:
    for scenario in list_scenarios():
        assert scenario_from_document(scenario.model_dump(mode="json")) == scenario
