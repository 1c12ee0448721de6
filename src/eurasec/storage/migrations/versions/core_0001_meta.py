"""core: a key-value table for store-wide facts (origin name, sandbox flag, data version).

Each area of eurasec (core, registry, record, institutions, ...) keeps its own migration
branch, labelled with the area's name, so areas evolve independently; ``upgrade heads``
applies them all.

Revision ID: core_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "core_0001"
down_revision = None
branch_labels = ("core",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_meta")
