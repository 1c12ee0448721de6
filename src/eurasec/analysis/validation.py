"""Validation against history: the coalition threat index versus the field's standard, fairly.

Rows are non-directed dyad-years of the COW state system (both states in the NMC data that
year); the outcome is the onset of a militarized interstate dispute (COW MID 5.0) between the
two. Every model is fitted on the same training years (the shipped form's start to 1989) and
scored on the same test rows (1990–2014), touched once, to report:

- ``threat``: the coalition threat index, the shipped form (:mod:`eurasec.analysis.model`)
  without its prior-disputes term;
- ``threat_history``: the same with the term β_h · ln(1 + onsets in the previous 20 years);
- ``previous_index``: the index shipped before the coalition terms (distance and capability
  only, fitted 1816–1989; :data:`PREVIOUS_INDEX`), scored with its shipped numbers;
- ``standard_baseline``: Bremer's "dangerous dyads" logit in its standard form: land and
  water contiguity, ln(1 + capital distance), ln(capability ratio), any ATOP alliance, joint
  democracy (both Polity2 ≥ 6), either a major power;
- ``standard_baseline_history``: the same with the prior-disputes term;
- ``baseline``: the project's earlier, weaker baseline (no water contiguity, defence pacts
  only), kept for comparison with older reports.

Scores: ROC AUC and Brier score, overall, on the project's Eurasian dyads
(:func:`eurasec.analysis.scope.in_scope`) and on COW codes 200–399 + 600–899
(:func:`~eurasec.analysis.scope.eurasian_by_cow_ranges`); ``differences`` gives each
comparison's AUC difference with a 95% interval from a bootstrap that resamples test dyads.

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from eurasec.analysis._dyads import TABLE_FIRST_YEAR, TABLE_LAST_YEAR, dyad_table
from eurasec.analysis.fit import CAPABILITY_FLOOR, Form, fit, linear_predictor, sigmoid
from eurasec.analysis.model import FIT_STARTS, shipped
from eurasec.analysis.scope import eurasian_by_cow_ranges, in_scope
from eurasec.analysis.scores import RankedScores, brier, roc_auc
from eurasec.analysis.selection import TRAIN_LAST_YEAR
from eurasec.errors import AnalysisError

__all__ = [
    "BOOTSTRAP",
    "CAPABILITY_FLOOR",
    "COMPARISONS",
    "DEMOCRACY_THRESHOLD",
    "FIRST_YEAR",
    "LAST_YEAR",
    "PREVIOUS_INDEX",
    "ModelScore",
    "ValidationResult",
    "brier",
    "dyad_table",
    "roc_auc",
    "validate",
]

Array = NDArray[np.float64]

#: First and last years with every covariate (IGO memberships end in 2014).
FIRST_YEAR: Final = TABLE_FIRST_YEAR
LAST_YEAR: Final = TABLE_LAST_YEAR
#: Polity2 at or above this counts as a democracy (the usual cut-off).
DEMOCRACY_THRESHOLD: Final = 6.0
#: Bootstrap resamples of test dyads for the intervals of the differences.
BOOTSTRAP: Final = 500
#: The threat index shipped before the coalition terms (fitted 1816–1989, 7 numbers).
PREVIOUS_INDEX: Final = {
    "b0": 0.503,
    "b1": 0.586,
    "log_decay_km": float(np.log(4.40)),
    "exponent": 0.691,
    "log_water_km": float(np.log(39.1)),
    "org_damping": 1.82,
    "defence_damping": 0.597,
}
#: The differences reported (first model minus second), on every subset.
COMPARISONS: Final = (
    ("threat", "previous_index"),
    ("threat", "standard_baseline"),
    ("threat_history", "standard_baseline_history"),
    ("threat_history", "threat"),
    ("standard_baseline_history", "standard_baseline"),
    ("standard_baseline", "baseline"),
)
_SUBSETS: Final = ("overall", "eurasia", "eurasia_cow")


@dataclass(frozen=True)
class ModelScore:
    """Out-of-sample scores of one model."""

    auc: float
    brier: float
    parameters: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ValidationResult:
    """Every model, scored on the same held-out rows."""

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
    threat_history: ModelScore | None = None
    previous_index: ModelScore | None = None
    standard_baseline: ModelScore | None = None
    standard_baseline_history: ModelScore | None = None
    #: On COW codes 200–399 and 600–899.
    eurasia_cow: dict[str, Any] = field(default_factory=dict)
    differences: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out = asdict(self)
        out["train_years"] = list(self.train_years)
        out["test_years"] = list(self.test_years)
        return out


def _joint_democracy(t: dict[str, Array]) -> Array:
    both = (t["pi"] >= DEMOCRACY_THRESHOLD) & (t["pj"] >= DEMOCRACY_THRESHOLD)
    return both.astype(float)


def _log_ratio(t: dict[str, Array]) -> Array:
    ci = np.maximum(t["ci"], CAPABILITY_FLOOR)
    cj = np.maximum(t["cj"], CAPABILITY_FLOOR)
    out: Array = np.log(np.maximum(ci, cj) / np.minimum(ci, cj))
    return out


#: Columns of each logit baseline: name → column of the dyad table.
_BASELINES: Final = {
    "baseline": {
        "land_contiguity": lambda t: (t["cont"] == 1).astype(float),
        "log_distance": lambda t: np.log1p(t["dist"]),
        "log_capability_ratio": _log_ratio,
        "defence_pact": lambda t: t["defence"],
        "joint_democracy": _joint_democracy,
        "major_power": lambda t: t["major"],
    },
    "standard_baseline": {
        "land_contiguity": lambda t: (t["cont"] == 1).astype(float),
        "water_contiguity": lambda t: (t["cont"] > 1).astype(float),
        "log_distance": lambda t: np.log1p(t["dist"]),
        "log_capability_ratio": _log_ratio,
        "alliance": lambda t: t["alliance"],
        "joint_democracy": _joint_democracy,
        "major_power": lambda t: t["major"],
    },
}


def _design(kind: str, t: dict[str, Array], history: bool) -> tuple[tuple[str, ...], Array]:
    cols: dict[str, Callable[[dict[str, Array]], Array]] = dict(_BASELINES[kind])
    if history:
        cols["prior_disputes"] = _prior_disputes
    return tuple(cols), np.column_stack([f(t) for f in cols.values()]).astype(float)


def _prior_disputes(t: dict[str, Array]) -> Array:
    out: Array = np.log1p(t["hist"])
    return out


def _fit_logit(x: Array, y: Array) -> tuple[Array, Array, Array]:
    mu, sd = x.mean(0), x.std(0)
    sd[sd == 0] = 1.0
    z = np.column_stack([np.ones(len(x)), (x - mu) / sd])

    def f(b: Array) -> tuple[float, Array]:
        lin = z @ b
        return float(np.sum(np.logaddexp(0.0, lin) - y * lin)), z.T @ (sigmoid(lin) - y)

    b = minimize(f, np.zeros(z.shape[1]), jac=True, method="L-BFGS-B").x
    return b, mu, sd


def _baseline(
    kind: str, tr: dict[str, Array], te: dict[str, Array], history: bool
) -> tuple[Array, dict[str, float]]:
    names, x = _design(kind, tr, history)
    b, mu, sd = _fit_logit(x, tr["y"])
    _, xt = _design(kind, te, history)
    z = b[0] + ((xt - mu) / sd) @ b[1:]
    # coefficients on the original scale of each column
    slopes = b[1:] / sd
    params = {
        "intercept": float(b[0] - slopes @ mu),
        **dict(zip(names, map(float, slopes), strict=True)),
    }
    return z, params


def _rows(t: dict[str, Array], first: int, last: int) -> dict[str, Array]:
    keep = (t["year"] >= first) & (t["year"] <= last)
    return {k: v[keep] for k, v in t.items()}


def validate(
    train: tuple[int, int] | None = None,
    test: tuple[int, int] = (TRAIN_LAST_YEAR + 1, LAST_YEAR),
    *,
    starts: int = FIT_STARTS,
    bootstrap: int = BOOTSTRAP,
) -> ValidationResult:
    """Fit every model on ``train`` years, score them on ``test`` years (inclusive ranges).

    ``train`` defaults to the shipped form's start up to 1989. The threat models are fitted
    from ``starts`` points, the first of them the shipped estimate.
    """
    form = shipped().form
    train = train or (form.start, TRAIN_LAST_YEAR)
    if train[1] >= test[0]:
        raise AnalysisError("the training years must end before the test years begin")
    if not (FIRST_YEAR <= train[0] <= train[1] and test[1] <= LAST_YEAR):
        raise AnalysisError(f"years must lie within {FIRST_YEAR}–{LAST_YEAR}")
    table = dyad_table(min(train[0], test[0]), max(train[1], test[1]))
    tr, te = _rows(table, *train), _rows(table, *test)
    if tr["y"].sum() == 0:
        raise AnalysisError("no dispute onsets in the training years")
    core = replace(form, start=train[0], eras=tuple(e for e in form.eras if e[1] <= train[1]))
    logits: dict[str, Array] = {}
    params: dict[str, dict[str, float]] = {}
    for name, f in (
        ("threat", replace(core, history=False)),
        ("threat_history", replace(core, history=True)),
    ):
        first = {k: v for k, v in shipped().params.items() if k in f.names()}
        model = fit(f, tr, starts=starts, first=first)
        logits[name] = linear_predictor(f, model.params, te)
        params[name] = model.params
    logits["previous_index"] = linear_predictor(Form(frontier=False), PREVIOUS_INDEX, te)
    params["previous_index"] = dict(PREVIOUS_INDEX)
    for kind in _BASELINES:
        for history in (False, True):
            if kind == "baseline" and history:
                continue
            name = f"{kind}_history" if history else kind
            logits[name], params[name] = _baseline(kind, tr, te, history)
    y = te["y"]
    masks = {
        "overall": np.ones(len(y), dtype=bool),
        "eurasia": in_scope(te["c1"], "eurasia") & in_scope(te["c2"], "eurasia"),
        "eurasia_cow": eurasian_by_cow_ranges(te["c1"]) & eurasian_by_cow_ranges(te["c2"]),
    }
    scores = {
        subset: {
            name: ModelScore(roc_auc(z[m], y[m]), brier(sigmoid(z[m]), y[m]))
            for name, z in logits.items()
        }
        for subset, m in masks.items()
    }
    overall = {n: replace(s, parameters=params[n]) for n, s in scores["overall"].items()}
    rate = float(tr["y"].mean())

    def regional(subset: str) -> dict[str, Any]:
        m = masks[subset]
        return {
            **{n: asdict(s) for n, s in scores[subset].items()},
            "rows_test": int(m.sum()),
            "onsets_test": int(y[m].sum()),
        }

    return ValidationResult(
        threat=overall["threat"],
        baseline=overall["baseline"],
        threat_history=overall["threat_history"],
        previous_index=overall["previous_index"],
        standard_baseline=overall["standard_baseline"],
        standard_baseline_history=overall["standard_baseline_history"],
        train_years=train,
        test_years=test,
        rows_train=len(tr["y"]),
        rows_test=len(y),
        onsets_test=int(y.sum()),
        base_rate_brier=brier(np.full(len(y), rate), y),
        eurasia=regional("eurasia"),
        eurasia_cow=regional("eurasia_cow"),
        differences=_differences(logits, y, masks, te["c1"] * 1000.0 + te["c2"], bootstrap),
    )


def _differences(
    logits: dict[str, Array],
    y: Array,
    masks: dict[str, NDArray[np.bool_]],
    dyad: Array,
    bootstrap: int,
) -> list[dict[str, Any]]:
    """AUC differences of :data:`COMPARISONS` with dyad-bootstrap 95% intervals."""
    rng = np.random.default_rng(TRAIN_LAST_YEAR)
    out = []
    for subset in _SUBSETS:
        m = masks[subset]
        ids, inverse = np.unique(dyad[m], return_inverse=True)
        ranked = {n: RankedScores.of(z[m], y[m]) for n, z in logits.items()}
        ones = np.ones(int(m.sum()))
        point = {n: r.auc(ones) for n, r in ranked.items()}
        draws: dict[str, list[float]] = {n: [] for n in ranked}
        for _ in range(bootstrap):
            counts = rng.multinomial(len(ids), np.full(len(ids), 1.0 / len(ids)))
            w = counts[inverse].astype(float)
            for n, r in ranked.items():
                draws[n].append(r.auc(w))
        for a, b in COMPARISONS:
            diff = np.array(draws[a]) - np.array(draws[b])
            lo, hi = np.quantile(diff, [0.025, 0.975])
            out.append(
                {
                    "subset": subset,
                    "model": a,
                    "versus": b,
                    "auc_difference": point[a] - point[b],
                    "ci": [float(lo), float(hi)],
                }
            )
    return out
