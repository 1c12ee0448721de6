"""Response schemas of the Project Office: the pool, one project, the rubric.

Usage docs: ``docs/reference/api.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from eurasec.web.schemas.common import Money, Page

__all__ = [
    "Appraisal",
    "Criterion",
    "Milestone",
    "ProjectPublic",
    "ProjectResult",
    "ProjectSummary",
    "ProjectsPublic",
    "Release",
    "RubricPublic",
    "Tranche",
]


class ProjectSummary(BaseModel):
    """A project in the pool, with its status on ``as_of``."""

    project: str
    line: str = Field(description="Programme line (see /api/v1/projects/rubric).")
    title: str
    proposer: str
    budget: Money
    score: int | None = Field(description="Weighted appraisal score out of 100, once appraised.")
    status: str = Field(description="proposed, appraised, active, completed or cancelled.")

    @classmethod
    def of(cls, p: dict[str, Any]) -> ProjectSummary:
        """A row of :func:`eurasec.institutions.projects.project_list`."""
        return cls(**{**p, "budget": Money.of(p["budget"], p["currency"])})


class ProjectsPublic(Page[ProjectSummary]):
    """A page of the projects proposed by ``as_of``."""


class Tranche(BaseModel):
    """A planned tranche and the milestone it waits for."""

    amount: Money
    milestone: str


class Appraisal(BaseModel):
    """One appraisal on the rubric."""

    actor: str
    scores: dict[str, int]
    score: int
    note: str
    date: dt.date


class Release(BaseModel):
    """A tranche the Project Office released."""

    tranche: int
    amount: Money
    date: dt.date


class Milestone(BaseModel):
    """A milestone reported."""

    milestone: int
    report: str
    date: dt.date


class ProjectResult(BaseModel):
    """A result reported, with its story."""

    summary: str
    story: str
    date: dt.date


class ProjectPublic(BaseModel):
    """One project as of a date: plan, appraisals, tranches, milestones, results, money."""

    as_of: dt.date
    project: str
    line: str
    line_label: str
    title: str
    summary: str
    proposer: str
    budget: Money
    tranches: list[Tranche]
    status: str
    score: int | None
    decision: str | None = Field(description="The Forum decision that approved it.")
    proposed_on: dt.date
    approved_on: dt.date | None
    closed_on: dt.date | None
    appraisals: list[Appraisal]
    released: list[Release]
    milestones: list[Milestone]
    results: list[ProjectResult]
    disbursed: Money

    @classmethod
    def of(cls, p: dict[str, Any], as_of: dt.date) -> ProjectPublic:
        """The API form of :func:`eurasec.institutions.projects.project`."""
        cur = p["currency"]
        return cls(
            **{
                **p,
                "as_of": as_of,
                "budget": Money.of(p["budget"], cur),
                "disbursed": Money.of(p["disbursed"], cur),
                "tranches": [{**t, "amount": Money.of(t["amount"], cur)} for t in p["tranches"]],
                "released": [{**r, "amount": Money.of(r["amount"], cur)} for r in p["released"]],
            }
        )


class Criterion(BaseModel):
    """An appraisal criterion: its weight and the question it asks."""

    weight: int
    question: str


class RubricPublic(BaseModel):
    """The appraisal rubric and the programme lines."""

    criteria: dict[str, Criterion]
    programme_lines: dict[str, str] = Field(description="Line id → label.")
