"""Power shares by domain, scopes and user indicator files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eurasec import datasets
from eurasec.analysis.power import domain_names, load_indicator, shares
from eurasec.analysis.scope import eurasian_by_region, in_scope
from eurasec.errors import InputError


@pytest.mark.parametrize("domain", domain_names())
def test_shares_sum_to_one_each_year(domain: str) -> None:
    frame = shares(domain, 1990, 2020)
    sums = frame.groupby("year")["share"].sum()
    assert np.allclose(sums.to_numpy(), 1.0)
    assert (frame["share"] > 0).any()


def test_composite_is_renormalised_cinc() -> None:
    nmc = datasets.load("cow_nmc")
    raw = nmc[nmc["year"] == 1950].dropna(subset=["cinc"])
    expected = raw.set_index("ccode")["cinc"] / raw["cinc"].sum()
    got = shares("composite", 1950, 1950).set_index("ccode")["share"]
    assert np.allclose(got.sort_index().to_numpy(), expected.sort_index().to_numpy())


def test_eurasia_scope_drops_the_americas() -> None:
    frame = shares("economic", 2010, 2010, scope="eurasia")
    assert 2 not in set(frame["ccode"])
    assert {365, 710, 750, 705} <= set(frame["ccode"])
    assert frame["share"].sum() == pytest.approx(1.0)


def test_region_rule_agrees_with_crosswalk_continents() -> None:
    cw = datasets.load("crosswalk").dropna(subset=["cown", "continent"])
    rule = eurasian_by_region(cw["cown"].astype(int).to_numpy())
    assert (rule == cw["continent"].isin(["Europe", "Asia"]).to_numpy()).all()
    assert in_scope(np.array([2, 365, 651, 900]), "eurasia").tolist() == [
        False,
        True,
        False,
        False,
    ]


def test_indicator_file_becomes_a_domain(tmp_path: Path) -> None:
    path = tmp_path / "finance.csv"
    path.write_text("iso3,year,value,note\nUSA,2020,60,x\nCHN,2020,2\nRUS,2020,\n", "utf-8")
    indicator = load_indicator(path, "finance")
    frame = shares(indicator, 2020, 2020).set_index("ccode")["share"]
    assert frame[2] == pytest.approx(60 / 62)
    assert 365 not in frame.index


def test_indicator_with_ccodes(tmp_path: Path) -> None:
    path = tmp_path / "tech.csv"
    path.write_text("ccode,year,value\n2,1950,3\n365,1950,1\n", "utf-8")
    frame = shares(load_indicator(path, "tech"), 1950, 1950)
    assert frame["share"].tolist() == [0.75, 0.25]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty file"),
        ("country,year,value\nUSA,2000,1\n", "line 1: need exactly one of iso3, ccode"),
        ("iso3,value\nUSA,1\n", "line 1: missing column 'year'"),
        ("iso3,year,value\nUSA,2000,1\nXYZ,2000,1\n", "line 3, column iso3: 'XYZ'"),
        ("iso3,year,value\nUSA,20x0,1\n", "line 2, column year: '20x0'"),
        ("iso3,year,value\nUSA,1700,1\n", "line 2, column year: 1700 is outside"),
        ("iso3,year,value\nUSA,2000,abc\n", "line 2, column value: 'abc' is not a number"),
        ("iso3,year,value\nUSA,2000,-5\n", "line 2, column value: '-5' must be"),
        ("ccode,year,value\nUS,2000,1\n", "line 2, column ccode: 'US'"),
        ("iso3,year,value\nUSA,2000,1\nUSA,2000,2\n", "lines 2, 3: more than one row"),
    ],
)
def test_malformed_indicator_files_name_the_problem(
    tmp_path: Path, text: str, fragment: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError, match=fragment.replace("(", r"\(")):
        load_indicator(path, "bad")


def test_bad_domain_scope_and_name() -> None:
    with pytest.raises(InputError, match="valid domains are: military"):
        shares("finance", 2000, 2000)
    with pytest.raises(InputError, match="valid scopes are: world, eurasia"):
        shares("economic", 2000, 2000, scope="asia")
    with pytest.raises(InputError, match="built in"):
        load_indicator("x.csv", "economic")
    with pytest.raises(InputError, match="cannot read"):
        load_indicator("/nonexistent/x.csv", "finance")


def test_region_rule_agrees_with_registry_flag() -> None:
    from eurasec import registry

    states = [s for s in registry.states() if s.cow_code is not None]
    codes = np.array([s.cow_code for s in states])
    assert (eurasian_by_region(codes) == np.array([s.eurasian for s in states])).all()
    assert (in_scope(codes, "eurasia") == np.array([s.eurasian for s in states])).all()
