"""Whole-store invariants checked after crashes, concurrency and load.

Independent of the record's own code where it matters: the Merkle root is recomputed here
from the stored leaves (RFC 9162, section 2.1.1), signatures are checked leaf by leaf, and
the projections are compared with a fresh replay of the log.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from eurasec.institutions.fund.ledger import balances
from eurasec.institutions.participant import open_record
from eurasec.institutions.schema import fund_postings
from eurasec.record.statement import decode_leaf, verify_signature
from eurasec.record.verify import verify_store
from eurasec.storage import Store, metadata

#: The client process that submits acts and prints what was acknowledged.
WORKER = Path(__file__).with_name("_worker.py")
#: Tables that are the log itself or hold keys, not projections rebuilt by replay.
NOT_PROJECTIONS = {"store_meta", "sandbox_keys", "alembic_version"}


@dataclass(frozen=True)
class Ack:
    """One acknowledged act, as the client saw it."""

    index: int
    leaf_hash: str
    actor: str
    seq: int
    type: str
    amount: int


def parse_acks(text: str) -> list[Ack]:
    """The ``ACK`` lines a worker printed (a torn last line is ignored: it was not complete)."""
    acks = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 7 and parts[0] == "ACK":
            acks.append(
                Ack(int(parts[1]), parts[2], parts[3], int(parts[4]), parts[5], int(parts[6]))
            )
    return acks


def mth(leaves: list[bytes]) -> bytes:
    """RFC 9162 Merkle tree hash of ``leaves``, computed from scratch."""
    level = [hashlib.sha256(b"\x00" + leaf).digest() for leaf in leaves]
    if not level:
        return hashlib.sha256(b"").digest()
    # Left-balanced tree: combining pairwise level by level and promoting an odd last node
    # gives the same root as splitting at the largest power of two below n.
    while len(level) > 1:
        nxt = [
            hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest()
            for i in range(0, len(level) - 1, 2)
        ]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def _projections(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    with store.connect() as conn:
        for name, table in sorted(metadata.tables.items()):
            if name in NOT_PROJECTIONS or name.startswith("record_"):
                continue
            rows = conn.execute(select(table)).all()
            out[name] = sorted((tuple(r) for r in rows), key=repr)
    return out


def check_store(store: Store, acks: list[Ack]) -> dict[str, Any]:
    """Assert every invariant; return a few numbers about the store."""
    record = open_record(store)
    size = record.size()
    assert verify_store(store).size == size  # what `eurasec record verify` runs
    entries = record.entries(0, size)
    assert [e.index for e in entries] == list(range(size)), "gap in the log"
    leaves = [e.leaf for e in entries]
    assert len(set(leaves)) == size, "duplicate entry in the log"
    assert record.root() == mth(leaves), "stored tree does not match the leaves"

    # Every acknowledged act is there, at its index, byte for byte.
    hashes = {e.index: e.leaf_hash.hex() for e in entries}
    for ack in acks:
        assert hashes.get(ack.index) == ack.leaf_hash, f"acknowledged entry {ack.index} lost"
    assert len({a.index for a in acks}) == len(acks), "one index acknowledged twice"

    # Signatures verify and each actor's sequence numbers run 0, 1, 2 ... without a gap.
    seqs: dict[str, list[int]] = defaultdict(list)
    amounts: Counter[tuple[str, str]] = Counter()
    for entry in entries:
        signed = decode_leaf(entry.leaf)
        st = signed.statement
        if signed.key_id:
            key = record.public_key(signed.key_id)
            assert key is not None, f"entry {entry.index}: unknown key"
            verify_signature(signed, key)
        seqs[st.actor].append(st.seq)
        if st.type in ("fund.pledge", "fund.contribute"):
            amounts[(st.type, st.actor)] += int(st.payload["amount"])
    for actor, got in seqs.items():
        assert got == list(range(len(got))), f"{actor}: sequence numbers {got[:10]}..."
        assert record.next_seq(actor) == len(got), f"{actor}: next seq out of step"

    # Double entry: postings sum to zero per currency, no account below zero.
    with store.connect() as conn:
        sums = conn.execute(
            select(fund_postings.c.currency, func.sum(fund_postings.c.amount)).group_by(
                fund_postings.c.currency
            )
        ).all()
        assert all(int(total) == 0 for _cur, total in sums), f"ledger out of balance: {sums}"
        books = balances(conn)
    assert all(v >= 0 for v in books.values()), "an account below zero"
    for (kind, actor), _ in amounts.items():
        if kind == "fund.pledge":
            owed = amounts[("fund.pledge", actor)] - amounts[("fund.contribute", actor)]
            assert books.get(f"receivable:{actor}:USD", 0) == owed, f"{actor}: receivable wrong"
    pledged = sum(v for (k, _), v in amounts.items() if k == "fund.pledge")
    paid = sum(v for (k, _), v in amounts.items() if k == "fund.contribute")

    # Nothing half-applied: projections are exactly what a replay of the log gives.
    before = _projections(store)
    record.rebuild()
    assert _projections(store) == before, "projections differ from a replay of the log"
    return {"size": size, "pledged": pledged, "contributed": paid}


def report(name: str, facts: dict[str, Any]) -> None:
    """Append ``facts`` of a soak as a JSON line to ``$EURASEC_SOAK_LOG`` (when set).

    The long profiles are run with it set, and their last results copied into
    ``docs/concepts/security.md``.
    """
    path = os.environ.get("EURASEC_SOAK_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"test": name, **facts}) + "\n")
