"""The auxiliary model: what the estimation matches and the direct empirical estimate uses.

A logit of MID onset in a Eurasian dyad-year on

    const, ln M, land contiguity, ln(1 + capital distance), ln capability ratio,
    defence pact, joint democracy, major power, strategic rivalry,
    shared security / political / economic / social organisations, regional settlement body

(``ln M`` the mutual military threat, :meth:`eurasec.sim.history.Panel.log_threat`) fitted by
Newton–Raphson on grouped binomial rows (a simulated panel gives, per dyad-year, how many of
its replications had an onset), with a covariance clustered by pair. The *concentration* of
onsets is the share the :data:`TOP_PAIRS` pairs with most onsets hold.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit

from eurasec.errors import AnalysisError
from eurasec.sim.history import Panel, ThreatRule
from eurasec.sim.organisations import CHANNEL_KINDS

__all__ = [
    "COLUMNS",
    "TOP_PAIRS",
    "Logit",
    "design",
    "fit_logit",
    "top_share",
]

#: The regressors, in order.
COLUMNS: tuple[str, ...] = (
    "const",
    "log_threat",
    "land",
    "log_distance",
    "log_capability_ratio",
    "defence",
    "joint_democracy",
    "major_power",
    "rivalry",
    *(f"shared_{k}" for k in CHANNEL_KINDS),
    "settlement",
)
#: How many pairs the concentration share counts.
TOP_PAIRS = 10
_MAX_ITER = 50
_TOL = 1e-10

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


def design(p: Panel, rule: ThreatRule) -> F64:
    """The regressors of :data:`COLUMNS` for every row of ``p``."""
    hi = np.maximum(p.cinc1, p.cinc2)
    lo = np.minimum(p.cinc1, p.cinc2)
    cols = [
        np.ones(len(p)),
        p.log_threat(rule),
        (p.conttype == 1).astype(np.float64),
        np.log1p(p.capdist),
        np.log(hi / lo),
        p.defence,
        p.jointdem,
        p.major,
        p.rivalry,
        *(p.counts[:, k] for k in range(len(CHANNEL_KINDS))),
        p.settlement.astype(np.float64),
    ]
    return np.column_stack(cols)


@dataclass(frozen=True, eq=False)
class Logit:
    """A fitted logit: coefficients in :data:`COLUMNS` order and their clustered covariance."""

    coef: F64
    cov: F64 | None

    def probability(self, x: F64) -> F64:
        """Fitted onset probability of rows ``x``."""
        out: F64 = expit(x @ self.coef)
        return out


def fit_logit(
    x: F64,
    successes: F64,
    trials: F64 | float = 1.0,
    *,
    clusters: I64 | None = None,
    start: F64 | None = None,
) -> Logit:
    """Maximum likelihood logit of ``successes`` out of ``trials`` per row (Newton, halving).

    With ``clusters``, the covariance is the sandwich clustered by those groups (else none is
    computed). Raises :class:`~eurasec.errors.AnalysisError` when the fit does not converge.
    """
    n_trials = np.broadcast_to(np.asarray(trials, dtype=np.float64), successes.shape)
    mu = x.mean(axis=0)
    sd = x.std(axis=0)
    const = sd == 0
    mu[const], sd[const] = 0.0, 1.0
    z = (x - mu) / sd
    zt = np.ascontiguousarray(z.T)
    rate = successes.sum() / n_trials.sum()
    if not 0.0 < rate < 1.0:
        raise AnalysisError("the logit needs both onsets and dyad-years without one")
    b = np.zeros(x.shape[1])
    if start is not None:
        b = start * sd
        b[const] = start[const] + float(np.sum(start[~const] * mu[~const]))
    elif const.any():
        b[np.flatnonzero(const)[0]] = np.log(rate / (1.0 - rate))
    loss = _nll(z, b, successes, n_trials)
    for _ in range(_MAX_ITER):
        p = expit(z @ b)
        grad = zt @ (successes - n_trials * p)
        hess = (zt * (n_trials * p * (1.0 - p))) @ z
        step = np.linalg.solve(hess + 1e-12 * np.eye(len(b)), grad)
        for _ in range(30):
            new = _nll(z, b + step, successes, n_trials)
            if new <= loss + 1e-12:
                break
            step = step / 2.0
        b, done = b + step, loss - new < _TOL * max(1.0, abs(loss))
        loss = new
        if done and np.abs(step).max() < 1e-7:
            break
    else:
        raise AnalysisError("the logit did not converge")
    coef = b / sd
    if const.any():
        coef[const] = b[const] - float(np.sum(coef[~const] * mu[~const]))
    cov = None if clusters is None else _clustered(x, successes, n_trials, coef, clusters)
    return Logit(coef=coef, cov=cov)


def _nll(z: F64, b: F64, y: F64, n: F64) -> float:
    eta = z @ b
    return float(np.sum(n * np.logaddexp(0.0, eta) - y * eta))


def _clustered(x: F64, y: F64, n: F64, coef: F64, clusters: I64) -> F64:
    p = expit(x @ coef)
    hess = (x * (n * p * (1.0 - p))[:, None]).T @ x
    bread = np.linalg.inv(hess)
    _, group = np.unique(clusters, return_inverse=True)
    scores = np.zeros((int(group.max()) + 1, x.shape[1]))
    np.add.at(scores, group, x * (y - n * p)[:, None])
    g = scores.shape[0]
    meat = scores.T @ scores * (g / max(g - 1, 1))
    out: F64 = bread @ meat @ bread
    return out


def top_share(counts_by_pair: F64, top: int = TOP_PAIRS) -> float:
    """Share of all onsets held by the ``top`` pairs with most of them (0 when none)."""
    total = float(counts_by_pair.sum())
    if total <= 0:
        return 0.0
    k = min(top, counts_by_pair.size)
    return float(np.partition(counts_by_pair, counts_by_pair.size - k)[-k:].sum() / total)
