"""Threat between actors, per dimension, on plain arrays (Walt's balance of threat).

The threat j poses to i in a dimension is one rule, the same for every actor::

    T[i, j] = C[j] · R[j, i] · D[i, j] · H[i, j] · (1 + F[i, j]) ** ν

- ``C[j]``: j's capability in the dimension (a share of the world total, see
  :data:`CAPABILITY_PROXY`);
- ``R[j, i] = (1 + d_eff / λ) ** −θ``: Boulding's loss-of-strength gradient, with
  ``d_eff = 0`` for land contiguity, ``w`` for contiguity across water, else the distance
  between capitals (km); deployments move part of j's reach (``eurasec.analysis.assess``);
- ``D[i, j] = exp(−γ · s_ij − δ · a_ij)``: damping by alignment, ``s_ij`` the share of all
  formats alive that both belong to (weighted by role) and ``a_ij`` 1 when both are bound by
  a mutual-defence treaty;
- ``H[i, j]``: hostility multiplier, 1 unless j sanctions i or closes a route to i
  (dimension-specific, see ``eurasec.analysis.assess``);
- ``F[i, j]``: military only, the frontier of j's allies on i's border
  (:mod:`eurasec.analysis.coalition`), ν fitted.

The *mutual* threat of a dyad is the geometric mean √(T[i, j] · T[j, i]); its logit link to
militarized-dispute onsets is fitted on the training years (:mod:`eurasec.analysis.fit`,
form chosen by :mod:`eurasec.analysis.selection`) and shipped in
``files/threat_model.json`` (:mod:`eurasec.analysis.model`), from which :data:`MILITARY`,
:data:`ONSET_CALIBRATION` and :data:`FRONTIER_EXPONENT` are read. Other dimensions reuse the
fitted alignment damping and set their own reach, documented in
``docs/concepts/indivisible-security.md``.

Functions here are pure numpy and public: the simulation drives its friction rates from
:func:`threat_matrix` and :func:`onset_probability`.

>>> import numpy as np
>>> T = threat_matrix(np.array([0.5, 0.5]), np.array([[0., 100.], [100., 0.]]),
...                   np.zeros((2, 2), int), np.zeros((2, 2)), np.zeros((2, 2)), MILITARY)
>>> bool(T[0, 1] == T[1, 0] and T[0, 0] == 0)
True

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "CAPABILITY_PROXY",
    "DIMENSIONS",
    "DIMENSION_PARAMS",
    "DIMENSION_RULES",
    "FRONTIER_EXPONENT",
    "HISTORY_COEFFICIENT",
    "MILITARY",
    "ONSET_CALIBRATION",
    "DimensionRule",
    "ThreatParams",
    "damping",
    "effective_distance",
    "mutual_threat",
    "onset_probability",
    "reach",
    "threat_matrix",
]

Array = NDArray[np.float64]

#: The eight dimensions of security, in the order every array uses.
DIMENSIONS: Final = (
    "military",
    "civil_conflict",
    "interference",
    "digital",
    "economic",
    "transport",
    "humanitarian",
    "natural_disaster",
)

#: What stands for an actor's capability in each dimension (shares of the world total).
CAPABILITY_PROXY: Final = {
    "military": "COW NMC composite index (CINC)",
    "civil_conflict": "UCDP/PRIO intensity of armed conflict located in the state (0, 1, 2)",
    "interference": "COW NMC composite index (CINC)",
    "digital": "World Bank GDP, current US$ (technological capacity proxy)",
    "economic": "World Bank GDP, current US$",
    "transport": "World Bank GDP, current US$ (trade and transit volume proxy)",
    "humanitarian": "World Bank population where an armed conflict is located, else 0",
    "natural_disaster": "World Bank GDP, current US$ (response capacity; no actor threat)",
}


@dataclass(frozen=True)
class ThreatParams:
    """The parameters of the threat rule in one dimension (the same for every actor).

    Attributes:
        decay_km: λ, the loss-of-strength length (km); ``inf`` means reach ignores distance.
        exponent: θ, how steeply reach falls with distance (0: not at all).
        water_km: w, the distance assigned to contiguity across water (COW types 2–5).
        org_damping: γ, damping per unit of shared-format share.
        defence_damping: δ, damping when both are bound by a mutual-defence treaty.
    """

    decay_km: float
    exponent: float
    water_km: float
    org_damping: float
    defence_damping: float


def _fitted() -> dict[str, float]:
    from eurasec.analysis.model import shipped

    return shipped().params


#: Military threat parameters of the shipped fit (training years only; see
#: ``files/threat_model.json`` and docs/concepts/indivisible-security.md for the table).
MILITARY: Final = ThreatParams(
    decay_km=float(np.exp(_fitted()["log_decay_km"])),
    exponent=_fitted()["exponent"],
    water_km=float(np.exp(_fitted()["log_water_km"])),
    org_damping=_fitted()["org_damping"],
    defence_damping=_fitted()["defence_damping"],
)

#: Calibration of the mutual military threat M to a yearly MID-onset probability:
#: ``logit p = b0 + b1 · ln M`` (+ the history term, see :func:`onset_probability`).
ONSET_CALIBRATION: Final = (_fitted()["b0"], _fitted()["b1"])
#: ν, the elasticity of threat in the frontier count (0 when the shipped form has none).
FRONTIER_EXPONENT: Final = _fitted().get("frontier", 0.0)
#: β_h, the weight of ln(1 + prior onsets) in the onset logit (0 when the form has none).
HISTORY_COEFFICIENT: Final = _fitted().get("history", 0.0)


@dataclass(frozen=True)
class DimensionRule:
    """Reach and damping of a non-military dimension.

    ``decay_km`` and ``exponent`` are numbers, or ``None`` for the fitted military value (of
    the estimate, or of each bootstrap draw); ``reach`` false means distance does not matter;
    ``defence`` whether a defence tie damps the threat (by the fitted δ). Every dimension
    reuses the fitted alignment damping γ and water distance w.
    """

    decay_km: float | None
    exponent: float | None
    reach: bool = True
    defence: bool = False


#: The non-military dimensions: documented proxies, not fitted (see the docs' table).
DIMENSION_RULES: Final[dict[str, DimensionRule]] = {
    "civil_conflict": DimensionRule(None, 1.0),
    "interference": DimensionRule(1000.0, 0.5, defence=True),
    "digital": DimensionRule(None, None, reach=False, defence=True),
    "economic": DimensionRule(1000.0, 0.5),
    "transport": DimensionRule(None, None),
    "humanitarian": DimensionRule(None, 1.0),
    "natural_disaster": DimensionRule(1000.0, 0.5),
}


def _dimension_params(rule: DimensionRule) -> ThreatParams:
    reach_on = rule.reach
    return ThreatParams(
        decay_km=(MILITARY.decay_km if rule.decay_km is None else rule.decay_km)
        if reach_on
        else float("inf"),
        exponent=(MILITARY.exponent if rule.exponent is None else rule.exponent)
        if reach_on
        else 0.0,
        water_km=MILITARY.water_km,
        org_damping=MILITARY.org_damping,
        defence_damping=MILITARY.defence_damping if rule.defence else 0.0,
    )


#: Parameters per dimension under the estimate: the military ones fitted, the others from
#: :data:`DIMENSION_RULES`.
DIMENSION_PARAMS: Final[dict[str, ThreatParams]] = {
    "military": MILITARY,
    **{dim: _dimension_params(rule) for dim, rule in DIMENSION_RULES.items()},
}


def effective_distance(distance_km: Array, contiguity: NDArray[np.int64], water_km: float) -> Array:
    """Distance for the gradient: 0 on land borders, ``water_km`` across water (if shorter)."""
    d = np.where(contiguity > 1, np.minimum(distance_km, water_km), distance_km)
    out: Array = np.where(contiguity == 1, 0.0, d)
    return out


def reach(distance_km: Array, contiguity: NDArray[np.int64], params: ThreatParams) -> Array:
    """R = (1 + d_eff/λ)^−θ, symmetric, 1 on the diagonal."""
    if params.exponent == 0.0 or np.isinf(params.decay_km):
        return np.ones_like(distance_km)
    d = effective_distance(distance_km, contiguity, params.water_km)
    out: Array = (1.0 + d / params.decay_km) ** (-params.exponent)
    return out


def damping(defence: Array, org_share: Array, params: ThreatParams) -> Array:
    """D = exp(−γ·s − δ·a): 1 between unaligned actors, smaller the more aligned."""
    out: Array = np.exp(-params.org_damping * org_share - params.defence_damping * defence)
    return out


def threat_matrix(
    capability: Array,
    distance_km: Array,
    contiguity: NDArray[np.int64],
    defence: Array,
    org_share: Array,
    params: ThreatParams,
    *,
    reach_matrix: Array | None = None,
    hostility: Array | None = None,
    frontier: Array | None = None,
    frontier_exponent: float = 0.0,
) -> Array:
    """T[i, j]: the threat j poses to i (zero diagonal).

    ``reach_matrix`` (``R[j, i]``, from :func:`reach` or after a deployment) overrides the
    reach computed from distance; ``hostility`` multiplies T element-wise; ``frontier``
    (``F[i, j]``, :func:`eurasec.analysis.coalition.frontier`) multiplies it by
    ``(1 + F) ** frontier_exponent``.
    """
    r = reach(distance_km, contiguity, params) if reach_matrix is None else reach_matrix
    t: Array = capability[None, :] * r.T * damping(defence, org_share, params)
    if hostility is not None:
        t = t * hostility
    if frontier is not None and frontier_exponent:
        t = t * (1.0 + frontier) ** frontier_exponent
    np.fill_diagonal(t, 0.0)
    return t


def mutual_threat(t: Array) -> Array:
    """M[i, j] = √(T[i, j] · T[j, i]): the dyad's mutual threat (symmetric)."""
    out: Array = np.sqrt(t * t.T)
    return out


def onset_probability(
    mutual: Array,
    calibration: tuple[float, float] = ONSET_CALIBRATION,
    history: Array | None = None,
) -> Array:
    """Yearly probability of a militarized-dispute onset for mutual military threat ``mutual``.

    ``logit p = b0 + b1 · ln M (+ β_h · ln(1 + h))`` with the shipped fit (0 where M = 0);
    ``history`` is each pair's onsets in the previous 20 years (omitted: the term is left out).
    """
    b0, b1 = calibration
    with np.errstate(divide="ignore"):
        z = b0 + b1 * np.log(mutual)
        if history is not None:
            z = z + HISTORY_COEFFICIENT * np.log1p(history)
    out: Array = np.where(mutual > 0, 1.0 / (1.0 + np.exp(-z)), 0.0)
    return out
