"""The shipped reference data: every fact dated and sourced, no overlaps, COW codes mapped."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from eurasec import datasets, reference

ROOT = Path(__file__).parents[2]
FORMAT_IDS = [
    "SCO",
    "CSTO",
    "EAEU",
    "CIS",
    "BRICS",
    "UNION_STATE",
    "CICA",
    "OSCE",
    "NATO",
    "EU",
    "ASEAN",
    "ARF",
    "GCC",
]
TREATY_IDS = [
    "INF",
    "ABM",
    "CFE",
    "OPEN_SKIES",
    "NEW_START",
    "CTBT",
    "RUS_PRK_2024",
    "RUS_IRN_2025",
    "RUS_CHN_2001",
]
STATE_IDS = {s.id for s in reference.states()}
FORMATS = {f.id: f for f in reference.formats()}


def test_required_format_ids_exist() -> None:
    assert set(FORMAT_IDS) <= set(FORMATS)


def test_required_treaty_ids_exist_with_bilateral_security_treaties() -> None:
    ids = {t.id for t in reference.treaties()}
    assert set(TREATY_IDS) <= ids
    assert {"USA_JPN_1960", "USA_KOR_1953", "CHN_PRK_1961", "USA_PHL_1951"} <= ids


@pytest.mark.parametrize("p", reference.participations(), ids=lambda p: f"{p.actor}-{p.format}")
def test_every_participation_has_a_date_and_a_source(p: reference.Participation) -> None:
    assert isinstance(p.start.value, date)
    assert p.source.strip()
    assert p.url.startswith(("https://", "http://"))
    assert p.end_day is None or p.start.value < p.end_day
    assert p.role in reference.ROLES
    assert p.actor in STATE_IDS or p.actor in FORMATS


def test_every_treaty_action_has_a_date_a_source_and_known_actors() -> None:
    for t in reference.treaties():
        assert t.actions, t.id
        assert t.kind in ("bilateral", "multilateral")
        for a in t.actions:
            assert isinstance(a.date.value, date)
            assert a.source.strip() and a.url.startswith(("https://", "http://"))
            assert set(a.actors) <= STATE_IDS, (t.id, a.actors)
            # only a succession takes effect before its act (from the predecessor's end)
            retro = a.action == "succession"
            assert a.effective is None or retro or a.effective.value >= a.date.value
        if t.kind == "bilateral":
            assert len({x for a in t.actions for x in a.actors}) == 2, t.id


def test_no_overlapping_spells_for_one_actor_in_one_format() -> None:
    spells = defaultdict(list)
    for p in reference.participations():
        spells[(p.actor, p.format)].append(p)
    for key, group in spells.items():
        group.sort(key=lambda p: p.start.value)
        for earlier, later in itertools.pairwise(group):
            assert earlier.end is not None, key
            assert earlier.end.value <= later.start.value, key


def test_no_spell_outlives_its_format() -> None:
    for p in reference.participations():
        fmt = FORMATS[p.format]
        if fmt.founded:
            assert p.start.value >= fmt.founded.value, (p.actor, p.format)
        if fmt.dissolved:
            assert p.end_day is not None and p.end_day <= fmt.dissolved.after()


def test_hand_coded_rows_are_sourced_officially() -> None:
    for p in reference.hand_participations():
        assert "correlatesofwar" not in p.url, (p.actor, p.format)
        assert p.source.strip()


def test_post_2014_changes_come_from_the_hand_coded_file() -> None:
    cow_end = date(2015, 1, 1)
    hand = set(reference.hand_participations())
    for p in reference.participations():
        if p.start.value >= cow_end:
            assert p in hand, (p.actor, p.format, p.start)


def _cow_current() -> dict[int, str]:
    cow = datasets.load("cow_states")
    cur = cow[cow["endyear"] == cow["endyear"].max()]
    return dict(zip(cur["ccode"].astype(int), cur["statenme"], strict=True))


def test_every_eurasian_state_maps_to_its_cow_code() -> None:
    cw = datasets.load("crosswalk").dropna(subset=["iso3c", "cown"])
    expected = {str(i): int(c) for i, c in zip(cw["iso3c"], cw["cown"], strict=True)}
    current = _cow_current()
    for s in reference.states():
        if not s.eurasian or s.status == "historical":
            continue
        if s.id in expected and expected[s.id] in current:
            assert s.cow_code == expected[s.id], s.id
        if s.cow_code is None:
            assert s.id in {"PSE", "VAT"}, f"{s.id} lacks a COW code"


def test_every_current_cow_state_is_a_state_of_the_registry() -> None:
    mapped = {s.cow_code for s in reference.states() if s.status != "historical"}
    assert set(_cow_current()) <= mapped


@pytest.mark.parametrize(
    ("state", "eurasian"),
    [
        ("JPN", True),
        ("LKA", True),
        ("GBR", True),
        ("ISL", True),
        ("CYP", True),
        ("PHL", True),
        ("IDN", True),
        ("RUS", True),
        ("TUR", True),
        ("KAZ", True),
        ("EGY", False),
        ("AUS", False),
        ("USA", False),
        ("PNG", False),
    ],
)
def test_eurasian_flag(state: str, eurasian: bool) -> None:
    assert {s.id: s for s in reference.states()}[state].eurasian is eurasian


def test_states_cover_the_un_and_carry_translations() -> None:
    states = {s.id: s for s in reference.states()}
    assert sum(s.status == "un_member" for s in states.values()) == 193
    assert states["CHN"].names["ru"] == "Китай"
    assert states["RUS"].names["zh"] == "俄罗斯"


def test_generated_files_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_reference.py"), "--check"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
