"""The projection tables of the institutions (migration branch ``institutions``).

Every row here is derived from the record: :meth:`eurasec.record.log.Record.rebuild` empties
these tables and replays the log. Dates are ISO ``YYYY-MM-DD`` strings (they sort correctly
on every backend); ``idx`` columns hold the index of the record entry that made the row.
Amounts are integers in minor units of the row's currency.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Integer, String, Table, Text

from eurasec.storage.base import metadata

__all__ = [
    "ALL_TABLES",
    "charter_comments",
    "charter_instruments",
    "charter_negotiators",
    "charter_participants",
    "charter_positions",
    "charter_reservations",
    "charter_rounds",
    "charter_versions",
    "consultation_replies",
    "consultations",
    "forum_declines",
    "forum_minutes",
    "forum_proposals",
    "forum_sessions",
    "forum_votes",
    "fund_balances",
    "fund_day_accounts",
    "fund_day_totals",
    "fund_postings",
    "fund_transactions",
    "inst_settings",
    "project_appraisals",
    "project_milestones",
    "project_results",
    "project_tranches",
    "projects",
    "sandbox_keys",
    "wg_members",
]

_ACTOR = 64
_ID = 64
_DATE = 10

inst_settings = Table(
    "inst_settings",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", Text(), nullable=False),
)

charter_negotiators = Table(
    "charter_negotiators",
    metadata,
    Column("actor", String(_ACTOR), primary_key=True),
    Column("since", String(_DATE), nullable=False),
    Column("idx", BigInteger(), nullable=False),
)

charter_versions = Table(
    "charter_versions",
    metadata,
    Column("version", Integer(), primary_key=True, autoincrement=False),
    Column("title", Text(), nullable=False),
    Column("articles", Text(), nullable=False),  # JSON list of {number, heading, text, ...}
    Column("author", String(_ACTOR), nullable=False),
    Column("published", String(_DATE), nullable=False),
    Column("note", Text(), nullable=False, default=""),
    Column("sample", Boolean(), nullable=False, default=False),
    Column("idx", BigInteger(), nullable=False),
)

charter_rounds = Table(
    "charter_rounds",
    metadata,
    Column("round", String(_ID), primary_key=True),
    Column("version", Integer(), nullable=False),
    Column("format", String(_ACTOR), nullable=False),
    Column("venue", Text(), nullable=False),
    Column("opened_by", String(_ACTOR), nullable=False),
    Column("opened", String(_DATE), nullable=False),
    Column("closes", String(_DATE), nullable=False),
    Column("idx", BigInteger(), nullable=False),
)

charter_comments = Table(
    "charter_comments",
    metadata,
    Column("idx", BigInteger(), primary_key=True, autoincrement=False),
    Column("round", String(_ID), nullable=False),
    Column("actor", String(_ACTOR), nullable=False),
    Column("article", String(16), nullable=False),
    Column("text", Text(), nullable=False),
    Column("date", String(_DATE), nullable=False),
)

charter_positions = Table(
    "charter_positions",
    metadata,
    Column("round", String(_ID), primary_key=True),
    Column("actor", String(_ACTOR), primary_key=True),
    Column("article", String(16), primary_key=True),  # "" for the text as a whole
    Column("position", String(16), nullable=False),
    Column("note", Text(), nullable=False),
    Column("date", String(_DATE), nullable=False),
    Column("idx", BigInteger(), nullable=False),
)

charter_participants = Table(
    "charter_participants",
    metadata,
    Column("actor", String(_ACTOR), primary_key=True),
    Column("kind", String(16), nullable=False),  # state | organisation
    Column("signed_on", String(_DATE), nullable=True),
    Column("instrument", String(16), nullable=True),  # ratification | confirmation | accession
    Column("instrument_on", String(_DATE), nullable=True),
    Column("withdrawal_notice_on", String(_DATE), nullable=True),
    Column("withdrawal_effective", String(_DATE), nullable=True),
    Column("idx", BigInteger(), nullable=False),
)

#: Every instrument of every actor, in log order: ``signature``, ``ratification``,
#: ``confirmation``, ``accession``, ``withdrawal`` (``effective``: the day it takes effect).
#: Nothing here is ever updated or deleted; standing as of any date is derived from it
#: (:mod:`eurasec.institutions.membership`), while ``charter_participants`` keeps each actor's
#: latest standing for quick display.
charter_instruments = Table(
    "charter_instruments",
    metadata,
    Column("idx", BigInteger(), primary_key=True, autoincrement=False),
    Column("seq", Integer(), primary_key=True, autoincrement=False),  # 0 but in migrated rows
    Column("actor", String(_ACTOR), nullable=False, index=True),
    Column("instrument", String(16), nullable=False),
    Column("kind", String(16), nullable=False),  # state | organisation
    Column("date", String(_DATE), nullable=False),
    Column("effective", String(_DATE), nullable=True),
)

charter_reservations = Table(
    "charter_reservations",
    metadata,
    Column("idx", BigInteger(), primary_key=True, autoincrement=False),
    Column("seq", Integer(), primary_key=True, autoincrement=False),
    Column("actor", String(_ACTOR), nullable=False),
    Column("article", String(16), nullable=False),
    Column("text", Text(), nullable=False),
    Column("date", String(_DATE), nullable=False),
)

forum_sessions = Table(
    "forum_sessions",
    metadata,
    Column("session", Integer(), primary_key=True, autoincrement=False),
    Column("host", String(_ACTOR), nullable=False),
    Column("date", String(_DATE), nullable=False),
    Column("place", Text(), nullable=False),
    Column("extraordinary", Boolean(), nullable=False),
    Column("idx", BigInteger(), nullable=False),
)

forum_declines = Table(
    "forum_declines",
    metadata,
    Column("session", Integer(), primary_key=True, autoincrement=False),
    Column("actor", String(_ACTOR), primary_key=True),
    Column("date", String(_DATE), nullable=False),
)

forum_proposals = Table(
    "forum_proposals",
    metadata,
    Column("proposal", String(_ID), primary_key=True),
    Column("session", Integer(), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("subject", Text(), nullable=False),  # JSON
    Column("proposed_by", String(_ACTOR), nullable=False),
    Column("proposed_on", String(_DATE), nullable=False),
    Column("outcome", String(16), nullable=True),  # adopted | rejected
    Column("decided_on", String(_DATE), nullable=True),
    Column("rule", String(16), nullable=True),
    Column("idx", BigInteger(), nullable=False),
)

forum_votes = Table(
    "forum_votes",
    metadata,
    Column("proposal", String(_ID), primary_key=True),
    Column("actor", String(_ACTOR), primary_key=True),
    Column("position", String(16), nullable=False),
    Column("date", String(_DATE), nullable=False),
)

forum_minutes = Table(
    "forum_minutes",
    metadata,
    Column("session", Integer(), primary_key=True, autoincrement=False),
    Column("text", Text(), nullable=False),
    Column("date", String(_DATE), nullable=False),
)

wg_members = Table(
    "wg_members",
    metadata,
    Column("party", String(_ACTOR), primary_key=True),
    Column("member", String(_ACTOR), nullable=False, unique=True),
    Column("since", String(_DATE), nullable=False),
)

fund_transactions = Table(
    "fund_transactions",
    metadata,
    Column("idx", BigInteger(), primary_key=True, autoincrement=False),
    Column("date", String(_DATE), nullable=False),
    Column(
        "kind", String(16), nullable=False
    ),  # pledge|contribution|allocation|disbursement|release
    Column("party", String(_ACTOR), nullable=True),
    Column("purpose", String(_ID), nullable=True),
    Column("decision", String(_ID), nullable=True, index=True),
    Column("currency", String(3), nullable=False),
    Column("amount", BigInteger(), nullable=False),
    Column("memo", Text(), nullable=False),
)

#: Each account's current balance (sum of its postings; debit > 0), kept by ``ledger.post``.
fund_balances = Table(
    "fund_balances",
    metadata,
    Column("account", String(96), primary_key=True),
    Column("currency", String(3), nullable=False),
    Column("balance", BigInteger(), nullable=False),
)

fund_postings = Table(
    "fund_postings",
    metadata,
    Column("idx", BigInteger(), primary_key=True, autoincrement=False),
    Column("line", Integer(), primary_key=True, autoincrement=False),
    Column("account", String(96), nullable=False, index=True),
    Column("currency", String(3), nullable=False),
    Column("amount", BigInteger(), nullable=False),  # debit > 0, credit < 0
    Column("date", String(_DATE), nullable=False),
)

#: What each day's transactions add up to, per kind and party (pledges, contributions) or
#: purpose (allocations, disbursements, releases), per currency: the Fund's statement as of
#: any date sums these rows, however many transactions there are.
fund_day_totals = Table(
    "fund_day_totals",
    metadata,
    Column("date", String(_DATE), primary_key=True),
    Column("kind", String(16), primary_key=True),
    Column("subject", String(_ID), primary_key=True),  # the party or the purpose
    Column("currency", String(3), primary_key=True),
    Column("amount", BigInteger(), nullable=False),
    Column("n", Integer(), nullable=False),  # transactions
)

#: What each day's postings add up to, per account (debit > 0): balances as of any date.
fund_day_accounts = Table(
    "fund_day_accounts",
    metadata,
    Column("date", String(_DATE), primary_key=True),
    Column("account", String(96), primary_key=True),
    Column("currency", String(3), nullable=False),
    Column("amount", BigInteger(), nullable=False),
)

projects = Table(
    "projects",
    metadata,
    Column("project", String(_ID), primary_key=True),
    Column("line", String(32), nullable=False),
    Column("title", Text(), nullable=False),
    Column("summary", Text(), nullable=False),
    Column("proposer", String(_ACTOR), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("budget", BigInteger(), nullable=False),
    Column("tranches", Text(), nullable=False),  # JSON list of {amount, milestone}
    Column("proposed_on", String(_DATE), nullable=False),
    Column("score", Integer(), nullable=True),
    Column("approved_on", String(_DATE), nullable=True),
    Column("decision", String(_ID), nullable=True),
    Column("closed_on", String(_DATE), nullable=True),
    Column("outcome", String(16), nullable=True),
    Column("idx", BigInteger(), nullable=False),
)

project_appraisals = Table(
    "project_appraisals",
    metadata,
    Column("idx", BigInteger(), primary_key=True, autoincrement=False),
    Column("project", String(_ID), nullable=False),
    Column("actor", String(_ACTOR), nullable=False),
    Column("scores", Text(), nullable=False),
    Column("score", Integer(), nullable=False),
    Column("note", Text(), nullable=False),
    Column("date", String(_DATE), nullable=False),
)

project_milestones = Table(
    "project_milestones",
    metadata,
    Column("project", String(_ID), primary_key=True),
    Column("milestone", Integer(), primary_key=True, autoincrement=False),
    Column("report", Text(), nullable=False),
    Column("date", String(_DATE), nullable=False),
)

project_tranches = Table(
    "project_tranches",
    metadata,
    Column("project", String(_ID), primary_key=True),
    Column("tranche", Integer(), primary_key=True, autoincrement=False),
    Column("amount", BigInteger(), nullable=False),
    Column("date", String(_DATE), nullable=False),
    Column("idx", BigInteger(), nullable=False),
)

project_results = Table(
    "project_results",
    metadata,
    Column("idx", BigInteger(), primary_key=True, autoincrement=False),
    Column("project", String(_ID), nullable=False),
    Column("summary", Text(), nullable=False),
    Column("story", Text(), nullable=False),
    Column("date", String(_DATE), nullable=False),
)

consultations = Table(
    "consultations",
    metadata,
    Column("consultation", String(_ID), primary_key=True),
    Column("raiser", String(_ACTOR), nullable=False),
    Column("respondent", String(_ACTOR), nullable=False),
    Column("channel", String(_ACTOR), nullable=False),
    Column("subject", Text(), nullable=False),  # JSON {act?: int, move?: str}
    Column("concern", Text(), nullable=False),
    Column("opened", String(_DATE), nullable=False),
    Column("deadline", String(_DATE), nullable=False),
    Column("outcome", String(16), nullable=True),
    Column("closed_on", String(_DATE), nullable=True),
    Column("note", Text(), nullable=False),
    Column("idx", BigInteger(), nullable=False),
)

consultation_replies = Table(
    "consultation_replies",
    metadata,
    Column("idx", BigInteger(), primary_key=True, autoincrement=False),
    Column("consultation", String(_ID), nullable=False),
    Column("actor", String(_ACTOR), nullable=False),
    Column("text", Text(), nullable=False),
    Column("date", String(_DATE), nullable=False),
    Column("late", Boolean(), nullable=False),
)

#: Every projection table, in an order safe for deletion.
ALL_TABLES = (
    inst_settings,
    charter_negotiators,
    charter_versions,
    charter_rounds,
    charter_comments,
    charter_positions,
    charter_participants,
    charter_instruments,
    charter_reservations,
    forum_sessions,
    forum_declines,
    forum_proposals,
    forum_votes,
    forum_minutes,
    wg_members,
    fund_transactions,
    fund_postings,
    fund_balances,
    fund_day_totals,
    fund_day_accounts,
    projects,
    project_appraisals,
    project_milestones,
    project_tranches,
    project_results,
    consultations,
    consultation_replies,
)

#: Private keys the sandbox generated (never used outside a sandbox store; not a projection).
sandbox_keys = Table(
    "sandbox_keys",
    metadata,
    Column("actor", String(_ACTOR), primary_key=True),
    Column("private_key_pem", Text(), nullable=False),
    Column("note", Text(), nullable=False),
)
