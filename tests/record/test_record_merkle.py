"""RFC 9162 hashing and proofs against the reference vectors and pymerkle."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pymerkle import InmemoryTree

from eurasec.record.merkle import (
    EMPTY_ROOT,
    consistency_layout,
    fold,
    inclusion_layout,
    leaf_hash,
    node_id,
    perfect_chunks,
    root_from_consistency_proof,
    root_of,
    verify_consistency,
    verify_inclusion,
)

# The standard 8-leaf tree of RFC 6962 test suites (certificate-transparency, transparency-dev
# merkle proof/verify_test.go): leaves, roots of sizes 1..8, and known proofs.
LEAVES = [
    bytes.fromhex(h)
    for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
              "606162636465666768696a6b6c6d6e6f"]
]  # fmt: skip
ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# (leaf index 0-based, tree size, proof)
INCLUSION = [
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (0, 1, []),
]  # fmt: skip
CONSISTENCY = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]  # fmt: skip
HASHES = [leaf_hash(x) for x in LEAVES]


def _range_hash(hashes: list[bytes], a: int, b: int) -> bytes:
    return fold([root_of(hashes[i << lv : (i + 1) << lv]) for lv, i in perfect_chunks(a, b)])


def _inclusion(hashes: list[bytes], index: int, size: int) -> list[bytes]:
    return [_range_hash(hashes, a, b) for a, b in inclusion_layout(index, size)]


def _consistency(hashes: list[bytes], first: int, second: int) -> list[bytes]:
    return [_range_hash(hashes, a, b) for a, b in consistency_layout(first, second)]


def test_empty_root_is_sha256_of_nothing() -> None:
    assert root_of([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("size", range(1, 9))
def test_reference_roots(size: int) -> None:
    assert root_of(HASHES[:size]).hex() == ROOTS[size - 1]


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_reference_inclusion_proofs(index: int, size: int, proof: list[str]) -> None:
    got = _inclusion(HASHES, index, size)
    assert [h.hex() for h in got] == proof
    root = bytes.fromhex(ROOTS[size - 1])
    assert verify_inclusion(index, size, HASHES[index], got, root)
    assert not verify_inclusion(index ^ 1, size, HASHES[index], got, root) or size == 1
    assert not verify_inclusion(index, size, HASHES[index], [*got, root], root)


@pytest.mark.parametrize(("first", "second", "proof"), CONSISTENCY)
def test_reference_consistency_proofs(first: int, second: int, proof: list[str]) -> None:
    got = _consistency(HASHES, first, second)
    assert [h.hex() for h in got] == proof
    r1, r2 = bytes.fromhex(ROOTS[first - 1]), bytes.fromhex(ROOTS[second - 1])
    assert verify_consistency(first, second, r1, r2, got)
    if got:
        assert not verify_consistency(first, second, r2, r1, got)
        assert not verify_consistency(first, second, r1, r2, got[:-1])
        bent = [bytes([got[0][0] ^ 16]) + got[0][1:], *got[1:]]
        assert not verify_consistency(first, second, r1, r2, bent)


def test_node_ids_are_unique() -> None:
    ids = {node_id(lv, i) for lv in range(12) for i in range(1 << (12 - lv))}
    assert len(ids) == sum(1 << (12 - lv) for lv in range(12))


@given(st.lists(st.binary(max_size=40), min_size=1, max_size=70), st.data())
def test_matches_pymerkle_and_proofs_verify(leaves: list[bytes], data: st.DataObject) -> None:
    """Any sequence of leaves: our root equals pymerkle's; every proof verifies."""
    tree = InmemoryTree()
    for leaf in leaves:
        tree.append_entry(leaf)
    hashes = [leaf_hash(x) for x in leaves]
    n = len(leaves)
    assert root_of(hashes) == tree.get_root()
    index = data.draw(st.integers(0, n - 1))
    proof = _inclusion(hashes, index, n)
    assert verify_inclusion(index, n, hashes[index], proof, root_of(hashes))
    first = data.draw(st.integers(1, n))
    cproof = _consistency(hashes, first, n)
    assert verify_consistency(first, n, root_of(hashes[:first]), root_of(hashes), cproof)


@given(st.integers(2, 300), st.data())
def test_implied_old_root_exposes_a_different_prefix(n: int, data: st.DataObject) -> None:
    first = data.draw(st.integers(1, n - 1))
    hashes = [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]
    proof = _consistency(hashes, first, n)
    old, new = root_from_consistency_proof(first, n, root_of(hashes[:first]), proof)
    assert (old, new) == (root_of(hashes[:first]), root_of(hashes))
