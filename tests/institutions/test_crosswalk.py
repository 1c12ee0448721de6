from __future__ import annotations

import pytest

from eurasec.errors import InputError
from eurasec.institutions.crosswalk import PRINCIPLES, SOURCES, crosswalk
from eurasec.institutions.sample import SAMPLE_CHARTER


def test_reference_sets_are_complete_and_sourced() -> None:
    counts = {s: sum(1 for p in PRINCIPLES.values() if p.source == s) for s in SOURCES}
    assert counts == {"UN": 7, "HFA": 10, "GSI": 6}
    for meta in SOURCES.values():
        assert meta["url"].startswith("https://") and len(meta["date"]) == 10


def test_sample_charter_crosswalk_shows_overlaps_and_gaps() -> None:
    result = crosswalk(SAMPLE_CHARTER["articles"])
    assert len(result["articles"]) == len(SAMPLE_CHARTER["articles"])
    # every article but the procedural one maps to at least one principle
    assert [a["article"] for a in result["articles"] if a["unmapped"]] == ["11"]
    assert result["gaps"]["HFA"] == ["HFA.VII"]
    assert result["gaps"]["UN"] == ["UN.5", "UN.6"]
    assert result["gaps"]["GSI"] == []
    assert result["overlaps"]["GSI.2"] == ["6", "8"]
    assert result["coverage"]["UN.3"] == ["9"]


def test_unknown_principle_is_an_error() -> None:
    with pytest.raises(InputError):
        crosswalk([{"number": "1", "heading": "x", "principles": ["UN.9"]}])
