"""record: each entry keeps its leaf hash and the perfect-subtree hashes it completes.

``record_node`` (one row per perfect subtree) becomes ``record_entry.hashes``: the node at
``level``, ``index`` moves to the row of entry ``((index + 1) << level) - 1`` at byte
``32 * level`` (see ``eurasec.record.tree``). An append then writes one row instead of three
on average.

Revision ID: record_0002
Revises: record_0001
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "record_0002"
down_revision = "record_0001"
branch_labels = None
depends_on = None

_Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
#: Rows written per ``executemany`` while moving hashes.
_CHUNK = 10_000


def _place(nid: int) -> tuple[int, int]:
    """``(entry, level)`` of node id ``nid`` (``(index << (level+1)) | (2**level - 1)``)."""
    level = (nid ^ (nid + 1)).bit_length() - 1
    return (((nid >> (level + 1)) + 1) << level) - 1, level


def upgrade() -> None:
    op.add_column("record_entry", sa.Column("hashes", sa.LargeBinary(), nullable=True))
    conn = op.get_bind()
    levels: dict[int, dict[int, bytes]] = defaultdict(dict)
    for nid, digest in conn.execute(sa.text("SELECT id, hash FROM record_node")):
        entry, level = _place(int(nid))
        levels[entry][level] = bytes(digest)
    rows = []
    for entry, found in levels.items():
        run, level = [], 0
        while level in found:  # a gap (a tampered store) ends the run; verify will say where
            run.append(found[level])
            level += 1
        rows.append({"i": entry, "h": b"".join(run)})
    update = sa.text("UPDATE record_entry SET hashes = :h WHERE idx = :i")
    for start in range(0, len(rows), _CHUNK):
        conn.execute(update, rows[start : start + _CHUNK])
    conn.execute(sa.text("UPDATE record_entry SET hashes = :h WHERE hashes IS NULL"), {"h": b""})
    # On SQLite the table is rebuilt here; ``hashes`` goes before ``leaf`` so that reading it
    # never walks a large leaf's overflow pages (SQLite reads a row's columns in order).
    with op.batch_alter_table(
        "record_entry", partial_reordering=[("idx", "hashes", "leaf")]
    ) as batch:
        batch.alter_column("hashes", existing_type=sa.LargeBinary(), nullable=False)
    op.drop_table("record_node")


def downgrade() -> None:
    op.create_table(
        "record_node",
        sa.Column("id", _Id, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.LargeBinary(32), nullable=False),
    )
    conn = op.get_bind()
    insert = sa.text("INSERT INTO record_node (id, hash) VALUES (:i, :h)")
    rows = []
    for idx, hashes in conn.execute(sa.text("SELECT idx, hashes FROM record_entry")):
        blob = bytes(hashes)
        for level in range(len(blob) // 32):
            index = int(idx) >> level
            nid = (index << (level + 1)) | ((1 << level) - 1)
            rows.append({"i": nid, "h": blob[32 * level : 32 * level + 32]})
    for start in range(0, len(rows), _CHUNK):
        conn.execute(insert, rows[start : start + _CHUNK])
    with op.batch_alter_table("record_entry") as batch:
        batch.drop_column("hashes")
