"""``eurasec analyse polarity`` against an independent computation from raw NMC data."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from eurasec import datasets


def _independent(year: int, column: str, threshold: float = 0.10) -> dict[str, Any]:
    nmc = datasets.load("cow_nmc")
    values = nmc.loc[(nmc["year"] == year), ["stateabb", column]].dropna()
    values = values[values[column] >= 0]
    total = float(values[column].sum())
    s = [float(v) / total for v in values[column]]
    h = sum(x * x for x in s)
    n = len(s)
    poles = sorted(a for a, x in zip(values["stateabb"], s, strict=True) if x >= threshold)
    return {
        "effective_poles": 1 / h,
        "concentration": math.sqrt((h - 1 / n) / (1 - 1 / n)),
        "poles": poles,
    }


@pytest.mark.parametrize(
    ("year", "domain", "column"),
    [
        (1938, "composite", "cinc"),
        (1985, "composite", "cinc"),
        (2012, "composite", "cinc"),
        (1913, "military", "milex"),
        (1985, "military_personnel", "milper"),
    ],
)
def test_cli_polarity_matches_raw_nmc(cli: Any, year: int, domain: str, column: str) -> None:
    result = cli("analyse", "polarity", "--year", str(year), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"domains", "asynchrony"}
    assert {"military", "economic", "demographic", "composite"} <= set(data["domains"])
    got = data["domains"][domain]
    expected = _independent(year, column)
    assert got["effective_poles"] == pytest.approx(expected["effective_poles"], rel=1e-9)
    assert got["concentration"] == pytest.approx(expected["concentration"], rel=1e-9)
    assert sorted(p["stateabb"] for p in got["poles"]) == expected["poles"]


def test_cli_eurasia_scope_and_indicator(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "finance.csv"
    path.write_text("iso3,year,value\nCHN,2015,5\nRUS,2015,1\nUSA,2015,9\n", "utf-8")
    result = cli(
        "analyse", "polarity", "--year", "2015", "--scope", "eurasia",
        "--indicator", f"finance={path}", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    finance = json.loads(result.stdout)["domains"]["finance"]
    assert finance["effective_poles"] == pytest.approx(1 / ((5 / 6) ** 2 + (1 / 6) ** 2))


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--year", "1500"], "out of range"),
        (["--year", "2000", "--scope", "mars"], "valid scopes are"),
        (["--year", "2000", "--indicator", "nofile"], "expected NAME=FILE"),
    ],
)
def test_cli_bad_input_is_one_line(cli: Any, args: list[str], fragment: str) -> None:
    result = cli("analyse", "polarity", *args)
    assert result.exit_code == 1
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_polarity_chart(cli: Any, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"chart{suffix}"
    result = cli("analyse", "polarity-chart", "--start", "1990", "--end", "1995", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    head = out.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in out.read_bytes()
    bad = cli("analyse", "polarity-chart", "--start", "1990", "--end", "1995", "--out", "x.gif")
    assert bad.exit_code == 1 and "png or .svg" in bad.stderr


def test_cli_market_exchange_rate_domain_on_request(cli: Any) -> None:
    result = cli(
        "analyse", "polarity", "--year", "2020", "--domain", "economic_mer",
        "--domain", "economic", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    domains = json.loads(result.stdout)["domains"]
    assert set(domains) == {"economic_mer", "economic"}
    assert domains["economic_mer"]["poles"][0]["stateabb"] == "USA"
    early = json.loads(cli("analyse", "polarity", "--year", "1980", "--domain",
                           "economic_mer", "--json").stdout)  # fmt: skip
    assert early["unavailable"] == ["economic_mer"]
