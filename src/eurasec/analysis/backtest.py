"""Move-level backtest: did predicted changes in outsiders' dispute risk come true?

Dyadic AUC rewards a model for ranking pairs of states; it cannot judge what ``assess`` is for,
the effect of a move on third parties. Here every entry into and exit from a defence pact or a
security organisation in the shipped data, 1950–2009, is replayed as a move:

- **events**: in year t, the defence ties ATOP gained (lost) since t − 1 between states in the
  system both years, grouped into connected sets of states (a new pact, an accession with all
  its new allies, a break-up); and each state entering or leaving a COW security organisation
  (:data:`~eurasec.analysis.world.DEFENCE_FORMATS`) without such a set, as its own event;
- **prediction**: the shipped model (estimate) on the world of t − 1, before and after the
  event's ties change (joining or leaving a security organisation binds or unbinds the state
  and every member, and changes their shared-organisation share, as ``assess`` does); the
  score of an *outsider dyad*, an outsider (a state not party to the event) with one of the
  event's states, is its predicted change in yearly onset probability. (Dyads of two
  outsiders are left out: in the model an event cannot change them, since the frontier and
  pool of j against i depend on j's own ties only);
- **outcome**: whether the dyad had more dispute onsets in the 5 years from t than in the
  5 years before t (COW MID 5.0);
- **scores**: pooled ROC AUC over all events' outsider dyads, with a 95% interval from a
  bootstrap that resamples events (clustered by event); the same for a **placebo** (each
  event's changes applied at a random other year, at least :data:`WINDOW` + 1 years away,
  where all its states exist) and the **naive rule** "contiguous to the joiner" (1 when either
  outsider borders a joiner, by land or water; joiners are the event's states with the most
  changed ties).

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Final

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from eurasec import datasets
from eurasec.analysis._dyads import YearArrays, _history_cube, year_arrays
from eurasec.analysis.model import FittedModel, shipped
from eurasec.analysis.security import Geometry, derive, military_logit
from eurasec.analysis.threat import DIMENSIONS
from eurasec.analysis.world import DEFENCE_FORMATS

__all__ = ["BOOTSTRAP", "FIRST_YEAR", "LAST_YEAR", "SEED", "WINDOW", "Event", "backtest", "events"]

Array = NDArray[np.float64]

#: Years of the events (the 5-year windows around them stay inside MID 1816–2014).
FIRST_YEAR: Final = 1950
LAST_YEAR: Final = 2009
#: Years compared before and after each event.
WINDOW: Final = 5
#: Bootstrap resamples of events for the intervals, and the seed of everything random here.
BOOTSTRAP: Final = 1000
SEED: Final = 1950


@dataclass(frozen=True)
class Event:
    """One entry or exit: the year, its states, the joiners, and what changes."""

    year: int
    kind: str  # "entry" or "exit"
    parties: tuple[int, ...]  # COW codes whose ties or memberships change
    joiners: tuple[int, ...]
    ties: tuple[tuple[int, int], ...]  # defence ties gained (entry) or lost (exit)
    organisation: str | None = None  # COW IGO code of a security organisation


def _atop_pairs(year: int) -> set[tuple[int, int]]:
    frame = _atop()
    rows = frame[frame["year"] == year]
    return {(int(a), int(b)) for a, b in zip(rows["ccode1"], rows["ccode2"], strict=True) if a < b}


@cache
def _atop() -> pd.DataFrame:
    frame = datasets.load("atop_dyad_year")
    return frame[frame["atop_defense"] == 1][["ccode1", "ccode2", "year"]]


@cache
def _org_members() -> dict[tuple[str, int], frozenset[int]]:
    igo = datasets.load("cow_igo_memberships")
    igo = igo[(igo["status"] == 1) & igo["igo"].isin(DEFENCE_FORMATS)]
    out: dict[tuple[str, int], frozenset[int]] = {}
    for (org, year), group in igo.groupby(["igo", "year"]):
        out[(str(org), int(str(year)))] = frozenset(int(c) for c in group["ccode"])
    return out


def _components(pairs: set[tuple[int, int]]) -> list[tuple[set[int], list[tuple[int, int]]]]:
    nodes = sorted({c for p in pairs for c in p})
    pos = {c: k for k, c in enumerate(nodes)}
    edges = sorted(pairs)
    a = np.array([pos[x] for x, _ in edges])
    b = np.array([pos[y] for _, y in edges])
    graph = coo_matrix((np.ones(len(edges)), (a, b)), shape=(len(nodes), len(nodes)))
    _, label = connected_components(graph, directed=False)
    out: dict[int, tuple[set[int], list[tuple[int, int]]]] = {}
    for (x, y), lab in zip(edges, label[a], strict=True):
        members, ties = out.setdefault(int(lab), (set(), []))
        members.update((x, y))
        ties.append((x, y))
    return list(out.values())


def _joiners(ties: list[tuple[int, int]]) -> tuple[int, ...]:
    degree: dict[int, int] = {}
    for x, y in ties:
        degree[x] = degree.get(x, 0) + 1
        degree[y] = degree.get(y, 0) + 1
    top = max(degree.values())
    return tuple(sorted(c for c, d in degree.items() if d == top))


@cache
def events(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> tuple[Event, ...]:
    """Every entry and exit of ``first..last`` (see the module docstring)."""
    out: list[Event] = []
    members = _org_members()
    for year in range(first, last + 1):
        alive = set(year_arrays(year - 1).ccodes) & set(year_arrays(year).ccodes)
        now, then = _atop_pairs(year), _atop_pairs(year - 1)
        covered: set[int] = set()
        for kind, changed in (("entry", now - then), ("exit", then - now)):
            changed = {p for p in changed if p[0] in alive and p[1] in alive}
            if not changed:
                continue
            for states, ties in _components(changed):
                covered |= states
                out.append(Event(year, kind, tuple(sorted(states)), _joiners(ties), tuple(ties)))
        for org in sorted(DEFENCE_FORMATS):
            if (org, year) not in members or (org, year - 1) not in members:
                continue
            before, after = members[(org, year - 1)], members[(org, year)]
            for kind, moved in (("entry", after - before), ("exit", before - after)):
                for state in sorted((moved & alive) - covered):
                    others = sorted(((after if kind == "entry" else before) & alive) - {state})
                    bound = tuple((min(state, o), max(state, o)) for o in others)
                    parties = tuple(sorted({state, *others}))
                    out.append(Event(year, kind, parties, (state,), bound, org))
    return tuple(out)


def _apply(a: YearArrays, event: Event, shift_org_to: int) -> tuple[NDArray[np.bool_], Array]:
    """Defence ties and shared-IGO counts of ``a`` after ``event`` (at year ``a.year + 1``)."""
    pos = {int(c): k for k, c in enumerate(a.ccodes)}
    defence = a.defence.copy()
    on = event.kind == "entry"
    for x, y in event.ties:
        if x in pos and y in pos:
            defence[pos[x], pos[y]] = defence[pos[y], pos[x]] = on
    shared = a.shared_igo.copy()
    if event.organisation is not None:
        org = event.organisation
        members = _org_members().get((org, shift_org_to - 1), frozenset())
        step = 1.0 if on else -1.0
        for state in event.joiners:
            if state not in pos or (state in members) == on:
                continue  # already in (entry) or already out (exit): the share does not move
            others = [pos[c] for c in event.parties if c in pos and c != state]
            shared[pos[state], others] += step
            shared[others, pos[state]] += step
    return defence, shared


def _inputs(a: YearArrays, defence: NDArray[np.bool_], shared: Array, model: FittedModel) -> Any:
    n = len(a.ccodes)
    source = np.zeros((len(DIMENSIONS), n))
    source[DIMENSIONS.index("military")] = a.cinc
    share = shared / max(a.igo_total, 1)
    np.fill_diagonal(share, 0.0)
    return derive(
        source=source,
        capacity=source,
        share=share,
        defence=defence.astype(float),
        consultation=a.consultation.astype(float),
        nonaggression=a.nonaggression.astype(float),
        contiguity=a.contiguity,
        names=model.names,
    )


def _outcomes(ccodes: NDArray[np.int64], year: int) -> NDArray[np.bool_]:
    """Whether each pair had more onsets in year..year+W−1 than in year−W..year−1 (n×n)."""
    pos, y0, cube = _history_cube()
    ix = np.array([pos.get(int(c), 0) for c in ccodes])
    grid = np.ix_(ix, ix)

    def count(a: int, b: int) -> NDArray[np.int16]:
        hi = min(max(b - y0 + 1, 0), cube.shape[0] - 1)
        lo = min(max(a - y0, 0), hi)
        out: NDArray[np.int16] = (cube[hi] - cube[lo])[grid]
        return out

    rose: NDArray[np.bool_] = count(year, year + WINDOW - 1) > count(year - WINDOW, year - 1)
    return rose


def _scores(event: Event, year: int, model: FittedModel) -> tuple[Array, Array, Array] | None:
    """Predicted change, naive score and outcome for the outsider dyads of ``event`` at ``year``."""
    if not set(event.parties) <= _system(year - 1):
        return None
    a = year_arrays(year - 1)
    defence, shared = _apply(a, event, year)
    batch = model.batch(draws=False)
    x0 = _inputs(a, a.defence, a.shared_igo, model)
    x1 = _inputs(a, defence, shared, model)
    g = Geometry(a.distance_km, a.contiguity, a.history)
    party = np.isin(a.ccodes, event.parties)
    i, j = np.nonzero(party[:, None] & ~party[None, :])  # (party, outsider)
    changed = np.zeros(len(i), dtype=bool)
    for m0, m1 in zip(
        (x0.share, *x0.ties, *x0.land, *x0.water, *x0.pools),
        (x1.share, *x1.ties, *x1.land, *x1.water, *x1.pools),
        strict=True,
    ):
        changed |= (m0[i, j] != m1[i, j]) | (m0[j, i] != m1[j, i])
    delta = np.zeros(len(i))
    if changed.any():
        ci, cj = i[changed], j[changed]
        p0 = 1.0 / (1.0 + np.exp(-military_logit(batch, x0, g, ci, cj)[0]))
        p1 = 1.0 / (1.0 + np.exp(-military_logit(batch, x1, g, ci, cj)[0]))
        delta[changed] = p1 - p0
    joiner = np.isin(a.ccodes, event.joiners)
    near: NDArray[np.bool_] = np.asarray((a.contiguity[:, joiner] > 0).any(axis=1))
    naive = near[j].astype(float)
    rose = _outcomes(a.ccodes, year)[i, j].astype(float)
    return delta, naive, rose


@dataclass(frozen=True)
class _Pooled:
    """Per-event scores, pooled for a clustered-bootstrap AUC."""

    scores: list[Array]
    outcomes: list[Array]

    def auc_matrix(self) -> tuple[Array, Array, Array]:
        """U[e, f] (positives of e above negatives of f, ties half) and per-event counts."""
        negatives = [np.sort(s[y < 0.5]) for s, y in zip(self.scores, self.outcomes, strict=True)]
        positives = [s[y > 0.5] for s, y in zip(self.scores, self.outcomes, strict=True)]
        e = len(self.scores)
        u = np.zeros((e, e))
        for f, neg in enumerate(negatives):
            for k, pos in enumerate(positives):
                if len(pos) and len(neg):
                    below = np.searchsorted(neg, pos, side="left")
                    tied = np.searchsorted(neg, pos, side="right") - below
                    u[k, f] = float(below.sum() + 0.5 * tied.sum())
        n1 = np.array([len(p) for p in positives], dtype=float)
        n0 = np.array([len(n) for n in negatives], dtype=float)
        return u, n1, n0


def _auc_with_ci(
    pooled: _Pooled, rng: np.random.Generator, draws: int
) -> tuple[float, list[float]]:
    u, n1, n0 = pooled.auc_matrix()
    if n1.sum() == 0 or n0.sum() == 0:
        return float("nan"), [float("nan"), float("nan")]
    point = float(u.sum() / (n1.sum() * n0.sum()))
    e = len(n1)
    counts = rng.multinomial(e, np.full(e, 1.0 / e), size=draws).astype(float)
    num = np.einsum("be,ef,bf->b", counts, u, counts)
    den = (counts @ n1) * (counts @ n0)
    ok = den > 0
    lo, hi = np.quantile(num[ok] / den[ok], [0.025, 0.975])
    return point, [float(lo), float(hi)]


def backtest(
    *,
    model: FittedModel | None = None,
    first: int = FIRST_YEAR,
    last: int = LAST_YEAR,
    draws: int = BOOTSTRAP,
    seed: int = SEED,
) -> dict[str, Any]:
    """The backtest result: events, dyads, AUC with its clustered CI, placebo and naive AUC."""
    model = model or shipped()
    rng = np.random.default_rng(seed)
    real, placebo, naive = _Pooled([], []), _Pooled([], []), _Pooled([], [])
    used = 0
    dyads = 0
    positives = 0
    for event in events(first, last):
        got = _scores(event, event.year, model)
        if got is None:
            continue
        delta, near, rose = got
        used += 1
        dyads += len(delta)
        positives += int(rose.sum())
        real.scores.append(delta)
        real.outcomes.append(rose)
        naive.scores.append(near)
        naive.outcomes.append(rose)
        other = _placebo_year(event, first, last, rng)
        if other is not None:
            shifted = _scores(event, other, model)
            if shifted is not None:
                placebo.scores.append(shifted[0])
                placebo.outcomes.append(shifted[2])
    auc, ci = _auc_with_ci(real, rng, draws)
    placebo_auc, placebo_ci = _auc_with_ci(placebo, rng, draws)
    naive_auc, naive_ci = _auc_with_ci(naive, rng, draws)
    return {
        "events": used,
        "dyads": dyads,
        "auc": auc,
        "ci": ci,
        "placebo_auc": placebo_auc,
        "naive_auc": naive_auc,
        "detail": {
            "years": [first, last],
            "window_years": WINDOW,
            "dyads_with_rise": positives,
            "placebo_ci": placebo_ci,
            "placebo_events": len(placebo.scores),
            "naive_ci": naive_ci,
            "bootstrap": {"draws": draws, "seed": seed, "cluster": "event"},
            "model": model.form.label(),
        },
    }


@cache
def _system(year: int) -> frozenset[int]:
    """COW codes of the states in the system in ``year`` (NMC rows)."""
    nmc = datasets.load("cow_nmc")
    return frozenset(int(c) for c in nmc.loc[nmc["year"] == year, "ccode"])


def _placebo_year(event: Event, first: int, last: int, rng: np.random.Generator) -> int | None:
    """A random year at least WINDOW + 1 away where the event's states all exist."""
    years = [
        y
        for y in range(first, last + 1)
        if abs(y - event.year) > WINDOW and set(event.parties) <= _system(y - 1)
    ]
    return int(rng.choice(years)) if years else None
