"""State-year and dyad-year tables on the real shipped data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasec.errors import InputError
from eurasec.peacesci import COVARIATES, FIRST_YEAR, LAST_YEAR, dyad_years, state_years
from eurasec.peacesci.system import system_state_years


def _row(frame: pd.DataFrame, c1: int, c2: int, year: int) -> pd.Series:
    hit = frame[(frame["ccode1"] == c1) & (frame["ccode2"] == c2) & (frame["year"] == year)]
    assert len(hit) == 1, (c1, c2, year)
    return hit.iloc[0]


@given(st.integers(FIRST_YEAR, LAST_YEAR))
def test_directed_dyad_count_is_n_times_n_minus_1(year: int) -> None:
    n = int((system_state_years()["year"] == year).sum())
    directed = dyad_years(year, year)
    undirected = dyad_years(year, year, directed=False)
    assert len(directed) == n * (n - 1)
    assert len(undirected) == n * (n - 1) // 2
    assert not directed.duplicated(["ccode1", "ccode2"]).any()
    assert (undirected["ccode1"] < undirected["ccode2"]).all()


def test_state_counts_follow_cow_and_continue_after_2016() -> None:
    counts = state_years(1816, LAST_YEAR).groupby("year").size()
    assert counts[1816] == 23
    assert counts[2016] == 195
    assert (counts.loc[2017:] == counts[2016]).all()


def test_cinc_sums_near_one() -> None:
    sums = state_years(1816, 2022, ["nmc"]).groupby("year")["cinc"].sum()
    assert len(sums) == 207
    assert sums.between(0.95, 1.08).all()


@pytest.mark.parametrize(
    ("c1", "c2", "year", "conttype"),
    [
        (2, 20, 2000, 1),
        (365, 710, 2000, 1),
        (2, 365, 2000, 2),
        (200, 220, 2000, 3),
        (2, 200, 2000, 0),
    ],
)
def test_known_contiguities(c1: int, c2: int, year: int, conttype: int) -> None:
    table = dyad_years(year, year, covariates=["contiguity"])
    assert _row(table, c1, c2, year)["conttype"] == conttype
    assert _row(table, c2, c1, year)["conttype"] == conttype


def test_carried_forward_years_are_flagged() -> None:
    table = dyad_years(2015, 2018, directed=False, covariates=["contiguity", "major", "nuclear"])
    by_year = table.groupby("year")
    assert not by_year["conttype_cf"].any()[[2015, 2016]].any()
    assert by_year["conttype_cf"].all()[[2017, 2018]].all()
    assert by_year["major_cf1"].all()[2017] and not by_year["major_cf1"].any()[2016]
    usa_rus = _row(table, 2, 365, 2018)
    assert usa_rus["conttype"] == 2 and usa_rus["conttype_cf"]
    assert usa_rus["major1"] == 1 and usa_rus["major2"] == 1
    states = state_years(2021, 2024, ["nuclear"]).set_index(["ccode", "year"])
    assert states.loc[(731, 2024), "nuclear"] == 3 and states.loc[(731, 2024), "nuclear_cf"]
    assert not states.loc[(731, 2022), "nuclear_cf"]


@pytest.mark.parametrize(
    ("c1", "c2", "year"),
    [(365, 710, 1969), (2, 365, 1962), (750, 770, 1999), (2, 645, 1990)],
)
def test_known_mid_onsets(c1: int, c2: int, year: int) -> None:
    table = dyad_years(year, year, covariates=["mid"])
    assert _row(table, c1, c2, year)["cowmidonset"] == 1
    assert _row(table, c2, c1, year)["cowmidongoing"] == 1


def test_mid_and_igo_missing_after_their_sources_end() -> None:
    table = dyad_years(2014, 2015, directed=False, covariates=["mid", "igo"])
    assert table.loc[table["year"] == 2014, "cowmidonset"].notna().all()
    assert table.loc[table["year"] == 2015, "cowmidonset"].isna().all()
    assert table.loc[table["year"] == 2014, "igo_shared"].notna().all()
    assert table.loc[table["year"] == 2015, "igo_shared"].isna().all()


def test_alliances_after_atop_are_carried_forward_and_updated_by_the_registry() -> None:
    table = dyad_years(2018, 2024, covariates=["atop"])
    assert not table.loc[table["year"] == 2018, "atop_cf"].any()
    assert table.loc[table["year"] > 2018, "atop_cf"].all()
    usa_jpn = table[(table["ccode1"] == 2) & (table["ccode2"] == 740)]
    assert (usa_jpn["atop_defense"] == 1).all() and not usa_jpn["atop_registry"].any()
    finland = table[(table["ccode1"] == 2) & (table["ccode2"] == 375)].set_index("year")
    assert finland.loc[2022, "atop_defense"] == 0
    assert finland.loc[2023, "atop_defense"] == 1 and finland.loc[2023, "atop_registry"]
    sweden = table[(table["ccode1"] == 380) & (table["ccode2"] == 2)].set_index("year")
    assert sweden.loc[2023, "atop_defense"] == 0 and sweden.loc[2024, "atop_defense"] == 1
    rus_prk = table[(table["ccode1"] == 365) & (table["ccode2"] == 731)].set_index("year")
    assert rus_prk.loc[2024, "atop_defense"] == 1 and rus_prk.loc[2023, "atop_defense"] == 0


def test_uk_france_defence_alliance_in_atop() -> None:
    table = dyad_years(1950, 2018, directed=False, covariates=["atop"])
    pair = table[(table["ccode1"] == 200) & (table["ccode2"] == 220)]
    assert len(pair) == 69
    assert (pair["atop_defense"] == 1).all()
    pre = dyad_years(1920, 1920, directed=False, covariates=["atop"])
    assert _row(pre, 200, 220, 1920)["atop_defense"] == 0


def test_distances_are_plausible() -> None:
    table = dyad_years(2010, 2010, directed=False, covariates=["capdist", "mindist", "igo"])
    uk_fr = _row(table, 200, 220, 2010)
    assert 330 < uk_fr["capdist"] < 350
    assert _row(table, 2, 20, 2010)["mindist"] == 0
    assert _row(table, 365, 710, 2010)["igo_shared"] > 10
    assert table["capdist"].between(0, 20_100).all()
    assert (table["igo_shared_share"].dropna().between(0, 1)).all()


def test_kazakh_capital_moves_to_astana() -> None:
    t = dyad_years(1997, 1999, directed=False, covariates=["capdist"])
    near = t[(t["ccode1"] == 705) & (t["ccode2"] == 710)].set_index("year")["capdist"]
    assert near[1997] != near[1999]


def test_state_covariates_appear_twice_in_dyads() -> None:
    table = dyad_years(2000, 2000, covariates=["nmc"])
    row = _row(table, 2, 365, 2000)
    states = state_years(2000, 2000, ["nmc"]).set_index("ccode")
    assert row["cinc1"] == states.loc[2, "cinc"]
    assert row["cinc2"] == states.loc[365, "cinc"]


def test_all_covariates_have_their_columns() -> None:
    table = dyad_years(2000, 2001, directed=False, covariates=["all"])
    for cov in COVARIATES:
        for col in cov.columns:
            names = [col] if cov.level == "dyad" else [f"{col}1", f"{col}2"]
            assert set(names) <= set(table.columns)
    assert table["cinc1"].notna().mean() > 0.95


def test_milex_extension_is_flagged() -> None:
    frame = state_years(2015, 2023, ["milex_ext", "nmc"])
    derived = frame[frame["milex_ext_derived"]]
    assert derived["milex"].isna().all()
    assert (
        frame.loc[~frame["milex_ext_derived"], "milex_ext"].dropna()
        == frame.loc[~frame["milex_ext_derived"], "milex"].dropna()
    ).all()
    assert frame.loc[frame["year"] == 2023, "milex_ext"].notna().sum() > 100


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: state_years(1700, 1800), "1816–2024"),
        (lambda: dyad_years(2000, 2030), "end year 2030"),
        (lambda: state_years(2001, 2000), "after end"),
        (lambda: state_years(2000, 2000, ["cinc_typo"]), "valid covariates are: nmc"),
        (lambda: state_years(2000, 2000, ["mid"]), "dyad-level"),
    ],
)
def test_bad_input_is_a_clear_error(call: object, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        call()  # type: ignore[operator]


def test_state_years_are_sorted_and_unique() -> None:
    frame = state_years(FIRST_YEAR, LAST_YEAR)
    assert not frame.duplicated(["ccode", "year"]).any()
    assert np.all(np.diff(frame["ccode"].to_numpy().astype(int)) >= 0)


def test_peace_years_follow_the_btscs_convention() -> None:
    table = dyad_years(1816, 2014, covariates=["mid", "mid_spell"])
    table = table.sort_values(["ccode1", "ccode2", "year"])
    same = (table["ccode1"].shift() == table["ccode1"]) & (
        table["ccode2"].shift() == table["ccode2"]
    )
    consecutive = same & (table["year"].shift() + 1 == table["year"])
    previous_onset = table["cowmidonset"].shift().fillna(0).astype(int) == 1
    spell = table["cowmidspell"].astype(int)
    grows = consecutive & ~previous_onset
    assert (spell[grows] == spell.shift()[grows] + 1).all()
    assert (spell[~grows] == 0).all()
    sino_soviet = table[(table["ccode1"] == 365) & (table["ccode2"] == 710)].set_index("year")
    assert sino_soviet.loc[1969, "cowmidonset"] == 1
    assert sino_soviet.loc[1970, "cowmidspell"] == 0
    assert sino_soviet.loc[1972, "cowmidspell"] == 2
    later = dyad_years(2015, 2015, covariates=["mid_spell"])
    assert later["cowmidspell"].isna().all()


def test_strategic_rivalries() -> None:
    table = dyad_years(1969, 2024, directed=False, covariates=["rivalry"])
    pair = table[(table["ccode1"] == 2) & (table["ccode2"] == 710)].set_index("year")
    assert pair.loc[2020, "tss_rivalry"] == 1 and not pair.loc[2020, "tss_rivalry_cf"]
    assert pair.loc[2024, "tss_rivalry"] == 1 and pair.loc[2024, "tss_rivalry_cf"]
    sino_soviet = table[(table["ccode1"] == 365) & (table["ccode2"] == 710)].set_index("year")
    assert sino_soviet.loc[1969, "tss_rivalry"] == 1
    assert table["tss_rivalry"].sum() < len(table) * 0.01


def test_state_level_known_facts() -> None:
    frame = state_years(1945, 2024, ["ucdp", "nuclear", "democracy", "major"])
    frame = frame.set_index(["ccode", "year"])
    assert frame.loc[(365, 2022), "ucdp_interstate"] == 1
    assert frame.loc[(369, 2022), "ucdp_interstate"] == 1
    assert pd.isna(frame.loc[(2, 1945), "ucdp_conflict"])
    assert frame.loc[(731, 2005), "nuclear"] == 2 and frame.loc[(731, 2006), "nuclear"] == 3
    assert frame.loc[(385, 2020), "v2x_polyarchy"] > 0.85
    majors = frame.xs(2020, level="year")
    assert set(majors.index[majors["major"] == 1]) == {2, 200, 220, 255, 365, 710, 740}
