"""Exact maximum-likelihood fit of the coalition threat model on dyad-years.

The model is a logit of militarized-dispute onset (COW MID 5.0) on the dyad's mutual threat::

    logit p = b0 + b1 · ln M + β_h · ln(1 + h) + era intercepts

    ln M = ½ (ln E[i, j] + ln E[j, i])                      capability with allies' pool
           − θ · ln(1 + d_eff/λ)                            loss-of-strength gradient
           − γ · s − δ · a_d − δ_c · a_c − δ_n · a_n        damping by alignment
           + ½ ν · (ln(1 + F[i, j]) + ln(1 + F[j, i]))      frontier of the other side's allies

    E[i, j] = C[j] + π_d P_d[i, j] + π_c P_c[i, j] + π_n P_n[i, j]
    F[i, j] = (N_d + ω_c N_c + ω_n N_n)[i, j] + ω_w · (W_d + ω_c W_c + ω_n W_n)[i, j]

with the coalition arrays of :mod:`eurasec.analysis.coalition` (N over land borders, W across
water, P pooled capability; d/c/n the kinds of obligation), ``s`` the share of IGOs alive
that both belong to, ``a_*`` the dyad's obligations (defence, consultation, non-aggression)
and ``h`` its dispute onsets in the previous 20 years. A :class:`Form` says which terms are
in; the terms it leaves out are fixed at 0. ``M`` is what :mod:`eurasec.analysis.threat`
computes for every pair of a world.

The negative log-likelihood and its analytic gradient are minimised with L-BFGS-B from several
starting points (the likelihood has local optima: ``b1`` multiplies every structural term);
the best optimum is kept and every start's result is reported. Row weights make the same code
serve the cluster bootstrap (:func:`bootstrap_weights`).

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from eurasec.errors import AnalysisError

__all__ = [
    "CAPABILITY_FLOOR",
    "MAX_ITERATIONS",
    "START",
    "Fit",
    "Form",
    "bootstrap_weights",
    "fit",
    "linear_predictor",
    "log_loss",
    "sigmoid",
    "structural_log_threat",
]

Array = NDArray[np.float64]
Table = dict[str, NDArray[np.float64]]

#: CINC below this counts as this (ln 0 is undefined; a few microstates report 0).
CAPABILITY_FLOOR: Final = 1e-6

#: Iteration limit of one L-BFGS-B run (each start reports whether it converged).
MAX_ITERATIONS: Final = 1000

#: The first starting point of every fit (the others are seeded perturbations of it).
START: Final = {
    "b0": 0.5,
    "b1": 0.6,
    "log_decay_km": float(np.log(5.0)),
    "exponent": 0.7,
    "log_water_km": float(np.log(40.0)),
    "org_damping": 2.0,
    "defence_damping": 0.5,
    "consultation_damping": 0.2,
    "nonaggression_damping": 0.1,
    "frontier": 1.0,
    "frontier_consultation": 0.5,
    "frontier_nonaggression": 0.5,
    "frontier_water": 0.5,
    "pool_defence": 0.1,
    "pool_consultation": 0.05,
    "pool_nonaggression": 0.05,
    "history": 1.0,
}

_BOUNDS: Final[dict[str, tuple[float | None, float | None]]] = {
    "b1": (0.0, None),
    "log_decay_km": (float(np.log(0.1)), float(np.log(1e5))),
    "exponent": (0.0, 5.0),
    "log_water_km": (0.0, float(np.log(1000.0))),
    "org_damping": (0.0, None),
    "defence_damping": (0.0, None),
    "consultation_damping": (0.0, None),
    "nonaggression_damping": (0.0, None),
    "frontier": (0.0, 5.0),
    "frontier_consultation": (0.0, 5.0),
    "frontier_nonaggression": (0.0, 5.0),
    "frontier_water": (0.0, 5.0),
    "pool_defence": (0.0, 10.0),
    "pool_consultation": (0.0, 10.0),
    "pool_nonaggression": (0.0, 10.0),
}


@dataclass(frozen=True)
class Form:
    """Which terms a model has, and its training years.

    Attributes:
        frontier: the frontier multiplier (ν) over land borders.
        frontier_water: also count allies across water, with weight ω_w.
        tie_weights: consultation and non-aggression allies count in the frontier (ω_c, ω_n);
            without it only defence allies do.
        pooling: allies' capability pooled by kind of tie (π_d, π_c, π_n).
        kind_damping: consultation and non-aggression ties damp threat (δ_c, δ_n).
        history: the prior-disputes term β_h · ln(1 + onsets in the previous 20 years).
        start: first training year.
        eras: extra intercepts for these inclusive year ranges (the years outside all of them
            are the reference, and the only ones a forecast after the training years uses).
    """

    frontier: bool = True
    frontier_water: bool = False
    tie_weights: bool = False
    pooling: bool = False
    kind_damping: bool = False
    history: bool = False
    start: int = 1946
    eras: tuple[tuple[int, int], ...] = ()

    def names(self) -> tuple[str, ...]:
        """The parameter names of this form, in vector order."""
        out = ["b0", "b1", "log_decay_km", "exponent", "log_water_km"]
        out += ["org_damping", "defence_damping"]
        if self.kind_damping:
            out += ["consultation_damping", "nonaggression_damping"]
        if self.frontier:
            out.append("frontier")
            if self.tie_weights:
                out += ["frontier_consultation", "frontier_nonaggression"]
            if self.frontier_water:
                out.append("frontier_water")
        if self.pooling:
            out += ["pool_defence", "pool_consultation", "pool_nonaggression"]
        if self.history:
            out.append("history")
        out += [f"era_{a}_{b}" for a, b in self.eras]
        return tuple(out)

    def label(self) -> str:
        """A short readable name (used in reports)."""
        terms = [
            name
            for name, on in (
                ("frontier", self.frontier),
                ("water", self.frontier and self.frontier_water),
                ("tie-weights", self.frontier and self.tie_weights),
                ("pooling", self.pooling),
                ("kind-damping", self.kind_damping),
                ("history", self.history),
            )
            if on
        ]
        era = f"+eras{len(self.eras)}" if self.eras else ""
        return f"{'+'.join(terms) or 'distance-capability'} from {self.start}{era}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out = asdict(self)
        out["eras"] = [list(e) for e in self.eras]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Form:
        """The inverse of :meth:`to_dict`."""
        eras = tuple((int(a), int(b)) for a, b in data.get("eras", ()))
        return cls(**{**data, "eras": eras})


@dataclass(frozen=True)
class Fit:
    """A fitted form: parameters, log-likelihood and what every start reached."""

    form: Form
    params: dict[str, float]
    neg_loglik: float
    rows: int
    onsets: int
    starts: list[dict[str, Any]] = field(default_factory=list)

    def vector(self) -> Array:
        """The parameters in the form's vector order."""
        return np.array([self.params[n] for n in self.form.names()])


def sigmoid(z: Array) -> Array:
    """The logistic function, computed stably."""
    out: Array = 0.5 * (1.0 + np.tanh(0.5 * z))
    return out


def log_loss(z: Array, y: Array, weights: Array | None = None) -> float:
    """Negative log-likelihood of outcomes ``y`` under logits ``z``."""
    terms = np.logaddexp(0.0, z) - y * z
    return float(np.sum(terms if weights is None else weights * terms))


def _value(p: dict[str, float], name: str) -> float:
    return p.get(name, 0.0)


def structural_log_threat(form: Form, params: dict[str, float], t: Table) -> Array:
    """ln M for every row (the structural part, without b0, b1, history or eras)."""
    return _linear(form, params, _prepare(form, t), grad=False)[1]


def linear_predictor(form: Form, params: dict[str, float], t: Table) -> Array:
    """logit p for every row of table ``t``."""
    return _linear(form, params, _prepare(form, t), grad=False)[0]


_BASE_COLUMNS: Final = ("year", "ci", "cj", "dist", "cont", "share", "defence", "y")


def _prepare(form: Form, t: Table) -> Table:
    """The columns ``form`` reads, as float64, with its parameter-free terms computed once."""
    if "_prepared" in t:
        return t
    out: Table = {k: np.asarray(t[k], dtype=np.float64) for k in _BASE_COLUMNS}
    out["_prepared"] = np.zeros(0)
    if form.kind_damping:
        out["consultation"] = np.asarray(t["consultation"], dtype=np.float64)
        out["nonaggression"] = np.asarray(t["nonaggression"], dtype=np.float64)
    if form.history:
        out["_log_hist"] = np.log1p(np.asarray(t["hist"], dtype=np.float64))
    for a, b in form.eras:
        out[f"_era_{a}_{b}"] = ((t["year"] >= a) & (t["year"] <= b)).astype(float)
    weighted = form.tie_weights or form.frontier_water
    for side, own in (("ij", "cj"), ("ji", "ci")):
        cap = np.maximum(np.asarray(t[own], dtype=np.float64), CAPABILITY_FLOOR)
        out[f"_cap_{side}"] = cap
        if not form.pooling:
            out[f"_log_cap_{side}"] = np.log(cap)
        needed = [f"P{k}" for k in "dcn"] if form.pooling else []
        if form.frontier:
            needed += [f"{f}{k}" for f in "NW" for k in "dcn"] if weighted else ["Nd"]
            if not weighted:
                out[f"_log_f_{side}"] = np.log1p(np.asarray(t[f"Nd_{side}"], dtype=np.float64))
        for name in needed:
            out[f"{name}_{side}"] = np.asarray(t[f"{name}_{side}"], dtype=np.float64)
    return out


def _linear(
    form: Form, p: dict[str, float], t: Table, *, grad: bool
) -> tuple[Array, Array, dict[str, Array]]:
    """z, ln M and (when ``grad``) dz/dparam for every row."""
    lam, w = np.exp(p["log_decay_km"]), np.exp(p["log_water_km"])
    theta = p["exponent"]
    water = (t["cont"] > 1) & (t["dist"] > w)
    d = np.where(t["cont"] == 1, 0.0, np.where(water, w, t["dist"]))
    lg = np.log1p(d / lam)
    kinds = {"defence": t["defence"]}
    if form.kind_damping:
        kinds |= {"consultation": t["consultation"], "nonaggression": t["nonaggression"]}
    log_m = -theta * lg - p["org_damping"] * t["share"]
    g: dict[str, Array] = {}
    for kind, col in kinds.items():
        log_m = log_m - p[f"{kind}_damping"] * col
        g[f"{kind}_damping"] = -col
    if grad:
        g["exponent"] = -lg
        g["org_damping"] = -t["share"]
        g["log_decay_km"] = theta * (d / lam) / (1.0 + d / lam)
        g["log_water_km"] = -theta * np.where(water, (w / lam) / (1.0 + d / lam), 0.0)
    for side, own in (("ij", "cj"), ("ji", "ci")):
        log_m = log_m + _coalition_side(form, p, t, side, own, g if grad else None)
    b1 = p["b1"]
    z = p["b0"] + b1 * log_m
    if grad:
        g = {k: b1 * v for k, v in g.items()}
        g["b0"] = np.ones_like(z)
        g["b1"] = log_m
    if form.history:
        h = t["_log_hist"]
        z = z + p["history"] * h
        g["history"] = h
    for a, b in form.eras:
        era = t[f"_era_{a}_{b}"]
        z = z + p[f"era_{a}_{b}"] * era
        g[f"era_{a}_{b}"] = era
    return z, log_m, g


def _coalition_side(
    form: Form, p: dict[str, float], t: Table, side: str, own: str, g: dict[str, Array] | None
) -> Array:
    """½ ln E + ½ ν ln(1 + F) for one direction, adding its gradient terms to ``g``."""

    def col(name: str) -> Array:
        return t[f"{name}_{side}"]

    pools = (("pool_defence", "Pd"), ("pool_consultation", "Pc"), ("pool_nonaggression", "Pn"))
    if form.pooling:
        cap = t[f"_cap_{side}"] + sum(p[n] * col(c) for n, c in pools)
        out: Array = 0.5 * np.log(cap)
        if g is not None:
            for n, c in pools:
                g[n] = g.get(n, 0.0) + 0.5 * col(c) / cap
    else:
        out = 0.5 * t[f"_log_cap_{side}"]
    if not form.frontier:
        return out
    nu = p["frontier"]
    if f"_log_f_{side}" in t:  # no fitted weight inside F
        log_f = t[f"_log_f_{side}"]
        if g is not None:
            g["frontier"] = g.get("frontier", 0.0) + 0.5 * log_f
        return out + 0.5 * nu * log_f
    wc = _value(p, "frontier_consultation") if form.tie_weights else 0.0
    wn = _value(p, "frontier_nonaggression") if form.tie_weights else 0.0
    land = col("Nd") + wc * col("Nc") + wn * col("Nn")
    sea = col("Wd") + wc * col("Wc") + wn * col("Wn")
    ww = _value(p, "frontier_water") if form.frontier_water else 0.0
    f = land + ww * sea
    log_f = np.log1p(f)
    out = out + 0.5 * nu * log_f
    if g is not None:
        g["frontier"] = g.get("frontier", 0.0) + 0.5 * log_f
        if form.tie_weights:
            for n, c in (("frontier_consultation", "c"), ("frontier_nonaggression", "n")):
                extra = col(f"N{c}") + ww * col(f"W{c}")
                g[n] = g.get(n, 0.0) + 0.5 * nu * extra / (1.0 + f)
        if form.frontier_water:
            g["frontier_water"] = g.get("frontier_water", 0.0) + 0.5 * nu * sea / (1.0 + f)
    return out


def _start_vectors(form: Form, starts: int, seed: int, first: dict[str, float]) -> list[Array]:
    names = form.names()
    base = np.array([first.get(n, START.get(n, 0.0)) for n in names])
    pairs = [_BOUNDS.get(n, (None, None)) for n in names]
    lo = np.array([-np.inf if a is None else a for a, _ in pairs])
    hi = np.array([np.inf if b is None else b for _, b in pairs])
    rng = np.random.default_rng(seed)
    out = [base]
    for _ in range(starts - 1):
        jitter = rng.normal(0.0, 0.5, len(base)) * (np.abs(base) + 0.2)
        out.append(np.clip(base + jitter, lo, hi))
    return [np.clip(v, lo, hi) for v in out]


def fit(
    form: Form,
    t: Table,
    *,
    starts: int = 4,
    seed: int = 0,
    weights: Array | None = None,
    first: dict[str, float] | None = None,
) -> Fit:
    """Maximum-likelihood parameters of ``form`` on table ``t`` (rows already selected).

    ``first`` replaces the default first start (the bootstrap starts from the estimate).
    """
    if t["y"].sum() == 0:
        raise AnalysisError("no dispute onsets in the training rows")
    t = _prepare(form, t)
    y = t["y"]
    names = form.names()
    bounds = [_BOUNDS.get(n, (None, None)) for n in names]

    def objective(v: Array) -> tuple[float, Array]:
        params = dict(zip(names, (float(x) for x in v), strict=True))
        z, _, g = _linear(form, params, t, grad=True)
        r = sigmoid(z) - y
        if weights is not None:
            r = r * weights
        grad = np.array([float(g[n] @ r) for n in names])
        return log_loss(z, y, weights), grad

    def scaled(scale: Array) -> Any:
        def f(u: Array) -> tuple[float, Array]:
            value, grad = objective(u * scale)
            return value, grad * scale

        return f

    best: tuple[float, Array] | None = None
    tried: list[dict[str, Any]] = []
    for k, v0 in enumerate(_start_vectors(form, starts, seed, first or {})):
        # Work in units of each parameter's standard error at the start (the square root of
        # the Fisher information's diagonal): L-BFGS-B then needs a few times fewer steps.
        scale = _scale(form, dict(zip(names, v0, strict=True)), t, weights)
        res = minimize(
            scaled(scale),
            v0 / scale,
            jac=True,
            method="L-BFGS-B",
            bounds=[
                tuple(None if b is None else b / s for b in pair)
                for pair, s in zip(bounds, scale, strict=True)
            ],
            options={"maxiter": MAX_ITERATIONS, "maxfun": 2 * MAX_ITERATIONS},
        )
        tried.append({"start": k, "neg_loglik": float(res.fun), "converged": bool(res.success)})
        if best is None or res.fun < best[0]:
            best = (float(res.fun), res.x * scale)
    assert best is not None
    params = dict(zip(names, (float(x) for x in best[1]), strict=True))
    return Fit(
        form=form,
        params=params,
        neg_loglik=best[0],
        rows=len(y),
        onsets=int(y.sum()),
        starts=tried,
    )


def _scale(form: Form, p: dict[str, float], t: Table, weights: Array | None) -> Array:
    """1/√ of the Fisher information's diagonal at ``p`` (1 where it is 0)."""
    z, _, g = _linear(form, p, t, grad=True)
    prob = sigmoid(z)
    w = prob * (1.0 - prob) * (1.0 if weights is None else weights)
    info = np.array([float((np.broadcast_to(g[n], z.shape) ** 2) @ w) for n in form.names()])
    out: Array = np.where(info > 0, 1.0 / np.sqrt(np.where(info > 0, info, 1.0)), 1.0)
    return out


def bootstrap_weights(cluster: Array, rng: np.random.Generator) -> Array:
    """Row weights of one cluster bootstrap draw: clusters resampled with replacement."""
    ids, inverse = np.unique(cluster, return_inverse=True)
    counts = rng.multinomial(len(ids), np.full(len(ids), 1.0 / len(ids)))
    out: Array = counts[inverse].astype(float)
    return out
