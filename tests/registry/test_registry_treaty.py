"""Treaty status from the timeline of actions, on real treaties and on made-up ones."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasec import registry
from eurasec.reference import PartialDate, Treaty, TreatyAction
from eurasec.registry.treaty import treaty_state


@pytest.mark.parametrize(
    ("treaty_id", "day", "status"),
    [
        ("INF", date(1987, 12, 7), "not_yet_signed"),
        ("INF", date(1987, 12, 8), "signed"),
        ("INF", date(1988, 6, 1), "in_force"),
        ("INF", date(2019, 3, 5), "suspended"),
        ("INF", date(2019, 8, 1), "suspended"),
        ("INF", date(2019, 8, 2), "terminated"),
        ("ABM", date(2002, 6, 12), "in_force"),
        ("ABM", date(2002, 6, 13), "terminated"),
        ("NEW_START", date(2023, 2, 27), "in_force"),
        ("NEW_START", date(2023, 2, 28), "suspended"),
        ("NEW_START", date(2026, 2, 4), "suspended"),
        ("NEW_START", date(2026, 2, 5), "expired"),
        ("NEW_START", date(2026, 2, 6), "expired"),
        ("CTBT", date(2024, 1, 1), "signed"),
        ("CFE", date(2024, 1, 1), "in_force"),
        ("RUS_PRK_2024", date(2024, 12, 3), "signed"),
        ("RUS_PRK_2024", date(2024, 12, 4), "in_force"),
        ("RUS_CHN_2001", date(2002, 2, 28), "in_force"),
        ("RUS_IRN_2025", date(2025, 10, 1), "signed"),
        ("RUS_IRN_2025", date(2025, 10, 2), "in_force"),
        ("CST", date(1999, 4, 20), "in_force"),
        ("PAK_SAU_2025", date(2025, 10, 1), "signed"),
    ],
)
def test_status_on_known_dates(treaty_id: str, day: date, status: str) -> None:
    assert registry.treaty(treaty_id, day).status == status


def test_cfe_parties_after_russia_withdrew_and_nato_suspended() -> None:
    t = registry.treaty("CFE", date(2024, 1, 1))
    assert "RUS" not in t.parties and "RUS" not in t.suspended
    assert "USA" in t.suspended and "USA" not in t.parties
    assert "UKR" in t.parties
    before = registry.treaty("CFE", date(2010, 1, 1))
    assert "RUS" in before.suspended and "USA" in before.parties


def test_open_skies_withdrawals_take_effect_on_their_effective_date() -> None:
    assert "USA" in registry.treaty("OPEN_SKIES", date(2020, 11, 21)).parties
    assert "USA" not in registry.treaty("OPEN_SKIES", date(2020, 11, 22)).parties
    assert "RUS" in registry.treaty("OPEN_SKIES", date(2021, 12, 17)).parties
    assert "RUS" not in registry.treaty("OPEN_SKIES", date(2021, 12, 18)).parties


def test_actions_are_listed_up_to_the_date_with_sources() -> None:
    t = registry.treaty("NEW_START", date(2022, 1, 1))
    assert [a.action for a in t.actions] == ["signature", "entry_into_force", "extension"]
    assert all(a.source and a.url for a in t.actions)


def test_cst_parties_over_time() -> None:
    assert "GEO" in registry.treaty("CST", date(1999, 4, 19)).parties
    assert "GEO" not in registry.treaty("CST", date(1999, 4, 20)).parties
    assert "UZB" in registry.treaty("CST", date(2010, 1, 1)).parties
    assert "UZB" in registry.treaty("CST", date(2013, 1, 1)).suspended


def test_ctbt_revocation_leaves_russia_a_signatory() -> None:
    t = registry.treaty("CTBT", date(2024, 1, 1))
    assert "RUS" in t.signatories and t.parties == []
    assert any(a.action == "revocation" and a.actors == ["RUS"] for a in t.actions)


def _act(kind: str, actors: str, day: str, effective: str = "") -> TreatyAction:
    return TreatyAction(
        treaty="T",
        action=kind,  # type: ignore[arg-type]
        actors=tuple(actors.split()),
        date=PartialDate.parse(day),
        effective=PartialDate.parse(effective) if effective else None,
        source="test",
        url="https://example.org",
    )


def _treaty(*actions: TreatyAction) -> Treaty:
    return Treaty("T", "Test", "multilateral", False, "https://example.org", "s", "", actions)


def test_withdrawal_below_two_parties_terminates() -> None:
    t = _treaty(
        _act("signature", "A B", "2000-01-01"),
        _act("entry_into_force", "A B", "2001-01-01"),
        _act("withdrawal", "A", "2005-01-01", "2005-07-01"),
    )
    assert treaty_state(t, date(2005, 6, 30)).status == "in_force"
    assert treaty_state(t, date(2005, 7, 1)).status == "terminated"


def test_resumption_ends_a_suspension() -> None:
    t = _treaty(
        _act("entry_into_force", "A B", "2001-01-01"),
        _act("suspension", "A", "2002-01-01"),
        _act("resumption", "A", "2003-01-01"),
    )
    assert treaty_state(t, date(2002, 6, 1)).status == "suspended"
    st = treaty_state(t, date(2003, 1, 1))
    assert st.status == "in_force" and st.parties == ["A", "B"]


def test_unknown_treaty_suggests() -> None:
    with pytest.raises(Exception, match="did you mean NEW_START"):
        registry.treaty("NEWSTART")


ACTORS = ["A", "B", "C"]
KINDS = [
    "signature",
    "ratification",
    "entry_into_force",
    "suspension",
    "resumption",
    "withdrawal",
    "revocation",
    "termination",
    "expiry",
]


@st.composite
def timelines(draw: st.DrawFn) -> Treaty:
    acts = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(KINDS))
        who = draw(st.lists(st.sampled_from(ACTORS), unique=True, max_size=3))
        if kind in ("termination", "expiry") and draw(st.booleans()):
            who = []
        day = draw(st.integers(1990, 2030))
        acts.append(_act(kind, " ".join(who), str(day)))
    return _treaty(*sorted(acts, key=lambda a: a.date.value))


@given(timelines(), st.integers(1989, 2031))
def test_treaty_state_invariants(t: Treaty, year: int) -> None:
    st_ = treaty_state(t, date(year, 6, 1))
    assert st_.status in {
        "not_yet_signed",
        "signed",
        "in_force",
        "suspended",
        "terminated",
        "expired",
    }
    assert set(st_.parties) <= st_.in_force
    assert not set(st_.parties) & st_.suspended
    if st_.status in ("expired", "signed", "not_yet_signed"):
        assert st_.parties == []
    if st_.status in ("terminated", "suspended"):
        assert len(st_.parties) < 2
    if st_.status == "in_force":
        assert len(st_.parties) >= 2
