"""The array seam and the inputs built from the historical panel."""

from __future__ import annotations

import numpy as np
import pytest

from eurasec.errors import InputError, NotFound
from eurasec.sim.inputs import SimInputs, build_inputs, resolve_actors
from eurasec.sim.organisations import CHANNEL_KINDS
from eurasec.sim.params import DIMENSIONS

SEC, POL = CHANNEL_KINDS.index("security"), CHANNEL_KINDS.index("political")


def test_eurasian_system_2014(eurasia: SimInputs) -> None:
    assert eurasia.n == 92  # registry's Eurasian states in the COW system of 2014
    for iso in ("RUS", "CHN", "IND", "DEU", "TUR", "JPN", "ISR", "CYP", "SRB", "XKX"):
        assert iso in eurasia.actors
    for iso in ("USA", "CAN", "EGY", "AUS"):
        assert iso not in eurasia.actors
    assert eurasia.source == "history"


def test_cold_war_states_the_registry_lacks_are_actors() -> None:
    system = build_inputs(1970)
    for cow_only in ("GFR", "YAR", "RVN"):
        assert cow_only in system.actors
    assert "DDR" in system.actors and "DEU" not in system.actors


def test_threat_is_the_same_in_every_dimension(eurasia: SimInputs) -> None:
    for k in range(len(DIMENSIONS)):
        assert np.array_equal(eurasia.threat[k], eurasia.threat[0]), DIMENSIONS[k]
    assert eurasia.threat[0].sum() > 0


def test_inputs_are_well_formed(eurasia: SimInputs) -> None:
    n = eurasia.n
    assert eurasia.threat.shape == (len(DIMENSIONS), n, n)
    assert eurasia.channels.shape == (len(CHANNEL_KINDS), n, n)
    assert np.all(eurasia.threat >= 0)
    assert np.allclose(eurasia.channels, eurasia.channels.transpose(0, 2, 1))
    assert not eurasia.mediator.diagonal().any()
    assert np.array_equal(eurasia.alliance, eurasia.alliance.T)
    i, j = eurasia.index("DEU"), eurasia.index("FRA")
    assert eurasia.alliance[i, j]  # NATO defence pact
    assert eurasia.channels[SEC, i, j] >= 3  # NATO, OSCE, EAPC, Wassenaar ...
    assert eurasia.channels[:, i, j].sum() > 50  # every organisation both belong to
    assert eurasia.mediator[i, j]  # EU Court of Justice, Council of Europe


def test_rivals_and_complete_channels(eurasia: SimInputs) -> None:
    assert eurasia.rivalry is not None
    ind, pak, isl, npl = (eurasia.index(a) for a in ("IND", "PAK", "ISL", "NPL"))
    assert eurasia.rivalry[ind, pak] and not eurasia.rivalry[isl, npl]
    # with every organisation counted, only 4 of 4,186 pairs share none (Kosovo with Andorra,
    # Monaco, North Korea and Taiwan), against about half with the registry's 18 formats
    iu = np.triu_indices(eurasia.n, 1)
    assert (eurasia.channels.sum(axis=0)[iu] == 0).sum() <= 5
    assert eurasia.channels[POL, ind, pak] >= 3  # UN, SAARC, Commonwealth ...


def test_contiguous_great_powers_threaten_more(eurasia: SimInputs) -> None:
    t = eurasia.threat[0]
    chn, ind, isl, npl = (eurasia.index(a) for a in ("CHN", "IND", "ISL", "NPL"))
    assert t[chn, ind] > 10 * t[isl, npl]


def test_index_suggests_close_ids(eurasia: SimInputs) -> None:
    with pytest.raises(NotFound) as err:
        eurasia.index("RUSS")
    assert "RUS" in err.value.message
    assert eurasia.index("rus") == eurasia.actors.index("RUS")


def test_subset_keeps_values(eurasia: SimInputs) -> None:
    sub = eurasia.subset(["RUS", "CHN"])
    assert sub.n == 2
    i, j = eurasia.index("RUS"), eurasia.index("CHN")
    assert np.array_equal(sub.channels[:, 0, 1], eurasia.channels[:, i, j])
    assert sub.rivalry is not None and eurasia.rivalry is not None
    assert sub.rivalry[0, 1] == eurasia.rivalry[i, j]


def test_resolve_actors(eurasia: SimInputs) -> None:
    assert resolve_actors(eurasia, "all") == list(range(eurasia.n))
    with pytest.raises(InputError):
        resolve_actors(eurasia, "some")


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"threat": -np.ones((len(DIMENSIONS), 2, 2))}, "non-negative"),
        ({"channels": np.array([[[0.0, 1.0], [2.0, 0.0]]] * len(CHANNEL_KINDS))}, "symmetric"),
        ({"channels": np.zeros((2, 2))}, "shape"),
        ({"rivalry": np.zeros((3, 3), dtype=bool)}, "shape"),
        ({"capability": np.ones(3)}, "shape"),
        ({"actors": ("A", "A")}, "unique"),
    ],
)
def test_bad_inputs_are_refused(change: dict[str, object], fragment: str) -> None:
    base: dict[str, object] = {
        "actors": ("AAA", "BBB"),
        "threat": np.ones((len(DIMENSIONS), 2, 2)),
        "channels": np.zeros((len(CHANNEL_KINDS), 2, 2)),
        "mediator": np.zeros((2, 2), dtype=bool),
        "alliance": np.zeros((2, 2), dtype=bool),
        "capability": np.ones(2),
    }
    with pytest.raises(InputError) as err:
        SimInputs(**{**base, **change})  # type: ignore[arg-type]
    assert fragment in err.value.message


def test_years_outside_the_data() -> None:
    with pytest.raises(InputError):
        build_inputs(1959)
    with pytest.raises(InputError):
        build_inputs(1900)
    with pytest.raises(InputError):
        build_inputs(2030)
