"""institutions: projection tables of the Charter, Forum, Working Group, Fund, Project Office,
consultations, plus the sandbox's key table.

Revision ID: institutions_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "institutions_0001"
down_revision = None
branch_labels = ("institutions",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inst_settings",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_inst_settings")),
    )
    op.create_table(
        "charter_negotiators",
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("since", sa.String(length=10), nullable=False),
        sa.Column("idx", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("actor", name=op.f("pk_charter_negotiators")),
    )
    op.create_table(
        "charter_versions",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("articles", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("published", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sample", sa.Boolean(), nullable=False),
        sa.Column("idx", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_charter_versions")),
    )
    op.create_table(
        "charter_rounds",
        sa.Column("round", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("format", sa.String(length=64), nullable=False),
        sa.Column("venue", sa.Text(), nullable=False),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened", sa.String(length=10), nullable=False),
        sa.Column("closes", sa.String(length=10), nullable=False),
        sa.Column("idx", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("round", name=op.f("pk_charter_rounds")),
    )
    op.create_table(
        "charter_comments",
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("round", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("article", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("idx", name=op.f("pk_charter_comments")),
    )
    op.create_table(
        "charter_positions",
        sa.Column("round", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("article", sa.String(length=16), nullable=False),
        sa.Column("position", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("idx", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("round", "actor", "article", name=op.f("pk_charter_positions")),
    )
    op.create_table(
        "charter_participants",
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("signed_on", sa.String(length=10), nullable=True),
        sa.Column("instrument", sa.String(length=16), nullable=True),
        sa.Column("instrument_on", sa.String(length=10), nullable=True),
        sa.Column("withdrawal_notice_on", sa.String(length=10), nullable=True),
        sa.Column("withdrawal_effective", sa.String(length=10), nullable=True),
        sa.Column("idx", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("actor", name=op.f("pk_charter_participants")),
    )
    op.create_table(
        "charter_reservations",
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("article", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("idx", "seq", name=op.f("pk_charter_reservations")),
    )
    op.create_table(
        "forum_sessions",
        sa.Column("session", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("host", sa.String(length=64), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("extraordinary", sa.Boolean(), nullable=False),
        sa.Column("idx", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("session", name=op.f("pk_forum_sessions")),
    )
    op.create_table(
        "forum_declines",
        sa.Column("session", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("session", "actor", name=op.f("pk_forum_declines")),
    )
    op.create_table(
        "forum_proposals",
        sa.Column("proposal", sa.String(length=64), nullable=False),
        sa.Column("session", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("proposed_by", sa.String(length=64), nullable=False),
        sa.Column("proposed_on", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("decided_on", sa.String(length=10), nullable=True),
        sa.Column("rule", sa.String(length=16), nullable=True),
        sa.Column("idx", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("proposal", name=op.f("pk_forum_proposals")),
    )
    op.create_table(
        "forum_votes",
        sa.Column("proposal", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("position", sa.String(length=16), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("proposal", "actor", name=op.f("pk_forum_votes")),
    )
    op.create_table(
        "forum_minutes",
        sa.Column("session", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("session", name=op.f("pk_forum_minutes")),
    )
    op.create_table(
        "wg_members",
        sa.Column("party", sa.String(length=64), nullable=False),
        sa.Column("member", sa.String(length=64), nullable=False),
        sa.Column("since", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("party", name=op.f("pk_wg_members")),
        sa.UniqueConstraint("member", name=op.f("uq_wg_members_member")),
    )
    op.create_table(
        "fund_transactions",
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("party", sa.String(length=64), nullable=True),
        sa.Column("purpose", sa.String(length=64), nullable=True),
        sa.Column("decision", sa.String(length=64), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("idx", name=op.f("pk_fund_transactions")),
    )
    op.create_table(
        "fund_balances",
        sa.Column("account", sa.String(length=96), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("account", name=op.f("pk_fund_balances")),
    )
    op.create_table(
        "fund_postings",
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("line", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("account", sa.String(length=96), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("idx", "line", name=op.f("pk_fund_postings")),
    )
    op.create_index(op.f("ix_fund_postings_account"), "fund_postings", ["account"], unique=False)
    op.create_table(
        "projects",
        sa.Column("project", sa.String(length=64), nullable=False),
        sa.Column("line", sa.String(length=32), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("proposer", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("budget", sa.BigInteger(), nullable=False),
        sa.Column("tranches", sa.Text(), nullable=False),
        sa.Column("proposed_on", sa.String(length=10), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("approved_on", sa.String(length=10), nullable=True),
        sa.Column("decision", sa.String(length=64), nullable=True),
        sa.Column("closed_on", sa.String(length=10), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("idx", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("project", name=op.f("pk_projects")),
    )
    op.create_table(
        "project_appraisals",
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("project", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("scores", sa.Text(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("idx", name=op.f("pk_project_appraisals")),
    )
    op.create_table(
        "project_milestones",
        sa.Column("project", sa.String(length=64), nullable=False),
        sa.Column("milestone", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("project", "milestone", name=op.f("pk_project_milestones")),
    )
    op.create_table(
        "project_tranches",
        sa.Column("project", sa.String(length=64), nullable=False),
        sa.Column("tranche", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("idx", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("project", "tranche", name=op.f("pk_project_tranches")),
    )
    op.create_table(
        "project_results",
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("project", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("idx", name=op.f("pk_project_results")),
    )
    op.create_table(
        "consultations",
        sa.Column("consultation", sa.String(length=64), nullable=False),
        sa.Column("raiser", sa.String(length=64), nullable=False),
        sa.Column("respondent", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("concern", sa.Text(), nullable=False),
        sa.Column("opened", sa.String(length=10), nullable=False),
        sa.Column("deadline", sa.String(length=10), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("closed_on", sa.String(length=10), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("idx", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("consultation", name=op.f("pk_consultations")),
    )
    op.create_table(
        "consultation_replies",
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("consultation", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("idx", name=op.f("pk_consultation_replies")),
    )
    op.create_table(
        "sandbox_keys",
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("private_key_pem", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("actor", name=op.f("pk_sandbox_keys")),
    )


def downgrade() -> None:
    op.drop_table("sandbox_keys")
    op.drop_table("consultation_replies")
    op.drop_table("consultations")
    op.drop_table("project_results")
    op.drop_table("project_tranches")
    op.drop_table("project_milestones")
    op.drop_table("project_appraisals")
    op.drop_table("projects")
    op.drop_table("fund_balances")
    op.drop_table("fund_postings")
    op.drop_table("fund_transactions")
    op.drop_table("wg_members")
    op.drop_table("forum_minutes")
    op.drop_table("forum_votes")
    op.drop_table("forum_proposals")
    op.drop_table("forum_declines")
    op.drop_table("forum_sessions")
    op.drop_table("charter_reservations")
    op.drop_table("charter_participants")
    op.drop_table("charter_positions")
    op.drop_table("charter_comments")
    op.drop_table("charter_rounds")
    op.drop_table("charter_versions")
    op.drop_table("charter_negotiators")
    op.drop_table("inst_settings")
