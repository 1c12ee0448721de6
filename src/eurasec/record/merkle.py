"""RFC 9162 Merkle tree hashing, proof layouts and proof verification (pure functions).

Hashes (RFC 9162 §2.1.1): ``leaf = SHA-256(0x00 ‖ bytes)``, ``node = SHA-256(0x01 ‖ l ‖ r)``,
the empty tree hashes to ``SHA-256("")``. A tree of ``n`` leaves splits at ``k``, the largest
power of two below ``n``.

Stored trees (:mod:`eurasec.record.tree`) keep every *perfect* subtree: the node at ``level``
and ``index`` covers leaves ``[index·2^level, (index+1)·2^level)``. Any range a proof needs is a
right fold of at most ``log2 n`` such nodes (:func:`perfect_chunks`), so a proof costs one
lookup of O(log n) nodes, however large the tree.

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from eurasec.errors import RecordError

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "consistency_layout",
    "fold",
    "inclusion_layout",
    "leaf_hash",
    "node_hash",
    "node_id",
    "perfect_chunks",
    "root_from_consistency_proof",
    "root_from_inclusion_proof",
    "root_of",
    "verify_consistency",
    "verify_inclusion",
]

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_sha256 = hashlib.sha256

Range = tuple[int, int]


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 leaf hash: SHA-256(0x00 ‖ data)."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 interior node hash: SHA-256(0x01 ‖ left ‖ right)."""
    return _sha256(b"\x01" + left + right).digest()


def node_id(level: int, index: int) -> int:
    """One integer per perfect node (in-order numbering: leaves even, parents odd)."""
    return (index << (level + 1)) | ((1 << level) - 1)


def _split(n: int) -> int:
    """The largest power of two strictly below ``n`` (n ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def perfect_chunks(start: int, end: int) -> list[tuple[int, int]]:
    """``(level, index)`` of the perfect subtrees whose right fold is MTH(D[start:end]).

    Valid for the ranges RFC 9162 recursion produces: ``start`` is a multiple of a power of two
    at least ``end - start``, so the binary digits of the width give aligned chunks.
    """
    chunks = []
    pos, width = start, end - start
    for level in range(width.bit_length() - 1, -1, -1):
        if width >> level & 1:
            chunks.append((level, pos >> level))
            pos += 1 << level
    return chunks


def inclusion_layout(index: int, size: int) -> list[Range]:
    """The ranges whose subtree hashes form PATH(index, D[0:size]), leaf first."""
    path: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            path.append((start + k, end))
            end = start + k
        else:
            path.append((start, start + k))
            start += k
    path.reverse()
    return path


def consistency_layout(first: int, second: int) -> list[Range]:
    """The ranges whose subtree hashes form PROOF(first, D[0:second]) (RFC 9162 §2.1.4.1)."""
    path: list[Range] = []
    if first == 0 or first == second:
        return path
    start, end, m, complete = 0, second, first, True
    while True:
        width = end - start
        if m == width:
            if not complete:
                path.append((start, end))
            break
        k = _split(width)
        if m <= k:
            path.append((start + k, end))
            end = start + k
        else:
            path.append((start, start + k))
            start, m, complete = start + k, m - k, False
    path.reverse()
    return path


def root_of(hashes: Sequence[bytes]) -> bytes:
    """MTH of a list of leaf hashes (for tests and small trees; O(n) memory)."""
    if not hashes:
        return EMPTY_ROOT
    level = list(hashes)
    stack: list[tuple[int, bytes]] = []  # (height, hash) of perfect subtrees, left to right
    for h in level:
        height, cur = 0, h
        while stack and stack[-1][0] == height:
            cur = node_hash(stack.pop()[1], cur)
            height += 1
        stack.append((height, cur))
    root = stack.pop()[1]
    while stack:
        root = node_hash(stack.pop()[1], root)
    return root


def _check_hashes(proof: Sequence[bytes]) -> None:
    for h in proof:
        if len(h) != HASH_SIZE:
            raise RecordError("proof hash is not 32 bytes", code="proof_request_invalid")


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root that ``proof`` implies for ``leaf`` at ``index`` (RFC 9162 §2.1.3.2)."""
    if not 0 <= index < size:
        raise RecordError(f"index {index} not below tree size {size}", code="proof_request_invalid")
    _check_hashes(proof)
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise RecordError("inclusion proof is too long", code="proof_request_invalid")
        if fn & 1 or fn == sn:
            r = _sha256(b"\x01" + p + r).digest()
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = _sha256(b"\x01" + r + p).digest()
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise RecordError("inclusion proof is too short", code="proof_request_invalid")
    return r


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``proof`` shows ``leaf`` (a leaf hash) at ``index`` of the tree ``root``."""
    try:
        return root_from_inclusion_proof(index, size, leaf, proof) == root
    except RecordError:
        return False


def root_from_consistency_proof(
    first: int, second: int, first_root: bytes, proof: Sequence[bytes]
) -> tuple[bytes, bytes]:
    """``(old root, new root)`` that ``proof`` implies (RFC 9162 §2.1.4.2, steps 1-6).

    ``first_root`` is only used when ``first`` is a power of two (then the proof omits it).
    Comparing the implied old root with a signed one is how a fork is proven: a proof whose
    new root matches one checkpoint but whose old root differs from another checkpoint of the
    same log shows the log signed two incompatible histories.
    """
    if not 0 < first < second:
        raise RecordError(
            f"consistency needs 0 < first < second, got {first}, {second}",
            code="proof_request_invalid",
        )
    _check_hashes(proof)
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, first_root)
    if not path:
        raise RecordError("consistency proof is empty", code="proof_request_invalid")
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise RecordError("consistency proof is too long", code="proof_request_invalid")
        if fn & 1 or fn == sn:
            fr = _sha256(b"\x01" + c + fr).digest()
            sr = _sha256(b"\x01" + c + sr).digest()
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = _sha256(b"\x01" + sr + c).digest()
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise RecordError("consistency proof is too short", code="proof_request_invalid")
    return fr, sr


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether ``proof`` shows the tree ``first_root`` is a prefix of ``second_root``."""
    if first == second:
        return not proof and first_root == second_root
    if first == 0 or first > second:
        return first == 0 and not proof
    try:
        fr, sr = root_from_consistency_proof(first, second, first_root, proof)
    except RecordError:
        return False
    return fr == first_root and sr == second_root


def fold(chunks: Sequence[bytes]) -> bytes:
    """Right fold of perfect subtree hashes, left to right: MTH of their concatenation."""
    acc = chunks[-1]
    for h in reversed(chunks[:-1]):
        acc = _sha256(b"\x01" + h + acc).digest()
    return acc
