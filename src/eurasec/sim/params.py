"""The model's parameters: every constant named, documented, validated and overridable.

:class:`SimParams` holds the parameters of the friction → crisis → dispute model (see
``docs/concepts/simulation.md`` for the formulas). Two groups:

- **estimated** (:data:`ESTIMATED`): the friction base rate, the elasticity to threat and the
  parameters through which an architecture acts (dialogue, mediation, channel weight per kind
  of shared organisation). :func:`default_params` reads them from the estimates shipped with
  the package (``eurasec/sim/estimates.json``), written by ``eurasec sim estimate``;
- **assumed**: how frictions turn into crises and disputes (dimension weights, severities,
  tension memory, crisis threshold, escalation, hostility). With the base rate estimated they
  mostly set the scale; ``eurasec sim sensitivity`` shows how far each moves the results.

The class defaults are only starting values for the estimation.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from eurasec.errors import InputError, ValidationFailed
from eurasec.sim.organisations import CHANNEL_KINDS

__all__ = [
    "ARCHITECTURE",
    "DIMENSIONS",
    "ESTIMATED",
    "Estimates",
    "SimParams",
    "default_params",
    "get_value",
    "load_estimates",
    "params_from",
    "with_values",
]

#: The security dimensions frictions arise in (the project-wide ``Dimension`` vocabulary).
DIMENSIONS: tuple[str, ...] = (
    "military",
    "civil_conflict",
    "interference",
    "digital",
    "economic",
    "transport",
    "humanitarian",
    "natural_disaster",
)

_KINDS = CHANNEL_KINDS
#: The estimated coordinates, in the order of every vector of estimates and draws.
ESTIMATED: tuple[str, ...] = (
    "friction_rate",
    "threat_exponent",
    "rivalry_effect",
    "mediation_prob",
    *(f"channel_weights.{k}" for k in _KINDS),
)
#: The coordinates through which an architecture acts (varied by the sensitivity analysis).
ARCHITECTURE: tuple[str, ...] = ESTIMATED[3:]


def _default_weights() -> dict[str, float]:
    return {
        "military": 0.25,
        "civil_conflict": 0.10,
        "interference": 0.15,
        "digital": 0.10,
        "economic": 0.20,
        "transport": 0.08,
        "humanitarian": 0.06,
        "natural_disaster": 0.06,
    }


def _default_channel_weights() -> dict[str, float]:
    return dict.fromkeys(_KINDS, 0.02)


def _default_severity() -> dict[str, float]:
    return {
        "military": 0.70,
        "civil_conflict": 0.50,
        "interference": 0.50,
        "digital": 0.40,
        "economic": 0.40,
        "transport": 0.30,
        "humanitarian": 0.30,
        "natural_disaster": 0.25,
    }


class SimParams(BaseModel):
    """Behavioural parameters; rates are per dyad and month, probabilities in [0, 1]."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    friction_rate: float = Field(
        0.02,
        ge=0.0,
        description="Frictions per dyad-month at the reference threat (estimated).",
    )
    threat_exponent: float = Field(
        0.3,
        ge=0.0,
        description="Elasticity of the friction rate to a dyad's mutual threat (estimated).",
    )
    rivalry_effect: float = Field(
        1.0,
        ge=0.0,
        description="Log of the factor by which a strategic rivalry raises frictions (estimated).",
    )
    threat_reference: float = Field(
        1.0,
        gt=0.0,
        description="Mutual threat at which the friction rate is friction_rate (the geometric "
        "mean over the fit years' dyad-years; a unit, not a behavioural parameter).",
    )
    dimension_weights: dict[str, float] = Field(
        default_factory=_default_weights,
        description="Share of frictions arising in each dimension at equal threat.",
    )
    severity: dict[str, float] = Field(
        default_factory=_default_severity,
        description="Tension an unsettled friction of each dimension adds.",
    )
    channel_weights: dict[str, float] = Field(
        default_factory=_default_channel_weights,
        description="Dialogue strength of one shared organisation of each kind: on its own it "
        "settles a share 1 - exp(-weight) of the frictions (estimated).",
    )
    mediation_prob: float = Field(
        0.05,
        ge=0.0,
        le=1.0,
        description="Probability that a regional settlement body settles a friction dialogue "
        "left unsettled (estimated).",
    )
    tension_retention: float = Field(
        0.85, ge=0.0, le=1.0, description="Share of a dyad's tension left after one month."
    )
    crisis_threshold: float = Field(
        1.0, gt=0.0, description="Tension at which a dyad enters a crisis (tension then resets)."
    )
    escalation_prob: float = Field(
        0.35, ge=0.0, le=1.0, description="Probability that a crisis becomes a militarized dispute."
    )
    hostility_jump: float = Field(
        0.5, ge=0.0, description="Hostility a dispute adds to its dyad (Richardson reaction)."
    )
    hostility_retention: float = Field(
        0.95, ge=0.0, le=1.0, description="Share of hostility left after one month (fatigue)."
    )
    hostility_cap: float = Field(
        1.0, ge=0.0, description="Most hostility a dyad can hold; rates rise by at most 1 + cap."
    )
    bloc_drag_prob: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Probability that a side's allies are dragged into its dispute (per side).",
    )

    @model_validator(mode="after")
    def _check_dimensions(self) -> SimParams:
        for label, table in (
            ("dimension_weights", self.dimension_weights),
            ("severity", self.severity),
        ):
            self._check_table(label, table, DIMENSIONS)
        self._check_table("channel_weights", self.channel_weights, _KINDS)
        if sum(self.dimension_weights.values()) <= 0.0:
            raise ValueError("dimension_weights must not all be zero")
        return self

    @staticmethod
    def _check_table(label: str, table: dict[str, float], keys: tuple[str, ...]) -> None:
        unknown = sorted(set(table) - set(keys))
        if unknown:
            raise ValueError(f"{label}: unknown key(s) {unknown}; known: {keys}")
        missing = sorted(set(keys) - set(table))
        if missing:
            raise ValueError(f"{label}: missing key(s) {missing}")
        negative = sorted(k for k, v in table.items() if not v >= 0.0)
        if negative:
            raise ValueError(f"{label}: negative or NaN value for {negative}")

    def weights(self) -> list[float]:
        """Dimension weights in :data:`DIMENSIONS` order, normalised to sum to one."""
        total = sum(self.dimension_weights.values())
        return [self.dimension_weights[d] / total for d in DIMENSIONS]

    def severities(self) -> list[float]:
        """Severities in :data:`DIMENSIONS` order."""
        return [self.severity[d] for d in DIMENSIONS]


class Estimates(BaseModel):
    """What ``eurasec sim estimate`` found and wrote to the shipped estimates file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    params: dict[str, Any] = Field(description="Every SimParams field: estimates and assumptions.")
    estimated: tuple[str, ...] = Field(description="The estimated coordinates (see ESTIMATED).")
    estimates: dict[str, float]
    ci: dict[str, tuple[float, float]] = Field(description="95% intervals from the draws.")
    draws: list[list[float]] = Field(
        description="Draws from the estimates' confidence region, in `estimated` order."
    )
    moments: dict[str, Any]
    fit_years: tuple[int, int]
    threat_rule: dict[str, float]
    replications: int
    seed: int
    bloc_drag: dict[str, Any]
    empirical: dict[str, Any]
    provenance: dict[str, Any] = Field(default_factory=dict)

    def value_draws(self) -> list[dict[str, float]]:
        """The draws as ``{coordinate: value}`` dictionaries."""
        return [dict(zip(self.estimated, d, strict=True)) for d in self.draws]


def get_value(params: SimParams, name: str) -> float:
    """The value of coordinate ``name`` (``channel_weights.security`` reaches into the table)."""
    if "." in name:
        table, key = name.split(".", 1)
        return float(getattr(params, table)[key])
    return float(getattr(params, name))


def with_values(params: SimParams, values: dict[str, float]) -> SimParams:
    """``params`` with the coordinates in ``values`` replaced (no validation: callers' values)."""
    update: dict[str, Any] = {}
    for name, value in values.items():
        if "." in name:
            table, key = name.split(".", 1)
            update.setdefault(table, dict(getattr(params, table)))[key] = float(value)
        else:
            update[name] = float(value)
    return params.model_copy(update=update)


def params_from(data: dict[str, Any], *, base: SimParams | None = None) -> SimParams:
    """``base`` (default: the shipped parameters) with the fields in ``data`` replaced.

    Raises :class:`~eurasec.errors.ValidationFailed` naming the first bad field.
    """
    start = (base or default_params()).model_dump()
    for key in ("dimension_weights", "severity", "channel_weights"):
        if isinstance(data.get(key), dict):
            data = {**data, key: {**start[key], **data[key]}}
    try:
        return SimParams.model_validate({**start, **data})
    except ValidationError as exc:
        raise ValidationFailed(f"invalid simulation parameters: {_first_error(exc)}") from None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "parameters"
    return f"{where}: {err['msg']}"


@cache
def load_estimates() -> Estimates | None:
    """The estimates shipped with the package (``eurasec/sim/estimates.json``), if any."""
    text = resources.files(__package__ or "eurasec.sim").joinpath("estimates.json")
    if not text.is_file():
        return None
    try:
        return Estimates.model_validate(json.loads(text.read_text("utf-8")))
    except (OSError, ValueError) as exc:
        raise InputError(f"the shipped estimates file is unreadable: {exc}") from None


def default_params() -> SimParams:
    """The shipped parameters: the estimates and the documented assumptions.

    Before any estimate has been shipped (a fresh checkout rebuilding it) these are the class
    defaults, the estimation's starting values.
    """
    est = load_estimates()
    if est is None:
        return SimParams()
    try:
        return SimParams.model_validate(est.params)
    except ValidationError as exc:
        raise ValidationFailed(f"estimates.json: {_first_error(exc)}") from None
