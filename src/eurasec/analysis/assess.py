"""Security of every actor, and ``assess(move)``: who gains and who loses, per dimension.

Security of actor i in a dimension is what i and its aligned partners can bring, set against
the threats i faces::

    B[i] = K[i] + Σₖ (1 − D[i, k]) · R[k, i] · K[k]        (own capacity + partners' help)
    Θ[i] = Σⱼ T[i, j]  (+ HAZARD in the natural-disaster dimension)
    S[i] = B[i] / (B[i] + Θ[i])                             (1 when both are 0)

with K the capacity shares, R the reach, D the alignment damping and T the threat matrix of
:mod:`eurasec.analysis.threat`. ``assess`` applies one move, recomputes every actor in every
dimension and reports ΔS. The verdict is ``indivisible`` when no actor's security falls by
more than :data:`LOSS_TOLERANCE` in any dimension, else ``divisible`` with the losers named,
each with ``channel``: the strongest format it shares with the mover, where a consultation
between them can open (``eurasec.analysis.mediators.strongest_channels``; ``None`` if none).
It also reports the military Richardson system before and after the move.

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from eurasec.analysis import richardson
from eurasec.analysis.mediators import strongest_channels
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
from eurasec.analysis.threat import DIMENSION_PARAMS, DIMENSIONS, damping, reach
from eurasec.analysis.world import ROLE_WEIGHT, World, world
from eurasec.errors import AnalysisError

__all__ = [
    "HAZARD",
    "HOSTILITY",
    "LOSS_TOLERANCE",
    "NOISE",
    "RICHARDSON_FATIGUE",
    "RICHARDSON_REACTION",
    "Assessment",
    "Situation",
    "apply_move",
    "assess",
    "security",
    "situation",
    "threat_matrices",
]

Array = NDArray[np.float64]

#: A fall in security (on the 0–1 scale) larger than this, in any dimension, makes a loser.
LOSS_TOLERANCE: Final = 1e-4
#: Changes of security this small are floating-point noise and reported as zero.
NOISE: Final = 1e-12
#: Exposure to natural hazards, the same for every actor (capacity-share units).
HAZARD: Final = 0.01
#: How much a full sanction (economic) or route closure (transport) multiplies the threat the
#: mover poses to each target in that dimension, at intensity 1.
HOSTILITY: Final = {"economic": 4.0, "transport": 4.0}
#: Richardson reaction of i to j per unit of j's military reach on i (K = ρ · R · D).
RICHARDSON_REACTION: Final = 0.05
#: Richardson fatigue, the same for every actor (A = α).
RICHARDSON_FATIGUE: Final = 1.0

_MIL = DIMENSIONS.index("military")


@dataclass(frozen=True)
class Situation:
    """The mutable side of a world: what a move can change."""

    source: Array  # (D, n)
    capacity: Array  # (D, n)
    membership: Array  # (n, F + new treaty channels)
    defence_format: NDArray[np.bool_]
    defence: Array  # (n, n) bilateral pacts (format-based ones follow membership)
    reach: tuple[Array, ...]  # per dimension R[j, i], reach of j onto i (shared when equal)
    hostility: dict[int, Array]  # per touched dimension, multiplier of T[i, j]


_REACH_CACHE: dict[int, tuple[World, tuple[Array, ...]]] = {}


def _reaches(w: World) -> tuple[Array, ...]:
    hit = _REACH_CACHE.get(id(w))
    if hit is not None and hit[0] is w:
        return hit[1]
    distinct: dict[tuple[float, float, float], Array] = {}
    out = []
    for dim in DIMENSIONS:
        p = DIMENSION_PARAMS[dim]
        key = (p.decay_km, p.exponent, p.water_km)
        if key not in distinct:
            distinct[key] = reach(w.distance_km, w.contiguity, p)
            distinct[key].setflags(write=False)
        out.append(distinct[key])
    if len(_REACH_CACHE) >= 8:
        _REACH_CACHE.clear()
    _REACH_CACHE[id(w)] = (w, tuple(out))
    return tuple(out)


def situation(w: World) -> Situation:
    """The world's situation before any move."""
    return Situation(
        source=w.source.copy(),
        capacity=w.capacity.copy(),
        membership=w.membership.copy(),
        defence_format=w.defence_format.copy(),
        defence=w.defence.copy(),
        reach=_reaches(w),
        hostility={},
    )


def _all_defence(w: World, s: Situation) -> Array:
    full = (s.membership[:, s.defence_format] >= 1.0).astype(float)
    d: Array = np.maximum(s.defence, (full @ full.T > 0).astype(float))
    np.fill_diagonal(d, 0.0)
    return d


def threat_matrices(w: World, s: Situation | None = None) -> dict[str, Array]:
    """T[i, j] (threat of j to i) in every dimension, for ``w`` or a situation after moves.

    The same rule as :func:`security` (and :func:`eurasec.analysis.threat.threat_matrix`),
    on the world's arrays. For yearly dispute-onset probabilities use
    ``threat.onset_probability(threat.mutual_threat(T["military"]))``.
    """
    s = s or situation(w)
    share = (s.membership @ s.membership.T) / max(w.format_total, 1)
    np.fill_diagonal(share, 0.0)
    defence = _all_defence(w, s)
    out: dict[str, Array] = {}
    for d, dim in enumerate(DIMENSIONS):
        t = s.source[d][None, :] * s.reach[d].T * damping(defence, share, DIMENSION_PARAMS[dim])
        if d in s.hostility:
            t = t * s.hostility[d]
        np.fill_diagonal(t, 0.0)
        out[dim] = t
    return out


def security(w: World, s: Situation) -> tuple[Array, Array]:
    """S (dimensions × actors) and the military weight matrix R·D used by Richardson.

    Computed without forming T: with X = Rᵀ∘D (D[i, i] = 1), Θ = X·C − diag(X)∘C and
    B = K + Rᵀ·K − X·K (the diagonal cancels), a few n×n passes per dimension.
    """
    share = (s.membership @ s.membership.T) / max(w.format_total, 1)
    np.fill_diagonal(share, 0.0)
    defence = _all_defence(w, s)
    out = np.empty((len(DIMENSIONS), len(w.actors)))
    weight = np.empty(0)
    damps: dict[tuple[float, float], Array] = {}
    for d, dim in enumerate(DIMENSIONS):
        p = DIMENSION_PARAMS[dim]
        key = (p.org_damping, p.defence_damping)
        if key not in damps:
            damps[key] = damping(defence, share, p)
        rt = s.reach[d].T  # rt[i, k] = reach of k onto i
        x = rt * damps[key]
        src, cap = s.source[d], s.capacity[d]
        xt = x * s.hostility[d] if d in s.hostility else x
        theta = xt @ src - np.diagonal(xt) * src + (HAZARD if dim == "natural_disaster" else 0.0)
        b = cap + rt @ cap - x @ cap
        total = b + theta
        out[d] = np.divide(b, total, out=np.ones_like(b), where=total > 0)
        if d == _MIL:
            weight = x
    return out, weight


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
        r = s.reach[_MIL].copy()
        r[i] = (1.0 - move.share) * s.reach[_MIL][i] + move.share * s.reach[_MIL][k]
        return replace(s, reach=tuple(r if d == _MIL else x for d, x in enumerate(s.reach)))
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
    parties = [w.index(p) for p in move.parties]
    if i in parties:
        raise AnalysisError("a treaty's parties must not include the actor itself")
    sign = isinstance(move, SignTreaty)
    if move.defence:
        d = s.defence.copy()
        for p in parties:
            d[i, p] = d[p, i] = 1.0 if sign else 0.0
        return replace(s, defence=d)
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
    )


@dataclass(frozen=True)
class Assessment:
    """The result of ``assess``: verdict, deltas, losers and Richardson before/after."""

    verdict: str
    deltas: dict[str, dict[str, float]]
    losers: list[dict[str, Any]]
    richardson: dict[str, Any]
    data_years: dict[str, int]
    tolerance: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "verdict": self.verdict,
            "tolerance": self.tolerance,
            "losers": self.losers,
            "deltas": self.deltas,
            "richardson": self.richardson,
            "data_years": self.data_years,
        }


def _richardson(w: World, weight: Array, level: Array, drive: Array) -> dict[str, Any]:
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


@cache
def _blas() -> Any:
    import scipy.linalg  # noqa: F401  (loads SciPy's own BLAS so the controller sees it)
    from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

    return ThreadpoolController()


def assess(move: Move, w: World | None = None, *, tolerance: float = LOSS_TOLERANCE) -> Assessment:
    """Apply ``move`` to the world on its date and report every actor's change in security.

    The matrices are small (one row per state): BLAS runs single-threaded here, which is
    faster than a thread pool at this size and immune to oversubscribed machines.
    """
    w = w or world(move.date)
    with _blas().limit(limits=1, user_api="blas"):
        return _assess(move, w, tolerance)


def _assess(move: Move, w: World, tolerance: float) -> Assessment:
    before = situation(w)
    after = apply_move(w, before, move)
    s0, weight0 = security(w, before)
    s1, weight1 = security(w, after)
    delta = s1 - s0
    delta[np.abs(delta) <= NOISE] = 0.0
    level0 = before.source[_MIL]
    a = np.full(len(w.actors), RICHARDSON_FATIGUE)
    drive0 = a * level0 - RICHARDSON_REACTION * _offdiag(weight0) @ level0
    drive1 = drive0 + a * (after.source[_MIL] - level0)
    r0 = _richardson(w, weight0, level0, drive0)
    r1 = _richardson(w, weight1, after.source[_MIL], drive1)
    moved = np.abs(r1.pop("_x") - r0.pop("_x")) > 1e-12
    deltas = {
        actor: {dim: float(delta[d, k]) for d, dim in enumerate(DIMENSIONS) if delta[d, k] != 0}
        for k, actor in enumerate(w.actors)
        if np.any(delta[:, k] != 0)
    }
    losers: list[dict[str, Any]] = [
        {
            "actor": actor,
            "dimensions": {
                dim: float(delta[d, k])
                for d, dim in enumerate(DIMENSIONS)
                if delta[d, k] < -tolerance
            },
        }
        for k, actor in enumerate(w.actors)
        if np.any(delta[:, k] < -tolerance)
    ]
    losers.sort(key=lambda row: (float(delta[:, w.index(row["actor"])].min()), row["actor"]))
    best = strongest_channels(w, w.index(move.actor), [w.index(r["actor"]) for r in losers])
    for row, channel in zip(losers, best, strict=True):
        row["channel"] = channel
    return Assessment(
        verdict="divisible" if losers else "indivisible",
        deltas=deltas,
        losers=losers,
        richardson={"before": r0, "after": r1, "changed": int(moved.sum())},
        data_years=dict(w.data_years),
        tolerance=tolerance,
    )


def _offdiag(m: Array) -> Array:
    out = m.copy()
    np.fill_diagonal(out, 0.0)
    return out
