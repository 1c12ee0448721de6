"""Security of every actor in every dimension, for a batch of parameter vectors at once.

Military: the yearly militarized-dispute onsets expected for actor i, the sum of its dyads'
yearly onset probabilities ``E[i] = Σ_j p[i, j]`` with ``p`` the fitted dyadic model of
:mod:`eurasec.analysis.fit` (mutual coalition threat plus the dyad's prior disputes); for
small risks it is the probability of at least one onset, and unlike that probability it does
not saturate for states with many disputes. A move's military delta for i is
``−(E_after[i] − E_before[i])``: positive when i's risk falls.

Every other dimension keeps the documented ratio ``S = B / (B + Θ)`` of
:mod:`eurasec.analysis.assess` (0–1: own capacity and partners' help against the threat
faced), with the fitted alignment damping, water distance and (where a dimension borrows it)
the military reach of each parameter vector.

Row 0 of a :class:`~eurasec.analysis.model.ParamBatch` is the estimate, the other rows the
bootstrap draws; every quantity here has that leading axis. A world's levels are computed once
(:func:`levels`, dense, per parameter vector); a move changes few dyads, so
:func:`change` recomputes only the pairs whose inputs differ and updates the levels.

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix

from eurasec.analysis.coalition import frontier, pool, tie_kinds
from eurasec.analysis.fit import CAPABILITY_FLOOR
from eurasec.analysis.model import ParamBatch
from eurasec.analysis.threat import DIMENSION_RULES, DIMENSIONS, DimensionRule

__all__ = [
    "HAZARD",
    "RULES",
    "Geometry",
    "Inputs",
    "Levels",
    "Rule",
    "change",
    "derive",
    "levels",
    "military_logit",
]

Array = NDArray[np.float64]
Index = NDArray[np.int64]

#: Exposure to natural hazards, the same for every actor (capacity-share units).
HAZARD: Final = 0.01
#: Parameter vectors per dense pass (bounds the memory of :func:`levels`).
_CHUNK: Final = 16


#: The non-military dimensions and their rules (:data:`~eurasec.analysis.threat.DIMENSION_RULES`).
RULES: Final = DIMENSION_RULES
Rule = DimensionRule


@dataclass(frozen=True)
class Inputs:
    """What the model reads from a world after zero or more moves (no parameters yet)."""

    source: Array  # (dimensions, n) what each actor projects as threat
    capacity: Array  # (dimensions, n) what each actor can bring
    share: Array  # (n, n) share of formats alive both belong to (0 diagonal)
    ties: tuple[Array, Array, Array]  # defence / consultation / non-aggression obligations
    land: tuple[Array, Array, Array]  # frontier counts over land, by kind (deployments in d)
    water: tuple[Array, Array, Array]  # frontier counts across water, by kind
    pools: tuple[Array, Array, Array]  # allies' pooled capability, by kind
    reach_moves: tuple[tuple[int, int, float], ...]  # (actor, place, share) deployments
    hostility: dict[int, Array] = field(default_factory=dict)  # dimension → multiplier of T


def derive(
    *,
    source: Array,
    capacity: Array,
    share: Array,
    defence: Array,
    consultation: Array,
    nonaggression: Array,
    contiguity: NDArray[np.int64],
    deployments: tuple[tuple[int, int, float], ...] = (),
    hostility: dict[int, Array] | None = None,
    names: tuple[str, ...] = (),
) -> Inputs:
    """The derived arrays (tie kinds, frontiers, pools) of one situation.

    Only the coalition arrays whose weights are among the parameter ``names`` are computed
    (the others are zero). A deployment of share ``s`` of j's forces at place k adds ``s`` to
    the defence frontier of j against k and against every state with a land border to k,
    except j itself and j's defence allies: forces at a border count like an allied presence
    there.
    """
    kinds = tie_kinds(defence > 0, consultation > 0, nonaggression > 0)
    n = len(kinds[0])
    zero = np.zeros((n, n))
    zero.setflags(write=False)
    weak = "frontier_consultation" in names
    land = (contiguity == 1).astype(float)
    mil = source[DIMENSIONS.index("military")]
    n_land = [frontier(land, kinds[0], k) if k is kinds[0] or weak else zero for k in kinds]
    water: tuple[Array, ...] = (zero, zero, zero)
    if "frontier_water" in names:
        sea = (contiguity > 1).astype(float)
        water = tuple(frontier(sea, kinds[0], k) if k is kinds[0] or weak else zero for k in kinds)
    pools: tuple[Array, ...] = (zero, zero, zero)
    if "pool_defence" in names:
        pools = tuple(pool(kinds[0], mil, k) for k in kinds)
    for j, k, s in deployments:
        exposed = land[k].copy()
        exposed[k] = 1.0
        exposed[j] = 0.0
        exposed[kinds[0][j] > 0] = 0.0
        n_land[0][:, j] += s * exposed
    return Inputs(
        source=source,
        capacity=capacity,
        share=share,
        ties=kinds,
        land=(n_land[0], n_land[1], n_land[2]),
        water=(water[0], water[1], water[2]),
        pools=(pools[0], pools[1], pools[2]),
        reach_moves=deployments,
        hostility=dict(hostility or {}),
    )


@dataclass(frozen=True)
class Geometry:
    """The fixed geography and history of a world (what no move changes)."""

    distance_km: Array
    contiguity: NDArray[np.int64]
    history: Array  # dispute onsets in the previous 20 years


@dataclass(frozen=True)
class Levels:
    """Per parameter vector: the parts of the ratio of each non-military dimension."""

    threat: Array  # (dims−1, B, n): Θ without the hazard
    help: Array  # (dims−1, B, n): partners' help Σ_k (1 − D) R K


def _log_reach(
    decay: Array, exponent: Array, water: Array, dist: Array, cont: NDArray[np.int64]
) -> Array:
    """ln R = −θ · ln(1 + d_eff/λ) for parameter vectors (B,) and pairs (E,) → (B, E)."""
    w = water[:, None]
    d = np.where(cont > 1, np.minimum(dist[None, :], w), dist[None, :])
    d = np.where(cont == 1, 0.0, d)
    out: Array = -exponent[:, None] * np.log1p(d / decay[:, None])
    return out


def _military_log_reach(
    b: ParamBatch, g: Geometry, moves: tuple[tuple[int, int, float], ...], src: Index, dst: Index
) -> Array:
    """ln of the military reach of ``src`` onto ``dst`` with deployments mixed in (B, E)."""
    lam, theta = np.exp(b.get("log_decay_km")), b.get("exponent")
    w = np.exp(b.get("log_water_km"))
    out = _log_reach(lam, theta, w, g.distance_km[dst, src], g.contiguity[dst, src])
    for j, k, s in moves:
        hit = np.flatnonzero(src == j)
        if len(hit):
            to = dst[hit]
            from_k = np.exp(_log_reach(lam, theta, w, g.distance_km[to, k], g.contiguity[to, k]))
            from_k[:, to == k] = 1.0
            out[:, hit] = np.log((1.0 - s) * np.exp(out[:, hit]) + s * from_k)
    return out


def _frontier(b: ParamBatch, x: Inputs, a: Index, o: Index) -> Array:
    """ln(1 + F[a, o]), (B, E), or (1, E) when no fitted weight enters F."""
    weights = ("frontier_consultation", "frontier_nonaggression", "frontier_water")
    if not any(n in b.names for n in weights):
        return np.log1p(x.land[0][a, o])[None, :]
    wc, wn = b.get("frontier_consultation")[:, None], b.get("frontier_nonaggression")[:, None]
    land = x.land[0][a, o] + wc * x.land[1][a, o] + wn * x.land[2][a, o]
    sea = x.water[0][a, o] + wc * x.water[1][a, o] + wn * x.water[2][a, o]
    out: Array = np.log1p(land + b.get("frontier_water")[:, None] * sea)
    return out


def _capability(b: ParamBatch, x: Inputs, a: Index, o: Index) -> Array:
    """ln E[a, o]: o's capability plus its allies' pool, (B, E) or (1, E) without pooling."""
    c = np.maximum(x.source[DIMENSIONS.index("military")], CAPABILITY_FLOOR)
    if "pool_defence" not in b.names:
        log_c: Array = np.log(c[o])[None, :]
        return log_c
    cap = c[o][None, :] + sum(
        b.get(name)[:, None] * p[a, o][None, :]
        for name, p in zip(
            ("pool_defence", "pool_consultation", "pool_nonaggression"), x.pools, strict=True
        )
    )
    out: Array = np.log(cap)
    return out


def military_logit(b: ParamBatch, x: Inputs, g: Geometry, i: Index, j: Index) -> Array:
    """logit p for the pairs (i, j) under every parameter vector (B, E)."""
    log_m = 0.5 * (_capability(b, x, i, j) + _capability(b, x, j, i))
    nu = b.get("frontier")[:, None]
    log_m = log_m + 0.5 * nu * (_frontier(b, x, i, j) + _frontier(b, x, j, i))
    if x.reach_moves:
        reach = 0.5 * (
            _military_log_reach(b, g, x.reach_moves, j, i)
            + _military_log_reach(b, g, x.reach_moves, i, j)
        )
    else:  # symmetric: one evaluation serves both directions
        reach = _military_log_reach(b, g, (), j, i)
    log_m = log_m + reach - b.get("org_damping")[:, None] * x.share[i, j][None, :]
    for name, tie in zip(("defence", "consultation", "nonaggression"), x.ties, strict=True):
        if f"{name}_damping" in b.names:
            log_m = log_m - b.get(f"{name}_damping")[:, None] * tie[i, j][None, :]
    z: Array = b.get("b0")[:, None] + b.get("b1")[:, None] * log_m
    if "history" in b.names:
        z = z + b.get("history")[:, None] * np.log1p(g.history[i, j])[None, :]
    return z


def _rule_weights(
    b: ParamBatch, rule: Rule, x: Inputs, g: Geometry, i: Index, j: Index
) -> tuple[Array, Array]:
    """R[j → i] and D[i, j] of a non-military dimension for pairs (i, j) (B, E each)."""
    if rule.reach:
        lam = (
            np.exp(b.get("log_decay_km"))
            if rule.decay_km is None
            else np.full(len(b), rule.decay_km)
        )
        theta = b.get("exponent") if rule.exponent is None else np.full(len(b), rule.exponent)
        w = np.exp(b.get("log_water_km"))
        r = np.exp(_log_reach(lam, theta, w, g.distance_km[i, j], g.contiguity[i, j]))
    else:
        r = np.ones((len(b), len(i)))
    damp = b.get("org_damping")[:, None] * x.share[i, j][None, :]
    if rule.defence:
        damp = damp + b.get("defence_damping")[:, None] * x.ties[0][i, j][None, :]
    return r, np.exp(-damp)


def _risk(b: ParamBatch, x: Inputs, g: Geometry, i: Index, j: Index) -> Array:
    """Yearly onset probability of the pairs (i, j) under every parameter vector (B, E)."""
    out: Array = 1.0 / (1.0 + np.exp(-military_logit(b, x, g, i, j)))
    return out


def _flows(
    b: ParamBatch, rule: Rule, k: int, x: Inputs, g: Geometry, i: Index, j: Index
) -> tuple[Array, Array]:
    """Threat and help that j brings to i in dimension ``k`` (B, E each)."""
    r, damp = _rule_weights(b, rule, x, g, i, j)
    t = r * damp * x.source[k][j][None, :]
    if k in x.hostility:
        t = t * x.hostility[k][i, j][None, :]
    return t, r * (1.0 - damp) * x.capacity[k][j][None, :]


def levels(b: ParamBatch, x: Inputs, g: Geometry) -> Levels:
    """The dense levels of a world for every parameter vector (computed in chunks)."""
    n = x.share.shape[0]
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    threat = np.zeros((len(RULES), len(b), n))
    help_ = np.zeros_like(threat)
    for start in range(0, len(b), _CHUNK):
        rows = slice(start, min(start + _CHUNK, len(b)))
        chunk = b.take(rows)
        weights: dict[Rule, tuple[Array, Array]] = {}
        for d, (dim, rule) in enumerate(RULES.items()):
            k = DIMENSIONS.index(dim)
            if rule not in weights:
                weights[rule] = _rule_weights(chunk, rule, x, g, i, j)
            r, damp = weights[rule]
            t = r * damp * x.source[k][j][None, :]
            if k in x.hostility:
                t = t * x.hostility[k][i, j][None, :]
            threat[d, rows] = t.reshape(-1, n, n - 1).sum(axis=2)
            aid = r * (1.0 - damp) * x.capacity[k][j][None, :]
            help_[d, rows] = aid.reshape(-1, n, n - 1).sum(axis=2)
    return Levels(threat, help_)


def _row_sums(values: Array, rows: Index, n: int) -> Array:
    """Σ over pairs grouped by ``rows`` for every parameter vector: (B, E) → (B, n)."""
    group = csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(n, len(rows)))
    out: Array = np.asarray((group @ values.T).T)
    return out


def _differs(a: Array, b: Array) -> NDArray[np.bool_]:
    if a is b:
        return np.zeros(a.shape, dtype=bool)
    out: NDArray[np.bool_] = a != b
    return out


def _pairs(mask: NDArray[np.bool_]) -> tuple[Index, Index]:
    mask = mask.copy()
    np.fill_diagonal(mask, False)
    i, j = np.nonzero(mask)
    return i, j


def _changed(a: Inputs, b: Inputs) -> tuple[tuple[Index, Index], dict[int, tuple[Index, Index]]]:
    """Pairs (i, j) whose inputs may differ: for the military model and per other dimension."""
    n = a.share.shape[0]
    common = _differs(a.share, b.share) | _differs(a.ties[0], b.ties[0])
    mil = common.copy()
    for m0, m1 in zip(
        (*a.ties[1:], *a.land, *a.water, *a.pools),
        (*b.ties[1:], *b.land, *b.water, *b.pools),
        strict=True,
    ):
        mil |= _differs(m0, m1)
    k = DIMENSIONS.index("military")
    columns = (a.source[k] != b.source[k]) | (a.capacity[k] != b.capacity[k])
    for j, _, _ in a.reach_moves + b.reach_moves:
        columns[j] = True
    mil[:, columns] = True
    mil |= mil.T  # the dyadic model is symmetric in the pair
    per_dim: dict[int, tuple[Index, Index]] = {}
    for dim in RULES:
        k = DIMENSIONS.index(dim)
        mask = common.copy()
        mask[:, (a.source[k] != b.source[k]) | (a.capacity[k] != b.capacity[k])] = True
        if k in a.hostility or k in b.hostility:
            ones = np.ones((n, n))
            mask |= _differs(a.hostility.get(k, ones), b.hostility.get(k, ones))
        if mask.any():
            per_dim[k] = _pairs(mask)
    return _pairs(mil), per_dim


def change(
    b: ParamBatch, before: Inputs, after: Inputs, g: Geometry, base: Levels
) -> tuple[Array, Array]:
    """Security before and after, (dims, B, n) each, from the levels and the changed pairs.

    Military: before is 0 and after is −ΔE, the change in expected onsets with sign reversed.
    """
    n = before.share.shape[0]
    (i, j), per_dim = _changed(before, after)
    s0 = np.empty((len(DIMENSIONS), len(b), n))
    s1 = np.empty_like(s0)
    mil = DIMENSIONS.index("military")
    s0[mil] = 0.0
    s1[mil] = (
        -_row_sums(_risk(b, after, g, i, j) - _risk(b, before, g, i, j), i, n) if len(i) else 0.0
    )
    for d, (dim, rule) in enumerate(RULES.items()):
        k = DIMENSIONS.index(dim)
        hazard = HAZARD if dim == "natural_disaster" else 0.0
        th1, he1 = base.threat[d], base.help[d]
        if k in per_dim:
            pi, pj = per_dim[k]
            t0, h0 = _flows(b, rule, k, before, g, pi, pj)
            t1, h1 = _flows(b, rule, k, after, g, pi, pj)
            th1 = th1 + _row_sums(t1 - t0, pi, n)
            he1 = he1 + _row_sums(h1 - h0, pi, n)
        for out, th, he, x in ((s0, base.threat[d], base.help[d], before), (s1, th1, he1, after)):
            own = x.capacity[k][None, :] + he
            total = own + th + hazard
            out[k] = np.divide(own, total, out=np.ones_like(own), where=total > 0)
    return s0, s1
