"""Shared organisations by kind: the hand-coded table, COW's coding, the registry's formats."""

from __future__ import annotations

import numpy as np
import pytest

from eurasec.sim.history import eurasian_states
from eurasec.sim.organisations import (
    CHANNEL_KINDS,
    organisation_table,
    shared_organisations,
)

SEC, POL = CHANNEL_KINDS.index("security"), CHANNEL_KINDS.index("political")


def _pair(year: int, a: str, b: str) -> tuple[np.ndarray, np.ndarray, int, int]:
    states = eurasian_states(year)
    codes = states["ccode"].to_numpy(np.int64)
    ids = list(states["id"])
    return codes, states, ids.index(a), ids.index(b)


def test_every_cow_organisation_has_a_kind() -> None:
    table = organisation_table()
    cow = [o for o in table if o.data == "cow"]
    assert len(cow) == 534  # COW IGO v3.0: all organisations, not a selection
    assert {o.kind for o in table} <= set(CHANNEL_KINDS)
    registry = {o.key for o in table if o.data == "registry"}
    assert {"ARF", "BRICS", "UNION_STATE"} <= registry


@pytest.mark.parametrize(
    ("key", "kind", "settles"),
    [
        ("nato", "security", True),
        ("wpact", "security", False),
        ("csto", "security", False),
        ("eu", "political", True),  # COW codes it economic; a general-purpose union
        ("oic", "political", False),  # COW codes it social
        ("saarc", "political", False),  # its charter keeps bilateral disputes out
        ("loas", "political", True),
        ("un", "political", True),
    ],
)
def test_hand_coding_with_sources(key: str, kind: str, settles: bool) -> None:
    org = {o.key: o for o in organisation_table()}[key]
    assert org.coded and org.kind == kind
    assert (org.settlement_since is not None) is settles
    assert org.source.strip() and org.structure in ("structured", "minimal")


def test_counts_by_kind_in_2014() -> None:
    codes, _, deu, fra = _pair(2014, "DEU", "FRA")
    shared = shared_organisations(codes, 2014)
    assert shared.counts[SEC, deu, fra] >= 3  # NATO, OSCE, EAPC, Wassenaar
    assert shared.counts[:, deu, fra].sum() > 50
    assert np.allclose(shared.counts, shared.counts.transpose(0, 2, 1))
    assert shared.settlement[deu, fra]


def test_global_bodies_are_no_regional_settlement() -> None:
    codes, _, ind, pak = _pair(2014, "IND", "PAK")
    shared = shared_organisations(codes, 2014)
    assert shared.counts[POL, ind, pak] >= 2  # UN, SAARC ...
    assert not shared.settlement[ind, pak]  # the UN's good offices are open to every pair


def test_settlement_counts_from_its_year() -> None:
    # ASEAN's High Council dates from the Treaty of Amity and Cooperation (1976)
    codes, _, idn, mys = _pair(1970, "IDN", "MYS")
    assert not shared_organisations(codes, 1970).settlement[idn, mys]
    codes, _, idn, mys = _pair(1980, "IDN", "MYS")
    assert shared_organisations(codes, 1980).settlement[idn, mys]


def test_registry_formats_add_channels() -> None:
    # the ASEAN Regional Forum (1994) is not in COW: the registry adds it
    codes, _, chn, jpn = _pair(1990, "CHN", "JPN")
    before = shared_organisations(codes, 1990).counts[SEC, chn, jpn]
    codes, _, chn, jpn = _pair(2000, "CHN", "JPN")
    after = shared_organisations(codes, 2000).counts[SEC, chn, jpn]
    assert after >= before + 1
