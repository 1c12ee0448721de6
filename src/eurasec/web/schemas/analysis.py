"""Response schemas of the analysis engine: assess, Richardson, mediators, validation, runs.

An assessment's per-actor, per-dimension values are typed as JSON values: their unit and
interval are documented with the model (``docs/concepts/indivisible-security.md``), which may
add members to them within v1 (``docs/reference/api.md``, versioning).

Usage docs: ``docs/reference/api.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from eurasec.web.schemas.common import Page

__all__ = [
    "AssessmentPublic",
    "Candidate",
    "Loser",
    "MediatorsPublic",
    "ModelScore",
    "RichardsonPublic",
    "RichardsonShift",
    "RichardsonState",
    "ScenarioPublic",
    "ScenariosPublic",
    "SharedChannel",
    "SimulationPublic",
    "ValidationPublic",
]


class Loser(BaseModel):
    """An actor whose security falls beyond the tolerance, and a channel to raise it in."""

    model_config = ConfigDict(extra="allow")

    actor: str
    dimensions: dict[str, Any] = Field(description="Dimension → the change (a loss).")
    channel: str | None = Field(description="A format both it and the mover take part in.")


class RichardsonState(BaseModel):
    """The arms-race system's equilibrium before or after the move."""

    model_config = ConfigDict(extra="allow")

    stable: bool
    equilibrium: dict[str, float] = Field(description="Actor → equilibrium level.")


class RichardsonShift(BaseModel):
    """The Richardson equilibrium before and after the move."""

    model_config = ConfigDict(extra="allow")

    before: RichardsonState
    after: RichardsonState
    changed: int = Field(ge=0, description="Actors whose equilibrium level moved.")


class AssessmentPublic(BaseModel):
    """Every actor's change in security per dimension, the verdict and who loses."""

    model_config = ConfigDict(extra="allow")

    as_of: dt.date = Field(description="The move's date: the world it is assessed in.")
    verdict: str = Field(description="indivisible, or divisible (someone loses).")
    tolerance: float
    losers: list[Loser]
    deltas: dict[str, dict[str, Any]] = Field(description="Actor → dimension → change.")
    richardson: RichardsonShift
    data_years: dict[str, int] = Field(description="Input → the year of data used.")


class RichardsonPublic(BaseModel):
    """Equilibrium, eigenvalues ([re, im]) and stability of a Richardson system."""

    equilibrium: list[float]
    eigenvalues: list[list[float]] = Field(description="[re, im] pairs.")
    stable: bool


class SharedChannel(BaseModel):
    """A format two actors share, with its strength as a channel."""

    model_config = ConfigDict(extra="allow")

    format: str
    defence: bool
    political: bool
    strength: float
    members: int


class Candidate(BaseModel):
    """A mediator candidate: channels with both parties, low threat to both."""

    model_config = ConfigDict(extra="allow")

    actor: str
    name: str
    score: float
    threat_to_a: float
    threat_to_b: float
    channels_with_a: list[str]
    channels_with_b: list[str]


class MediatorsPublic(BaseModel):
    """Channels of A and B on a date and ranked mediator candidates."""

    as_of: dt.date
    a: str
    b: str
    channels: list[SharedChannel]
    candidates: list[Candidate]
    data_years: dict[str, int]


class ModelScore(BaseModel):
    """A model's out-of-sample scores and its fitted parameters."""

    auc: float
    brier: float
    parameters: dict[str, float]


class ValidationPublic(BaseModel):
    """The shipped validation of the threat index against the dangerous-dyads baseline."""

    model_config = ConfigDict(extra="allow")

    threat: ModelScore
    baseline: ModelScore
    train_years: list[int]
    test_years: list[int]
    rows_train: int
    rows_test: int
    onsets_test: int
    base_rate_brier: float
    eurasia: dict[str, Any] = Field(description="The same scores on Eurasian dyads only.")


class ScenarioPublic(BaseModel):
    """A shipped scenario, as listed."""

    name: str
    title: str
    description: str
    year: int
    steps: int


class ScenariosPublic(Page[ScenarioPublic]):
    """A page of the shipped scenarios; the status quo first."""


class SimulationPublic(BaseModel):
    """A run compared with the status quo: per-decade outcomes and differences."""

    model_config = ConfigDict(extra="allow")

    baseline: str
    seed: int
    replications: int
    steps: int
    actors: int
    scenarios: list[dict[str, Any]] = Field(
        description="Per scenario: per_decade outcomes, difference from the baseline with "
        "intervals, and the dyads that change most (docs/concepts/simulation.md)."
    )
