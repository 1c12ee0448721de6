"""``eurasec data``: tables written to CSV and Parquet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from eurasec.peacesci import dyad_years


def test_dyad_years_to_csv(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "d.csv"
    result = cli(
        "data", "dyad-years", "--start", "2000", "--end", "2001", "--undirected",
        "--covariates", "contiguity,mid", "--out", str(out), "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    written = pd.read_csv(out)
    assert json.loads(result.stdout)["rows"] == len(written)
    expected = dyad_years(2000, 2001, directed=False, covariates=["contiguity", "mid"])
    assert list(written.columns) == list(expected.columns)
    assert written["conttype"].sum() == expected["conttype"].sum()


def test_state_years_to_parquet(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "s.parquet"
    result = cli(
        "data", "state-years", "--start", "1816", "--end", "1820",
        "--covariates", "nmc,major", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    frame = pd.read_parquet(out)
    assert set(frame["year"]) == set(range(1816, 1821))
    assert "cinc" in frame.columns and "major_cf" in frame.columns


def test_covariates_listing(cli: Any) -> None:
    result = cli("data", "covariates", "--json")
    names = [c["name"] for c in json.loads(result.stdout)]
    assert {"nmc", "contiguity", "atop", "mid", "igo"} <= set(names)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--covariates", "bogus"], "unknown covariate 'bogus'; valid covariates are"),
        (["--out", "x.xlsx"], "unknown suffix '.xlsx'"),
        (["--start", "1800"], "start year 1800 is out of range"),
    ],
)
def test_bad_input(cli: Any, tmp_path: Path, args: list[str], fragment: str) -> None:
    base = {"--start": "2000", "--end": "2000", "--out": str(tmp_path / "o.csv")}
    flat = dict(zip(args[::2], args[1::2], strict=True))
    merged = {**base, **flat}
    argv = [x for kv in merged.items() for x in kv]
    result = cli("data", "state-years", *argv)
    assert result.exit_code == 1
    assert fragment in result.stderr
