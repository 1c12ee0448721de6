"""``assess(move)``: every actor's change in security, per dimension, in units and with intervals.

A move (:mod:`eurasec.analysis.move`) changes what the model reads from the world on its
date (:mod:`eurasec.analysis.world`): capabilities, memberships and their alignment share,
bilateral ties, where forces stand, or hostility in one dimension. ``assess`` recomputes
every actor in every dimension under the shipped estimate and under each bootstrap draw
(:mod:`eurasec.analysis.model`, :mod:`eurasec.analysis.security`) and reports, per changed
actor and dimension, the point change, its 95% interval and its unit (:data:`UNITS`):

- military: the change in the actor's expected militarized-dispute onsets a year (the sum of
  its dyads' yearly onset probabilities), sign reversed (``+0.01``: one percentage point less
  yearly dispute risk summed over its dyads);
- the other dimensions: the change in the security ratio ``S = B / (B + Θ)`` (0–1).

An actor *loses* when the interval of a dimension lies wholly below 0 and the point loss
exceeds :data:`MINIMUM_LOSS` of that dimension; the move's own parties (the actor, and the
other parties of a treaty it signs) are reported but never named losers. The verdict is
``indivisible`` without losers, else ``divisible``, each loser with ``channel``: the strongest
format it shares with the mover *in the world after the move*, where a consultation can open.

How far the numbers can be read as forecasts is decided by the move-level backtest
(:mod:`eurasec.analysis.backtest`): unless it beats both its placebo and the naive rule,
:attr:`Assessment.reading` says the deltas are scenario indicators. The military Richardson
system before and after the move is reported as before.

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from eurasec.analysis import richardson
from eurasec.analysis.mediators import strongest_channels
from eurasec.analysis.model import shipped
from eurasec.analysis.move import (
    CloseTransportRoute,
    DeployForces,
    ImposeSanctions,
    JoinFormat,
    LeaveFormat,
    Move,
    RaiseMilitarySpending,
    SignTreaty,
    WithdrawTreaty,
)
from eurasec.analysis.security import Geometry, Inputs, Levels, change, derive, levels
from eurasec.analysis.threat import DIMENSION_PARAMS, DIMENSIONS, damping, reach
from eurasec.analysis.world import ROLE_WEIGHT, World, world
from eurasec.errors import AnalysisError

__all__ = [
    "CI_LEVEL",
    "HOSTILITY",
    "MINIMUM_LOSS",
    "NOISE",
    "RICHARDSON_FATIGUE",
    "RICHARDSON_REACTION",
    "UNITS",
    "Assessment",
    "Situation",
    "apply_move",
    "assess",
    "inputs",
    "reading",
    "situation",
    "threat_matrices",
]

Array = NDArray[np.float64]

#: Units of the deltas, per dimension.
UNITS: Final = {
    dim: (
        "yearly militarized-dispute onsets expected for the actor (sum of its dyads' yearly "
        "onset probabilities), change with sign reversed (+0.01 = 1 percentage point less risk)"
        if dim == "military"
        else "security ratio B/(B+Θ), 0–1, change"
    )
    for dim in DIMENSIONS
}
#: A loss must exceed this, in the dimension's unit, to make a loser (besides an interval
#: wholly below 0). Military: 0.1 percentage point of yearly dispute risk; the ratios: 0.001.
MINIMUM_LOSS: Final = dict.fromkeys(DIMENSIONS, 0.001)
#: Coverage of the reported intervals (bootstrap percentiles).
CI_LEVEL: Final = 0.95
#: Changes this small are floating-point noise and reported as zero.
NOISE: Final = 1e-12
#: How much a full sanction (economic) or route closure (transport) multiplies the threat the
#: mover poses to each target in that dimension, at intensity 1.
HOSTILITY: Final = {"economic": 4.0, "transport": 4.0}
#: Richardson reaction of i to j per unit of j's military reach on i (K = ρ · R · D).
RICHARDSON_REACTION: Final = 0.05
#: Richardson fatigue, the same for every actor (A = α).
RICHARDSON_FATIGUE: Final = 1.0

_MIL = DIMENSIONS.index("military")
_KINDS = ("defence", "consultation", "nonaggression")


@dataclass(frozen=True)
class Situation:
    """The mutable side of a world: what a move can change."""

    source: Array  # (D, n)
    capacity: Array  # (D, n)
    membership: Array  # (n, F + new treaty channels)
    defence_format: NDArray[np.bool_]
    formats: tuple[str, ...]
    ties: dict[str, Array]  # bilateral ties by kind (format-based defence follows membership)
    deployments: tuple[tuple[int, int, float], ...] = ()
    hostility: dict[int, Array] = field(default_factory=dict)  # dimension → multiplier of T


def situation(w: World) -> Situation:
    """The world's situation before any move."""
    return Situation(
        source=w.source.copy(),
        capacity=w.capacity.copy(),
        membership=w.membership.copy(),
        defence_format=w.defence_format.copy(),
        formats=w.formats,
        ties={k: w.bilateral(k).copy() for k in _KINDS},
    )


def _defence(s: Situation) -> Array:
    """Bilateral defence plus full membership of a common defence organisation (0/1)."""
    full = (s.membership[:, s.defence_format] >= 1.0).astype(float)
    d: Array = np.maximum(s.ties["defence"], (full @ full.T > 0).astype(float))
    np.fill_diagonal(d, 0.0)
    return d


def _share(w: World, s: Situation) -> Array:
    share: Array = (s.membership @ s.membership.T) / max(w.format_total, 1)
    np.fill_diagonal(share, 0.0)
    return share


def inputs(w: World, s: Situation) -> Inputs:
    """What the security model reads from ``w`` in situation ``s``."""
    return derive(
        source=s.source,
        capacity=s.capacity,
        share=_share(w, s),
        defence=_defence(s),
        consultation=s.ties["consultation"],
        nonaggression=s.ties["nonaggression"],
        contiguity=w.contiguity,
        deployments=s.deployments,
        hostility=s.hostility,
        names=shipped().names,
    )


def _geometry(w: World) -> Geometry:
    return Geometry(w.distance_km, w.contiguity, w.dispute_history())


def threat_matrices(w: World, s: Situation | None = None) -> dict[str, Array]:
    """T[i, j] (threat of j to i) in every dimension under the estimate, for ``w`` or after moves.

    Military: ``C[j] · R[j, i] · D[i, j] · (1 + F[i, j])^ν`` with the shipped fit (allies'
    frontier F, deployments included). For yearly dispute-onset probabilities use
    ``threat.onset_probability(threat.mutual_threat(T["military"]), history=w.history)``.
    """
    from eurasec.analysis.threat import FRONTIER_EXPONENT, threat_matrix

    s = s or situation(w)
    x = inputs(w, s)
    out: dict[str, Array] = {}
    for d, dim in enumerate(DIMENSIONS):
        p = DIMENSION_PARAMS[dim]
        r = _military_reach(w, s) if d == _MIL else reach(w.distance_km, w.contiguity, p)
        out[dim] = threat_matrix(
            s.source[d],
            w.distance_km,
            w.contiguity,
            x.ties[0] if p.defence_damping else np.zeros_like(x.share),
            x.share,
            p,
            reach_matrix=r,
            hostility=s.hostility.get(d),
            frontier=_frontier(x) if d == _MIL else None,
            frontier_exponent=FRONTIER_EXPONENT if d == _MIL else 0.0,
        )
    return out


def _frontier(x: Inputs) -> Array:
    """F under the estimate: the fitted weights of the shipped form."""
    p = shipped().params
    wc, wn = p.get("frontier_consultation", 0.0), p.get("frontier_nonaggression", 0.0)
    land = x.land[0] + wc * x.land[1] + wn * x.land[2]
    sea = x.water[0] + wc * x.water[1] + wn * x.water[2]
    out: Array = land + p.get("frontier_water", 0.0) * sea
    return out


def _military_reach(w: World, s: Situation) -> Array:
    """R[j, i] of the military dimension with the situation's deployments mixed in."""
    r = reach(w.distance_km, w.contiguity, DIMENSION_PARAMS["military"])
    for j, k, share in s.deployments:
        r = r.copy()
        r[j] = (1.0 - share) * r[j] + share * r[k]
    return r


def apply_move(w: World, s: Situation, move: Move) -> Situation:
    """The situation after ``move`` (a clear error for unknown actors or formats)."""
    i = w.index(move.actor)
    if isinstance(move, RaiseMilitarySpending):
        factor = 1.0 + move.percent / 100.0
        src, cap = s.source.copy(), s.capacity.copy()
        src[_MIL, i] *= factor
        cap[_MIL, i] *= factor
        return replace(s, source=src, capacity=cap)
    if isinstance(move, DeployForces):
        k = w.index(move.near)
        if k == i:
            raise AnalysisError("forces are deployed next to another state, not the actor itself")
        return replace(s, deployments=(*s.deployments, (i, k, move.share)))
    if isinstance(move, JoinFormat | LeaveFormat):
        f = w.format_index(move.format)
        m = s.membership.copy()
        m[i, f] = ROLE_WEIGHT[move.role] if isinstance(move, JoinFormat) else 0.0
        return replace(s, membership=m)
    if isinstance(move, SignTreaty | WithdrawTreaty):
        return _treaty(w, s, move, i)
    dim = "economic" if isinstance(move, ImposeSanctions) else "transport"
    assert isinstance(move, ImposeSanctions | CloseTransportRoute)
    d = DIMENSIONS.index(dim)
    h = s.hostility[d].copy() if d in s.hostility else np.ones((len(w.actors),) * 2)
    for target in move.targets:
        h[w.index(target), i] *= 1.0 + (HOSTILITY[dim] - 1.0) * move.intensity
    return replace(s, hostility={**s.hostility, d: h})


def _treaty(w: World, s: Situation, move: SignTreaty | WithdrawTreaty, i: int) -> Situation:
    """A treaty binds every pair of its parties; withdrawing unbinds the actor from each.

    A defence treaty binds by mutual defence; a pact with another ``obligation`` by that kind
    of tie and opens a treaty channel; any other treaty only opens the channel.
    """
    parties = [w.index(p) for p in move.parties]
    if i in parties:
        raise AnalysisError("a treaty's parties must not include the actor itself")
    sign = isinstance(move, SignTreaty)
    kind = "defence" if move.defence else move.obligation
    if kind is not None:
        d = s.ties[kind].copy()
        if sign:
            everyone = [i, *parties]
            for a in everyone:
                for b in everyone:
                    if a != b:
                        d[a, b] = 1.0
        else:
            for p in parties:
                d[i, p] = d[p, i] = 0.0
        s = replace(s, ties={**s.ties, kind: d})
        if move.defence or not sign:
            return s
    if not sign:
        raise AnalysisError(
            "withdrawing from a treaty channel: leave its format (leave_format) instead"
        )
    column = np.zeros((len(w.actors), 1))
    column[[i, *parties], 0] = ROLE_WEIGHT["member"]
    return replace(
        s,
        membership=np.hstack([s.membership, column]),
        defence_format=np.append(s.defence_format, False),
        formats=(*s.formats, move.treaty),
    )


def _parties(w: World, move: Move) -> set[int]:
    """The move's own parties: the actor, and the other parties of a treaty it signs."""
    out = {w.index(move.actor)}
    if isinstance(move, SignTreaty):
        out |= {w.index(p) for p in move.parties}
    return out


@dataclass(frozen=True)
class Assessment:
    """The result of ``assess``: verdict, deltas with intervals and units, losers, inputs."""

    verdict: str
    deltas: dict[str, dict[str, dict[str, Any]]]
    losers: list[dict[str, Any]]
    richardson: dict[str, Any]
    data_years: dict[str, int]
    vintage: dict[str, Any]
    reading: dict[str, Any]
    minimum_loss: dict[str, float] = field(default_factory=lambda: dict(MINIMUM_LOSS))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "verdict": self.verdict,
            "reading": self.reading,
            "losers": self.losers,
            "deltas": self.deltas,
            "units": dict(UNITS),
            "minimum_loss": self.minimum_loss,
            "ci_level": CI_LEVEL,
            "richardson": self.richardson,
            "vintage": self.vintage,
            "data_years": self.data_years,
        }


@cache
def reading() -> dict[str, Any]:
    """How to read the deltas, from the shipped move-level backtest."""
    text = resources.files("eurasec.analysis").joinpath("files", "backtest.json")
    result = json.loads(text.read_text("utf-8"))
    beats = result["ci"][0] > result["placebo_auc"] and result["auc"] > result["naive_auc"]
    summary = {k: result[k] for k in ("events", "dyads", "auc", "ci", "placebo_auc", "naive_auc")}
    if beats:
        text_ = (
            "forecast: on historical alliance entries and exits the predicted changes ranked "
            "outsider dyads better than chance and than contiguity to the mover"
        )
    else:
        text_ = (
            "scenario indicators: on historical alliance entries and exits the predicted "
            "changes did not rank outsider dyads better than both a placebo and the rule "
            "'contiguous to the mover', so read the deltas as what the model implies under "
            "its assumptions, not as forecasts"
        )
    return {
        "kind": "forecast" if beats else "scenario_indicators",
        "text": text_,
        "backtest": summary,
    }


_LEVELS: dict[int, tuple[World, Inputs, Levels]] = {}


def _base(w: World) -> tuple[Inputs, Levels]:
    """The world's inputs and dense levels under every parameter vector (cached per world)."""
    hit = _LEVELS.get(id(w))
    if hit is not None and hit[0] is w:
        return hit[1], hit[2]
    x = inputs(w, situation(w))
    out = levels(shipped().batch(), x, _geometry(w))
    if len(_LEVELS) >= 8:
        _LEVELS.clear()
    _LEVELS[id(w)] = (w, x, out)
    return x, out


@cache
def _blas() -> Any:
    import scipy.linalg  # noqa: F401  (loads SciPy's own BLAS so the controller sees it)
    from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

    return ThreadpoolController()


def assess(move: Move, w: World | None = None) -> Assessment:
    """Apply ``move`` to the world on its date and report every actor's change in security.

    The matrices are small (one row per state): BLAS runs single-threaded here, which is
    faster than a thread pool at this size and immune to oversubscribed machines.
    """
    w = w or world(move.date)
    with _blas().limit(limits=1, user_api="blas"):
        return _assess(move, w)


def _assess(move: Move, w: World) -> Assessment:
    before = situation(w)
    after = apply_move(w, before, move)
    x0, base = _base(w)
    x1 = inputs(w, after)
    s0, s1 = change(shipped().batch(), x0, x1, _geometry(w), base)
    delta = s1 - s0  # (dims, 1 + draws, n)
    delta[np.abs(delta) <= NOISE] = 0.0
    point = delta[:, 0, :]
    tail = (1.0 - CI_LEVEL) / 2.0
    if delta.shape[1] > 1:
        low, high = np.quantile(delta[:, 1:, :], [tail, 1.0 - tail], axis=1)
    else:
        low = high = point
    deltas = {
        actor: {
            dim: {
                "value": float(point[d, k]),
                "ci": [float(low[d, k]), float(high[d, k])],
                "unit": UNITS[dim],
            }
            for d, dim in enumerate(DIMENSIONS)
            if point[d, k] != 0
        }
        for k, actor in enumerate(w.actors)
        if np.any(point[:, k] != 0)
    }
    minimum = np.array([MINIMUM_LOSS[dim] for dim in DIMENSIONS])[:, None]
    loses = (high < 0) & (-point > minimum)
    for k in _parties(w, move):
        loses[:, k] = False
    losers: list[dict[str, Any]] = [
        {
            "actor": w.actors[k],
            "dimensions": {
                dim: float(point[d, k]) for d, dim in enumerate(DIMENSIONS) if loses[d, k]
            },
            "ci": {
                dim: [float(low[d, k]), float(high[d, k])]
                for d, dim in enumerate(DIMENSIONS)
                if loses[d, k]
            },
        }
        for k in np.flatnonzero(loses.any(axis=0))
    ]
    losers.sort(key=lambda row: (min(row["dimensions"].values()), row["actor"]))
    w_after = _world_after(w, after)
    best = strongest_channels(w_after, w.index(move.actor), [w.index(r["actor"]) for r in losers])
    for row, channel in zip(losers, best, strict=True):
        row["channel"] = channel
    return Assessment(
        verdict="divisible" if losers else "indivisible",
        deltas=deltas,
        losers=losers,
        richardson=_richardson_pair(w, before, after, x0, x1),
        data_years=dict(w.data_years),
        vintage={**w.vintage, "model": _model_vintage()},
        reading=reading(),
    )


def _world_after(w: World, s: Situation) -> World:
    """The world with the situation's memberships and ties: where channels are chosen."""
    extra = len(s.formats) - len(w.formats)
    political = w.format_political if w.format_political is not None else w.defence_format
    return replace(
        w,
        membership=s.membership,
        defence_format=s.defence_format,
        formats=s.formats,
        format_political=np.append(political, np.ones(extra, dtype=bool)),
        defence=s.ties["defence"],
        consultation=s.ties["consultation"],
        nonaggression=s.ties["nonaggression"],
    )


def _model_vintage() -> dict[str, Any]:
    m = shipped()
    return {
        "source": "eurasec threat model (files/threat_model.json)",
        "form": m.form.label(),
        "train_years": m.provenance.get("train_years"),
        "bootstrap_draws": len(m.draws),
        "created": m.provenance.get("created"),
    }


def _weight(w: World, s: Situation, x: Inputs) -> Array:
    """Military R·D under the estimate (the Richardson reaction weights, D[i, i] = 1)."""
    damp = damping(x.ties[0], x.share, DIMENSION_PARAMS["military"])
    out: Array = _military_reach(w, s).T * damp
    return out


def _richardson_pair(
    w: World, before: Situation, after: Situation, x0: Inputs, x1: Inputs
) -> dict[str, Any]:
    weight0, weight1 = _weight(w, before, x0), _weight(w, after, x1)
    level0 = before.source[_MIL]
    a = np.full(len(w.actors), RICHARDSON_FATIGUE)
    drive0 = a * level0 - RICHARDSON_REACTION * _offdiag(weight0) @ level0
    drive1 = drive0 + a * (after.source[_MIL] - level0)
    r0 = _richardson(w, weight0, drive0)
    r1 = _richardson(w, weight1, drive1)
    moved = np.abs(r1.pop("_x") - r0.pop("_x")) > 1e-12
    return {"before": r0, "after": r1, "changed": int(moved.sum())}


def _richardson(w: World, weight: Array, drive: Array) -> dict[str, Any]:
    k = RICHARDSON_REACTION * weight
    a = np.full(len(w.actors), RICHARDSON_FATIGUE)
    m = richardson.jacobian(k, a)
    both = richardson.equilibrium(m, np.column_stack([drive, np.ones_like(drive)]))
    x = both[:, 0]
    return {
        "stable": bool(np.all(both[:, 1] > 0)),  # Metzler M: see richardson.is_stable_metzler
        "equilibrium": {actor: round(float(v), 8) for actor, v in zip(w.actors, x, strict=True)},
        "_x": x,
    }


def _offdiag(m: Array) -> Array:
    out = m.copy()
    np.fill_diagonal(out, 0.0)
    return out
