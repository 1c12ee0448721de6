"""The array seam and the dataset-built inputs."""

from __future__ import annotations

import numpy as np
import pytest

from eurasec.errors import InputError, NotFound
from eurasec.sim.inputs import SimInputs, build_inputs, resolve_actors
from eurasec.sim.params import DIMENSIONS


def test_eurasian_system_2014(eurasia: SimInputs) -> None:
    assert eurasia.n == 92  # registry's Eurasian states in the COW system of 2014
    for iso in ("RUS", "CHN", "IND", "DEU", "TUR", "JPN", "ISR", "CYP", "SRB", "XKX"):
        assert iso in eurasia.actors
    for iso in ("USA", "CAN", "EGY", "AUS"):
        assert iso not in eurasia.actors
    assert eurasia.source == "registry+engine"


def test_dataset_fallback_has_the_same_actors(eurasia: SimInputs) -> None:
    fallback = build_inputs(2014, source="datasets")
    assert fallback.source == "datasets"
    assert fallback.actors == eurasia.actors
    assert np.allclose(fallback.channels, fallback.channels.T)
    i, j = fallback.index("DEU"), fallback.index("FRA")
    assert fallback.alliance[i, j] and fallback.channels[i, j] >= 5


def test_every_dimension_drives_some_frictions(eurasia: SimInputs) -> None:
    for k in range(len(DIMENSIONS)):
        assert eurasia.threat[k].sum() > 0, DIMENSIONS[k]


def test_inputs_are_well_formed(eurasia: SimInputs) -> None:
    n = eurasia.n
    assert eurasia.threat.shape == (len(DIMENSIONS), n, n)
    assert np.all(eurasia.threat >= 0)
    assert np.allclose(eurasia.channels, eurasia.channels.T)
    assert not eurasia.mediator.diagonal().any()
    assert np.array_equal(eurasia.alliance, eurasia.alliance.T)
    i, j = eurasia.index("DEU"), eurasia.index("FRA")
    assert eurasia.alliance[i, j]  # NATO defence pact
    assert eurasia.channels[i, j] >= 3  # EU, NATO, OSCE ... in the registry


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
    assert sub.channels[0, 1] == eurasia.channels[eurasia.index("RUS"), eurasia.index("CHN")]


def test_resolve_actors(eurasia: SimInputs) -> None:
    assert resolve_actors(eurasia, "all") == list(range(eurasia.n))
    with pytest.raises(InputError):
        resolve_actors(eurasia, "some")


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"threat": -np.ones((len(DIMENSIONS), 2, 2))}, "non-negative"),
        ({"channels": np.array([[0.0, 1.0], [2.0, 0.0]])}, "symmetric"),
        ({"capability": np.ones(3)}, "shape"),
        ({"actors": ("A", "A")}, "unique"),
    ],
)
def test_bad_inputs_are_refused(change: dict[str, object], fragment: str) -> None:
    base: dict[str, object] = {
        "actors": ("AAA", "BBB"),
        "threat": np.ones((len(DIMENSIONS), 2, 2)),
        "channels": np.zeros((2, 2)),
        "mediator": np.zeros((2, 2), dtype=bool),
        "alliance": np.zeros((2, 2), dtype=bool),
        "capability": np.ones(2),
    }
    with pytest.raises(InputError) as err:
        SimInputs(**{**base, **change})  # type: ignore[arg-type]
    assert fragment in err.value.message


def test_unknown_source_and_year() -> None:
    with pytest.raises(InputError):
        build_inputs(2014, source="oracle")  # type: ignore[arg-type]
    with pytest.raises(InputError):
        build_inputs(1900)
    with pytest.raises(InputError):
        build_inputs(2030)
