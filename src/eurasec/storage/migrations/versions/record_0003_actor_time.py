"""record: each actor's row keeps the time of its latest statement (``record_actor.last_time``).

A new statement may not be dated before its actor's previous one (``record_time_order``);
the record reads that time with the actor's next sequence number. The upgrade fills it from
the stored leaves: the latest time each actor has signed, written as a key that sorts by
instant (``YYYY-MM-DDTHH:MM:SS.ffffff``, see ``eurasec.record.clock.time_key``).

Revision ID: record_0003
Revises: record_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "record_0003"
down_revision = "record_0002"
branch_labels = None
depends_on = None

#: Entries read per query while filling ``last_time``.
_CHUNK = 10_000
#: In a canonical leaf the statement's own time is the last member before ``type`` (JCS sorts
#: ``payload`` < ``seq`` < ``time`` < ``type``), so its last occurrence is the statement's.
_TIME = b',"time":"'


def _key(time: str) -> str:
    frac = time[20:-1] if time[19] == "." else ""
    return f"{time[:19]}.{frac:0<6}"


def upgrade() -> None:
    op.add_column("record_actor", sa.Column("last_time", sa.String(32), nullable=True))
    conn = op.get_bind()
    latest: dict[str, str] = {}
    start = 0
    query = sa.text(
        "SELECT idx, actor, leaf FROM record_entry WHERE idx >= :s ORDER BY idx LIMIT :n"
    )
    while True:
        rows = conn.execute(query, {"s": start, "n": _CHUNK}).all()
        if not rows:
            break
        for _idx, actor, leaf in rows:
            raw = bytes(leaf)
            at = raw.rfind(_TIME)
            if at < 0:
                continue  # not a statement leaf: `eurasec record verify` will name it
            end = raw.find(b'"', at + len(_TIME))
            key = _key(raw[at + len(_TIME) : end].decode("ascii", "replace"))
            if key > latest.get(actor, ""):
                latest[actor] = key
        start = int(rows[-1][0]) + 1
    update = sa.text("UPDATE record_actor SET last_time = :t WHERE actor = :a")
    params = [{"t": t, "a": a} for a, t in latest.items()]
    for i in range(0, len(params), _CHUNK):
        conn.execute(update, params[i : i + _CHUNK])


def downgrade() -> None:
    with op.batch_alter_table("record_actor") as batch:
        batch.drop_column("last_time")
