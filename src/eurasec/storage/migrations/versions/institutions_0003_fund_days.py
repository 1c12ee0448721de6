"""institutions: the Fund's daily totals, so its statement as of a date reads few rows.

``GET /api/v1/fund/statement`` summed every transaction and every posting up to the date:
1.1 s at 52,000 entries. ``fund_day_totals`` keeps each day's transactions added up per kind,
party or purpose and currency, and ``fund_day_accounts`` each day's postings per account;
``ledger.post`` keeps both with every transaction. The upgrade fills them from the ledger as
it stands. ``fund_transactions.decision`` gets an index (disbursements sum what was paid out
under their decision).

Revision ID: institutions_0003
Revises: institutions_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "institutions_0003"
down_revision = "institutions_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fund_day_totals",
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "date", "kind", "subject", "currency", name=op.f("pk_fund_day_totals")
        ),
    )
    op.create_table(
        "fund_day_accounts",
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("account", sa.String(length=96), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("date", "account", name=op.f("pk_fund_day_accounts")),
    )
    op.create_index(
        op.f("ix_fund_transactions_decision"), "fund_transactions", ["decision"], unique=False
    )
    op.execute(
        "INSERT INTO fund_day_totals (date, kind, subject, currency, amount, n) "
        "SELECT date, kind, COALESCE(CASE WHEN kind IN ('pledge', 'contribution') "
        "THEN party ELSE purpose END, ''), currency, SUM(amount), COUNT(*) "
        "FROM fund_transactions GROUP BY date, kind, "
        "COALESCE(CASE WHEN kind IN ('pledge', 'contribution') THEN party ELSE purpose END, ''), "
        "currency"
    )
    op.execute(
        "INSERT INTO fund_day_accounts (date, account, currency, amount) "
        "SELECT date, account, currency, SUM(amount) FROM fund_postings "
        "GROUP BY date, account, currency"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_fund_transactions_decision"), table_name="fund_transactions")
    op.drop_table("fund_day_accounts")
    op.drop_table("fund_day_totals")
