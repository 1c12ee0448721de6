"""The world on a date: actors, inputs as of the date, and the vintage of each input."""

from __future__ import annotations

from datetime import date

import pytest

from eurasec.analysis.world import world


def test_every_actor_has_a_distinct_id() -> None:
    """Serbia (COW 345) and Kosovo once shared the id 'NAN' (a missing ISO code)."""
    w = world(date(2014, 6, 1))
    assert len(set(w.actors)) == len(w.actors)
    assert {"SRB", "XKX"} <= set(w.actors)
    assert "NAN" not in w.actors


def test_armenia_and_azerbaijan_are_not_allies_after_atop_ends() -> None:
    """ATOP (to 2018) codes them as defence allies; the registry says no treaty binds them."""
    w = world(date(2025, 6, 1))
    a, b = w.index("ARM"), w.index("AZE")
    assert w.defence_matrix()[a, b] == 0.0
    assert w.bilateral("consultation")[a, b] == 0.0
    assert w.defence[w.index("RUS"), a] == 1.0  # the Collective Security Treaty still binds
    early = world(date(2015, 6, 1))  # within ATOP's years its coding stands
    assert early.defence[early.index("ARM"), early.index("AZE")] == 1.0


def test_every_input_names_its_vintage() -> None:
    v = world(date(2025, 6, 1)).vintage
    assert set(v) >= {
        "capability",
        "gdp_population",
        "armed_conflict",
        "alliances",
        "formats",
        "disputes",
        "geography",
    }
    assert v["capability"]["carried_forward"] is True and "SIPRI" in v["capability"]["note"]
    assert v["alliances"]["year"] == 2018 and v["alliances"]["registry"] == "2025-06-01"
    assert (
        v["formats"]["carried_forward_formats"] > 0 and "csto" in v["formats"]["registry_formats"]
    )
    assert v["disputes"]["years"] == [1995, 2014] and v["disputes"]["carried_forward"]
    old = world(date(2010, 6, 1)).vintage
    assert old["capability"] == {
        "source": "COW NMC v7.0 (CINC)",
        "year": 2010,
        "carried_forward": False,
    }
    assert old["disputes"]["years"] == [1990, 2009] and not old["disputes"]["carried_forward"]


def test_capabilities_after_nmc_are_spliced_and_sum_to_one() -> None:
    from eurasec.peacesci.capabilities import cinc_spliced

    w22, w25 = world(date(2022, 6, 1)), world(date(2025, 6, 1))
    assert w25.source[0].sum() == pytest.approx(1.0)
    spliced = cinc_spliced(2025)
    assert (spliced.milex_year, spliced.population_year) == (2023, 2024)
    # a splice, not a jump: every large state's share moves by less than a fifth
    for who in ("USA", "CHN", "RUS", "IND", "DEU"):
        a, b = w22.source[0][w22.index(who)], w25.source[0][w25.index(who)]
        assert abs(b / a - 1.0) < 0.2
