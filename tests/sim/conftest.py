"""Shared fixtures of the simulation tests: small real inputs, built once."""

from __future__ import annotations

import pytest

from eurasec.sim.inputs import SimInputs, build_inputs

#: A small, real slice of the 2014 Eurasian system with contiguous rivals and alliances.
SMALL = ["CHN", "IND", "PAK", "RUS", "JPN", "KOR", "PRK", "TUR", "GEO", "UKR", "POL", "DEU"]


@pytest.fixture(scope="session")
def eurasia() -> SimInputs:
    """The full 2014 Eurasian state system from the shipped datasets."""
    return build_inputs(2014)


@pytest.fixture(scope="session")
def small(eurasia: SimInputs) -> SimInputs:
    """Twelve actors of the 2014 system."""
    return eurasia.subset(SMALL)
