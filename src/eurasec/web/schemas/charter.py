"""Response schemas of the Charter: status, participations, versions, diffs, rounds, crosswalk.

Usage docs: ``docs/reference/api.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from eurasec.web.schemas.common import Page

__all__ = [
    "Adoption",
    "Article",
    "ArticleChange",
    "ChangesPublic",
    "CharterParticipationPublic",
    "CharterParticipationsPublic",
    "CharterStatusPublic",
    "CrosswalkArticle",
    "CrosswalkPublic",
    "CrosswalkSource",
    "PartyPublic",
    "Position",
    "Reservation",
    "RoundComment",
    "RoundPublic",
    "SamplePublic",
    "Signatory",
    "VersionPublic",
    "VersionSummary",
    "VersionsPublic",
    "Withdrawal",
]


class Adoption(BaseModel):
    """The version the Forum adopted, when and by which decision."""

    version: int
    adopted_on: dt.date
    decision: str


class Signatory(BaseModel):
    """An actor that signed the Charter."""

    actor: str
    kind: Literal["state", "organisation"]
    signed_on: dt.date


class PartyPublic(BaseModel):
    """A party to the Charter and since when."""

    actor: str
    kind: Literal["state", "organisation"]
    since: dt.date


class Withdrawal(BaseModel):
    """A party that gave notice of withdrawal, and when it takes effect."""

    actor: str
    notice_on: dt.date
    effective: dt.date


class Reservation(BaseModel):
    """A reservation made with an instrument."""

    actor: str
    article: str | None
    text: str
    date: dt.date


class CharterStatusPublic(BaseModel):
    """The Charter as of a date: adoption, entry into force, signatories and parties."""

    as_of: dt.date
    adopted: Adoption | None
    in_force: bool
    entry_into_force: dt.date | None
    instruments_needed: int = Field(ge=1)
    instruments: int = Field(ge=0)
    signatories: list[Signatory]
    parties: list[PartyPublic]
    pending: list[str] = Field(description="Signatories whose instrument is not in yet.")
    withdrawing: list[Withdrawal]
    reservations: list[Reservation]


class CharterParticipationPublic(BaseModel):
    """The Charter as the registry format CHARTER: one actor's role on the date."""

    actor: str
    role: Literal["member", "signatory"]
    since: dt.date
    kind: Literal["state", "organisation"]


class CharterParticipationsPublic(Page[CharterParticipationPublic]):
    """A page of the Charter's participations."""


class VersionSummary(BaseModel):
    """A published version, without its articles."""

    version: int = Field(ge=1)
    title: str
    author: str
    published: dt.date
    articles: int = Field(ge=1, description="How many articles it has.")
    sample: bool
    note: str


class VersionsPublic(Page[VersionSummary]):
    """A page of published versions."""


class Article(BaseModel):
    """One article of a version."""

    number: str
    heading: str
    text: str
    principles: list[str] = Field(description="Principle ids the drafter tagged (crosswalk).")


class VersionPublic(BaseModel):
    """One version with its articles, as the record holds it on ``as_of``."""

    as_of: dt.date
    version: int = Field(ge=1)
    title: str
    author: str
    published: dt.date
    sample: bool
    note: str
    articles: list[Article]


class ArticleChange(BaseModel):
    """What changed in one article between two versions (a unified diff of its text)."""

    article: str
    change: Literal["added", "removed", "changed"]
    diff: str


class ChangesPublic(Page[ArticleChange]):
    """A page of the article changes from one version to another."""


class RoundComment(BaseModel):
    """A comment on an article in a consultation round."""

    actor: str
    text: str
    date: dt.date


class Position(BaseModel):
    """A party's position in a round, on the whole draft (``article`` null) or one article."""

    actor: str
    article: str | None
    position: str
    note: str


class RoundPublic(BaseModel):
    """A consultation round: its venue, comments per article, positions and tally."""

    as_of: dt.date
    round: str
    version: int
    format: str
    venue: str
    opened: dt.date
    closes: dt.date
    comments: dict[str, list[RoundComment]] = Field(description="Article number → comments.")
    positions: list[Position]
    tally: dict[str, int] = Field(description="Position → how many parties took it.")


class SamplePublic(BaseModel):
    """The starter draft Charter: a SAMPLE agreed by nobody."""

    version: int
    title: str
    note: str
    sample: bool
    articles: list[Article]


class CrosswalkSource(BaseModel):
    """A principle catalogue the crosswalk maps to."""

    title: str
    date: dt.date
    url: str
    checked: dt.date


class CrosswalkArticle(BaseModel):
    """The principles one article covers, per catalogue."""

    article: str
    heading: str
    principles: dict[str, list[str]]
    unmapped: bool


class CrosswalkPublic(BaseModel):
    """Articles mapped to UN Charter Art. 2, Helsinki and GSI principles; gaps and overlaps."""

    version: int | None = Field(description="The version mapped; null for the sample draft.")
    sources: dict[str, CrosswalkSource]
    articles: list[CrosswalkArticle]
    coverage: dict[str, list[str]] = Field(description="Principle → articles that cover it.")
    gaps: dict[str, list[str]] = Field(description="Catalogue → principles no article covers.")
    overlaps: dict[str, list[str]] = Field(description="Principle → several articles.")
