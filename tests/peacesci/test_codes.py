"""COW ↔ ISO3 code mapping."""

from __future__ import annotations

import pandas as pd
import pytest

from eurasec.peacesci.codes import ccode_to_iso3, iso3_to_ccode, iso3_to_ccodes


@pytest.mark.parametrize(
    ("ccode", "iso3"),
    [(2, "USA"), (365, "RUS"), (710, "CHN"), (705, "KAZ"), (345, "SRB"), (750, "IND")],
)
def test_round_trip(ccode: int, iso3: str) -> None:
    assert ccode_to_iso3(ccode) == iso3
    assert iso3_to_ccode(iso3) == ccode


def test_time_varying_codes() -> None:
    assert iso3_to_ccode("DEU", 1980) == 260
    assert iso3_to_ccode("DEU", 2000) == 255
    assert iso3_to_ccode("deu") == 255
    assert iso3_to_ccode("YEM", 1985) == 678
    assert iso3_to_ccode("ZZZ") is None
    assert ccode_to_iso3(265) is None


def test_vectorised_matches_scalar() -> None:
    iso = pd.Series(["DEU", "DEU", "RUS", "WLD"])
    year = pd.Series([1980, 2000, 2000, 2000])
    out = iso3_to_ccodes(iso, year)
    assert out[:3].tolist() == [260, 255, 365]
    assert pd.isna(out[3])
