"""Response schemas of the Forum and the Working Group: sessions, proposals, members, rules.

Usage docs: ``docs/reference/api.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from eurasec.web.schemas.common import Page

__all__ = [
    "MemberPublic",
    "MembersPublic",
    "NextSessionPublic",
    "ProposalPublic",
    "ProposalsPublic",
    "RulesPublic",
    "SessionPublic",
    "SessionReportPublic",
    "SessionsPublic",
]


class SessionPublic(BaseModel):
    """A Forum session: its number, host, date and place."""

    session: int = Field(ge=1)
    host: str
    date: dt.date
    place: str
    extraordinary: bool


class SessionsPublic(Page[SessionPublic]):
    """A page of the sessions convened by ``as_of``."""


class ProposalPublic(BaseModel):
    """An agenda item: what was proposed, by whom, the votes and the outcome."""

    proposal: str
    session: int
    kind: str = Field(description="Decision kind: charter.adopt, fund.allocate, resolution ...")
    subject: dict[str, Any] = Field(
        description="The proposal's payload as signed (amounts in it are minor units)."
    )
    proposed_by: str
    outcome: str | None = Field(description="adopted or rejected; null while undecided.")
    decided_on: dt.date | None
    rule: str = Field(description="consensus, majority or two_thirds.")
    votes: dict[str, str] = Field(description="Actor → support, reservation, objection ...")


class ProposalsPublic(Page[ProposalPublic]):
    """A page of proposals in record order."""


class SessionReportPublic(SessionPublic):
    """One session with those who declined to host, its agenda and its minutes."""

    as_of: dt.date
    declined: list[str]
    agenda: list[ProposalPublic]
    minutes: str | None


class NextSessionPublic(BaseModel):
    """The next session: its number, the earliest date it is due and whose turn it is."""

    as_of: dt.date
    session: int = Field(ge=1)
    due: dt.date | None = Field(description="Earliest regular date; null before session 1.")
    host: str | None = Field(description="Whose turn it is to host; null if no one may.")


class MemberPublic(BaseModel):
    """A Working Group member and the party that nominated them."""

    party: str
    member: str
    since: dt.date


class MembersPublic(Page[MemberPublic]):
    """A page of Working Group members."""


class RulesPublic(BaseModel):
    """The institutional rules this store runs under (``institutions.configure``)."""

    as_of: dt.date
    ratifications_for_entry_into_force: int
    entry_into_force_delay_days: int
    withdrawal_notice_months: int
    signature_closes_at_entry_into_force: bool
    forum_interval_months: int
    forum_interval_tolerance_days: int
    default_decision_rule: str
    decision_rules: dict[str, str]
    project_cap: int
    appraisal_pass_share: float
    programme_lines: list[str]
    consultation_reply_days: int
    assessed_floor: float
    assessed_ceiling: float
    secretariat: str
