"""record: the Merkle log (entries, perfect-subtree nodes), keys, sequence numbers,
checkpoints and witness state.

Revision ID: record_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "record_0001"
down_revision = None
branch_labels = ("record",)
depends_on = None

_Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "record_entry",
        sa.Column("idx", _Id, primary_key=True, autoincrement=False),
        sa.Column("leaf", sa.LargeBinary(), nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("actor", sa.String(70), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.UniqueConstraint("actor", "seq", name="uq_record_entry_actor_seq"),
    )
    op.create_table(
        "record_node",
        sa.Column("id", _Id, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.LargeBinary(32), nullable=False),
    )
    op.create_table(
        "record_key",
        sa.Column("key_id", sa.String(32), primary_key=True),
        sa.Column("actor", sa.String(70), nullable=False),
        sa.Column("public_key", sa.String(44), nullable=False),
        sa.Column("registered_at", sa.BigInteger(), nullable=False),
        sa.Column("ended_at", sa.BigInteger(), nullable=True),
        sa.Column("end_reason", sa.String(16), nullable=True),
    )
    op.create_index("ix_record_key_actor", "record_key", ["actor"])
    op.create_table(
        "record_actor",
        sa.Column("actor", sa.String(70), primary_key=True),
        sa.Column("next_seq", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "record_checkpoint",
        sa.Column("tree_size", _Id, primary_key=True, autoincrement=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_table(
        "record_witness",
        sa.Column("origin", sa.String(200), primary_key=True),
        sa.Column("tree_size", sa.BigInteger(), nullable=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    for table in (
        "record_witness",
        "record_checkpoint",
        "record_actor",
        "record_key",
        "record_node",
        "record_entry",
    ):
        op.drop_table(table)
