"""Out-of-sample validation: the estimated model against the two decades it never saw.

The parameters were estimated on :data:`~eurasec.sim.estimation.FIT_YEARS`. Here the model runs
through :data:`TEST_DECADES` on those years' inputs (states, threat, shared organisations),
with the strategic rivalries frozen as known at the end of the fit years, so no later coding
leaks in. Each of :data:`DRAWS` parameter draws from the estimates' confidence region runs
:data:`REPLICATIONS_PER_DRAW` histories, so the intervals carry both the model's own
randomness and the uncertainty of its parameters. Reported:

- per decade, the simulated MID onset rate per dyad-year (mean), its 95% predictive interval
  (2.5th–97.5th percentile over the histories), the recorded rate, and whether the record is
  inside;
- ``pair_auc``: how well each pair's simulated dispute count over both decades ranks the pairs
  that had a recorded onset (ROC AUC); ``baseline_pair_auc``: the same for the pair's friction
  rate from threat and rivalry alone, before any channel or settlement body acts;
- the share of disputes held by the ten pairs with most of them, simulated (mean over the
  histories) and recorded.

:func:`validate` also returns the checks the JSON schema leaves out: the 95% bootstrap interval
(over pairs) of the recorded top-10 share, and ``rigid_blocs`` on the 2014 inputs against the
Cold War decades on record.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from eurasec.sim.auxiliary import top_share
from eurasec.sim.blocs import COLD_WAR
from eurasec.sim.hindcast import Hindcast, HindcastDesign, hindcast, hindcast_design
from eurasec.sim.history import ThreatRule, historical_rate, threat_rule_in_use, year_inputs
from eurasec.sim.params import SimParams, default_params, load_estimates, with_values

__all__ = [
    "DRAWS",
    "REPLICATIONS_PER_DRAW",
    "SEED",
    "TEST_DECADES",
    "Validation",
    "validate",
]

#: The held-out decades.
TEST_DECADES: tuple[tuple[int, int], ...] = ((1995, 2004), (2005, 2014))
#: Parameter draws from the confidence region, and simulated histories per draw.
DRAWS = 40
REPLICATIONS_PER_DRAW = 10
#: Seed of the validation's histories.
SEED = 19_952_014
_YEARS_PER_DECADE = 10
_BOOTSTRAP = 1000

F64 = NDArray[np.float64]


@dataclass(frozen=True)
class Validation:
    """The validation's numbers (:meth:`schema` is the JSON the CLI prints)."""

    fit_years: tuple[int, int]
    decades: list[dict[str, Any]]
    pair_auc: float
    baseline_pair_auc: float
    top10_share: dict[str, float]
    checks: dict[str, Any] = field(default_factory=dict)

    def schema(self) -> dict[str, Any]:
        """The result in the documented schema (fit_years, decades, pair AUCs, top-10 share)."""
        return {
            "fit_years": list(self.fit_years),
            "decades": self.decades,
            "pair_auc": self.pair_auc,
            "baseline_pair_auc": self.baseline_pair_auc,
            "top10_share": self.top10_share,
        }


def _draw_params(draws: int) -> list[SimParams]:
    """The first ``draws`` parameter draws of the shipped estimates (else the defaults)."""
    base = default_params()
    est = load_estimates()
    if est is None:
        return [base] * draws
    values = est.value_draws()
    return [with_values(base, values[k % len(values)]) for k in range(draws)]


def _simulate(d: HindcastDesign, params: list[SimParams], reps: int, seed: int) -> tuple[F64, F64]:
    """Per history: disputes per reported year [H, years] and per pair [H, pairs]."""
    years, pairs = [], []
    for k, p in enumerate(params):
        sim: Hindcast = hindcast(d, p, replications=reps, seed=seed, first_rep=k * reps)
        years.append(sim.rep_year)
        pairs.append(sim.rep_pair)
    return np.concatenate(years), np.concatenate(pairs)


def _baseline(d: HindcastDesign, params: SimParams) -> F64:
    """Each pair's mean friction rate from threat and rivalry alone over the reported years."""
    from eurasec.sim.history import eurasian_states
    from eurasec.sim.model import dyad_rates

    rate = np.zeros(d.n_pairs)
    years = np.zeros(d.n_pairs)
    for y in range(d.first, d.last + 1):
        cut = d.rivalry_as_of if d.rivalry_as_of is not None and y > d.rivalry_as_of else None
        inputs = year_inputs(y, d.rule, cut)
        per_dim, _ = dyad_rates(inputs, params)  # before settlement: channels play no part
        states = eurasian_states(y)
        ids = dict(zip(states["ccode"], states["id"], strict=True))
        index = {a: i for i, a in enumerate(inputs.actors)}
        rows = np.flatnonzero(d.rows.year == y)
        a = np.array([index[ids[c]] for c in d.rows.c1[rows]])
        b = np.array([index[ids[c]] for c in d.rows.c2[rows]])
        i, j = np.minimum(a, b), np.maximum(a, b)
        k = i * inputs.n - i * (i + 1) // 2 + (j - i - 1)  # position in triu_indices order
        np.add.at(rate, d.pair[rows], per_dim[k].sum(axis=1))
        np.add.at(years, d.pair[rows], 1.0)
    out: F64 = rate / np.maximum(years, 1.0)
    return out


def _top10_interval(d: HindcastDesign, seed: int) -> list[float]:
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(2,)))
    by_pair: F64 = np.bincount(d.pair, weights=d.rows.onsets, minlength=d.n_pairs).astype(float)
    shares = [top_share(by_pair[rng.integers(0, d.n_pairs, d.n_pairs)]) for _ in range(_BOOTSTRAP)]
    lo, hi = np.quantile(shares, [0.025, 0.975])
    return [float(lo), float(hi)]


def _rigid_blocs(replications: int, seed: int) -> dict[str, Any]:
    from eurasec.sim.batch import RunOptions, run_prepared
    from eurasec.sim.scenario import prepare

    run = run_prepared(prepare("rigid_blocs"), RunOptions(replications=replications, seed=seed))
    rate = run.rate_per_dyad_year()
    decades = [
        historical_rate(y, min(y + _YEARS_PER_DECADE - 1, COLD_WAR[1]))
        for y in range(COLD_WAR[0], COLD_WAR[1] + 1, _YEARS_PER_DECADE)
    ]
    worst = max(h["ci"][1] for h in decades)
    lo, hi = np.quantile(rate, [0.025, 0.975])
    return {
        "simulated": float(rate.mean()),
        "ci": [float(lo), float(hi)],
        "cold_war_decades": [
            {"start": h["period"][0], "end": h["period"][1], "rate": h["rate"], "ci": h["ci"]}
            for h in decades
        ],
        "within_cold_war_range": bool(rate.mean() <= worst),
    }


def validate(
    *,
    draws: int = DRAWS,
    replications_per_draw: int = REPLICATIONS_PER_DRAW,
    seed: int = SEED,
    decades: tuple[tuple[int, int], ...] = TEST_DECADES,
    rule: ThreatRule | None = None,
) -> Validation:
    """Run the held-out decades and score the model (see the module docstring).

    ``decades`` (consecutive) replaces the held-out decades, e.g. to exercise the machinery on
    fit years without looking at the test decades.
    """
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    from eurasec.analysis.validation import roc_auc

    est = load_estimates()
    fit = (1960, 1994) if est is None else est.fit_years
    first, last = decades[0][0], decades[-1][1]
    cut = fit[1] if first > fit[1] else None
    d = hindcast_design(first, last, rule or threat_rule_in_use(), rivalry_as_of=cut)
    with threadpool_limits(1):
        per_year, per_pair = _simulate(d, _draw_params(draws), replications_per_draw, seed)
        baseline = _baseline(d, default_params())
        blocs = _rigid_blocs(draws * replications_per_draw, seed)
    exposure = np.array([(d.rows.year == y).sum() for y in range(first, last + 1)], dtype=float)
    rows = []
    for a, b in decades:
        cols = slice(a - first, b - first + 1)
        rate = per_year[:, cols].sum(axis=1) / exposure[cols].sum()
        lo, hi = np.quantile(rate, [0.025, 0.975])
        observed = historical_rate(a, b)["rate"]
        rows.append(
            {
                "start": a,
                "end": b,
                "simulated": float(rate.mean()),
                "observed": float(observed),
                "ci": [float(lo), float(hi)],
                "inside": bool(lo <= observed <= hi),
            }
        )
    recorded: F64 = np.bincount(d.pair, weights=d.rows.onsets, minlength=d.n_pairs).astype(float)
    hit = (recorded > 0).astype(float)
    top_sim = float(np.mean([top_share(r) for r in per_pair]))
    interval = _top10_interval(d, seed)
    auc, base_auc = roc_auc(per_pair.mean(axis=0), hit), roc_auc(baseline, hit)
    return Validation(
        fit_years=(int(fit[0]), int(fit[1])),
        decades=rows,
        pair_auc=auc,
        baseline_pair_auc=base_auc,
        top10_share={"simulated": top_sim, "observed": top_share(recorded)},
        checks={
            "histories": int(per_year.shape[0]),
            "draws": draws,
            "seed": seed,
            "decades_inside": all(row["inside"] for row in rows),
            "pair_auc_at_least_baseline": bool(auc >= base_auc),
            "top10_interval": interval,
            "top10_inside": bool(interval[0] <= top_sim <= interval[1]),
            "rigid_blocs": blocs,
        },
    )
