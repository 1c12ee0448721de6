"""The model's parameters: every constant named, documented, validated and overridable.

:class:`SimParams` holds the behavioural parameters of the friction → crisis → dispute model
(see ``docs/concepts/simulation.md`` for the formulas). The friction base rate is not set by
hand: :func:`default_params` reads it from the calibration file shipped with the package
(``eurasec/sim/calibration.json``), written by ``eurasec sim calibrate``.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from eurasec.errors import InputError, ValidationFailed

__all__ = [
    "DIMENSIONS",
    "Calibration",
    "SimParams",
    "default_params",
    "load_calibration",
    "params_from",
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

Probability = Field(ge=0.0, le=1.0)


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
        description="Frictions per dyad-month at mean threat (calibrated; see calibration.json).",
    )
    threat_exponent: float = Field(
        0.5,
        ge=0.0,
        description="Elasticity of the friction rate to a dyad's mutual threat.",
    )
    dimension_weights: dict[str, float] = Field(
        default_factory=_default_weights,
        description="Share of frictions arising in each dimension at equal threat.",
    )
    severity: dict[str, float] = Field(
        default_factory=_default_severity,
        description="Tension an unsettled friction of each dimension adds.",
    )
    dialogue_max: float = Field(
        0.75, ge=0.0, le=1.0, description="Settlement probability of dialogue with ample channels."
    )
    channel_half: float = Field(
        2.0, gt=0.0, description="Channel strength at which dialogue reaches half its maximum."
    )
    mediation_prob: float = Field(
        0.35,
        ge=0.0,
        le=1.0,
        description="Probability that a mediator settles a friction dialogue left unsettled.",
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
            unknown = sorted(set(table) - set(DIMENSIONS))
            if unknown:
                raise ValueError(f"{label}: unknown dimension(s) {unknown}; known: {DIMENSIONS}")
            missing = sorted(set(DIMENSIONS) - set(table))
            if missing:
                raise ValueError(f"{label}: missing dimension(s) {missing}")
            negative = sorted(k for k, v in table.items() if not v >= 0.0)
            if negative:
                raise ValueError(f"{label}: negative or NaN value for {negative}")
        if sum(self.dimension_weights.values()) <= 0.0:
            raise ValueError("dimension_weights must not all be zero")
        return self

    def weights(self) -> list[float]:
        """Dimension weights in :data:`DIMENSIONS` order, normalised to sum to one."""
        total = sum(self.dimension_weights.values())
        return [self.dimension_weights[d] / total for d in DIMENSIONS]

    def severities(self) -> list[float]:
        """Severities in :data:`DIMENSIONS` order."""
        return [self.severity[d] for d in DIMENSIONS]


class Calibration(BaseModel):
    """What ``eurasec sim calibrate`` found and wrote to the shipped parameters file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    friction_rate: float = Field(ge=0.0)
    target_rate: float = Field(ge=0.0, description="Historical MID onsets per dyad-year.")
    target_ci: tuple[float, float]
    onsets: int
    dyad_years: int
    period: tuple[int, int]
    simulated_rate: float
    simulated_se: float
    replications: int
    seed: int
    inputs_source: str
    inputs_year: int
    actors: int
    params: dict[str, Any] = Field(
        default_factory=dict, description="The other parameters the fit was made with."
    )


def params_from(data: dict[str, Any], *, base: SimParams | None = None) -> SimParams:
    """``base`` (default: the calibrated defaults) with the fields in ``data`` replaced.

    Raises :class:`~eurasec.errors.ValidationFailed` naming the first bad field.
    """
    start = (base or default_params()).model_dump()
    for key in ("dimension_weights", "severity"):
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
def load_calibration() -> Calibration:
    """The calibration shipped with the package (``eurasec/sim/calibration.json``)."""
    text = resources.files(__package__ or "eurasec.sim").joinpath("calibration.json")
    try:
        return Calibration.model_validate(json.loads(text.read_text("utf-8")))
    except (OSError, ValueError) as exc:
        raise InputError(f"the shipped calibration file is unreadable: {exc}") from None


def default_params() -> SimParams:
    """The default parameters with the calibrated friction base rate."""
    cal = load_calibration()
    try:
        return SimParams.model_validate({**cal.params, "friction_rate": cal.friction_rate})
    except ValidationError as exc:
        raise ValidationFailed(f"calibration.json: {_first_error(exc)}") from None
