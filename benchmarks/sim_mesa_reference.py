"""The simulation model written a second time, plainly, as a Mesa 3 agent-based model.

One agent per state; the dyads' state (tension, hostility) lives in the model. Each month:

1. tension and hostility of every dyad decay (``tension_retention``, ``hostility_retention``);
2. every state agent, for each dyad with a higher-numbered partner, draws the month's frictions
   ``n ~ Poisson(Σ_k λ_dk · (1 + h_d))``, picks each friction's dimension, and settles it by
   dialogue or mediation or adds its severity to the dyad's tension;
3. the model turns tension at or over the threshold into crises (tension resets), crises into
   disputes, raises hostility, and applies bloc discipline.

It shares nothing with :mod:`eurasec.sim.model` but the inputs and parameters: rates are
recomputed here from the formulas in ``docs/concepts/simulation.md``, frictions are drawn
directly (no thinning, no Poisson splitting, no alias table, no recycled uniforms). Used by
``tests/sim/test_mesa_reference.py`` (same outcome distributions within Monte Carlo error)
and ``benchmarks/sim_bench.py`` (speed side by side).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import mesa
import numpy as np

from eurasec.sim.inputs import SimInputs
from eurasec.sim.model import MONTHS_PER_DECADE, Effects
from eurasec.sim.organisations import CHANNEL_KINDS
from eurasec.sim.params import SimParams

__all__ = ["DyadModel", "MesaOutcome", "StateAgent", "run_mesa"]


@dataclass
class MesaOutcome:
    """Per-decade outcomes of one Mesa replication."""

    crises: float
    disputes: float
    dyads_in_dispute: float


class StateAgent(mesa.Agent):  # type: ignore[misc]
    """A state: draws the frictions of its dyads with higher-numbered partners."""

    def __init__(self, model: DyadModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    def step(self) -> None:
        """Draw this month's frictions of my dyads and settle them or add tension."""
        m: DyadModel = self.model
        rng = m.rng
        for d in m.dyads_of[self.index]:
            n = rng.poisson(m.rate[d] * (1.0 + m.hostility[d]))
            for _ in range(n):
                k = int(np.searchsorted(m.dim_cum[d], rng.random() * m.rate[d], side="right"))
                k = min(k, len(m.severity) - 1)
                if rng.random() < m.p_dialogue[d]:
                    continue
                if m.mediator[d] and rng.random() < m.p.mediation_prob:
                    continue
                m.pending[d] += m.severity[k]


class DyadModel(mesa.Model):  # type: ignore[misc]
    """The friction → crisis → dispute model over one set of inputs."""

    def __init__(
        self, inputs: SimInputs, params: SimParams, effects: Effects | None = None, *, seed: int
    ) -> None:
        super().__init__(rng=seed)
        eff = effects or Effects()
        self.p = params.model_copy(
            update={} if eff.bloc_drag_prob is None else {"bloc_drag_prob": eff.bloc_drag_prob}
        )
        n = inputs.n
        self.pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        self.dyad_of = {pair: d for d, pair in enumerate(self.pairs)}
        self.dyads_of: list[list[int]] = [[] for _ in range(n)]
        for d, (i, _j) in enumerate(self.pairs):
            self.dyads_of[i].append(d)
        self._rates(inputs, eff)
        channels = inputs.channels + (0 if eff.channels_add is None else eff.channels_add)
        mediator = inputs.mediator | (False if eff.mediator_add is None else eff.mediator_add)
        weights = [self.p.channel_weights[k] for k in CHANNEL_KINDS]
        strength = [
            sum(w * channels[c, i, j] for c, w in enumerate(weights)) for i, j in self.pairs
        ]
        self.p_dialogue = [1.0 - math.exp(-s) for s in strength]
        self.mediator = [bool(mediator[i, j]) for i, j in self.pairs]
        self.allies = [set(np.flatnonzero(inputs.alliance[i]).tolist()) for i in range(n)]
        self.severity = self.p.severities()
        self.tension = [0.0] * len(self.pairs)
        self.hostility = [0.0] * len(self.pairs)
        self.pending = [0.0] * len(self.pairs)
        self.crises = 0
        self.disputes = 0
        self.window_dyads: list[set[int]] = []
        for i in range(n):
            StateAgent(self, i)

    def _rates(self, inputs: SimInputs, eff: Effects) -> None:
        k_dims = inputs.threat.shape[0]
        weights = self.p.weights()
        tau = [[0.0] * len(self.pairs) for _ in range(k_dims)]
        for k in range(k_dims):
            for d, (i, j) in enumerate(self.pairs):
                mutual = math.sqrt(inputs.threat[k, i, j] * inputs.threat[k, j, i])
                tau[k][d] = (mutual / self.p.threat_reference) ** self.p.threat_exponent
        self.rate, self.dim_cum = [], []
        for d, (i, j) in enumerate(self.pairs):
            rival = inputs.rivalry is not None and bool(inputs.rivalry[i, j])
            per_dim = [
                self.p.friction_rate
                * weights[k]
                * tau[k][d]
                * (math.exp(self.p.rivalry_effect) if rival else 1.0)
                * (1.0 if eff.rate_mult is None else float(eff.rate_mult[k, i, j]))
                for k in range(k_dims)
            ]
            self.rate.append(sum(per_dim))
            self.dim_cum.append(np.cumsum(per_dim))

    def step(self) -> None:
        """One month."""
        p = self.p
        month = self.steps - 1  # Mesa 3 counts steps from 1 inside step()
        if month % MONTHS_PER_DECADE == 0:
            self.window_dyads.append(set())
        for d in range(len(self.pairs)):
            self.tension[d] *= p.tension_retention
            self.hostility[d] *= p.hostility_retention
        self.agents.do("step")
        disputes: list[int] = []
        for d, add in enumerate(self.pending):
            if add == 0.0:
                continue
            self.pending[d] = 0.0
            self.tension[d] += add
            if self.tension[d] >= p.crisis_threshold:
                self.tension[d] = 0.0
                self.crises += 1
                if self.rng.random() < p.escalation_prob:
                    disputes.append(d)
        dragged: set[int] = set()
        for d in disputes:
            self._dispute(d)
            if p.bloc_drag_prob > 0.0:
                i, j = self.pairs[d]
                for side, other in ((i, j), (j, i)):
                    if self.rng.random() < p.bloc_drag_prob:
                        for k in self.allies[side] - self.allies[other] - {other}:
                            dragged.add(self.dyad_of[(min(k, other), max(k, other))])
        for d in sorted(dragged):
            self._dispute(d)

    def _dispute(self, d: int) -> None:
        self.disputes += 1
        self.hostility[d] = min(self.hostility[d] + self.p.hostility_jump, self.p.hostility_cap)
        self.window_dyads[-1].add(d)


def run_mesa(
    inputs: SimInputs,
    params: SimParams,
    *,
    replications: int,
    seed: int,
    steps: int = MONTHS_PER_DECADE,
    effects: Effects | None = None,
) -> list[MesaOutcome]:
    """Run ``replications`` Mesa replications (replication r seeded ``seed * 1_000_003 + r``)."""
    scale = MONTHS_PER_DECADE / steps
    out = []
    for r in range(replications):
        model = DyadModel(inputs, params, effects, seed=seed * 1_000_003 + r)
        for _ in range(steps):
            model.step()
        lengths = [
            min(MONTHS_PER_DECADE, steps - MONTHS_PER_DECADE * w)
            for w in range(len(model.window_dyads))
        ]
        in_dispute = float(
            np.mean(
                [
                    len(s) * MONTHS_PER_DECADE / n
                    for s, n in zip(model.window_dyads, lengths, strict=True)
                ]
            )
        )
        out.append(MesaOutcome(model.crises * scale, model.disputes * scale, in_dispute))
    return out
