"""institutions: the Charter's membership as a history of instruments (``charter_instruments``).

Until now each actor had one ``charter_participants`` row, and an accession after a
withdrawal overwrote the ratification it had deposited: the Charter could lose the
instruments that brought it into force. The new table keeps every instrument. The upgrade
fills it from the rows that exist (a signature, the instrument and the withdrawal each row
still shows); what an overwrite lost can only come back from the log itself, so a store that
saw a withdrawal followed by an accession should be rebuilt (``Record.rebuild``) once.

Revision ID: institutions_0002
Revises: institutions_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "institutions_0002"
down_revision = "institutions_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "charter_instruments",
        sa.Column("idx", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("instrument", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("effective", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("idx", "seq", name=op.f("pk_charter_instruments")),
    )
    op.create_index(
        op.f("ix_charter_instruments_actor"), "charter_instruments", ["actor"], unique=False
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT actor, kind, signed_on, instrument, instrument_on, withdrawal_notice_on, "
            "withdrawal_effective, idx FROM charter_participants ORDER BY idx"
        )
    ).all()
    # An old row keeps only the index of the actor's first act: its instruments share that
    # index, in the order they were made (``seq`` 0, 1, 2). A rebuild gives each instrument
    # the index of its own entry (``seq`` 0).
    out = []
    for actor, kind, signed, instrument, on, notice, effective, idx in rows:
        found = [
            ("signature", signed, None),
            (instrument, on, None),
            ("withdrawal", notice, effective),
        ]
        made = [(name, day, eff) for name, day, eff in found if name and day]
        for seq, (name, day, eff) in enumerate(made):
            out.append({"i": int(idx), "s": seq, "a": actor, "n": name, "k": kind, "d": day,
                        "e": eff})  # fmt: skip
    insert = sa.text(
        "INSERT INTO charter_instruments (idx, seq, actor, instrument, kind, date, effective) "
        "VALUES (:i, :s, :a, :n, :k, :d, :e)"
    )
    if out:
        conn.execute(insert, out)


def downgrade() -> None:
    op.drop_index(op.f("ix_charter_instruments_actor"), table_name="charter_instruments")
    op.drop_table("charter_instruments")
