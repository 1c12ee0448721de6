"""The Merkle tree as stored: every perfect subtree hash in ``record_node``.

Appending leaf ``n`` writes its leaf hash and one parent for each perfect subtree it
completes (two rows per leaf on average), using the *frontier*: the hashes of the perfect
subtrees that make up ``[0, n)``, at most ``log2 n + 1`` of them, kept in memory and reloaded
from the table in one query after a restart. Proofs and roots for any size ``m ≤ n`` read the
O(log n) nodes they need in a single ``IN`` query (:func:`eurasec.record.merkle.perfect_chunks`),
so nothing is rebuilt in memory, however large the log.

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from eurasec.errors import RecordTampered
from eurasec.record.merkle import (
    EMPTY_ROOT,
    consistency_layout,
    fold,
    inclusion_layout,
    node_hash,
    node_id,
    perfect_chunks,
)

__all__ = [
    "Frontier",
    "fetch_nodes",
    "load_frontier",
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


@dataclass
class Frontier:
    """The perfect subtrees covering ``[0, size)``, largest first, as ``(level, hash)``."""

    size: int = 0
    stack: list[tuple[int, bytes]] = field(default_factory=list)

    def copy(self) -> Frontier:
        """An independent copy (appends to it leave this one unchanged)."""
        return Frontier(self.size, list(self.stack))

    def append(self, leaf: bytes) -> list[tuple[int, bytes]]:
        """Add leaf hash ``leaf``; return the ``(node id, hash)`` rows to store."""
        index = self.size
        rows = [(node_id(0, index), leaf)]
        level, cur = 0, leaf
        while self.stack and self.stack[-1][0] == level:
            cur = node_hash(self.stack.pop()[1], cur)
            level += 1
            rows.append((node_id(level, index >> level), cur))
        self.stack.append((level, cur))
        self.size += 1
        return rows

    def root(self) -> bytes:
        """The root hash of the tree of ``size`` leaves."""
        if not self.stack:
            return EMPTY_ROOT
        return fold([h for _level, h in self.stack])


def raw_query(conn: Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """Run ``sql`` (``?`` marks each bound parameter) on the driver connection under ``conn``.

    The hot read paths (tree size, node lookups) skip SQLAlchemy's statement machinery: a
    proof is a handful of index lookups, and the per-statement overhead would dominate it.
    Inside a transaction of ``conn`` this runs in that transaction.
    """
    if conn.dialect.paramstyle != "qmark":
        sql = sql.replace("?", "%s")
    cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.execute(sql, tuple(params))
        return list(cur.fetchall()) if cur.description else []
    finally:
        cur.close()


def raw_many(conn: Connection, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    """``executemany`` of ``sql`` (``?`` marks each parameter) on the driver connection."""
    if not rows:
        return
    if conn.dialect.paramstyle != "qmark":
        sql = sql.replace("?", "%s")
    cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cur.executemany(sql, rows)
    finally:
        cur.close()


def tree_size(conn: Connection) -> int:
    """Number of entries stored (entries are numbered 0..n-1 without gaps)."""
    top = raw_query(conn, "SELECT max(idx) FROM record_entry")[0][0]
    return 0 if top is None else int(top) + 1


def fetch_nodes(conn: Connection, ids: Iterable[int]) -> dict[int, bytes]:
    """The stored hashes of node ``ids``, in as few queries as the parameter limit allows."""
    wanted = sorted(set(ids))
    found: dict[int, bytes] = {}
    for i in range(0, len(wanted), FETCH_CHUNK):
        part = wanted[i : i + FETCH_CHUNK]
        sql = f"SELECT id, hash FROM record_node WHERE id IN ({','.join('?' * len(part))})"
        for nid, h in raw_query(conn, sql, part):
            found[nid] = bytes(h)
    return found


def _plan(start: int, end: int) -> list[int]:
    width = end - start
    if width & (width - 1) == 0:  # one perfect subtree: the common case in proofs
        level = width.bit_length() - 1
        return [node_id(level, start >> level)]
    return [node_id(lv, ix) for lv, ix in perfect_chunks(start, end)]


def range_hashes(
    conn: Connection, ranges: Sequence[tuple[int, int]], extra: Sequence[int] = ()
) -> list[bytes]:
    """MTH of each ``[start, end)`` range (ranges as RFC 9162 recursion produces them).

    The hashes of the ``extra`` node ids, fetched in the same query, follow.
    """
    plans = [_plan(a, b) for a, b in ranges]
    nodes = fetch_nodes(conn, [*(nid for plan in plans for nid in plan), *extra])
    out = []
    for (a, b), plan in zip(ranges, plans, strict=True):
        try:
            out.append(nodes[plan[0]] if len(plan) == 1 else fold([nodes[n] for n in plan]))
        except KeyError:
            raise RecordTampered(f"tree node missing for leaves [{a}, {b})") from None
    for nid in extra:
        if nid not in nodes:
            raise RecordTampered(f"tree node {nid} missing")
        out.append(nodes[nid])
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
    hashes = range_hashes(conn, inclusion_layout(index, size), extra=[node_id(0, index)])
    return hashes[-1], hashes[:-1]


def stored_consistency_proof(conn: Connection, first: int, second: int) -> list[bytes]:
    """RFC 9162 consistency proof from size ``first`` to size ``second``."""
    return range_hashes(conn, consistency_layout(first, second))
