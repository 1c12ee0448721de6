"""Simulation inputs from the registry and the threat engine (what ``build_inputs`` uses).

- **Actors**: registry states flagged ``eurasian`` that are COW system members in ``year``
  (:func:`eurasec.sim._datasets.eurasian_ccodes`, shared with the calibration target).
- **Threat**: :func:`eurasec.analysis.assess.threat_matrices` (the engine's threat rule in
  every dimension, :data:`~eurasec.analysis.threat.DIMENSION_PARAMS`) on the world of
  30 June of ``year`` (:func:`eurasec.analysis.world.world`). A dimension in which no actor projects
  threat (natural disasters) is driven instead by the dimension's reach, i.e. proximity:
  disasters spill over between neighbours whoever they are.
- **Channels**: :func:`eurasec.registry.channels` of each pair on that date; each shared
  format or treaty adds the smaller of the two parties' :data:`CHANNEL_ROLE_WEIGHT`.
- **Alliance**: the engine's defence matrix (ATOP defence pacts and full membership of a
  common mutual-defence organisation).
- **Mediator**: some third state shares channels of strength at least
  :data:`MEDIATOR_MIN_CHANNEL` with both and poses each a military threat no greater than
  the :data:`~eurasec.sim._datasets.MEDIATOR_THREAT_QUANTILE` of all dyadic threats.
- **Capability**: CINC share (the engine's military capacity).
"""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from eurasec import datasets
from eurasec.sim._datasets import MEDIATOR_THREAT_QUANTILE, eurasian_ccodes
from eurasec.sim.inputs import SimInputs
from eurasec.sim.params import DIMENSIONS

__all__ = ["CHANNEL_ROLE_WEIGHT", "MEDIATOR_MIN_CHANNEL", "build", "mediator_matrix"]

#: Weight of a party's role in a shared format when summing a dyad's channel strength.
CHANNEL_ROLE_WEIGHT = {
    "member": 1.0,
    "party": 1.0,
    "associate": 0.5,
    "partner": 0.5,
    "observer": 0.25,
    "dialogue_partner": 0.25,
    "signatory": 0.25,
}
#: Channel strength a mediator needs with each party.
MEDIATOR_MIN_CHANNEL = 1.0


def mediator_matrix(
    channels: NDArray[np.float64], threat: NDArray[np.float64]
) -> NDArray[np.bool_]:
    """m[i, j]: a third actor with channels to both and low (≤ quantile) threat to each."""
    n = channels.shape[0]
    iu = np.triu_indices(n, 1)
    low = threat <= np.quantile(threat[iu], MEDIATOR_THREAT_QUANTILE)
    ok = (channels >= MEDIATOR_MIN_CHANNEL) & low
    np.fill_diagonal(ok, False)
    out: NDArray[np.bool_] = (ok.astype(np.int64) @ ok.T.astype(np.int64)) > 0
    np.fill_diagonal(out, False)
    return out


def _channels(actors: tuple[str, ...], as_of: date) -> NDArray[np.float64]:
    from eurasec import registry

    n = len(actors)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            s = sum(
                min(CHANNEL_ROLE_WEIGHT.get(c.role_a, 0.0), CHANNEL_ROLE_WEIGHT.get(c.role_b, 0.0))
                for c in registry.channels(actors[i], actors[j], as_of)
            )
            out[i, j] = out[j, i] = s
    return out


def _positions(
    actors: tuple[str, ...], names: tuple[str, ...], states: pd.DataFrame
) -> dict[str, int]:
    """Where each of ``states`` sits in the engine's world, by ISO id or else by COW name.

    The COW-name fallback finds any state the engine's world names by its COW abbreviation
    because it has no ISO code.
    """
    cow_name = datasets.load("cow_codes").drop_duplicates("CCode").set_index("CCode")["StateNme"]
    by_name = {n: i for i, n in enumerate(names)}
    out: dict[str, int] = {}
    for ccode, iso in zip(states["ccode"], states["iso3"], strict=True):
        if iso in actors:
            out[iso] = actors.index(iso)
        elif cow_name.get(ccode) in by_name:
            out[iso] = by_name[str(cow_name[ccode])]
    return out


@cache
def _build_cached(year: int) -> SimInputs:
    from eurasec.analysis.assess import threat_matrices
    from eurasec.analysis.threat import DIMENSION_PARAMS, reach
    from eurasec.analysis.world import world

    as_of = date(year, 6, 30)
    w = world(as_of)
    states = eurasian_ccodes(year)
    pos = _positions(w.actors, w.names, states)
    keep = [a for a in states["iso3"] if a in pos]
    idx = np.array([pos[a] for a in keep])
    grid = np.ix_(idx, idx)
    per_dim = threat_matrices(w)
    threat = np.zeros((len(DIMENSIONS), len(idx), len(idx)))
    for k, dim in enumerate(DIMENSIONS):
        t = per_dim[dim][grid]
        if not t.any():
            t = reach(w.distance_km, w.contiguity, DIMENSION_PARAMS[dim])[grid]
            np.fill_diagonal(t, 0.0)
        threat[k] = t
    defence = w.defence_matrix()
    actors = tuple(keep)
    channels = _channels(actors, as_of)
    names = dict(zip(states["iso3"], states["name"], strict=True))
    return SimInputs(
        actors=actors,
        names=tuple(str(names[a]) for a in actors),
        threat=threat,
        channels=channels,
        mediator=mediator_matrix(channels, np.sqrt(threat[0] * threat[0].T)),
        alliance=defence[grid] > 0,
        capability=w.capacity[0][idx],
        source="registry+engine",
        year=year,
        notes={
            "as_of": as_of.isoformat(),
            **{f"data_{k}": str(v) for k, v in w.data_years.items()},
        },
    )


def build(year: int) -> SimInputs:
    """The registry- and engine-derived :class:`SimInputs` for ``year`` (built once)."""
    return _build_cached(int(year))
