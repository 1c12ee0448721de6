"""The browser's RFC 9162 inclusion check and checkpoint signature check agree with Python."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import Page

from eurasec.record.checkpoint import Checkpoint, NoteSigner, sign_checkpoint

pytestmark = pytest.mark.browser


def _leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _root(leaves: list[bytes]) -> bytes:
    if len(leaves) == 1:
        return leaves[0]
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    return _node(_root(leaves[:k]), _root(leaves[k:]))


def _path(index: int, leaves: list[bytes]) -> list[bytes]:
    """RFC 9162 2.1.3.1 PATH(m, D[n]), bottom up."""
    if len(leaves) == 1:
        return []
    k = 1 << ((len(leaves) - 1).bit_length() - 1)
    if index < k:
        return [*_path(index, leaves[:k]), _root(leaves[k:])]
    return [*_path(index - k, leaves[k:]), _root(leaves[:k])]


CHECK = """async ([leaf, index, size, path, root]) => {
  const m = await import("/static/js/merkle.js");
  const lh = await m.leafHash(new TextEncoder().encode(leaf));
  return m.verifyInclusion(lh, index, size, path.map(m.fromHex), m.fromHex(root));
}"""


def test_inclusion_proofs_verify_in_the_browser(live_server: str, tab: Page) -> None:
    tab.goto(live_server + "/")
    for size in (1, 2, 3, 5, 8, 13):
        data = [f"act {i}".encode() for i in range(size)]
        leaves = [_leaf(d) for d in data]
        root = _root(leaves).hex()
        for index in range(size):
            path = [p.hex() for p in _path(index, leaves)]
            args = [data[index].decode(), index, size, path, root]
            assert tab.evaluate(CHECK, args) is True, (size, index)
            if path:  # a flipped sibling hash, a wrong index or a wrong leaf must fail
                bad = [path[0][:-2] + ("00" if path[0][-2:] != "00" else "01"), *path[1:]]
                assert tab.evaluate(CHECK, [args[0], index, size, bad, root]) is False
                wrong = (index + 1) % size
                assert tab.evaluate(CHECK, [args[0], wrong, size, path, root]) is False
            assert tab.evaluate(CHECK, ["tampered", index, size, path, root]) is False


NOTE = """async ([note, vkey]) => {
  const m = await import("/static/js/checkpoint.js");
  const c = m.parseCheckpoint(note);
  return [c.size, await m.checkNote(c, vkey)];
}"""


@pytest.mark.parametrize("origin", ["example.org/log", "eurasec.sandbox"])
def test_checkpoint_signature_checked_in_the_browser(
    live_server: str, tab: Page, origin: str
) -> None:
    tab.goto(live_server + "/")
    checked = 0
    for seed in range(40):  # keys whose base64 holds '+' or '/' as well as plain ones
        key = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(bytes([seed])).digest())
        signer = NoteSigner(origin, key)
        note = sign_checkpoint(Checkpoint(origin, 7, bytes(range(32))), signer)
        vkey = signer.verifier.vkey()
        assert tab.evaluate(NOTE, [note, vkey]) == [7, True]
        forged = note.replace("\n7\n", "\n8\n")
        assert tab.evaluate(NOTE, [forged, vkey]) == [8, False]
        checked += "+" in vkey.split("+", 2)[2]
    assert checked > 0
