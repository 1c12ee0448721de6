"""Out-of-sample validation: the schema, and numbers reproduced from the seed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eurasec.sim.validation import TEST_DECADES, validate

SNAPSHOT = Path(__file__).parent / "validate_snapshot.json"  # eurasec sim validate --json
#: A quick run on two five-year spans inside the fit years (the test decades are for reports).
QUICK = {"draws": 3, "replications_per_draw": 4, "decades": ((1985, 1989), (1990, 1994))}


def test_schema_and_reproducibility_from_the_seed() -> None:
    a = validate(**QUICK, seed=5)  # type: ignore[arg-type]
    b = validate(**QUICK, seed=5)  # type: ignore[arg-type]
    assert a.schema() == b.schema()
    out = a.schema()
    assert list(out) == ["fit_years", "decades", "pair_auc", "baseline_pair_auc", "top10_share"]
    assert out["fit_years"] == [1960, 1994]
    for dec in out["decades"]:
        assert list(dec) == ["start", "end", "simulated", "observed", "ci", "inside"]
        lo, hi = dec["ci"]
        assert lo <= dec["simulated"] <= hi and dec["inside"] == (lo <= dec["observed"] <= hi)
    assert set(out["top10_share"]) == {"simulated", "observed"}
    assert 0.5 < out["baseline_pair_auc"] <= 1.0 and 0.5 < out["pair_auc"] <= 1.0
    assert validate(**QUICK, seed=6).schema() != out  # type: ignore[arg-type]
    blocs = a.checks["rigid_blocs"]
    assert [d["start"] for d in blocs["cold_war_decades"]] == [1960, 1970, 1980]


def test_the_held_out_decades() -> None:
    assert TEST_DECADES == ((1995, 2004), (2005, 2014))


@pytest.mark.slow
def test_validation_reproduces_the_documented_numbers() -> None:
    """``eurasec sim validate --json`` gives the numbers in the docs (about a minute)."""
    assert validate().schema() == json.loads(SNAPSHOT.read_text("utf-8"))
