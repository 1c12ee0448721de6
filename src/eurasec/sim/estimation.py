"""Estimation by indirect inference: the parameters that make simulated history look like history.

**Data** (:data:`FIT_YEARS`): the Eurasian dyad-years of :mod:`eurasec.sim.history`.

**Moments** (:data:`MOMENTS`), computed the same way on the record and on each simulated
history (:mod:`eurasec.sim.hindcast`):

- the onset rate (MID onsets per dyad-year);
- from the auxiliary logit of onset (:mod:`eurasec.sim.auxiliary`, with its controls): the
  coefficients of the mutual threat, of a strategic rivalry, of shared security, political,
  economic and social organisations, and of a regional settlement body;
- the concentration: the share of onsets held by the ten pairs with most of them.

**Parameters** (:data:`~eurasec.sim.params.ESTIMATED`): the friction base rate, the threat
elasticity, the rivalry effect, the mediation probability and the four channel weights; the
others are assumptions (see :mod:`eurasec.sim.params`). Eight parameters, nine moments: one
degree of freedom left to test the fit. The channel weights are searched as ``weight · n̄``
(``n̄`` the mean number of shared organisations of the kind over the fit years: the
log-share of frictions the average pair's organisations of that kind leave unsettled), which
puts the four on one scale.

**Fit.** The distance ``(m̂ − m(θ))' W (m̂ − m(θ))`` with ``W = Ω⁻¹`` is minimised by
Gauss–Newton steps on a local response surface: each iteration simulates the moments at
:data:`POINTS` parameter points spread (Latin hypercube) over a box around the current
estimate, each from :data:`REPLICATIONS` histories with one seed (common random numbers),
regresses the moments on the parameters (with every earlier point inside the box), and
takes the bounded least-squares step of the linearised problem
(:func:`scipy.optimize.lsq_linear`); the box shrinks as the steps do.
Simulated moments are noisy in the parameters (a crisis more or less in a dyad changes its
later history), and a regression over a box sees past that noise where finite differences
would not. ``Ω`` is the covariance of the recorded moments from a bootstrap over pairs
(:data:`BOOTSTRAP` resamples; pairs, because a pair's years are not independent).

**Confidence region.** With ``G`` the Jacobian of the moments at the estimate (the slope of a
last response surface of :data:`JACOBIAN_POINTS` points) and ``A = (G'WG)⁻¹G'W``, each
bootstrap resample ``b`` gives a draw ``θ_b = θ̂ + √(1 + 1/R) · A (m̂_b − m̂)`` (the
indirect-inference sandwich, with the simulation's own noise), clipped to the bounds. The
95% interval of each parameter is the 2.5th–97.5th percentile of the draws; the draws travel
with the estimates so every effect can be recomputed over them.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from eurasec.sim.auxiliary import COLUMNS, Logit, design, fit_logit, top_share
from eurasec.sim.hindcast import HindcastDesign, hindcast, hindcast_design
from eurasec.sim.history import ThreatRule, historical_rate, threat_rule
from eurasec.sim.params import (
    ESTIMATED,
    Estimates,
    SimParams,
    get_value,
    load_estimates,
    with_values,
)

__all__ = [
    "BOOTSTRAP",
    "FIT_YEARS",
    "ITERATIONS",
    "JACOBIAN_POINTS",
    "MOMENTS",
    "POINTS",
    "REPLICATIONS",
    "SEED",
    "EstimationSetup",
    "estimate",
    "estimates_path",
    "observed_moments",
    "simulated_moments",
    "write_estimates",
]

#: Years the parameters are estimated on (the validation holds out the two decades after).
FIT_YEARS = (1960, 1994)
#: Simulated histories per evaluation of the moments.
REPLICATIONS = 48
#: Parameter points added per response surface (it also uses earlier points in its box).
POINTS = 20
#: Gauss–Newton iterations.
ITERATIONS = 10
#: Parameter points of the last response surface (the Jacobian at the estimate).
JACOBIAN_POINTS = 40
#: Bootstrap resamples of pairs (and so draws from the confidence region).
BOOTSTRAP = 200
#: Seed of the simulated histories, the designs and the bootstrap.
SEED = 19_601_994
#: The matched moments, in order.
MOMENTS: tuple[str, ...] = (
    "onset_rate",
    "log_threat",
    "rivalry",
    "shared_security",
    "shared_political",
    "shared_economic",
    "shared_social",
    "settlement",
    "top10_share",
)
_COEF = tuple(COLUMNS.index(m) for m in MOMENTS[1:-1])
#: Bounds of the search coordinates: log rate ratio, threat exponent, rivalry effect,
#: mediation probability, and the four channel coordinates.
_LOWER = np.array([-4.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
_UPPER = np.array([4.0, 2.0, 5.0, 1.0, 4.0, 4.0, 4.0, 4.0])
#: Half-widths of the first response surface's box, and the smallest they shrink to.
_HALF = np.array([0.4, 0.15, 0.5, 0.15, 0.3, 0.3, 0.3, 0.3])
_HALF_MIN = _HALF / 8.0
_SHRINK = 0.6

F64 = NDArray[np.float64]


@dataclass(frozen=True)
class EstimationSetup:
    """What an estimation runs on: years, simulated histories per evaluation, seed, resamples."""

    fit_years: tuple[int, int] = FIT_YEARS
    replications: int = REPLICATIONS
    points: int = POINTS
    iterations: int = ITERATIONS
    jacobian_points: int = JACOBIAN_POINTS
    bootstrap: int = BOOTSTRAP
    seed: int = SEED
    workers: int = 1
    #: the coordinates searched; the others stay at the base parameters' values
    free: tuple[str, ...] = ESTIMATED


def _moments_from(logit: Logit, rate: float, top10: float) -> F64:
    return np.array([rate, *(logit.coef[i] for i in _COEF), top10])


def observed_moments(d: HindcastDesign) -> tuple[F64, Logit]:
    """The recorded moments of ``d``'s years, and the auxiliary logit with clustered errors."""
    rows = d.rows
    x = design(rows, d.rule)
    logit = fit_logit(x, rows.onset, clusters=rows.pair_key())
    by_pair: F64 = np.bincount(d.pair, weights=rows.onsets, minlength=d.n_pairs).astype(float)
    rate = float(rows.onsets.sum() / len(rows))
    return _moments_from(logit, rate, top_share(by_pair)), logit


def _bootstrap(d: HindcastDesign, start: Logit, resamples: int, seed: int) -> F64:
    """Recorded moments over ``resamples`` bootstrap resamples of pairs."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1,)))
    rows = d.rows
    x = design(rows, d.rule)
    by_pair: F64 = np.bincount(d.pair, weights=rows.onsets, minlength=d.n_pairs).astype(float)
    out = np.empty((resamples, len(MOMENTS)))
    for b in range(resamples):
        mult = rng.multinomial(d.n_pairs, np.full(d.n_pairs, 1.0 / d.n_pairs)).astype(float)
        w = mult[d.pair]
        keep = w > 0
        logit = fit_logit(x[keep], (rows.onset * w)[keep], w[keep], start=start.coef)
        rate = float((rows.onsets * w).sum() / w.sum())
        top = top_share(np.repeat(by_pair, mult.astype(np.int64)))
        out[b] = _moments_from(logit, rate, top)
    return out


def simulated_moments(
    d: HindcastDesign,
    params: SimParams,
    replications: int,
    seed: int,
    start: Logit | None = None,
) -> F64:
    """The moments of ``replications`` simulated histories of ``d``'s years under ``params``."""
    sim = hindcast(d, params, replications=replications, seed=seed)
    x = design(d.rows, d.rule)
    logit = fit_logit(x, sim.hits, float(replications), start=None if start is None else start.coef)
    rate = float(sim.disputes.sum() / (replications * len(d.rows)))
    top = float(np.mean([top_share(r) for r in sim.rep_pair]))
    return _moments_from(logit, rate, top)


class _Search:
    """The map between search coordinates and parameters, and the simulated moments."""

    def __init__(self, d: HindcastDesign, base: SimParams, setup: EstimationSetup) -> None:
        self.d = d
        self.base = base
        self.setup = setup
        self.rate0 = base.friction_rate
        self.mean_counts = d.rows.counts.mean(axis=0)
        self.evaluations = 0
        self.pool: Executor | None = None

    def values(self, x: F64) -> dict[str, float]:
        out = {
            "friction_rate": self.rate0 * math.exp(float(x[0])),
            "threat_exponent": float(x[1]),
            "rivalry_effect": float(x[2]),
            "mediation_prob": float(x[3]),
        }
        for name, c, n in zip(ESTIMATED[4:], x[4:], self.mean_counts, strict=True):
            out[name] = float(c) / float(n)
        return out

    def coordinates(self, values: dict[str, float]) -> F64:
        channels = [
            values[name] * float(n) for name, n in zip(ESTIMATED[4:], self.mean_counts, strict=True)
        ]
        head = [
            math.log(values["friction_rate"] / self.rate0),
            values["threat_exponent"],
            values["rivalry_effect"],
            values["mediation_prob"],
        ]
        return np.array(head + channels)

    def params(self, x: F64) -> SimParams:
        return with_values(self.base, self.values(x))

    def moments(self, x: F64, start: Logit | None) -> F64:
        self.evaluations += 1
        reps = self.setup.replications
        return simulated_moments(self.d, self.params(x), reps, self.setup.seed, start)

    def many(self, pts: F64, start: Logit) -> list[F64]:
        """The moments at each of ``pts`` (in worker processes when the setup asks for them)."""
        self.evaluations += len(pts)
        reps, seed = self.setup.replications, self.setup.seed
        jobs = [(self.d.first, self.d.last, self.d.rule, self.params(p), reps, seed) for p in pts]
        if self.pool is None:
            return [_evaluate(job, start.coef) for job in jobs]
        return list(self.pool.map(_evaluate, jobs, [start.coef] * len(jobs)))


def _single_thread() -> None:
    threadpool_limits(1)


def _evaluate(job: tuple[int, int, ThreatRule, SimParams, int, int], start: F64) -> F64:
    """One evaluation of the simulated moments (a picklable job for a worker process)."""
    first, last, rule, params, reps, seed = job
    d = hindcast_design(first, last, rule)
    return simulated_moments(d, params, reps, seed, Logit(coef=start, cov=None))


def _box(x: F64, half: F64, points: int, seed: tuple[int, ...]) -> F64:
    """``points`` parameter points spread over the box ``x ± half`` (inside the bounds)."""
    from scipy.stats import qmc

    lhs = qmc.LatinHypercube(d=x.size, rng=np.random.default_rng(np.random.SeedSequence(seed)))
    lo = np.maximum(x - half, _LOWER)
    hi = np.minimum(x + half, _UPPER)
    out: F64 = lo + lhs.random(points) * (hi - lo)
    return out


class _Archive:
    """Every point simulated so far; a surface uses all of them that fall in its box."""

    def __init__(self, search: _Search, start: Logit) -> None:
        self.search = search
        self.start = start
        self.x: list[F64] = []
        self.m: list[F64] = []

    def add(self, pts: F64) -> None:
        self.x.extend(pts)
        self.m.extend(self.search.many(pts, self.start))

    def surface(self, x: F64, half: F64) -> tuple[F64, F64]:
        """Regress the moments in the box ``x ± half`` on the parameters: (at ``x``, slope)."""
        pts, m = np.array(self.x), np.array(self.m)
        inside = np.all(np.abs(pts - x) <= half * (1.0 + 1e-9) + 1e-12, axis=1)
        regressors = np.column_stack([np.ones(int(inside.sum())), pts[inside] - x])
        coef: F64 = np.asarray(np.linalg.lstsq(regressors, m[inside], rcond=None)[0], float)
        return coef[0], coef[1:].T


def _solve(
    search: _Search,
    x0: F64,
    observed: F64,
    chol: F64,
    start: Logit,
    on_step: Callable[[int, float], None] | None,
) -> tuple[F64, F64]:
    """Response-surface Gauss–Newton (see the module docstring): estimate and Jacobian."""
    from scipy.optimize import lsq_linear

    setup = search.setup
    free = np.array([n in setup.free for n in ESTIMATED])
    archive = _Archive(search, start)
    x, half = x0.copy(), np.where(free, _HALF, 0.0)
    for it in range(setup.iterations):
        archive.add(_box(x, half, setup.points, (setup.seed, it)))
        at, jac = archive.surface(x, half)
        gap = observed - at
        if on_step is not None:
            on_step(it, float(np.sum((chol.T @ gap) ** 2)))
        lo = np.maximum(_LOWER - x, -2.0 * half)[free]
        hi = np.minimum(_UPPER - x, 2.0 * half)[free]
        step = np.zeros_like(x)
        step[free] = lsq_linear(chol.T @ jac[:, free], chol.T @ gap, bounds=(lo, hi)).x
        x = np.clip(x + step, _LOWER, _UPPER)
        shrunk = np.maximum(half * _SHRINK, np.where(free, _HALF_MIN, 0.0))
        half = np.where(np.abs(step) < half, shrunk, half)
    archive.add(_box(x, half, setup.jacobian_points, (setup.seed, setup.iterations)))
    _, jac = archive.surface(x, half)
    jac[:, ~free] = 0.0
    x_hat: F64 = x
    return x_hat, jac


def _start_rate(search: _Search, x: F64, goal: float, start: Logit) -> F64:
    """Move the base rate until the simulated onset rate is near the recorded one."""
    x = x.copy()
    for _ in range(3):
        rate = search.moments(x, start)[0]
        step = 1.0 if rate <= 0 else math.log(goal / rate) / 1.5
        x[0] = float(np.clip(x[0] + step, _LOWER[0], _UPPER[0]))
    return x


def estimate(
    setup: EstimationSetup | None = None,
    *,
    base: SimParams | None = None,
    rule: ThreatRule | None = None,
    observed: F64 | None = None,
    on_step: Callable[[int, float], None] | None = None,
) -> Estimates:
    """Estimate the parameters on the fit years (see the module docstring).

    ``base`` gives the assumed parameters and the starting values of the estimated ones
    (default: the class defaults of :class:`~eurasec.sim.params.SimParams`). ``observed``
    replaces the recorded moments (e.g. moments of histories simulated with known
    parameters, to check the estimation recovers them); the weighting still comes from the
    record's bootstrap.
    """
    setup = setup or EstimationSetup()
    rule = rule or threat_rule()
    with threadpool_limits(1):  # the same numbers on any machine, and fair to a shared one
        return _estimate(setup, base or SimParams(), rule, observed, on_step)


def _estimate(
    setup: EstimationSetup,
    base: SimParams,
    rule: ThreatRule,
    target: F64 | None,
    on_step: Callable[[int, float], None] | None,
) -> Estimates:
    first, last = setup.fit_years
    d = hindcast_design(first, last, rule)
    reference = float(np.exp(d.rows.log_threat(rule).mean()))
    base = base.model_copy(update={"threat_reference": reference, "bloc_drag_prob": 0.0})
    observed, logit = observed_moments(d)
    boot = _bootstrap(d, logit, setup.bootstrap, setup.seed)
    if target is not None:
        boot = boot - observed + target
        observed = target
    omega: F64 = np.cov(boot, rowvar=False).astype(np.float64)
    weight: F64 = np.asarray(np.linalg.inv(omega), dtype=np.float64)
    chol: F64 = np.asarray(np.linalg.cholesky(weight), dtype=np.float64)
    search = _Search(d, base, setup)
    x0 = np.clip(search.coordinates({n: get_value(base, n) for n in ESTIMATED}), _LOWER, _UPPER)
    if "friction_rate" in setup.free:
        x0 = _start_rate(search, x0, float(observed[0]), logit)
    if setup.workers > 1:  # forked workers inherit the panel and the design built above
        with ProcessPoolExecutor(setup.workers, initializer=_single_thread) as pool:
            search.pool = pool
            x_hat, jac = _solve(search, x0, observed, chol, logit, on_step)
        search.pool = None
    else:
        x_hat, jac = _solve(search, x0, observed, chol, logit, on_step)
    simulated = search.moments(x_hat, logit)
    deviations: F64 = boot - observed
    draws = _draws(search, x_hat, jac, weight, deviations, setup.replications)
    values = {k: round(v, 10) for k, v in search.values(x_hat).items()}
    gap = observed - simulated
    params = with_values(base, values)
    free = int(np.sum((x_hat > _LOWER + 1e-9) & (x_hat < _UPPER - 1e-9)))
    return Estimates(
        params=params.model_dump(mode="json"),
        estimated=ESTIMATED,
        estimates=values,
        ci={n: _interval(draws[:, i]) for i, n in enumerate(ESTIMATED)},
        draws=[[round(float(v), 10) for v in row] for row in draws],
        moments={
            "names": list(MOMENTS),
            "observed": [float(v) for v in observed],
            "simulated": [float(v) for v in simulated],
            "se": [float(v) for v in np.sqrt(np.diag(omega))],
            "distance": float(gap @ weight @ gap),
            "free_parameters": free,
        },
        fit_years=(first, last),
        threat_rule=rule.as_dict(),
        replications=setup.replications,
        seed=setup.seed,
        bloc_drag=_bloc_drag(),
        empirical=_empirical(logit, first, last),
        provenance={
            "command": "eurasec sim estimate",
            "evaluations": search.evaluations,
            "points": setup.points,
            "iterations": setup.iterations,
            "jacobian_points": setup.jacobian_points,
            "bootstrap": setup.bootstrap,
            "data": {k: historical_rate(first, last)[k] for k in ("onsets", "dyad_years")},
        },
    )


def _empirical(logit: Logit, first: int, last: int) -> dict[str, Any]:
    cov = logit.cov if logit.cov is not None else np.zeros((len(COLUMNS), len(COLUMNS)))
    return {
        "columns": list(COLUMNS),
        "coef": [float(v) for v in logit.coef],
        "cov": [[float(v) for v in row] for row in cov],
        "years": [first, last],
    }


def _draws(search: _Search, x_hat: F64, jac: F64, weight: F64, deviations: F64, reps: int) -> F64:
    """Draws from the confidence region (linearised bootstrap; see the module docstring).

    Every coordinate moves, those at a bound too (then clipped), so a parameter estimated at
    a bound gets the one-sided interval the data allow rather than none.
    """
    a = np.linalg.lstsq(jac.T @ weight @ jac, jac.T @ weight, rcond=None)[0]
    out = np.empty((deviations.shape[0], len(ESTIMATED)))
    scale = math.sqrt(1.0 + 1.0 / reps)
    for b, dev in enumerate(deviations):
        x = np.clip(x_hat + scale * (a @ dev), _LOWER, _UPPER)
        values = search.values(x)
        out[b] = [values[n] for n in ESTIMATED]
    return out


def _interval(values: F64) -> tuple[float, float]:
    lo, hi = np.quantile(values, [0.025, 0.975])
    return (round(float(lo), 10), round(float(hi), 10))


def _bloc_drag() -> dict[str, Any]:
    from eurasec.sim.blocs import drag_estimate

    return dict(drag_estimate())


def estimates_path() -> Path:
    """Where the shipped estimates live (inside the installed package)."""
    return Path(str(resources.files(__package__ or "eurasec.sim").joinpath("estimates.json")))


def write_estimates(est: Estimates, path: Path | None = None) -> Path:
    """Write ``est`` as the shipped estimates file (or to ``path``); returns the path."""
    target = path or estimates_path()
    target.write_text(json.dumps(est.model_dump(mode="json"), indent=1) + "\n", "utf-8")
    if path is None:
        load_estimates.cache_clear()
    return target
