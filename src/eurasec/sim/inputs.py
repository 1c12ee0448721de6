"""The seam between the world and the simulation core: plain arrays in :class:`SimInputs`.

The core (:mod:`eurasec.sim.model`) never reads the registry, the threat model or a dataset;
it takes a :class:`SimInputs`:

- ``actors``: ids (ISO 3166 alpha-3 where the registry has one), length n;
- ``threat``: ``[K, n, n]`` non-negative threat per dimension (in the order of
  :data:`~eurasec.sim.params.DIMENSIONS`); the model uses each dyad's mutual threat
  ``sqrt(T_ij * T_ji)`` on the scale of the parameters' ``threat_reference``;
- ``channels``: ``[C, n, n]`` symmetric counts of shared organisations of each kind
  (:data:`~eurasec.sim.organisations.CHANNEL_KINDS`);
- ``mediator``: ``[n, n]`` bool, a regional settlement body binds both;
- ``alliance``: ``[n, n]`` bool, defence-pact partners (used by bloc discipline);
- ``capability``: ``[n]`` composite capability (CINC);
- ``rivalry``: ``[n, n]`` bool, a strategic rivalry (optional; none when omitted).

:func:`build_inputs` makes one for a year from the historical panel
(:mod:`eurasec.sim.history`): the same rules the estimation was fitted on, so the estimated
parameters apply to them.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from eurasec.errors import InputError, NotFound
from eurasec.sim.organisations import CHANNEL_KINDS
from eurasec.sim.params import DIMENSIONS

__all__ = ["SimInputs", "build_inputs", "resolve_actors"]


@dataclass(frozen=True, eq=False)
class SimInputs:
    """Everything the simulation core needs about the actors, as plain arrays."""

    actors: tuple[str, ...]
    threat: NDArray[np.float64]
    channels: NDArray[np.float64]
    mediator: NDArray[np.bool_]
    alliance: NDArray[np.bool_]
    capability: NDArray[np.float64]
    rivalry: NDArray[np.bool_] | None = None
    names: tuple[str, ...] = ()
    source: str = "custom"
    year: int = 0
    notes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Check shapes and values once, so the core can trust them."""
        n = len(self.actors)
        if n < 2:
            raise InputError("a simulation needs at least two actors")
        if len(set(self.actors)) != n:
            raise InputError("actor ids must be unique")
        checks: list[tuple[str, NDArray[np.generic], tuple[int, ...]]] = [
            ("threat", self.threat, (len(DIMENSIONS), n, n)),
            ("channels", self.channels, (len(CHANNEL_KINDS), n, n)),
            ("mediator", self.mediator, (n, n)),
            ("alliance", self.alliance, (n, n)),
            ("capability", self.capability, (n,)),
        ]
        if self.rivalry is not None:
            checks.append(("rivalry", self.rivalry, (n, n)))
        for label, arr, shape in checks:
            if arr.shape != shape:
                raise InputError(f"SimInputs.{label} has shape {arr.shape}, expected {shape}")
        for label, num in (
            ("threat", self.threat),
            ("channels", self.channels),
            ("capability", self.capability),
        ):
            if not np.all(np.isfinite(num)) or np.any(num < 0):
                raise InputError(f"SimInputs.{label} must be finite and non-negative")
        if not np.allclose(self.channels, self.channels.transpose(0, 2, 1)):
            raise InputError("SimInputs.channels must be symmetric")

    @property
    def n(self) -> int:
        """Number of actors."""
        return len(self.actors)

    def index(self, actor: str) -> int:
        """Position of ``actor`` (ISO alpha-3, case-insensitive); NotFound with suggestions."""
        up = actor.strip().upper()
        try:
            return self.actors.index(up)
        except ValueError:
            raise NotFound("actor", actor, self.actors) from None

    def subset(self, actors: list[str]) -> SimInputs:
        """The same inputs restricted to ``actors`` (in the given order)."""
        idx = [self.index(a) for a in actors]
        grid = np.ix_(idx, idx)
        return SimInputs(
            actors=tuple(self.actors[i] for i in idx),
            names=tuple(self.names[i] for i in idx) if self.names else (),
            threat=self.threat[:, idx][:, :, idx],
            channels=self.channels[:, idx][:, :, idx],
            mediator=self.mediator[grid],
            alliance=self.alliance[grid],
            capability=self.capability[idx],
            rivalry=None if self.rivalry is None else self.rivalry[grid],
            source=self.source,
            year=self.year,
            notes={**self.notes, "subset": f"{len(idx)} of {self.n} actors"},
        )

    def label(self, i: int) -> str:
        """A readable label for actor ``i``: its name when known, else its id."""
        return self.names[i] if self.names else self.actors[i]


def resolve_actors(inputs: SimInputs, actors: list[str] | str) -> list[int]:
    """Indices of ``actors`` (``"all"`` means every actor); NotFound for an unknown id."""
    if isinstance(actors, str):
        if actors != "all":
            raise InputError(f"actors must be a list of ids or 'all', not {actors!r}")
        return list(range(inputs.n))
    return sorted({inputs.index(a) for a in actors})


def build_inputs(year: int = 2014) -> SimInputs:
    """The Eurasian state system in ``year`` (1960–2014) from the historical panel.

    Threat: the dyad's mutual military threat under the estimates' threat rule, the same in
    every dimension; channels: shared organisations by kind; mediator: a regional settlement
    body binds both; alliance: ATOP defence pacts (see :mod:`eurasec.sim.history`).
    """
    from eurasec.sim.history import FIRST_YEAR, LAST_YEAR, threat_rule_in_use, year_inputs

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(f"simulation inputs cover {FIRST_YEAR}-{LAST_YEAR}, not {year}")
    return year_inputs(int(year), threat_rule_in_use())
