"""The Merkle tree as stored: every perfect subtree hash, kept with the entry that completes it.

Entry ``n``'s row holds, in ``record_entry.hashes``, its leaf hash followed by the hash of
each perfect subtree that leaf ``n`` completes, lowest level first (one per trailing 1 bit of
``n``: two hashes per entry on average). So the node at ``level``, ``index`` lives in the row
of entry ``((index + 1) << level) - 1`` at byte ``32 * level`` (:func:`node_place`), and an
append writes one row. Appending uses the *frontier*: the hashes of the perfect subtrees that
make up ``[0, n)``, at most ``log2 n + 1`` of them, kept in memory and reloaded in one query
after a restart. Proofs and roots for any size ``m ≤ n`` read the O(log n) rows they need in
a single ``IN`` query (:func:`eurasec.record.merkle.perfect_chunks`), so nothing is rebuilt in
memory, however large the log.

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Connection

from eurasec.errors import RecordTampered
from eurasec.record.merkle import (
    EMPTY_ROOT,
    consistency_layout,
    fold,
    inclusion_layout,
    node_hash,
    perfect_chunks,
)
from eurasec.storage.raw import raw_many, raw_query

__all__ = [
    "HASH_BYTES",
    "Frontier",
    "fetch_hashes",
    "load_frontier",
    "node_place",
    "range_hashes",
    "raw_many",
    "raw_query",
    "stored_consistency_proof",
    "stored_inclusion_proof",
    "stored_root",
    "tree_size",
]

#: Node ids per ``IN (...)`` query (SQLite allows 32,766 host parameters; stay far below).
FETCH_CHUNK = 500
#: Bytes of one SHA-256 hash in ``record_entry.hashes``.
HASH_BYTES = 32
#: A perfect subtree as ``(level, index)``: leaves ``[index << level, (index + 1) << level)``.
Node = tuple[int, int]


@dataclass
class Frontier:
    """The perfect subtrees covering ``[0, size)``, largest first, as ``(level, hash)``."""

    size: int = 0
    stack: list[tuple[int, bytes]] = field(default_factory=list)

    def copy(self) -> Frontier:
        """An independent copy (appends to it leave this one unchanged)."""
        return Frontier(self.size, list(self.stack))

    def append(self, leaf: bytes) -> bytes:
        """Add leaf hash ``leaf``; return what its entry stores in ``hashes``.

        That is ``leaf`` followed by the hash of each perfect subtree the new leaf completes,
        lowest level first.
        """
        stack = self.stack
        if not stack or stack[-1][0] != 0:
            stack.append((0, leaf))
            self.size += 1
            return leaf
        parts = [leaf]
        level, cur = 0, leaf
        while stack and stack[-1][0] == level:
            cur = node_hash(stack.pop()[1], cur)
            level += 1
            parts.append(cur)
        stack.append((level, cur))
        self.size += 1
        return b"".join(parts)

    def root(self) -> bytes:
        """The root hash of the tree of ``size`` leaves."""
        if not self.stack:
            return EMPTY_ROOT
        return fold([h for _level, h in self.stack])


def tree_size(conn: Connection) -> int:
    """Number of entries stored (entries are numbered 0..n-1 without gaps)."""
    top = raw_query(conn, "SELECT max(idx) FROM record_entry")[0][0]
    return 0 if top is None else int(top) + 1


def node_place(level: int, index: int) -> tuple[int, int]:
    """``(entry index, byte offset)`` where the node at ``level``, ``index`` is stored."""
    return ((index + 1) << level) - 1, HASH_BYTES * level


def fetch_hashes(conn: Connection, nodes: Sequence[Node]) -> list[bytes | None]:
    """The stored hash of each ``(level, index)`` node, in as few queries as allowed.

    ``None`` for a node whose entry is missing or whose entry's ``hashes`` is too short.
    """
    places = [node_place(level, index) for level, index in nodes]
    wanted = list({entry for entry, _offset in places})
    blobs: dict[int, bytes] = {}
    for i in range(0, len(wanted), FETCH_CHUNK):
        part = wanted[i : i + FETCH_CHUNK]
        sql = f"SELECT idx, hashes FROM record_entry WHERE idx IN ({','.join('?' * len(part))})"
        blobs.update(raw_query(conn, sql, part))
    found: list[bytes | None] = []
    for entry, offset in places:
        blob = blobs.get(entry)
        end = offset + HASH_BYTES
        found.append(None if blob is None or len(blob) < end else bytes(blob[offset:end]))
    return found


def range_hashes(
    conn: Connection, ranges: Sequence[tuple[int, int]], extra: Sequence[Node] = ()
) -> list[bytes]:
    """MTH of each ``[start, end)`` range (ranges as RFC 9162 recursion produces them).

    The hashes of the ``extra`` nodes, fetched in the same query, follow.
    """
    nodes: list[Node] = []
    widths: list[int] = []  # perfect chunks per range: 1 for most ranges of a proof
    for start, end in ranges:
        width = end - start
        if width & (width - 1) == 0:  # one perfect subtree
            level = width.bit_length() - 1
            nodes.append((level, start >> level))
            widths.append(1)
        else:
            chunks = perfect_chunks(start, end)
            nodes.extend(chunks)
            widths.append(len(chunks))
    nodes.extend(extra)
    hashes = fetch_hashes(conn, nodes)
    out: list[bytes] = []
    pos = 0
    for (start, end), count in zip(ranges, widths, strict=True):
        chunk = hashes[pos : pos + count]
        pos += count
        if None in chunk:
            raise RecordTampered(f"tree node missing for leaves [{start}, {end})")
        got = cast(list[bytes], chunk)  # no None in it now
        out.append(got[0] if count == 1 else fold(got))
    for (level, index), h in zip(extra, hashes[pos:], strict=True):
        if h is None:
            raise RecordTampered(f"tree node at level {level}, index {index} missing")
        out.append(h)
    return out


def load_frontier(conn: Connection, size: int) -> Frontier:
    """The frontier of the stored tree at ``size`` (one query)."""
    chunks = perfect_chunks(0, size)
    hashes = range_hashes(conn, [(ix << lv, (ix + 1) << lv) for lv, ix in chunks])
    return Frontier(size, [(lv, h) for (lv, _ix), h in zip(chunks, hashes, strict=True)])


def stored_root(conn: Connection, size: int) -> bytes:
    """The root hash of the stored tree's first ``size`` leaves."""
    return EMPTY_ROOT if size == 0 else range_hashes(conn, [(0, size)])[0]


def stored_inclusion_proof(conn: Connection, index: int, size: int) -> tuple[bytes, list[bytes]]:
    """Leaf hash of ``index`` and its RFC 9162 inclusion proof in the tree of ``size`` leaves."""
    hashes = range_hashes(conn, inclusion_layout(index, size), extra=[(0, index)])
    return hashes[-1], hashes[:-1]


def stored_consistency_proof(conn: Connection, first: int, second: int) -> list[bytes]:
    """RFC 9162 consistency proof from size ``first`` to size ``second``."""
    return range_hashes(conn, consistency_layout(first, second))
