"""Ed25519 identities: generate, load (PEM or OpenSSH) and name keys.

Every party (a state, an organisation, the secretariat, a witness, the log itself) acts with
an Ed25519 key. A key is named by :func:`key_id`, the first 16 bytes of the SHA-256 of its raw
32-byte public key, hex-encoded: stable, derived only from the key, and short enough to print.

Keys are made, stored and loaded with ``cryptography``; statement signatures are checked by
:func:`verify_strict`, libsodium's Ed25519 verification (through PyNaCl). libsodium runs about
twice as fast as OpenSSL's Ed25519 here (``benchmarks/record_bench.py`` prints both), and its
rule is the strictest in common use: ``S`` below the group order, ``R`` and ``A`` canonically
encoded and not of small order, and the cofactorless equation. Together with
:func:`is_strong_public_key`, which the record applies before it registers any key (canonical,
on the curve, in the prime-order subgroup), a signature the record accepts is accepted by
every Ed25519 verifier, strict RFC 8032, OpenSSL, or ZIP-215 alike: no verifier can disagree
with the log about which entries are validly signed.

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

import nacl.bindings
import nacl.exceptions
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from eurasec.errors import InputError

__all__ = [
    "KEY_ID_BYTES",
    "generate_private_key",
    "is_strong_public_key",
    "key_id",
    "load_private_key",
    "load_public_key",
    "private_key_pem",
    "public_key_b64",
    "public_key_from_b64",
    "public_key_pem",
    "raw_public_key",
    "verify_strict",
]

#: Bytes of SHA-256(raw public key) kept in a key id (16 bytes: 32 hex characters).
KEY_ID_BYTES = 16


def generate_private_key() -> Ed25519PrivateKey:
    """A fresh Ed25519 private key from the operating system's random source."""
    return Ed25519PrivateKey.generate()


def load_private_key(data: bytes, password: bytes | None = None) -> Ed25519PrivateKey:
    """An Ed25519 private key from PEM (PKCS#8) or OpenSSH text."""
    loaders = (
        (b"-----BEGIN OPENSSH PRIVATE KEY-----", serialization.load_ssh_private_key),
        (b"-----BEGIN", serialization.load_pem_private_key),
    )
    stripped = data.strip()
    for marker, loader in loaders:
        if stripped.startswith(marker):
            try:
                key = loader(stripped, password=password)
            except (ValueError, TypeError) as exc:
                raise InputError(f"cannot load private key: {exc}") from None
            if not isinstance(key, Ed25519PrivateKey):
                raise InputError(f"not an Ed25519 private key: {type(key).__name__}")
            return key
    raise InputError("cannot load private key: expected PEM or OpenSSH text")


def load_public_key(data: bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM, an OpenSSH line, or base64 of the raw 32 bytes."""
    stripped = data.strip()
    try:
        if stripped.startswith(b"-----BEGIN"):
            key: object = serialization.load_pem_public_key(stripped)
        elif stripped.startswith(b"ssh-"):
            key = serialization.load_ssh_public_key(stripped)
        else:
            return public_key_from_b64(stripped.decode("ascii"))
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot load public key: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InputError(f"not an Ed25519 public key: {type(key).__name__}")
    return key


def raw_public_key(key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    """The raw 32 bytes of the public key (of a private key: of its public half)."""
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes_raw()


def public_key_b64(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """Standard base64 (with padding) of the raw 32-byte public key."""
    return base64.b64encode(raw_public_key(key)).decode("ascii")


def public_key_from_b64(text: str) -> Ed25519PublicKey:
    """The public key whose raw 32 bytes ``text`` encodes in standard base64."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise InputError("public key is not valid base64") from None
    if len(raw) != 32:
        raise InputError(f"an Ed25519 public key has 32 bytes, not {len(raw)}")
    return Ed25519PublicKey.from_public_bytes(raw)


def key_id(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """Stable id of a key: hex of the first 16 bytes of SHA-256(raw public key)."""
    return hashlib.sha256(raw_public_key(key)).digest()[:KEY_ID_BYTES].hex()


def private_key_pem(key: Ed25519PrivateKey, password: bytes | None = None) -> bytes:
    """PKCS#8 PEM of ``key``, encrypted when a password is given."""
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def public_key_pem(key: Ed25519PublicKey | Ed25519PrivateKey) -> bytes:
    """SubjectPublicKeyInfo PEM of the public key."""
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def is_strong_public_key(raw: bytes) -> bool:
    """Whether ``raw`` encodes a usable Ed25519 public key.

    That is: 32 bytes, the canonical encoding of a point on the curve, in the prime-order
    subgroup, and not of small order (libsodium's ``crypto_core_ed25519_is_valid_point``).
    A weak key such as the identity point admits signatures that verify for every message
    under some verifiers, so the record refuses to register one.
    """
    if len(raw) != 32:
        return False
    return bool(nacl.bindings.crypto_core_ed25519_is_valid_point(raw))


def verify_strict(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` is a valid Ed25519 signature of ``message`` by ``public_key``.

    ``public_key`` is the raw 32 bytes. libsodium's strict rule (see the module docstring).
    """
    if len(signature) != 64 or len(public_key) != 32:
        return False
    try:
        nacl.bindings.crypto_sign_open(signature + message, public_key)
    except nacl.exceptions.BadSignatureError:
        return False
    return True
