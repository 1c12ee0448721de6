"""The simulation core: frictions → crises → militarized disputes, vectorised over dyads and reps.

One month per step. For dyad d and dimension k, frictions arrive as a Poisson process of rate

    λ_dk(t) = friction_rate · w_k · m_dk · (M_dk / threat_reference) ** threat_exponent
              · exp(rivalry_effect · r_d) · (1 + h_d(t))

with ``M_dk`` the dyad's mutual threat (``sqrt(T_ij T_ji)``), ``r_d`` 1 for a strategic
rivalry, ``m_dk`` a scenario multiplier and ``h_d`` the dyad's hostility. A friction is
settled by dialogue with probability ``p_dlg = 1 − exp(−S_d)``, where
``S_d = Σ_c channel_weights[c] · n_cd`` sums over the organisations of each kind ``c`` the pair
shares (one shared organisation of kind ``c`` settles, on its own, a share
``1 − exp(−channel_weights[c])`` of what the others left), else by mediation with
probability ``mediation_prob`` when a regional settlement body binds both; otherwise it adds its
dimension's severity to the dyad's tension, which keeps ``tension_retention`` of itself each
month. Tension at or above ``crisis_threshold`` is a crisis (tension resets to 0); a crisis
becomes a militarized dispute with probability ``escalation_prob``. A dispute adds
``hostility_jump`` to ``h_d`` (capped at ``hostility_cap``, keeping ``hostility_retention`` a
month): the Richardson reaction term, with fatigue as decay. Under bloc discipline each side's
defence partners are dragged into the dispute with probability ``bloc_drag_prob`` (one draw per
side), which starts a dispute in each (ally, opponent) dyad.

**Segments.** A run is a sequence of segments, each a span of months with its own inputs (one
for a scenario; one per year for a historical panel). Dyads are indexed over the union of the
segments' actors; a dyad whose states are not both present in a segment has no frictions
there. Tension and hostility carry over from one segment to the next.

**Engine.** Settled frictions change nothing, so the engine samples only the unsettled ones:
by Poisson splitting they arrive at rate ``λ_dk(t) · (1 − p_settle_d)``. Each replication draws
all its random numbers up front from two generators of its own (``SeedSequence(seed,
spawn_key=(rep, 0))`` and ``(rep, 1)``). The first gives the candidates' arrival points as
cumulative sums of unit exponentials on the scale of the bounded intensity ``Λ · (1 +
hostility_cap)`` summed over months (time rescaling: a point's month is where the cumulative
intensity passes it); the second gives each candidate two uniforms, the i-th candidate always
the (2i)-th and (2i+1)-th. The first uniform picks the dyad by inverting the cumulative
distribution of the dyads' candidate rates (a guide table makes that O(1)) and, rescaled within
the dyad's share, the dimension; the second thins candidates to the hostility-dependent rate
(accepted when ``u · (1 + cap) < 1 + h``). Inversion and time rescaling are monotone, so runs
with nearby parameters and one seed keep almost every candidate where it was: the common random
numbers the estimation relies on. Given acceptance, ``u · (1 + cap) / (1 + h)`` is again uniform; it
is recycled for the escalation draw (taking the first accepted candidate of the dyad in
drawing order, an order independent of the uniforms), and rescaled in turn for the two bloc
draws. Within a month the candidates accepted whatever the hostility are placed first, so only
the rest need it. The loop then runs over months only, on the candidates of all replications at
once (arrays over ``reps × dyads``); tension and hostility decay lazily from tables of powers.
A replication's numbers depend only on ``(seed, rep)``, so results are identical for any
chunking and any backend.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from eurasec.errors import InputError
from eurasec.sim.inputs import SimInputs
from eurasec.sim.organisations import CHANNEL_KINDS
from eurasec.sim.params import DIMENSIONS, SimParams

__all__ = [
    "MONTHS_PER_DECADE",
    "ChunkResult",
    "Compiled",
    "Effects",
    "Segment",
    "compile_model",
    "compile_segments",
    "dyad_rates",
    "rep_generators",
    "simulate_chunk",
]

#: Outputs are reported per decade of simulated time.
MONTHS_PER_DECADE = 120

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Effects:
    """What an architecture changes, as arrays over actors (all optional)."""

    channels_add: F64 | None = None  # [len(CHANNEL_KINDS), n, n] shared organisations added
    mediator_add: NDArray[np.bool_] | None = None
    rate_mult: F64 | None = None  # [K, n, n], multiplies friction rates
    bloc_drag_prob: float | None = None


@dataclass(frozen=True, eq=False)
class Segment:
    """A span of months with one set of candidate rates over the run's dyads."""

    steps: int
    active: I64  # the dyads with candidates, in index order
    cdf: F64  # cumulative share of the candidates over ``active`` (last exactly 1)
    guide: I64  # guide table: first position whose cdf exceeds b / len(guide)
    total_rate: float  # candidates per month, all dyads and dimensions
    dim_cdf: F64  # [K] shared by every dyad, or [D, K]: cumulative shares of the dimensions
    p_resolve: F64  # [D] settlement probability (dialogue or mediation)


@dataclass(frozen=True, eq=False)
class Compiled:
    """The model ready to run: per-dyad arrays, segments and scalar parameters."""

    n_actors: int
    actors: tuple[str, ...]
    dyad_i: I64
    dyad_j: I64
    segments: tuple[Segment, ...]
    thin: float
    drag_a: tuple[I64, I64]
    drag_b: tuple[I64, I64]
    params: SimParams
    dyad_index: I64 = field(repr=False)

    @property
    def n_dyads(self) -> int:
        """Number of unordered dyads."""
        return int(self.dyad_i.size)

    @property
    def steps(self) -> int:
        """Months covered by the segments."""
        return sum(s.steps for s in self.segments)

    @property
    def total_rate(self) -> float:
        """Candidates per month in the first segment."""
        return self.segments[0].total_rate

    @property
    def p_resolve(self) -> F64:
        """Settlement probability per dyad in the first segment."""
        return self.segments[0].p_resolve


def _drag_csr(alliance: NDArray[np.bool_], dyad_index: I64, di: I64, dj: I64) -> tuple[I64, I64]:
    """For each dyad (i, j): the dyads (k, j) for allies k of i not allied with j."""
    lists: list[list[int]] = []
    for i, j in zip(di.tolist(), dj.tolist(), strict=True):
        allies = np.flatnonzero(alliance[i] & ~alliance[j])
        lists.append([int(dyad_index[k, j]) for k in allies.tolist() if k != j])
    ptr = np.zeros(len(lists) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(x) for x in lists])
    idx = np.array([d for x in lists for d in x], dtype=np.int64)
    return ptr, idx


def dyad_rates(
    inputs: SimInputs, params: SimParams, effects: Effects | None = None
) -> tuple[F64, F64]:
    """Friction rates ``[D, K]`` before settlement and settlement probabilities ``[D]``.

    Dyads in ``numpy.triu_indices(inputs.n, 1)`` order.
    """
    eff = effects or Effects()
    di, dj = np.triu_indices(inputs.n, 1)
    mutual = np.sqrt(inputs.threat[:, di, dj] * inputs.threat[:, dj, di])  # [K, D]
    tau = (mutual / params.threat_reference) ** params.threat_exponent
    weights = np.asarray(params.weights())[:, None]
    rate = params.friction_rate * weights * tau
    if inputs.rivalry is not None:
        rate = rate * np.exp(params.rivalry_effect * inputs.rivalry[di, dj])
    if eff.rate_mult is not None:
        rate = rate * eff.rate_mult[:, di, dj]
    channels = inputs.channels if eff.channels_add is None else inputs.channels + eff.channels_add
    mediator = inputs.mediator if eff.mediator_add is None else inputs.mediator | eff.mediator_add
    w = np.asarray([params.channel_weights[k] for k in CHANNEL_KINDS])
    s = np.tensordot(w, channels[:, di, dj], axes=1)
    p_dlg = -np.expm1(-s)
    p_res = p_dlg + (1.0 - p_dlg) * params.mediation_prob * mediator[di, dj]
    return rate.T.copy(), p_res


def _segment(cand: F64, p_res: F64, steps: int) -> Segment:
    """A segment from candidate rates ``[D, K]`` (already thinned-up and unsettled)."""
    per_dyad = cand.sum(axis=1)
    total = float(per_dyad.sum())
    active = np.flatnonzero(per_dyad > 0)
    if active.size == 0:
        active = np.arange(1, dtype=np.int64)
    cdf, guide = _guide_table(per_dyad[active] if total > 0 else np.ones(active.size))
    shares = np.divide(
        cand, per_dyad[:, None], out=np.zeros_like(cand), where=per_dyad[:, None] > 0
    )
    live = per_dyad > 0
    k = cand.shape[1]
    first = shares[np.argmax(live)] if live.any() else np.full(k, 1.0 / k)
    common = np.allclose(shares[live], first, rtol=0.0, atol=1e-12)
    dim_cdf = np.cumsum(first if common else shares, axis=-1)
    return Segment(steps, active, cdf, guide, total, dim_cdf, p_res)


def _dyads(n: int) -> tuple[I64, I64, I64]:
    """Unordered pairs of ``n`` actors (``triu_indices`` order) and their index matrix."""
    di, dj = (a.astype(np.int64) for a in np.triu_indices(n, 1))
    dyad_index = np.full((n, n), -1, dtype=np.int64)
    dyad_index[di, dj] = dyad_index[dj, di] = np.arange(di.size)
    return di, dj, dyad_index


def compile_model(inputs: SimInputs, params: SimParams, effects: Effects | None = None) -> Compiled:
    """Turn inputs, parameters and an architecture's effects into the arrays the core runs on."""
    eff = effects or Effects()
    n = inputs.n
    di, dj, dyad_index = _dyads(n)
    thin = 1.0 + params.hostility_cap
    rate, p_res = dyad_rates(inputs, params, eff)
    segment = _segment(rate * (1.0 - p_res)[:, None] * thin, p_res, 0)
    none = (np.zeros(di.size + 1, dtype=np.int64), np.empty(0, dtype=np.int64))
    p = (
        params
        if eff.bloc_drag_prob is None
        else params.model_copy(update={"bloc_drag_prob": eff.bloc_drag_prob})
    )
    return Compiled(
        n_actors=n,
        actors=inputs.actors,
        dyad_i=di,
        dyad_j=dj,
        segments=(segment,),
        thin=thin,
        drag_a=_drag_csr(inputs.alliance, dyad_index, di, dj) if p.bloc_drag_prob > 0 else none,
        drag_b=_drag_csr(inputs.alliance, dyad_index, dj, di) if p.bloc_drag_prob > 0 else none,
        params=p,
        dyad_index=dyad_index,
    )


def compile_segments(parts: Sequence[tuple[SimInputs, int]], params: SimParams) -> Compiled:
    """A run through several inputs in turn (``(inputs, months)`` each): a historical panel.

    Dyads are indexed over the union of the actors (sorted ids). The status quo only: bloc
    discipline needs one alliance structure, so ``bloc_drag_prob`` must be 0.
    """
    if not parts:
        raise InputError("a segmented run needs at least one segment")
    if params.bloc_drag_prob > 0:
        raise InputError("segmented runs do not model bloc discipline")
    actors = tuple(sorted({a for inputs, _ in parts for a in inputs.actors}))
    n = len(actors)
    di, dj, dyad_index = _dyads(n)
    thin = 1.0 + params.hostility_cap
    where = {a: i for i, a in enumerate(actors)}
    segments = []
    for inputs, steps in parts:
        rate, p_res = dyad_rates(inputs, params)
        pos = np.array([where[a] for a in inputs.actors], dtype=np.int64)
        li, lj = np.triu_indices(inputs.n, 1)
        target = dyad_index[pos[li], pos[lj]]
        cand = np.zeros((di.size, len(DIMENSIONS)))
        cand[target] = rate * (1.0 - p_res)[:, None] * thin
        full_p = np.zeros(di.size)
        full_p[target] = p_res
        segments.append(_segment(cand, full_p, int(steps)))
    none = (np.zeros(di.size + 1, dtype=np.int64), np.empty(0, dtype=np.int64))
    return Compiled(
        n_actors=n,
        actors=actors,
        dyad_i=di,
        dyad_j=dj,
        segments=tuple(segments),
        thin=thin,
        drag_a=none,
        drag_b=none,
        params=params,
        dyad_index=dyad_index,
    )


def rep_generators(seed: int, rep: int) -> tuple[np.random.Generator, np.random.Generator]:
    """The two generators of replication ``rep`` under ``seed`` (independent of chunking):
    arrival times, then the candidates' uniforms."""
    return (
        np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(rep, 0)))),
        np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(rep, 1)))),
    )


@dataclass
class ChunkResult:
    """Outcomes of replications ``first .. first + reps - 1``."""

    first: int
    crises: F64  # per rep, per decade
    disputes: F64
    dragged: F64
    dyads_in_dispute: F64
    dyad_hits: I64  # per dyad: reps with at least one dispute in it
    dyad_disputes: I64  # per dyad: disputes summed over reps
    #: with ``keep_events``: (month, rep * D + dyad) of every dispute, own and dragged
    events: tuple[I64, I64] | None = None


@dataclass
class _Events:
    """Unresolved candidate frictions of a chunk, sorted by month."""

    bounds: I64
    flat: I64
    dim: NDArray[np.int8]
    u_accept: F64  # uniform times (1 + hostility_cap)
    seq: NDArray[np.int32]  # position in the replication's own drawing order


class _Tables:
    """The segments' tables stacked for lookups by (segment, position)."""

    def __init__(self, c: Compiled, steps: int) -> None:
        segs = c.segments
        lengths = np.array([s.steps for s in segs], dtype=np.int64)
        if len(segs) == 1:
            lengths = np.array([steps], dtype=np.int64)
        elif lengths.sum() != steps:
            raise InputError(f"the segments cover {int(lengths.sum())} months, not {steps}")
        self.single = len(segs) == 1
        self.month_seg = np.repeat(np.arange(len(segs)), lengths)
        self.cum_rate = np.concatenate(
            [[0.0], np.cumsum(np.array([s.total_rate for s in segs])[self.month_seg])]
        )
        sizes = np.array([s.active.size for s in segs], dtype=np.int64)
        self.offset = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        guides = np.array([s.guide.size for s in segs], dtype=np.int64)
        self.guide_size = guides
        self.guide_offset = np.concatenate([[0], np.cumsum(guides)[:-1]]).astype(np.int64)
        self.active = np.concatenate([s.active for s in segs])
        self.cdf = np.concatenate([s.cdf for s in segs])
        self.lower = np.concatenate([np.concatenate([[0.0], s.cdf[:-1]]) for s in segs])
        self.guide = np.concatenate([s.guide + o for s, o in zip(segs, self.offset, strict=True)])
        first = segs[0].dim_cdf
        self.common = all(
            s.dim_cdf.ndim == 1 and np.allclose(s.dim_cdf, first, rtol=0.0, atol=1e-12)
            for s in segs
        )
        self.dim_cdf = (
            first
            if self.common
            else np.stack([np.broadcast_to(s.dim_cdf, (c.n_dyads, len(DIMENSIONS))) for s in segs])
        )  # [K] or [S, D, K]

    def pick(self, u: F64, seg: I64 | None) -> tuple[I64, NDArray[np.int8]]:
        """Dyad and dimension of candidates with first uniforms ``u`` (segments ``seg``)."""
        if seg is None:
            pos = self.guide[(u * self.guide_size[0]).astype(np.int64)]
        else:
            bucket = (u * self.guide_size[seg]).astype(np.int64) + self.guide_offset[seg]
            pos = self.guide[bucket]
        behind = np.flatnonzero(self.cdf[pos] <= u)
        while behind.size:  # walk forward to the first cdf above u (a step or two)
            pos[behind] += 1
            behind = behind[self.cdf[pos[behind]] <= u[behind]]
        dyad = self.active[pos]
        lo = self.lower[pos]
        v = (u - lo) / (self.cdf[pos] - lo)  # uniform again within the dyad's share
        if self.common:
            dim = np.searchsorted(self.dim_cdf[:-1], v, side="right")
        else:
            rows = self.dim_cdf[0 if seg is None else seg, dyad]
            dim = (v[:, None] >= rows[:, :-1]).sum(axis=1)
        return dyad, dim.astype(np.int8)


def _arrivals(g: np.random.Generator, total: float) -> F64:
    """Points of a unit-rate Poisson process on [0, total), from ``g``'s exponentials in order."""
    if total <= 0:
        return np.empty(0)
    n = int(total + 6.0 * np.sqrt(total) + 20.0)
    points = np.cumsum(g.standard_exponential(n))
    while points[-1] < total:
        more = points[-1] + np.cumsum(g.standard_exponential(n))
        points = np.concatenate([points, more])
    return points[: int(np.searchsorted(points, total))]


def _draw(c: Compiled, steps: int, seed: int, first: int, reps: int) -> _Events:
    """Every replication's candidates, placed month-major: in each month all replications'
    sure candidates (accepted whatever the hostility), then all the others."""
    tab = _Tables(c, steps)
    drawn = []
    for r in range(reps):
        g_time, g_mark = rep_generators(seed, first + r)
        points = _arrivals(g_time, float(tab.cum_rate[-1]))
        cnt = np.diff(np.searchsorted(points, tab.cum_rate))
        u = g_mark.random((points.size, 2))
        month = np.repeat(np.arange(steps, dtype=np.int64), cnt)
        dyad, dim = tab.pick(u[:, 0], None if tab.single else tab.month_seg[month])
        ua = u[:, 1] * c.thin  # accepted when below 1 + h: below 1 always
        key = (2 * month + (ua >= 1.0)).astype(np.int16)
        drawn.append((dyad, dim, ua, key, np.bincount(key, minlength=2 * steps)))
    counts = np.stack([x[4] for x in drawn])  # [reps, 2 * steps]
    slot_major = counts.T.reshape(-1)
    offsets = (np.cumsum(slot_major) - slot_major).reshape(2 * steps, reps)
    total = int(slot_major.sum())
    flat = np.empty(total, dtype=np.int64)
    dims = np.empty(total, dtype=np.int8)
    u_acc = np.empty(total)
    seq = np.empty(total, dtype=np.int32)
    for r, (dyad, dim, ua, key, cnt) in enumerate(drawn):
        order = np.argsort(key, kind="stable")
        dest = np.repeat(offsets[:, r] - (np.cumsum(cnt) - cnt), cnt) + np.arange(key.size)
        flat[dest] = dyad[order] + r * c.n_dyads
        dims[dest] = dim[order]
        u_acc[dest] = ua[order]
        seq[dest] = order
    bounds = np.zeros(2 * steps + 1, dtype=np.int64)
    bounds[1:] = np.cumsum(counts.sum(axis=0))
    return _Events(bounds=bounds, flat=flat, dim=dims, u_accept=u_acc, seq=seq)


def _guide_table(weights: F64) -> tuple[F64, I64]:
    """Cumulative distribution of ``weights`` (last exactly 1) and a guide table over it.

    ``guide[b]`` is the first position whose cumulative share exceeds ``b / len(guide)``, so
    inverting a uniform starts there and walks at most a few steps. The table has twice as
    many buckets as weights.
    """
    cdf = np.cumsum(weights / weights.sum())
    cdf[-1] = 1.0
    buckets = 2 * weights.size
    guide = np.searchsorted(cdf, np.arange(buckets) / buckets, side="right").astype(np.int64)
    return cdf, np.minimum(guide, weights.size - 1)


class _State:
    """Per (rep, dyad) state of a chunk, flattened to ``rep * D + dyad``; decays lazily."""

    def __init__(self, c: Compiled, steps: int, reps: int) -> None:
        size = reps * c.n_dyads
        p = c.params
        self.tension = np.zeros(size)
        self.t_last = np.zeros(size, dtype=np.int64)
        self.hostility = np.zeros(size)
        self.h_last = np.zeros(size, dtype=np.int64)
        powers = np.arange(steps + 1, dtype=np.float64)
        self.t_pow = np.power(p.tension_retention, powers)
        self.h_pow = np.power(p.hostility_retention, powers)
        self.cap = p.hostility_cap
        self.jump = p.hostility_jump

    def hostility_at(self, flat: I64, t: int) -> F64:
        """Hostility of cells ``flat`` at month ``t`` (most cells have none: skip their decay)."""
        h = self.hostility[flat]
        some = np.flatnonzero(h)
        if some.size:
            h[some] *= self.h_pow[t - self.h_last[flat[some]]]
        return h

    def provoke(self, flat: I64, t: int) -> None:
        """Add a dispute's hostility to the (unique) cells ``flat``."""
        self.hostility[flat] = np.minimum(self.hostility_at(flat, t) + self.jump, self.cap)
        self.h_last[flat] = t


def _expand(csr: tuple[I64, I64], dyads: I64) -> tuple[I64, I64]:
    """The dragged dyads of each of ``dyads`` and, for each, which entry it came from."""
    ptr, idx = csr
    lens = ptr[dyads + 1] - ptr[dyads]
    total = int(lens.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    owner = np.repeat(np.arange(dyads.size), lens)
    offset = np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens)
    return idx[ptr[dyads][owner] + offset], owner


def _drag(c: Compiled, st: _State, disp: I64, w: F64, t: int) -> I64:
    """Disputes dragged in by bloc discipline; returns their unique flat cells.

    ``w`` is a fresh uniform per dispute (recycled from the escalation draw); it decides side
    A, and rescaled to [0, 1) again, side B.
    """
    d = c.n_dyads
    dyad = disp % d
    rep = disp // d
    q = c.params.bloc_drag_prob
    pick_a = w < q
    w_b = np.where(pick_a, w / q, (w - q) / (1.0 - q)) if q < 1.0 else w
    parts = []
    for csr, pick in ((c.drag_a, pick_a), (c.drag_b, w_b < q)):
        targets, owner = _expand(csr, dyad[pick])
        parts.append(rep[pick][owner] * d + targets)
    dragged = np.unique(np.concatenate(parts))
    if dragged.size:
        st.provoke(dragged, t)
    return dragged


def simulate_chunk(
    c: Compiled, steps: int, seed: int, first: int, reps: int, *, keep_events: bool = False
) -> ChunkResult:
    """Run replications ``first .. first + reps - 1`` of ``steps`` months under ``seed``.

    With ``keep_events`` the result also lists every dispute's month and cell.
    """
    ev = _draw(c, steps, seed, first, reps)
    st = _State(c, steps, reps)
    p = c.params
    sev_table = np.asarray(p.severities(), dtype=np.float64)
    log: dict[str, list[tuple[int, I64]]] = {"crisis": [], "dispute": [], "dragged": []}
    for t in range(steps):
        lo, mid, hi = (int(x) for x in ev.bounds[2 * t : 2 * t + 3])
        if lo == hi:
            continue
        f, ua, dims, seq = ev.flat[lo:hi], ev.u_accept[lo:hi], ev.dim[lo:hi], ev.seq[lo:hi]
        if mid < hi:
            sure = mid - lo
            keep = ua[sure:] < 1.0 + st.hostility_at(f[sure:], t)
            if not keep.all():
                f = np.concatenate((f[:sure], f[sure:][keep]))
                ua = np.concatenate((ua[:sure], ua[sure:][keep]))
                dims = np.concatenate((dims[:sure], dims[sure:][keep]))
                seq = np.concatenate((seq[:sure], seq[sure:][keep]))
        st.tension[f] = st.tension[f] * st.t_pow[t - st.t_last[f]]
        st.t_last[f] = t
        np.add.at(st.tension, f, sev_table[dims])
        hit = st.tension[f] >= p.crisis_threshold
        if not hit.any():
            continue
        # the crisis takes the cell's first accepted candidate in drawing order (an order
        # independent of the uniforms); given acceptance, u * (1 + cap) / (1 + h) is uniform
        fh, uh = f[hit], ua[hit]
        by_seq = np.lexsort((seq[hit], fh))
        crisis, at = np.unique(fh[by_seq], return_index=True)
        v = uh[by_seq][at] / (1.0 + st.hostility_at(crisis, t))
        st.tension[crisis] = 0.0
        log["crisis"].append((t, crisis))
        esc = v < p.escalation_prob
        disp = crisis[esc]
        if disp.size == 0:
            continue
        st.provoke(disp, t)
        log["dispute"].append((t, disp))
        if p.bloc_drag_prob > 0.0:
            dragged = _drag(c, st, disp, v[esc] / p.escalation_prob, t)
            if dragged.size:
                log["dragged"].append((t, dragged))
    return _summarise(c, steps, first, reps, log, keep_events)


def _cells(entries: list[tuple[int, I64]]) -> tuple[I64, I64]:
    if not entries:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    months = np.concatenate([np.full(a.size, t, dtype=np.int64) for t, a in entries])
    return months, np.concatenate([a for _, a in entries])


def _summarise(
    c: Compiled,
    steps: int,
    first: int,
    reps: int,
    log: dict[str, list[tuple[int, I64]]],
    keep_events: bool,
) -> ChunkResult:
    d = c.n_dyads
    scale = MONTHS_PER_DECADE / steps
    windows = -(-steps // MONTHS_PER_DECADE)
    lengths = np.minimum(MONTHS_PER_DECADE, steps - MONTHS_PER_DECADE * np.arange(windows))
    _, crisis = _cells(log["crisis"])
    m1, own = _cells(log["dispute"])
    m2, drag = _cells(log["dragged"])
    months = np.concatenate([m1, m2])
    cells = np.concatenate([own, drag])
    rep = cells // d

    def per_rep(x: I64) -> F64:
        return np.bincount(x // d, minlength=reps).astype(np.float64) * scale

    window = months // MONTHS_PER_DECADE
    distinct = np.unique((rep * windows + window) * d + cells % d)
    per_window = np.bincount(distinct // d, minlength=reps * windows).reshape(reps, windows)
    in_dispute = (per_window * (MONTHS_PER_DECADE / lengths)).mean(axis=1)
    hit_cells = np.unique(cells)
    return ChunkResult(
        first=first,
        crises=per_rep(crisis),
        disputes=per_rep(cells),
        dragged=per_rep(drag),
        dyads_in_dispute=in_dispute,
        dyad_hits=np.bincount(hit_cells % d, minlength=d),
        dyad_disputes=np.bincount(cells % d, minlength=d),
        events=(months, cells) if keep_events else None,
    )
