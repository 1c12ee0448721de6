"""Response schemas of consultations between parties.

Usage docs: ``docs/reference/api.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from eurasec.web.schemas.common import Page

__all__ = ["ConsultationPublic", "ConsultationSummary", "ConsultationsPublic", "Reply"]


class ConsultationSummary(BaseModel):
    """A consultation between two parties, with its state on ``as_of``."""

    consultation: str
    raiser: str
    respondent: str
    channel: str = Field(description="The format both share, in which it was raised.")
    subject: dict[str, Any] = Field(description="What it is about, as the raiser signed it.")
    concern: str
    opened: dt.date
    deadline: dt.date
    status: str = Field(description="open, overdue, resolved, unresolved, referred, withdrawn.")
    closed_on: dt.date | None
    note: str


class ConsultationsPublic(Page[ConsultationSummary]):
    """A page of consultations opened by ``as_of``."""


class Reply(BaseModel):
    """A reply in a consultation."""

    actor: str
    text: str
    date: dt.date
    late: bool


class ConsultationPublic(ConsultationSummary):
    """One consultation with its replies on ``as_of``."""

    as_of: dt.date
    replies: list[Reply]
