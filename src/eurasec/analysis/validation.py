"""Validation against history: the threat index versus the "dangerous dyads" logit.

Rows are non-directed dyad-years of the COW state system (both states in the NMC data that
year). The outcome is the onset of a militarized interstate dispute (COW MID 5.0) between the
two in that year. Both models are fitted on the training years and scored on the test years,
on exactly the same rows:

- **threat index** (:mod:`eurasec.analysis.threat`): logit p = b0 + b1 · ln M with
  ln M = ½ ln cᵢ + ½ ln cⱼ − θ ln(1 + d_eff/λ) − γ s − δ a, i.e. the mutual threat of the
  dyad. Seven fitted numbers: λ, θ, w (inside d_eff), γ, δ and the calibration b0, b1.
- **baseline** (Bremer's "dangerous dyads"): an ordinary logit on land contiguity,
  ln(1 + capital distance), ln(capability ratio), a defence pact, joint democracy (both
  Polity2 ≥ 6) and "either is a major power" (seven coefficients with the intercept).

Scores: ROC AUC (rank-based) and Brier score, on the test years; also on the test dyads with
both states in Eurasia (``eurasec.analysis.scope``), the harder test.

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize
from scipy.stats import rankdata

from eurasec.analysis._dyads import year_arrays
from eurasec.analysis.scope import in_scope
from eurasec.analysis.threat import MILITARY, ONSET_CALIBRATION, ThreatParams
from eurasec.errors import AnalysisError

__all__ = [
    "CAPABILITY_FLOOR",
    "DEMOCRACY_THRESHOLD",
    "FIRST_YEAR",
    "LAST_YEAR",
    "ModelScore",
    "ValidationResult",
    "brier",
    "dyad_table",
    "fitted_params",
    "roc_auc",
    "validate",
]

Array = NDArray[np.float64]

#: First and last years with every covariate (IGO memberships end in 2014).
FIRST_YEAR = 1816
LAST_YEAR = 2014
#: CINC below this counts as this (ln 0 is undefined; a few microstates report 0).
CAPABILITY_FLOOR = 1e-6
#: Polity2 at or above this counts as a democracy (the usual cut-off).
DEMOCRACY_THRESHOLD = 6.0

_COLUMNS = (
    "year",
    "c1",
    "c2",
    "ci",
    "cj",
    "dist",
    "cont",
    "defence",
    "share",
    "pi",
    "pj",
    "major",
    "y",
)


@dataclass(frozen=True)
class ModelScore:
    """Out-of-sample scores of one model."""

    auc: float
    brier: float
    parameters: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ValidationResult:
    """Both models, scored on the same held-out rows."""

    threat: ModelScore
    baseline: ModelScore
    train_years: tuple[int, int]
    test_years: tuple[int, int]
    rows_train: int
    rows_test: int
    onsets_test: int
    base_rate_brier: float
    #: The same fitted models scored on the test dyads with both states in Eurasia.
    eurasia: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out = asdict(self)
        out["train_years"] = list(self.train_years)
        out["test_years"] = list(self.test_years)
        return out


@cache
def dyad_table(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> dict[str, Array]:
    """Non-directed dyad-years ``first..last`` as columns (i < j in COW code order)."""
    if not FIRST_YEAR <= first <= last <= LAST_YEAR:
        raise AnalysisError(f"years must lie within {FIRST_YEAR}–{LAST_YEAR}")
    parts: dict[str, list[Array]] = {c: [] for c in _COLUMNS}
    for year in range(first, last + 1):
        a = year_arrays(year)
        i, j = np.triu_indices(len(a.ccodes), 1)
        values = {
            "year": np.full(len(i), float(year)),
            "c1": a.ccodes[i].astype(float),
            "c2": a.ccodes[j].astype(float),
            "ci": a.cinc[i],
            "cj": a.cinc[j],
            "dist": a.distance_km[i, j],
            "cont": a.contiguity[i, j].astype(float),
            "defence": a.defence[i, j].astype(float),
            "share": a.shared_igo[i, j] / max(a.igo_total, 1),
            "pi": a.polity2[i],
            "pj": a.polity2[j],
            "major": (a.major[i] | a.major[j]).astype(float),
            "y": a.onset[i, j].astype(float),
        }
        for name, col in values.items():
            parts[name].append(col)
    return {name: np.concatenate(cols) for name, cols in parts.items()}


def roc_auc(score: Array, y: Array) -> float:
    """Area under the ROC curve (Mann–Whitney, ties counted half)."""
    pos = y > 0.5
    n1, n0 = int(pos.sum()), int((~pos).sum())
    if n1 == 0 or n0 == 0:
        raise AnalysisError("AUC needs both onsets and non-onsets in the test rows")
    ranks = rankdata(score)
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def brier(p: Array, y: Array) -> float:
    """Mean squared difference between predicted probability and outcome."""
    return float(np.mean((p - y) ** 2))


def _nll(z: Array, y: Array) -> float:
    return float(np.sum(np.logaddexp(0.0, z) - y * z))


def _sigmoid(z: Array) -> Array:
    out: Array = 0.5 * (1.0 + np.tanh(0.5 * z))
    return out


def _baseline_design(t: dict[str, Array]) -> Array:
    ci = np.maximum(t["ci"], CAPABILITY_FLOOR)
    cj = np.maximum(t["cj"], CAPABILITY_FLOOR)
    joint_dem = (t["pi"] >= DEMOCRACY_THRESHOLD) & (t["pj"] >= DEMOCRACY_THRESHOLD)
    cols = [
        t["cont"] == 1,
        np.log1p(t["dist"]),
        np.log(np.maximum(ci, cj) / np.minimum(ci, cj)),
        t["defence"],
        joint_dem,
        t["major"],
    ]
    return np.column_stack(cols).astype(float)


_BASELINE_NAMES = (
    "intercept",
    "land_contiguity",
    "log_distance",
    "log_capability_ratio",
    "defence_pact",
    "joint_democracy",
    "major_power",
)


def _fit_baseline(x: Array, y: Array) -> tuple[Array, Array, Array]:
    mu, sd = x.mean(0), x.std(0)
    sd[sd == 0] = 1.0
    z = np.column_stack([np.ones(len(x)), (x - mu) / sd])

    def f(b: Array) -> tuple[float, Array]:
        lin = z @ b
        return _nll(lin, y), z.T @ (_sigmoid(lin) - y)

    b = minimize(f, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B").x
    return b, mu, sd


def _threat_linear(p: Array, t: dict[str, Array]) -> tuple[Array, Array]:
    """z for parameters p = (b0, b1, ln λ, θ, ln w, γ, δ) and dz/dp (rows × 7)."""
    b0, b1, log_lam, theta, log_w, gamma, delta = p
    lam, w = np.exp(log_lam), np.exp(log_w)
    water = (t["cont"] > 1) & (t["dist"] > w)
    d = np.where(t["cont"] == 1, 0.0, np.where(water, w, t["dist"]))
    cap = 0.5 * np.log(np.maximum(t["ci"], CAPABILITY_FLOOR)) + 0.5 * np.log(
        np.maximum(t["cj"], CAPABILITY_FLOOR)
    )
    lg = np.log1p(d / lam)
    log_m = cap - theta * lg - gamma * t["share"] - delta * t["defence"]
    frac = (d / lam) / (1.0 + d / lam)
    grad = np.column_stack(
        [
            np.ones_like(log_m),
            log_m,
            b1 * theta * frac,
            -b1 * lg,
            -b1 * theta * np.where(water, (w / lam) / (1.0 + d / lam), 0.0),
            -b1 * t["share"],
            -b1 * t["defence"],
        ]
    )
    return b0 + b1 * log_m, grad


def _fit_threat(t: dict[str, Array]) -> Array:
    y = t["y"]

    def f(p: Array) -> tuple[float, Array]:
        z, dz = _threat_linear(p, t)
        return _nll(z, y), dz.T @ (_sigmoid(z) - y)

    # Start from the shipped values (the optimum does not depend on it; the time does).
    m, (b0, b1) = MILITARY, ONSET_CALIBRATION
    logs = np.log([m.decay_km, m.water_km])
    start = np.array([b0, b1, logs[0], m.exponent, logs[1], m.org_damping, m.defence_damping])
    bounds = [(None, None), (0.0, None), (np.log(0.1), np.log(1e5)), (0.0, 5.0)]
    bounds += [(np.log(1.0), np.log(1000.0)), (None, None), (None, None)]
    fit = minimize(f, start, jac=True, method="L-BFGS-B", bounds=bounds)
    return np.asarray(fit.x, dtype=float)


def _subset(t: dict[str, Array], mask: NDArray[np.bool_]) -> dict[str, Array]:
    return {k: v[mask] for k, v in t.items()}


def fitted_params(p: Array) -> ThreatParams:
    """The fitted vector as :class:`ThreatParams` (for ``threat.MILITARY``)."""
    return ThreatParams(
        decay_km=float(np.exp(p[2])),
        exponent=float(p[3]),
        water_km=float(np.exp(p[4])),
        org_damping=float(p[5]),
        defence_damping=float(p[6]),
    )


def validate(
    train: tuple[int, int] = (FIRST_YEAR, 1989), test: tuple[int, int] = (1990, LAST_YEAR)
) -> ValidationResult:
    """Fit both models on ``train`` years, score them on ``test`` years (inclusive ranges)."""
    if train[1] >= test[0]:
        raise AnalysisError("the training years must end before the test years begin")
    table = dyad_table(min(train[0], test[0]), max(train[1], test[1]))
    years = table["year"]
    tr = _subset(table, (years >= train[0]) & (years <= train[1]))
    te = _subset(table, (years >= test[0]) & (years <= test[1]))
    if tr["y"].sum() == 0:
        raise AnalysisError("no dispute onsets in the training years")
    p = _fit_threat(tr)
    threat_p = _sigmoid(_threat_linear(p, te)[0])
    b, mu, sd = _fit_baseline(_baseline_design(tr), tr["y"])
    xt = (_baseline_design(te) - mu) / sd
    base_p = _sigmoid(b[0] + xt @ b[1:])
    fp = fitted_params(p)
    threat_params = {**asdict(fp), "b0": float(p[0]), "b1": float(p[1])}
    y = te["y"]
    rate = float(tr["y"].mean())
    inside = in_scope(te["c1"], "eurasia") & in_scope(te["c2"], "eurasia")
    ye = y[inside]
    eurasia = {
        "threat": asdict(ModelScore(roc_auc(threat_p[inside], ye), brier(threat_p[inside], ye))),
        "baseline": asdict(ModelScore(roc_auc(base_p[inside], ye), brier(base_p[inside], ye))),
        "rows_test": int(inside.sum()),
        "onsets_test": int(ye.sum()),
    }
    return ValidationResult(
        threat=ModelScore(roc_auc(threat_p, y), brier(threat_p, y), threat_params),
        baseline=ModelScore(
            roc_auc(base_p, y),
            brier(base_p, y),
            dict(zip(_BASELINE_NAMES, (float(v) for v in b), strict=True)),
        ),
        train_years=train,
        test_years=test,
        rows_train=len(tr["y"]),
        rows_test=len(y),
        onsets_test=int(y.sum()),
        base_rate_brier=brier(np.full(len(y), rate), y),
        eurasia=eurasia,
    )
