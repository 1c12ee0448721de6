"""The facts a treaty office would sign, on the real shipped rows.

Each test names the rule of ``docs/concepts/registry.md`` it checks: per-participant treaty
status, the membership review (corrections, provenance, precision, roles), sources, the map
on the borders of the day, and agreement between the library, the pages and the API.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from eurasec import reference, registry
from eurasec.reference import PartialDate
from eurasec.registry import sources
from eurasec.web.geo import eurasia_map, outlines

# -- 1. per-participant treaty status ------------------------------------------------------


def test_open_skies_withdrawals_make_former_parties() -> None:
    before = registry.treaty("OPEN_SKIES", date(2020, 11, 21))
    assert "USA" in before.parties and "USA" not in before.former_parties
    after = registry.treaty("OPEN_SKIES", date(2022, 1, 1))
    assert {"USA", "RUS"} <= set(after.former_parties)
    assert not {"USA", "RUS"} & set(after.parties + after.signatories + after.suspended)
    usa = next(p for p in after.participants if p.actor == "USA")
    assert (usa.withdrawal_notice, usa.withdrawal_effective) == (
        date(2020, 5, 22),
        date(2020, 11, 22),
    )


def test_cfe_counts_suspended_parties_and_russia_left() -> None:
    t = registry.treaty("CFE", date(2024, 1, 1))
    assert "RUS" in t.former_parties and "RUS" not in t.signatories
    assert (len(t.parties), len(t.suspended), t.signatories) == (7, 22, [])
    assert registry.treaty("CFE", date(2023, 11, 6)).status == "in_force"
    rus = next(p for p in t.participants if p.actor == "RUS")
    assert rus.suspension == date(2007, 7, 14) and rus.suspension_effective == date(2007, 12, 12)


@pytest.mark.parametrize("treaty_id", ["CFE", "OPEN_SKIES"])
def test_czechoslovakia_is_not_a_signatory_after_it_ended(treaty_id: str) -> None:
    for year in (1993, 2000, 2024):
        t = registry.treaty(treaty_id, date(year, 6, 1))
        assert "CSK" not in t.signatories + t.parties + t.suspended
    assert "CSK" in registry.treaty("CFE", date(2000, 1, 1)).former_parties


def test_successors_of_czechoslovakia_are_bound() -> None:
    assert {"CZE", "SVK"} <= set(registry.treaty("CFE", date(1993, 6, 1)).parties)
    assert {"CZE", "SVK"} <= set(registry.treaty("OPEN_SKIES", date(2002, 6, 1)).parties)


def test_treaty_in_force_since_2025_reads_in_force() -> None:
    assert registry.treaty("RUS_BLR_2024", date(2025, 3, 12)).status == "signed"
    assert registry.treaty("RUS_BLR_2024", date(2025, 3, 13)).status == "in_force"


def test_actor_page_data_lists_a_states_treaties() -> None:
    links = {t.treaty: t.standing for t in registry.actor("BEL", date(2024, 1, 1)).treaties}
    assert links == {"CFE": "suspended", "OPEN_SKIES": "party"}


def test_complete_participant_lists() -> None:
    cfe = registry.treaty("CFE", date(2024, 1, 1))
    assert len(cfe.participants) == 31  # 30 states parties and Czechoslovakia
    skies = registry.treaty("OPEN_SKIES", date(2024, 1, 1))
    assert len(skies.participants) == 36  # 34 states parties, Kyrgyzstan, Czechoslovakia
    assert skies.signatories == ["KGZ"]
    assert not registry.treaty("CTBT").complete


@pytest.mark.parametrize("t", reference.treaties(), ids=lambda t: t.id)
def test_standings_partition_the_participants(t: reference.Treaty) -> None:
    for year in range(1950, 2027, 4):
        st = registry.treaty(t.id, date(year, 7, 1))
        lists = [st.parties, st.suspended, st.signatories, st.former_parties]
        flat = [a for group in lists for a in group]
        assert len(flat) == len(set(flat)), (t.id, year)
        by_row = {p.actor: p.standing for p in st.participants if p.standing}
        assert by_row == {
            a: s
            for s, group in zip(
                ("party", "suspended", "signatory", "former_party"), lists, strict=True
            )
            for a in group
        }


# -- 2. membership history reviewed ----------------------------------------------------------


def test_every_cow_row_is_reviewed() -> None:
    reviewed = {(c.actor, c.format) for c in reference.corrections()}
    assert {(p.actor, p.format) for p in reference.cow_participations()} <= reviewed
    assert {c.change for c in reference.corrections()} <= {"kept", "corrected", "removed"}
    for c in reference.corrections():
        assert c.reason and c.source and sources.is_specific(c.url), (c.actor, c.format)


def test_provenance_is_per_row() -> None:
    kinds = {p.provenance for p in reference.participations()}
    assert kinds == {"dataset", "hand-coded", "corrected"}
    corrected = {(c.actor, c.format) for c in reference.corrections() if c.change == "corrected"}
    for p in reference.participations():
        if (p.actor, p.format) in corrected:
            assert p.provenance == "corrected", (p.actor, p.format)


def test_cold_war_rows() -> None:
    assert "GHA" not in {p.actor for p in reference.participations() if p.format == "WPACT"}
    cmea = {m.actor: m.role for m in registry.members("CMEA", date(1980, 1, 1))}
    assert {cmea[a] for a in ("FIN", "IRQ", "MEX")} == {"cooperation_agreement"}
    assert (cmea["YUG"], cmea["AFG"], cmea["YMD"]) == ("associate", "observer", "observer")
    assert "SRB" not in cmea
    assert registry.members("WPACT", date(1969, 1, 1), role="member")
    assert "ALB" not in {m.actor for m in registry.members("WPACT", date(1969, 1, 1))}
    assert "IRQ" not in {m.actor for m in registry.members("CENTO", date(1960, 1, 1))}
    assert "PAK" not in {m.actor for m in registry.members("SEATO", date(1974, 1, 1))}


def test_csce_founders_include_the_microstates() -> None:
    csce = {m.actor for m in registry.members("OSCE", date(1975, 8, 1))}
    assert len(csce) == 35 and {"LIE", "MCO", "SMR", "VAT", "YUG"} <= csce
    assert "SRB" not in csce


def test_dialogue_forum_has_founders_from_1999() -> None:
    assert len(registry.members("CICA", date(2000, 1, 1))) == 15


def test_ukraine_was_never_a_cis_associate() -> None:
    roles = {p.role for p in reference.participations() if (p.actor, p.format) == ("UKR", "CIS")}
    assert roles == {"member"}


def test_year_precision_end_is_not_read_as_first_january() -> None:
    end = PartialDate.parse("1979")
    assert end.after() == date(1980, 1, 1)
    assert PartialDate.parse("2008-11").after() == date(2008, 12, 1)
    assert "TUR" in {m.actor for m in registry.members("CENTO", date(1979, 6, 30))}
    uzb = {m.role for m in registry.members("EURASEC", date(2008, 11, 15)) if m.actor == "UZB"}
    assert uzb == {"suspended"}


def test_only_members_align() -> None:
    assert frozenset({"member", "party"}) == registry.ALIGNING_ROLES


def test_no_format_id_participates_outside_the_allow_list() -> None:
    ids = {f.id for f in reference.formats()}
    pairs = {(p.actor, p.format) for p in reference.participations() if p.actor in ids}
    assert pairs <= registry.ORGANISATION_PARTICIPANTS


# -- 3. sources --------------------------------------------------------------------------------


def test_every_fact_has_a_specific_source_or_is_listed_by_the_check() -> None:
    weak = set(sources.weak_sources())
    for fact in sources.facts():
        assert fact.source.strip(), fact
        followable = sources.is_specific(fact.url) and bool(fact.accessed)
        assert (fact in weak) != followable, fact
    assert not any(f.kind == "correction" for f in weak)
    assert sources.is_specific("https://www.osce.org/participating-states")
    assert not sources.is_specific("https://eng.sectsco.org/")
    assert not sources.is_specific("https://brics.br/en")
    assert not sources.is_specific("https://correlatesofwar.org/data-sets/igos/")


def test_cite_names_sources_access_date_and_version() -> None:
    t = registry.treaty("CFE", date(2024, 1, 1))
    assert "eurasec 0.1.0" in t.cite and "2024-01-01" in t.cite and "accessed" in t.cite


# -- 4. maps on the borders of the day -------------------------------------------------------


def test_every_participant_is_drawn_in_every_year() -> None:
    shapes = {s.iso3: s for s in eurasia_map()[0]}
    states = {s.id for s in reference.states()}
    today = date.today()
    for fmt in reference.formats():
        first = fmt.founded.value.year if fmt.founded else 1945
        last = fmt.dissolved.value.year if fmt.dissolved else today.year
        for year in range(first, last + 1):
            day = min(date(year, 12, 31), today)
            if fmt.dissolved and day >= fmt.dissolved.after():
                day = fmt.dissolved.after() - timedelta(days=1)  # its last day
            for m in registry.members(fmt.id, day):
                if m.actor not in states:
                    continue
                ids = outlines(m.actor, day)
                assert all(i in shapes and shapes[i].drawn_on(day) for i in ids), (
                    fmt.id,
                    year,
                    m.actor,
                )


def test_france_and_the_states_of_the_past_are_drawn() -> None:
    shapes = {s.iso3: s for s in eurasia_map()[0]}
    assert "FRA" in shapes and "USA" in shapes and "BRA" in shapes
    assert not shapes["DEU"].drawn_on(date(1980, 1, 1)) and shapes["DDR"].drawn_on(date(1980, 1, 1))
    assert len(outlines("RUS", date(1980, 1, 1))) == 15 and outlines("RUS", date(2000, 1, 1)) == (
        "RUS",
    )
    assert set(outlines("YUG", date(1980, 1, 1))) >= {"SVN", "HRV", "SRB", "MKD"}
