"""The catalogue of covariates that ``state_years`` and ``dyad_years`` add by name."""

from __future__ import annotations

from eurasec.errors import InputError
from eurasec.peacesci import (
    alliance,
    capabilities,
    conflict,
    economy,
    geography,
    igo,
    regime,
    rivalry,
    status,
)
from eurasec.peacesci.covariate import Covariate

__all__ = ["COVARIATES", "covariate", "resolve"]

_NMC = "COW National Material Capabilities v7.0"
_CONT = "COW Direct Contiguity v3.2"

#: Every covariate, in the order its columns appear in a table.
COVARIATES: tuple[Covariate, ...] = (
    Covariate(
        "nmc", "state", capabilities.NMC_COLUMNS, _NMC, 1816, 2022, "missing",
        "missing after 2022 and where NMC codes -9",
        "NMC components (milex, milper, irst, pec, tpop, upop) and CINC",
        state_builder=capabilities.nmc_columns,
    ),
    Covariate(
        "milex_ext", "state", ("milex_ext", "milex_ext_derived"),
        f"{_NMC}; SIPRI milex % of GDP (OWID) x World Bank GDP", 1816, 2023, "derived",
        "NMC milex where present; else (from 1960) SIPRI share x WB GDP, flagged "
        "milex_ext_derived; missing after 2023",
        "military expenditure, thousands of current GBP (1816-1913) / US$ (1914-)",
        state_builder=capabilities.milex_ext_columns,
    ),
    Covariate(
        "gdp", "state", ("gdp", "gdp_derived", "gdp_wb"),
        "Fariss et al. 2022 SDP estimates; World Bank NY.GDP.MKTP.CD", 1816, 2023, "derived",
        "SDP to 2019; 2020-2023 = SDP 2019 x WB growth, flagged gdp_derived; gdp_wb is "
        "the raw WB series 1960-2023",
        "GDP, millions of 2017 international $ (PPP)",
        state_builder=economy.gdp_columns,
    ),
    Covariate(
        "population", "state", ("pop", "pop_derived", "pop_wb"),
        "Fariss et al. 2022 SDP estimates; World Bank SP.POP.TOTL", 1816, 2024, "derived",
        "SDP to 2019; 2020-2024 = SDP 2019 x WB growth, flagged pop_derived; pop_wb is "
        "the raw WB series 1960-2024",
        "population, millions",
        state_builder=economy.population_columns,
    ),
    Covariate(
        "democracy", "state", regime.DEMOCRACY_COLUMNS,
        "V-Dem v16; Polity5; UDS (extended, via isard)", 1816, 2025, "missing",
        "missing where a source has no value (Polity2 in practice to 2018)",
        "V-Dem polyarchy (0-1), Polity2 (-10..10), UDS mean and adjusted",
        state_builder=regime.democracy_columns,
    ),
    Covariate(
        "major", "state", ("major", "major_cf"), "COW Major Powers v2016", 1816, 2016,
        "carried_forward", "spells open at 2016 continue; 2017- flagged major_cf",
        "COW major-power status (0/1)",
        state_builder=status.major_columns,
    ),
    Covariate(
        "nuclear", "state", ("nuclear", "nuclear_cf"),
        "OWID nuclear weapons status (after Bleek 2017)", 1938, 2022, "carried_forward",
        "0 before 1938; 2022 value carried forward after 2022, flagged nuclear_cf",
        "nuclear weapons status: 0 none, 1 consideration, 2 pursuit, 3 possession",
        state_builder=status.nuclear_columns,
    ),
    Covariate(
        "ucdp", "state",
        ("ucdp_conflict", "ucdp_interstate", "ucdp_intrastate", "ucdp_war", "ucdp_secondary"),
        "UCDP/PRIO Armed Conflict Dataset v25.1", 1946, 2024, "missing",
        "missing before 1946; 0 when not a party",
        "primary (or secondary) party to an armed conflict in the year (0/1)",
        state_builder=conflict.ucdp_columns,
    ),
    Covariate(
        "igo_count", "state", ("igo_count",), "COW IGO v3.0", 1816, 2014, "missing",
        "missing after 2014 (seam: registry memberships)",
        "number of IGOs of which the state is a full member",
        state_builder=igo.igo_count_columns,
    ),
    Covariate(
        "neighbours", "state", ("land_neighbours", "sea_neighbours", "contiguity_cf"), _CONT,
        1816, 2016, "carried_forward", "2016 relations carried forward, flagged contiguity_cf",
        "number of land-contiguous and sea-contiguous (<=400 mi) states",
        state_builder=geography.neighbour_columns,
    ),
    Covariate(
        "contiguity", "dyad", ("conttype", "conttype_cf"), _CONT, 1816, 2016,
        "carried_forward", "2016 relations carried forward, flagged conttype_cf",
        "contiguity type: 1 land, 2-5 water <=12/24/150/400 mi, 0 none",
        dyad_builder=geography.contiguity_columns,
    ),
    Covariate(
        "capdist", "dyad", ("capdist",), "capitals of COW states (peacesciencer)", 1816, 2024,
        "derived", "haversine between the capitals in use on 1 July",
        "distance between capitals, km",
        dyad_builder=geography.capdist_columns,
    ),
    Covariate(
        "mindist", "dyad", ("mindist",), "CShapes 2.0 minimum distance (peacesciencer), 2019",
        2019, 2019, "snapshot", "the 1 Jan 2019 value for every year; missing for dyads "
        "with a state absent in 2019",
        "minimum distance between territories, km (0 = touching)",
        dyad_builder=geography.mindist_columns,
    ),
    Covariate(
        "atop", "dyad", (*alliance.ATOP_COLUMNS, "atop_cf", "atop_registry"),
        "ATOP v5.1 directed dyad-year; eurasec.registry defence formats and treaties",
        1816, 2018, "carried_forward",
        "0 when no alliance; after 2018 the 2018 values carried forward (atop_cf) and "
        "atop_defense set where the registry records a defence tie (atop_registry)",
        "ATOP alliance obligations in force (0/1)",
        dyad_builder=alliance.atop_columns,
    ),
    Covariate(
        "igo", "dyad", ("igo_shared", "igo_shared_share"), "COW IGO v3.0", 1816, 2014,
        "missing", "missing after 2014 (seam: registry memberships)",
        "IGOs both states are full members of: count and Jaccard share",
        dyad_builder=igo.igo_shared_columns,
    ),
    Covariate(
        "mid", "dyad", ("cowmidonset", "cowmidongoing"), "COW MID v5.0 dyad-year", 1816, 2014,
        "missing", "0 when no MID; missing after 2014",
        "MID onset / ongoing between the two states (0/1)",
        dyad_builder=conflict.mid_columns,
    ),
    Covariate(
        "mid_spell", "dyad", ("cowmidspell",), "COW MID v5.0 dyad-year", 1816, 2014,
        "derived", "peace years since the dyad's last MID onset (BKT 1998), counted over the "
        "dyad's whole history; missing after 2014",
        "consecutive earlier years without a MID onset",
        dyad_builder=conflict.mid_spell_columns,
    ),
    Covariate(
        "rivalry", "dyad", ("tss_rivalry", "tss_rivalry_cf"),
        "Thompson, Sakuwa & Suhas 2021 strategic rivalries", 1816, 2020, "carried_forward",
        "rivalries ongoing at 2020 carried forward to 2024, flagged tss_rivalry_cf",
        "strategic rivalry between the two states (0/1)",
        dyad_builder=rivalry.rivalry_columns,
    ),
)  # fmt: skip

_BY_NAME = {c.name: c for c in COVARIATES}


def covariate(name: str) -> Covariate:
    """The covariate called ``name`` (a clear error naming the valid ones otherwise)."""
    if name not in _BY_NAME:
        valid = ", ".join(_BY_NAME)
        raise InputError(f"unknown covariate {name!r}; valid covariates are: {valid} (or all)")
    return _BY_NAME[name]


def resolve(names: list[str] | tuple[str, ...] | None) -> list[Covariate]:
    """The covariates named (``None`` or ``["all"]``: every one), each once, in order."""
    if names is None or list(names) == ["all"]:
        return list(COVARIATES)
    wanted = [covariate(n.strip()) for n in names if n.strip()]
    return [c for c in COVARIATES if c in wanted]
