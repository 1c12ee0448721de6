"""Architectures as scenario files: schema, shipped scenarios, and their effects on the model.

A scenario is a YAML (or JSON) document validated by :class:`Scenario`::

    name: charter_forum            # lowercase id
    title: Charter forum           # one line
    description: ...               # what the architecture is and what it changes
    year: 2014                     # state system and data year of the inputs (optional)
    steps: 120                     # months (optional, default 120)
    forums:                        # new organisations shared by a set of parties
      - name: Charter Forum
        kind: political            # security, political, economic or social
        parties: all               # or a list of ISO 3166 alpha-3 ids
        good_offices: true         # it has a settlement organ (mediation) for its parties
    projects:                      # an assumed cut of one dimension's friction rate
      - line: disaster_relief
        dimension: natural_disaster
        friction_reduction: 0.3    # share of the dimension's friction rate removed
        parties: all
    blocs:
      drag_probability: estimated  # or a probability: a side's defence partners join its dispute
    parameters: {}                 # overrides of SimParams (see eurasec.sim.params)

A forum acts through the estimated parameters (the channel weight of its kind; mediation when
it offers good offices). A project's ``friction_reduction`` and a numeric drag probability
are assumptions of the scenario's author, not estimates: :func:`assumptions` lists them.

Every problem (malformed file, unknown field, unknown actor, negative rate, probability over 1)
is a :class:`~eurasec.errors.ValidationFailed` or :class:`~eurasec.errors.NotFound` raised by
:func:`load_scenario` or :func:`prepare` before anything runs.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from eurasec.errors import NotFound, ValidationFailed
from eurasec.sim.inputs import SimInputs, build_inputs, resolve_actors
from eurasec.sim.model import Compiled, Effects, compile_model
from eurasec.sim.organisations import CHANNEL_KINDS
from eurasec.sim.params import DIMENSIONS, SimParams, default_params, params_from

__all__ = [
    "BASELINE",
    "BlocSpec",
    "ForumSpec",
    "Prepared",
    "ProjectSpec",
    "Scenario",
    "assumptions",
    "effects",
    "list_scenarios",
    "load_scenario",
    "prepare",
    "scenario_from_document",
    "shipped_scenario",
]

#: The scenario every comparison is made against.
BASELINE = "status_quo"
_SUFFIXES = (".yaml", ".yml", ".json")

Parties = Literal["all"] | list[str]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ForumSpec(_Spec):
    """A new organisation shared by ``parties`` (e.g. a Charter forum)."""

    name: str = Field(min_length=1)
    kind: Literal["security", "political", "economic", "social"] = "political"
    parties: Parties = "all"
    strength: float = Field(
        1.0, ge=0.0, description="How many organisations of its kind it counts as (default one)."
    )
    good_offices: bool = Field(
        True, description="It has a settlement organ (mediation) for its parties."
    )


class ProjectSpec(_Spec):
    """Fund projects of one programme line that lower friction rates in one dimension."""

    line: str = Field(min_length=1)
    dimension: str
    friction_reduction: float = Field(ge=0.0, le=1.0)
    parties: Parties = "all"

    @field_validator("dimension")
    @classmethod
    def _known_dimension(cls, value: str) -> str:
        if value not in DIMENSIONS:
            raise ValueError(f"unknown dimension {value!r}; known: {', '.join(DIMENSIONS)}")
        return value


class BlocSpec(_Spec):
    """Alliance discipline: a side's defence partners are dragged into its disputes.

    ``estimated`` takes the probability estimated from the Cold War (see
    :mod:`eurasec.sim.blocs`); a number is the scenario author's assumption.
    """

    drag_probability: float | Literal["estimated"] = "estimated"

    @field_validator("drag_probability")
    @classmethod
    def _probability(cls, value: float | str) -> float | str:
        if isinstance(value, float | int) and not 0.0 <= value <= 1.0:
            raise ValueError("drag_probability must lie in [0, 1] or be 'estimated'")
        return value


class Scenario(_Spec):
    """One architecture to simulate (see the module docstring for the file format)."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    description: str = ""
    year: int = Field(2014, ge=1960, le=2014)
    steps: int = Field(120, ge=1, le=1200)
    forums: list[ForumSpec] = Field(default_factory=list)
    projects: list[ProjectSpec] = Field(default_factory=list)
    blocs: BlocSpec | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)


def _shipped_dir() -> Any:
    return resources.files(__package__ or "eurasec.sim").joinpath("scenarios")


def _parse(text: str, where: str) -> Scenario:
    import yaml

    try:
        data = json.loads(text) if where.endswith(".json") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ValidationFailed(f"scenario {where}: not valid YAML/JSON ({first})") from None
    except RecursionError:
        raise ValidationFailed(f"scenario {where}: nested too deeply") from None
    if not isinstance(data, dict):
        raise ValidationFailed(f"scenario {where}: expected a mapping at the top level")
    try:
        scenario = Scenario.model_validate(data)
    except RecursionError:
        raise ValidationFailed(f"scenario {where}: nested too deeply") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"]) or "document"
        raise ValidationFailed(f"scenario {where}: {loc}: {err['msg']}") from None
    params_from(dict(scenario.parameters))  # reject bad parameter overrides now
    return scenario


def list_scenarios() -> list[Scenario]:
    """The scenarios shipped with the package, status quo first."""
    found = [
        _parse(f.read_text("utf-8"), f.name)
        for f in sorted(_shipped_dir().iterdir(), key=lambda f: f.name)
        if f.name.endswith(_SUFFIXES)
    ]
    return sorted(found, key=lambda s: (s.name != BASELINE, s.name))


def shipped_scenario(name: str) -> Scenario:
    """A shipped scenario by name (never reads a path: safe for network input)."""
    shipped = {s.name: s for s in list_scenarios()}
    if name not in shipped:
        raise NotFound("scenario", name, shipped)
    return shipped[name]


def scenario_from_document(data: dict[str, Any]) -> Scenario:
    """A user scenario given as a parsed document (e.g. the body of an HTTP request)."""
    return _parse(json.dumps(data), "document.json")


def load_scenario(ref: str | Path) -> Scenario:
    """A shipped scenario by name, or a scenario file by path."""
    path = Path(ref)
    if path.suffix in _SUFFIXES:
        try:
            text = path.read_text("utf-8")
        except OSError:
            raise NotFound("scenario file", str(ref)) from None
        return _parse(text, path.name)
    return shipped_scenario(str(ref))


def effects(scenario: Scenario, inputs: SimInputs, *, drag: float | None = None) -> Effects:
    """The arrays by which ``scenario`` changes the status quo on ``inputs``.

    ``drag`` is the bloc drag probability to use where the scenario says ``estimated``
    (default: the shipped estimate).
    """
    n = inputs.n
    k = len(DIMENSIONS)
    channels = np.zeros((len(CHANNEL_KINDS), n, n))
    mediator = np.zeros((n, n), dtype=bool)
    rate = np.ones((k, n, n))
    for forum in scenario.forums:
        members = np.zeros(n, dtype=bool)
        members[resolve_actors(inputs, forum.parties)] = True
        pair = np.outer(members, members)
        np.fill_diagonal(pair, False)
        channels[CHANNEL_KINDS.index(forum.kind)] += forum.strength * pair
        if forum.good_offices:
            mediator |= pair
    for project in scenario.projects:
        members = np.zeros(n, dtype=bool)
        members[resolve_actors(inputs, project.parties)] = True
        pair = np.outer(members, members)
        rate[DIMENSIONS.index(project.dimension)][pair] *= 1.0 - project.friction_reduction
    return Effects(
        channels_add=channels,
        mediator_add=mediator,
        rate_mult=rate if scenario.projects else None,
        bloc_drag_prob=_drag(scenario, drag),
    )


def _drag(scenario: Scenario, estimated: float | None) -> float | None:
    if scenario.blocs is None:
        return None
    value = scenario.blocs.drag_probability
    if value == "estimated":
        if estimated is None:
            from eurasec.sim.blocs import estimated_drag

            return estimated_drag()
        return estimated
    return float(value)


def assumptions(scenario: Scenario) -> list[str]:
    """What the scenario sets by hand rather than taking from the estimates, in plain words."""
    out = [
        f"project line {p.line!r} cuts {p.dimension.replace('_', ' ')} frictions by "
        f"{p.friction_reduction:.0%} (an assumption, not an estimate)"
        for p in scenario.projects
    ]
    if scenario.blocs is not None and scenario.blocs.drag_probability != "estimated":
        out.append(
            f"allies are dragged into a dispute with probability "
            f"{float(scenario.blocs.drag_probability):.2f} (an assumption, not an estimate)"
        )
    if scenario.parameters:
        out.append(f"parameters set by hand: {', '.join(sorted(scenario.parameters))}")
    return out


class Prepared(BaseModel):
    """A scenario checked against its inputs and compiled, ready to run."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    scenario: Scenario
    inputs: SimInputs
    params: SimParams
    compiled: Compiled


def prepare(
    scenario: Scenario | str,
    *,
    inputs: SimInputs | None = None,
    params: SimParams | None = None,
    drag: float | None = None,
) -> Prepared:
    """Validate ``scenario`` against its inputs and compile it (no randomness yet).

    ``drag`` replaces the estimated bloc drag probability (for parameter draws).
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    ins = inputs if inputs is not None else build_inputs(sc.year)
    base = params if params is not None else default_params()
    p = params_from(dict(sc.parameters), base=base) if sc.parameters else base
    compiled = compile_model(ins, p, effects(sc, ins, drag=drag))
    return Prepared(scenario=sc, inputs=ins, params=p, compiled=compiled)
