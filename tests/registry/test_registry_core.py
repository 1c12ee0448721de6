"""As-of queries on known facts, channels, actors, alignment and runtime formats."""

from __future__ import annotations

from datetime import date

import pytest

from eurasec import reference, registry
from eurasec.errors import InputError, NotFound
from eurasec.reference import Format, PartialDate, Participation
from eurasec.registry import Registry, default_registry


def _ids(org: str, day: date, role: str | None = None) -> set[str]:
    return {m.actor for m in registry.members(org, day, role)}


@pytest.mark.parametrize(
    ("org", "day", "actor", "role", "present"),
    [
        ("NATO", date(2023, 4, 3), "FIN", "member", False),
        ("NATO", date(2023, 4, 4), "FIN", "member", True),
        ("NATO", date(2024, 3, 6), "SWE", "member", False),
        ("NATO", date(2024, 3, 7), "SWE", "member", True),
        ("NATO", date(2017, 6, 5), "MNE", "member", True),
        ("NATO", date(2020, 3, 27), "MKD", "member", True),
        ("NATO", date(1980, 1, 1), "DEU", "member", True),
        ("SCO", date(2024, 7, 4), "BLR", "member", True),
        ("SCO", date(2024, 7, 3), "BLR", "observer", True),
        ("SCO", date(2023, 7, 4), "IRN", "member", True),
        ("SCO", date(2017, 6, 8), "IND", "observer", True),
        ("SCO", date(2017, 6, 9), "IND", "member", True),
        ("EAEU", date(2015, 1, 1), "ARM", "member", False),
        ("EAEU", date(2015, 1, 2), "ARM", "member", True),
        ("EAEU", date(2015, 8, 12), "KGZ", "member", True),
        ("BRICS", date(2023, 12, 31), "IRN", "member", False),
        ("BRICS", date(2024, 1, 1), "IRN", "member", True),
        ("BRICS", date(2025, 1, 6), "IDN", "member", True),
        ("BRICS", date(2025, 2, 1), "KAZ", "partner", True),
        ("CIS", date(2009, 8, 17), "GEO", "member", True),
        ("CIS", date(2009, 8, 18), "GEO", "member", False),
        ("CSTO", date(2023, 1, 1), "ARM", "member", True),
        ("CSTO", date(2024, 6, 1), "ARM", "suspended", True),
        ("EU", date(2020, 1, 31), "GBR", "member", True),
        ("EU", date(2020, 2, 1), "GBR", "member", False),
        ("ASEAN", date(2025, 10, 26), "TLS", "member", True),
        ("ARF", date(2000, 6, 1), "EU", "member", True),
        ("WPACT", date(1991, 7, 1), "POL", "member", False),
        ("UNION_STATE", date(2000, 1, 26), "BLR", "member", True),
    ],
)
def test_members_as_of_known_facts(
    org: str, day: date, actor: str, role: str, present: bool
) -> None:
    assert (actor in _ids(org, day, role)) is present


def test_year_precision_spell_covers_its_whole_year() -> None:
    arf = {m.actor: m for m in registry.members("ARF", date(1998, 12, 31))}
    assert arf["MNG"].since == date(1998, 1, 1)
    assert arf["MNG"].since_precision == "year"
    assert "MNG" not in _ids("ARF", date(1997, 12, 31))


def test_members_rejects_unknown_org_and_role_with_suggestions() -> None:
    with pytest.raises(NotFound, match=r"unknown organisation 'SOC'; did you mean SCO"):
        registry.members("SOC")
    with pytest.raises(NotFound, match="did you mean observer"):
        registry.members("SCO", role="observers")


def test_ids_are_case_insensitive() -> None:
    assert registry.members("sco", date(2020, 1, 1)) == registry.members("SCO", date(2020, 1, 1))


def test_channels_of_russia_and_china() -> None:
    got = {c.format: c for c in registry.channels("RUS", "CHN", date(2025, 1, 1))}
    assert {"SCO", "BRICS", "RUS_CHN_2001", "CICA", "ARF"} <= set(got)
    assert got["RUS_CHN_2001"].kind == "bilateral_treaty"
    assert (got["SCO"].role_a, got["SCO"].role_b) == ("member", "member")


def test_channels_give_each_sides_role() -> None:
    got = {c.format: c for c in registry.channels("RUS", "ARM", date(2025, 1, 1))}
    assert (got["CSTO"].role_a, got["CSTO"].role_b) == ("member", "suspended")
    assert got["SCO"].role_b == "dialogue_partner"


def test_channels_reject_same_actor_twice() -> None:
    with pytest.raises(InputError):
        registry.channels("RUS", "rus")


def test_channels_include_defence_treaties_only_while_in_force() -> None:
    assert "USA_JPN_1960" not in {
        c.format for c in registry.channels("USA", "JPN", date(1960, 6, 22))
    }
    assert "USA_JPN_1960" in {c.format for c in registry.channels("USA", "JPN", date(1960, 6, 23))}


def test_actor_lists_formats_and_treaties() -> None:
    view = registry.actor("RUS", date(2024, 1, 1))
    assert view.type == "state" and view.eurasian is True and view.cow_code == 365
    assert {"SCO", "CSTO", "EAEU", "CIS", "BRICS", "UNION_STATE", "OSCE"} <= {
        m.format for m in view.memberships
    }
    standing = {t.treaty: t.standing for t in view.treaties}
    assert standing["NEW_START"] == "suspended"
    assert standing["CTBT"] == "signatory"
    assert standing["INF"] == "former_party"


def test_organisation_as_actor() -> None:
    view = registry.actor("EU", date(2020, 1, 1))
    assert view.type == "format"
    assert [m.format for m in view.memberships] == ["ARF"]


def test_unknown_actor_suggests() -> None:
    with pytest.raises(NotFound, match="did you mean RUS"):
        registry.actor("RUSS")


def test_alignment_separates_defence_from_cooperation() -> None:
    a = registry.alignment("USA", "DEU", date(2020, 1, 1))
    assert "NATO" in a.defence and "OSCE" in a.cooperation and a.allied
    b = registry.alignment("RUS", "CHN", date(2020, 1, 1))
    assert b.defence == [] and "SCO" in b.cooperation and not b.allied
    c = registry.alignment("RUS", "PRK", date(2025, 1, 1))
    assert c.defence == ["RUS_PRK_2024"]
    d = registry.alignment("RUS", "ARM", date(2025, 1, 1))
    assert "CSTO" not in d.defence and "CST" in d.defence


def test_states_with_eurasian_filter() -> None:
    eurasian = registry.states(eurasian=True)
    assert all(s.eurasian for s in eurasian)
    assert {"JPN", "LKA", "GBR", "RUS"} <= {s.id for s in eurasian}
    assert len(registry.states()) > len(eurasian)


def test_with_formats_adds_a_runtime_format_without_touching_the_default() -> None:
    charter = Format(
        id="CHARTER",
        name="Charter",
        kind="multilateral_treaty",
        founded=PartialDate.parse("2026-01-01"),
        dissolved=None,
        defence_since=None,
        url="https://example.org/charter",
        source="eurasec record",
    )
    spells = [
        Participation(s, "CHARTER", "member", PartialDate.parse(d), None, "record", "https://x")
        for s, d in [("KAZ", "2026-03-01"), ("MNG", "2026-04-01")]
    ]
    extended = default_registry().with_formats([charter], spells)
    assert [m.actor for m in extended.members("CHARTER", date(2026, 3, 1))] == ["KAZ"]
    both = extended.channels("KAZ", "MNG", date(2026, 4, 1))
    assert "CHARTER" in {c.format for c in both}
    assert "CHARTER" in extended.alignment("KAZ", "MNG", date(2026, 4, 1)).cooperation
    assert "CHARTER" not in {f.id for f in registry.formats()}


def test_with_formats_rejects_duplicates_and_dangling_rows() -> None:
    reg = default_registry()
    nato = reg.format("NATO")
    with pytest.raises(ValueError, match="duplicate"):
        reg.with_formats([nato])
    bad = Participation("XXX", "NATO", "member", PartialDate.parse("2000"), None, "s", "https://x")
    with pytest.raises(ValueError, match="unknown actor"):
        reg.with_formats([], [bad])


def test_registry_is_built_once() -> None:
    assert default_registry() is default_registry()
    assert isinstance(default_registry(), Registry)


@pytest.mark.parametrize(
    ("ccode", "state"), [(365, "RUS"), (260, "DEU"), (255, "DEU"), (265, "DDR"), (345, "SRB")]
)
def test_state_of_cow_code(ccode: int, state: str) -> None:
    found = default_registry().state_of_cow(ccode)
    assert found is not None and found.id == state


def test_state_of_unknown_cow_code_is_none() -> None:
    assert default_registry().state_of_cow(99999) is None


def test_members_of_a_treaty_points_to_treaty_query() -> None:
    with pytest.raises(InputError, match=r"NEW_START is a treaty"):
        registry.members("new_start")


def test_yugoslavia_suspended_from_the_csce() -> None:
    roles = {m.actor: m.role for m in registry.members("OSCE", date(1995, 1, 1))}
    assert roles["SRB"] == "suspended"
    assert {m.actor: m.role for m in registry.members("OSCE", date(2001, 1, 1))}["SRB"] == "member"


def test_start_raised_to_founding_keeps_its_coarse_precision() -> None:
    from eurasec.reference.load import _clip

    cis = next(f for f in reference.formats() if f.id == "CIS")
    cow = Participation("ARM", "CIS", "member", PartialDate.parse("1991"), None, "s", "u")
    clipped = _clip(cow, cis, None)
    assert clipped is not None
    assert clipped.start.value == date(1991, 12, 8)
    assert clipped.start.precision == "year"
    assert registry.members("CIS", date(1991, 12, 7)) == []


def test_treaty_like_format_with_party_roles_counts_for_alignment() -> None:
    charter = Format(
        "CHARTER",
        "Charter",
        "multilateral_treaty",
        PartialDate.parse("2026-01-01"),
        None,
        None,
        "https://example.org",
        "record",
    )
    spells = [
        Participation(s, "CHARTER", r, PartialDate.parse("2026-02-01"), None, "r", "https://x")
        for s, r in [("KAZ", "party"), ("MNG", "party"), ("TUR", "signatory")]
    ]
    reg = default_registry().with_formats([charter], spells)
    day = date(2026, 3, 1)
    assert [m.actor for m in reg.members("CHARTER", day, role="party")] == ["KAZ", "MNG"]
    assert "CHARTER" in reg.alignment("KAZ", "MNG", day).cooperation
    assert "CHARTER" not in reg.alignment("KAZ", "TUR", day).cooperation
    bad = Participation("KAZ", "CHARTER", "boss", PartialDate.parse("2026"), None, "r", "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="bad role"):
        reg.with_formats([], [bad])
