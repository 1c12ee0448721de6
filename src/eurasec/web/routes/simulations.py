"""``/api/v1/simulations``: the shipped scenarios, and bounded runs compared with the status quo."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from eurasec.sim.batch import RunOptions
from eurasec.sim.scenario import Scenario, list_scenarios, scenario_from_document, shipped_scenario
from eurasec.sim.simulate import compare_scenarios
from eurasec.web.deps import PagingDep
from eurasec.web.problems import declare
from eurasec.web.schemas.analysis import ScenarioPublic, ScenariosPublic, SimulationPublic

__all__ = [
    "MAX_HTTP_REPLICATIONS",
    "ScenarioPublic",
    "ScenariosPublic",
    "SimulationRun",
    "router",
]

router = APIRouter(prefix="/api/v1/simulations", tags=["simulations"])

#: Most replications one HTTP request may ask for (a run is CPU time on the server).
MAX_HTTP_REPLICATIONS = 2000
#: Most months one HTTP request may simulate.
MAX_HTTP_STEPS = 240


class SimulationRun(BaseModel):
    """A run request: a shipped scenario by name, or a scenario document; bounded sizes."""

    model_config = ConfigDict(extra="forbid")

    scenario: str | None = Field(None, description="Name of a shipped scenario.")
    document: dict[str, Any] | None = Field(
        None, description="A scenario document (schema in the docs)."
    )
    replications: int = Field(200, ge=1, le=MAX_HTTP_REPLICATIONS)
    seed: int = Field(0, ge=0, le=2**63 - 1)
    steps: int | None = Field(None, ge=1, le=MAX_HTTP_STEPS)


def _public(s: Scenario) -> ScenarioPublic:
    return ScenarioPublic(
        name=s.name, title=s.title, description=s.description.strip(), year=s.year, steps=s.steps
    )


@router.get("/scenarios")
def scenarios(paging: PagingDep) -> ScenariosPublic:
    """The shipped scenarios; the status quo (``status_quo``) first."""
    return paging.page(ScenariosPublic, list_scenarios(), each=_public)


@router.post("/run", responses=declare(404, 413))
def run(body: SimulationRun) -> SimulationPublic:
    """Run one scenario against the status quo with one seed; the comparison summary."""
    from eurasec.errors import InputError

    if (body.scenario is None) == (body.document is None):
        raise InputError("give exactly one of 'scenario' (a shipped name) or 'document'")
    sc = (
        shipped_scenario(body.scenario)
        if body.scenario is not None
        else scenario_from_document(body.document or {})
    )
    if body.steps is None and sc.steps > MAX_HTTP_STEPS:
        raise InputError(f"the scenario runs {sc.steps} months; at most {MAX_HTTP_STEPS} over HTTP")
    options = RunOptions(replications=body.replications, seed=body.seed, steps=body.steps)
    summary, _, _ = compare_scenarios([sc], options)
    return SimulationPublic(**summary)
