"""The stored tree: roots and proofs read from the entries' hashes, for every size and index."""

from __future__ import annotations

import pytest
from record_factories import founded
from sqlalchemy import update

from eurasec.errors import RecordTampered
from eurasec.record import Record
from eurasec.record.merkle import (
    consistency_layout,
    fold,
    inclusion_layout,
    leaf_hash,
    perfect_chunks,
    root_of,
    verify_consistency,
    verify_inclusion,
)
from eurasec.record.schema import record_entry
from eurasec.record.tree import (
    fetch_hashes,
    stored_consistency_proof,
    stored_inclusion_proof,
    stored_root,
)
from eurasec.storage import Store

SIZE = 37  # odd, and crosses 32: proofs with non-perfect right ranges of several chunks


def _range_hash(hashes: list[bytes], a: int, b: int) -> bytes:
    """MTH(D[a:b]) from the leaf hashes alone (independent of what is stored)."""
    return fold([root_of(hashes[i << lv : (i + 1) << lv]) for lv, i in perfect_chunks(a, b)])


@pytest.fixture
def log(store: Store) -> list[bytes]:
    """A log of SIZE entries on ``store``; returns the leaf hashes."""
    record = Record(store, accept_unknown_types=True)
    p = founded(record)
    record.submit_many(
        [p.act("RUS" if i % 3 else "KAZ", "test.note", {"i": i}) for i in range(SIZE - 3)]
    )
    return [e.leaf_hash for e in record.entries(0, SIZE)]


def test_every_root_and_proof_matches_the_leaves(store: Store, log: list[bytes]) -> None:
    with store.connect() as conn:
        for size in range(1, SIZE + 1):
            root = root_of(log[:size])
            assert stored_root(conn, size) == root
            for index in range(size):
                leaf, proof = stored_inclusion_proof(conn, index, size)
                expected = [_range_hash(log, a, b) for a, b in inclusion_layout(index, size)]
                assert (leaf, proof) == (log[index], expected)
                assert verify_inclusion(index, size, leaf, proof, root)
            for first in range(1, size + 1):
                proof = stored_consistency_proof(conn, first, size)
                expected = [_range_hash(log, a, b) for a, b in consistency_layout(first, size)]
                assert proof == expected
                assert verify_consistency(first, size, root_of(log[:first]), root, proof)


def test_fetch_hashes_finds_each_node_where_node_place_says(store: Store, log: list[bytes]) -> None:
    stored = [(0, 0), (0, 36), (1, 3), (2, 1), (5, 0)]
    incomplete = (3, 4)  # leaves 32..39: the log has only 37, so no entry completes it
    with store.connect() as conn:
        got = fetch_hashes(conn, [*stored, incomplete])
    assert got[:-1] == [root_of(log[i << lv : (i + 1) << lv]) for lv, i in stored]
    assert got[-1] is None


@pytest.mark.parametrize("entry", [31, 35])
def test_a_short_hashes_blob_is_reported_as_tampering(
    store: Store, log: list[bytes], entry: int
) -> None:
    """Entry 31 holds the level-5 node (leaves 0..31); entry 35 the level-2 node 32..35."""
    with store.begin() as conn:
        conn.execute(
            update(record_entry)
            .where(record_entry.c.idx == entry)
            .values(hashes=leaf_hash(b"only a leaf hash"))
        )
    with store.connect() as conn, pytest.raises(RecordTampered, match="missing"):
        stored_inclusion_proof(conn, 36, SIZE)
