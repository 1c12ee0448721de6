"""Ed25519 verification rule: RFC 8032 vectors, weak keys, edge signatures, agreement with OpenSSL.

The record verifies with libsodium (``verify_strict``) and refuses weak keys at registration
(``is_strong_public_key``). These tests pin what that buys: every signature it accepts,
OpenSSL accepts too, and the signatures OpenSSL accepts that it refuses are exactly the
degenerate ones no honest key produces.
"""

from __future__ import annotations

import hashlib

import nacl.bindings as sodium
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from hypothesis import given
from hypothesis import strategies as st

from eurasec.record.keys import is_strong_public_key, raw_public_key, verify_strict

# RFC 8032 section 7.1, TEST 1, 2 and 3: (secret seed, public key, message, signature).
RFC8032 = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
]  # fmt: skip

#: The identity point, and a point of order 8 (both of small order: weak keys).
IDENTITY = bytes([1]) + bytes(31)
ORDER_8 = bytes.fromhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")
#: Order of the prime subgroup.
L = 2**252 + 27742317777372353535851937790883648493


def _openssl(public: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except InvalidSignature:
        return False
    return True


def _secret_scalar(seed: bytes) -> bytes:
    h = bytearray(hashlib.sha512(seed).digest()[:32])
    h[0] &= 248
    h[31] &= 127
    h[31] |= 64
    return sodium.crypto_core_ed25519_scalar_reduce(bytes(h) + bytes(32))


def _sign_with_nonce_point(seed: bytes, message: bytes, torsion: bytes | None) -> bytes:
    """An Ed25519 signature whose R is r·B, plus a small-order point when ``torsion``."""
    a = _secret_scalar(seed)
    public = sodium.crypto_scalarmult_ed25519_base_noclamp(a)
    r = sodium.crypto_core_ed25519_scalar_reduce(hashlib.sha512(b"nonce" + message).digest())
    big_r = sodium.crypto_scalarmult_ed25519_base_noclamp(r)
    if torsion is not None:
        big_r = sodium.crypto_core_ed25519_add(big_r, torsion)
    k = sodium.crypto_core_ed25519_scalar_reduce(hashlib.sha512(big_r + public + message).digest())
    s = sodium.crypto_core_ed25519_scalar_add(r, sodium.crypto_core_ed25519_scalar_mul(k, a))
    return big_r + s


@pytest.mark.parametrize(("seed", "public", "message", "signature"), RFC8032)
def test_rfc8032_vectors_verify(seed: str, public: str, message: str, signature: str) -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed))
    pub, msg, sig = bytes.fromhex(public), bytes.fromhex(message), bytes.fromhex(signature)
    assert raw_public_key(key) == pub
    assert key.sign(msg) == sig
    assert is_strong_public_key(pub)
    assert verify_strict(pub, sig, msg)
    assert not verify_strict(pub, sig, msg + b"\x00")
    assert not verify_strict(pub, sig[:63] + bytes([sig[63] ^ 1]), msg)


def test_a_weak_key_signs_every_message_under_openssl_but_not_here() -> None:
    # R = identity, S = 0 satisfies S·B = R + k·A for the identity key A, whatever the message.
    signature = IDENTITY + bytes(32)
    for message in (b"", b"charter.sign", b"fund.disburse 10**9"):
        assert _openssl(IDENTITY, signature, message)
        assert not verify_strict(IDENTITY, signature, message)
    assert not is_strong_public_key(IDENTITY)


@pytest.mark.parametrize(
    "public",
    [
        IDENTITY,
        ORDER_8,
        bytes(32),  # y = 0: a point of order 4
        bytes.fromhex("ec" + "ff" * 30 + "7f"),  # y = -1: order 2
        bytes.fromhex("ed" + "ff" * 30 + "7f"),  # y = p: a non-canonical encoding
        bytes.fromhex("02" + "00" * 31),  # y = 2 is not on the curve
        bytes(31),  # too short
    ],
)
def test_weak_or_malformed_public_keys_are_not_strong(public: bytes) -> None:
    assert not is_strong_public_key(public)


def test_a_key_with_a_torsion_component_is_not_strong() -> None:
    good = raw_public_key(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))
    assert is_strong_public_key(good)
    assert not is_strong_public_key(sodium.crypto_core_ed25519_add(good, ORDER_8))


def test_signature_with_a_mixed_order_nonce_point_is_refused() -> None:
    # Cofactored verifiers (ZIP 215) accept such a signature, cofactorless ones do not: the
    # record takes the cofactorless side, as OpenSSL does, so they agree.
    seed, message = bytes(range(32)), b"eurasec"
    public = raw_public_key(Ed25519PrivateKey.from_private_bytes(seed))
    honest = _sign_with_nonce_point(seed, message, None)
    assert verify_strict(public, honest, message) and _openssl(public, honest, message)
    mixed = _sign_with_nonce_point(seed, message, ORDER_8)
    assert not verify_strict(public, mixed, message)
    assert not _openssl(public, mixed, message)


def test_non_canonical_scalar_is_refused() -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    public, message = raw_public_key(key), b"eurasec"
    sig = key.sign(message)
    s_plus_l = (int.from_bytes(sig[32:], "little") + L).to_bytes(32, "little")
    assert not verify_strict(public, sig[:32] + s_plus_l, message)
    assert not _openssl(public, sig[:32] + s_plus_l, message)


def test_wrong_lengths_are_refused_not_raised() -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    public, sig = raw_public_key(key), key.sign(b"m")
    assert not verify_strict(public[:31], sig, b"m")
    assert not verify_strict(public, sig[:63], b"m")
    assert not verify_strict(public, sig + b"\x00", b"m")


@given(
    seed=st.binary(min_size=32, max_size=32),
    message=st.binary(max_size=300),
    flip=st.integers(min_value=-1, max_value=64 * 8 - 1),
)
def test_strict_verification_agrees_with_openssl_on_honest_keys(
    seed: bytes, message: bytes, flip: int
) -> None:
    key = Ed25519PrivateKey.from_private_bytes(seed)
    public, sig = raw_public_key(key), key.sign(message)
    if flip >= 0:
        sig = bytearray(sig)
        sig[flip // 8] ^= 1 << (flip % 8)
        sig = bytes(sig)
    assert is_strong_public_key(public)
    assert verify_strict(public, sig, message) == _openssl(public, sig, message) == (flip < 0)
