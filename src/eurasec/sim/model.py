"""The simulation core: frictions → crises → militarized disputes, vectorised over dyads and reps.

One month per step. For dyad d and dimension k, frictions arrive as a Poisson process of rate

    λ_dk(t) = friction_rate · w_k · m_dk · τ_dk · (1 + h_d(t))

with ``τ_dk`` the dyad's mutual threat (``sqrt(T_ij T_ji)``) raised to ``threat_exponent`` and
normalised to mean 1 over dyads, ``m_dk`` a scenario multiplier (Fund projects) and ``h_d`` the
dyad's hostility. A friction is settled by dialogue with probability
``p_dlg = dialogue_max · S_d / (S_d + channel_half)`` (``S_d`` the shared-channel strength),
else by a mediator with probability ``mediation_prob`` when one exists; otherwise it adds its
dimension's severity to the dyad's tension, which keeps ``tension_retention`` of itself each
month. Tension at or above ``crisis_threshold`` is a crisis (tension resets to 0); a crisis
becomes a militarized dispute with probability ``escalation_prob``. A dispute adds
``hostility_jump`` to ``h_d`` (capped at ``hostility_cap``, keeping ``hostility_retention`` a
month): the Richardson reaction term, with fatigue as decay. Under bloc discipline each side's
defence partners are dragged into the dispute with probability ``bloc_drag_prob`` (one draw per
side), which starts a dispute in each (ally, opponent) dyad.

**Engine.** Settled frictions change nothing, so the engine samples only the unsettled ones:
by Poisson splitting they arrive at rate ``λ_dk(t) · (1 − p_settle_d)``. Each replication draws
all its random numbers up front from its own generator (``SeedSequence(seed, spawn_key=(rep,))``):
the monthly number of candidates at the bounded rate ``Λ · (1 + hostility_cap)`` and two
uniforms per candidate: one picks dyad and dimension through a Walker alias table, the other
thins candidates to the hostility-dependent rate (accepted when ``u · (1 + cap) < 1 + h``).
Given acceptance, ``u · (1 + cap) / (1 + h)`` is again uniform; it is recycled for the
escalation draw (taking the first accepted candidate of the dyad in drawing order, an order
independent of the uniforms), and rescaled in turn for the two bloc draws. Within a month the
candidates accepted whatever the hostility are placed first, so only the rest need it.
The loop then runs over months only, on the candidates of all replications at once (arrays
over ``reps × dyads``); tension and hostility decay lazily from tables of powers. A
replication's numbers depend only on ``(seed, rep)``, so results are identical for any
chunking and any backend.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from eurasec.sim.inputs import SimInputs
from eurasec.sim.params import DIMENSIONS, SimParams

__all__ = [
    "MONTHS_PER_DECADE",
    "ChunkResult",
    "Compiled",
    "Effects",
    "compile_model",
    "rep_generator",
    "simulate_chunk",
]

#: Outputs are reported per decade of simulated time.
MONTHS_PER_DECADE = 120
_N_UNIFORMS = 2

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Effects:
    """What an architecture changes, as arrays over actors (all optional)."""

    channels_add: F64 | None = None
    mediator_add: NDArray[np.bool_] | None = None
    rate_mult: F64 | None = None  # [K, n, n], multiplies friction rates
    bloc_drag_prob: float | None = None


@dataclass(frozen=True, eq=False)
class Compiled:
    """The model ready to run: per-dyad arrays and scalar parameters."""

    n_actors: int
    dyad_i: I64
    dyad_j: I64
    alias_prob: F64
    alias: I64
    total_rate: float
    p_resolve: F64
    thin: float
    drag_a: tuple[I64, I64]
    drag_b: tuple[I64, I64]
    params: SimParams
    dyad_index: I64 = field(repr=False)

    @property
    def n_dyads(self) -> int:
        """Number of unordered dyads."""
        return int(self.dyad_i.size)


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


def compile_model(inputs: SimInputs, params: SimParams, effects: Effects | None = None) -> Compiled:
    """Turn inputs, parameters and an architecture's effects into the arrays the core runs on."""
    eff = effects or Effects()
    n = inputs.n
    di, dj = (a.astype(np.int64) for a in np.triu_indices(n, 1))
    dyad_index = np.full((n, n), -1, dtype=np.int64)
    dyad_index[di, dj] = dyad_index[dj, di] = np.arange(di.size)
    mutual = np.sqrt(inputs.threat[:, di, dj] * inputs.threat[:, dj, di])  # [K, D]
    tau = mutual**params.threat_exponent
    means = tau.mean(axis=1, keepdims=True)
    tau = np.divide(tau, means, out=np.zeros_like(tau), where=means > 0)
    weights = np.asarray(params.weights())[:, None]
    rate = params.friction_rate * weights * tau
    if eff.rate_mult is not None:
        rate = rate * eff.rate_mult[:, di, dj]
    thin = 1.0 + params.hostility_cap
    channels = inputs.channels + (0.0 if eff.channels_add is None else eff.channels_add)
    mediator = inputs.mediator | (False if eff.mediator_add is None else eff.mediator_add)
    s = channels[di, dj]
    p_dlg = params.dialogue_max * s / (s + params.channel_half)
    p_res = p_dlg + (1.0 - p_dlg) * params.mediation_prob * mediator[di, dj]
    cand = (rate * (1.0 - p_res) * thin).T.reshape(-1)  # class c = d * K + k
    total = float(cand.sum())
    prob, alias = _alias_table(cand if total > 0 else np.ones_like(cand))
    none = (np.zeros(di.size + 1, dtype=np.int64), np.empty(0, dtype=np.int64))
    p = (
        params
        if eff.bloc_drag_prob is None
        else params.model_copy(update={"bloc_drag_prob": eff.bloc_drag_prob})
    )
    return Compiled(
        n_actors=n,
        dyad_i=di,
        dyad_j=dj,
        alias_prob=prob,
        alias=alias,
        total_rate=total,
        p_resolve=p_res,
        thin=thin,
        drag_a=_drag_csr(inputs.alliance, dyad_index, di, dj) if p.bloc_drag_prob > 0 else none,
        drag_b=_drag_csr(inputs.alliance, dyad_index, dj, di) if p.bloc_drag_prob > 0 else none,
        params=p,
        dyad_index=dyad_index,
    )


def rep_generator(seed: int, rep: int) -> np.random.Generator:
    """The generator of replication ``rep`` under ``seed`` (independent of chunking)."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(rep,))))


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


@dataclass
class _Events:
    """Unresolved candidate frictions of a chunk, sorted by month."""

    bounds: I64
    flat: I64
    dim: NDArray[np.int8]
    u_accept: F64  # uniform times (1 + hostility_cap)
    seq: NDArray[np.int32]  # position in the replication's own drawing order


def _draw(c: Compiled, steps: int, seed: int, first: int, reps: int) -> _Events:
    """Every replication's candidates, placed month-major: in each month all replications'
    sure candidates (accepted whatever the hostility), then all the others."""
    n_class = c.alias_prob.size
    k = len(DIMENSIONS)
    drawn = []
    for r in range(reps):
        g = rep_generator(seed, first + r)
        cnt = g.poisson(c.total_rate, size=steps)
        u = g.random((2, int(cnt.sum())))
        scaled = u[0] * n_class
        slot = scaled.astype(np.int64)
        cls = np.where(scaled - slot < c.alias_prob[slot], slot, c.alias[slot])
        ua = u[1] * c.thin  # accepted when below 1 + h: below 1 always
        key = np.repeat(np.arange(0, 2 * steps, 2, dtype=np.int16), cnt) + (ua >= 1.0)
        drawn.append((cls, ua, key, np.bincount(key, minlength=2 * steps)))
    counts = np.stack([d[3] for d in drawn])  # [reps, 2 * steps]
    slot_major = counts.T.reshape(-1)
    offsets = (np.cumsum(slot_major) - slot_major).reshape(2 * steps, reps)
    total = int(slot_major.sum())
    flat = np.empty(total, dtype=np.int64)
    dim = np.empty(total, dtype=np.int8)
    u_acc = np.empty(total)
    seq = np.empty(total, dtype=np.int32)
    for r, (cls, ua, key, cnt) in enumerate(drawn):
        order = np.argsort(key, kind="stable")
        dest = np.repeat(offsets[:, r] - (np.cumsum(cnt) - cnt), cnt) + np.arange(key.size)
        dyad, dim[dest] = np.divmod(cls[order], k)
        flat[dest] = dyad + r * c.n_dyads
        u_acc[dest] = ua[order]
        seq[dest] = order
    bounds = np.zeros(2 * steps + 1, dtype=np.int64)
    bounds[1:] = np.cumsum(counts.sum(axis=0))
    return _Events(bounds=bounds, flat=flat, dim=dim, u_accept=u_acc, seq=seq)


def _alias_table(weights: F64) -> tuple[F64, I64]:
    """Walker/Vose alias table: draw class i with probability weights[i] / sum in O(1)."""
    n = weights.size
    prob = weights * (n / weights.sum())
    alias = np.arange(n, dtype=np.int64)
    small = [i for i in range(n) if prob[i] < 1.0]
    large = [i for i in range(n) if prob[i] >= 1.0]
    while small and large:
        s_, l_ = small.pop(), large.pop()
        alias[s_] = l_
        prob[l_] -= 1.0 - prob[s_]
        (small if prob[l_] < 1.0 else large).append(l_)
    for i in small + large:
        prob[i] = 1.0
    return prob, alias


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


def simulate_chunk(c: Compiled, steps: int, seed: int, first: int, reps: int) -> ChunkResult:
    """Run replications ``first .. first + reps - 1`` of ``steps`` months under ``seed``."""
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
    return _summarise(c, steps, first, reps, log)


def _cells(entries: list[tuple[int, I64]]) -> tuple[I64, I64]:
    if not entries:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    months = np.concatenate([np.full(a.size, t, dtype=np.int64) for t, a in entries])
    return months, np.concatenate([a for _, a in entries])


def _summarise(
    c: Compiled, steps: int, first: int, reps: int, log: dict[str, list[tuple[int, I64]]]
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
    )
