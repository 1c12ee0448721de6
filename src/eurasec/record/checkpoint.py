"""Checkpoints as C2SP signed notes: the log's signed statement of its size and root.

A checkpoint body (c2sp.org/tlog-checkpoint) is three lines::

    <origin>
    <tree size, decimal>
    <root hash, standard base64>

and the note (c2sp.org/signed-note) is the body, an empty line, and one signature line per
signer: ``— <name> base64(key hash[4] ‖ signature)``. The log signs with Ed25519 (signature
type 0x01: key hash = SHA-256(name ‖ "\\n" ‖ 0x01 ‖ public key)[:4], signature over the body).
Witnesses add cosignatures (c2sp.org/tlog-cosignature, type 0x04: key hash over 0x04, the
signature is ``timestamp[8, big-endian] ‖ Ed25519("cosignature/v1\\ntime <t>\\n" ‖ body)``).

Verifier keys are written ``<name>+<key hash hex>+base64(type ‖ public key)`` (vkeys).

Usage docs: ``docs/formats.md``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Connection, select

from eurasec.errors import ForkDetected, RecordError
from eurasec.record.keys import is_strong_public_key, raw_public_key, verify_strict
from eurasec.record.schema import record_checkpoint

__all__ = [
    "ALG_COSIGNATURE",
    "ALG_ED25519",
    "Checkpoint",
    "ForkProof",
    "NoteSigner",
    "NoteVerifier",
    "SignedNote",
    "checkpoint_at",
    "latest_checkpoint",
    "open_checkpoint",
    "save_checkpoint",
    "sign_checkpoint",
]

#: Signed-note signature type of a plain Ed25519 note signature (the log's).
ALG_ED25519 = 0x01
#: Signature type of a timestamped Ed25519 cosignature/v1 (a witness's).
ALG_COSIGNATURE = 0x04
_DASH = "\u2014 "
_NAME = re.compile(r"^[^\s+]+$")


def _invalid(message: str) -> RecordError:
    return RecordError(message, code="checkpoint_invalid")


def _b64(text: str, what: str) -> bytes:
    """Strict base64: valid, padded, and the one encoding of its bytes."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise _invalid(f"{what} is not base64") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise _invalid(f"{what} is not canonical base64")
    return raw


def _key_hash(name: str, alg: int, pub: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([alg]) + pub).digest()[:4]


@dataclass(frozen=True)
class Checkpoint:
    """A log's size and root hash under its origin."""

    origin: str
    size: int
    root: bytes

    def body(self) -> str:
        """The three-line checkpoint body, newline-terminated."""
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"

    @classmethod
    def parse(cls, body: str) -> Checkpoint:
        """A checkpoint from its body (extension lines are not accepted)."""
        lines = body.split("\n")
        if len(lines) != 4 or lines[3] != "":
            raise _invalid("a checkpoint body is exactly three newline-terminated lines")
        origin, size_text, root_text = lines[:3]
        if not origin or not re.fullmatch(r"0|[1-9][0-9]{0,18}", size_text):
            raise _invalid("checkpoint origin is empty or size is not a decimal number")
        root = _b64(root_text, "checkpoint root")
        if len(root) != 32:
            raise _invalid("checkpoint root is not 32 bytes")
        return cls(origin, int(size_text), root)


@dataclass(frozen=True)
class NoteSignature:
    """One signature line: signer name, 4-byte key hash, signature bytes."""

    name: str
    key_hash: bytes
    signature: bytes

    def line(self) -> str:
        """The signature line, newline-terminated."""
        return f"{_DASH}{self.name} {base64.b64encode(self.key_hash + self.signature).decode()}\n"


@dataclass(frozen=True)
class SignedNote:
    """A note body and its signature lines."""

    body: str
    signatures: tuple[NoteSignature, ...]

    def text(self) -> str:
        """The whole note: body, blank line, signature lines."""
        return self.body + "\n" + "".join(s.line() for s in self.signatures)

    @classmethod
    def parse(cls, text: str) -> SignedNote:
        """Split a note into body and signatures (C2SP signed-note)."""
        if not text.endswith("\n") or "\n\n" not in text:
            raise _invalid("a signed note is a body, a blank line and signature lines")
        cut = text.rindex("\n\n")
        body, sig_text = text[: cut + 1], text[cut + 2 :]
        sigs = []
        for line in sig_text.split("\n")[:-1]:
            if not line.startswith(_DASH):
                raise _invalid("a signature line starts with an em dash and a space")
            parts = line[len(_DASH) :].split(" ")
            if len(parts) != 2 or not _NAME.match(parts[0]):
                raise _invalid("a signature line is '— <name> <base64>'")
            raw = _b64(parts[1], "signature")
            if len(raw) < 5:
                raise _invalid("signature is too short")
            sigs.append(NoteSignature(parts[0], raw[:4], raw[4:]))
        if not sigs:
            raise _invalid("the note has no signature")
        return cls(body, tuple(sigs))

    def with_signature(self, sig: NoteSignature) -> SignedNote:
        """This note with one more signature (replacing one by the same name and key)."""
        kept = tuple(s for s in self.signatures if (s.name, s.key_hash) != (sig.name, sig.key_hash))
        return SignedNote(self.body, (*kept, sig))

    def with_cosignature(self, sig: NoteSignature, verifier: NoteVerifier) -> SignedNote:
        """This note with ``sig`` added, after checking it under the signer's known ``verifier``.

        Raises ``checkpoint_invalid`` when ``sig`` is not a valid signature of this body by
        that key. Only earlier lines that verify under the same key (the same witness's older
        cosignature) make way for it: no other line is ever replaced or removed, the log's
        own signature included, whatever name or key hash the new line carries.
        """
        verifier.verify(SignedNote(self.body, (sig,)))
        kept = tuple(s for s in self.signatures if not _signed_by(verifier, self.body, s))
        return SignedNote(self.body, (*kept, sig))


def _signed_by(verifier: NoteVerifier, body: str, sig: NoteSignature) -> bool:
    try:
        verifier.verify(SignedNote(body, (sig,)))
    except RecordError:
        return False
    return True


@dataclass(frozen=True)
class NoteVerifier:
    """A named public key that checks note signatures (``alg`` 0x01) or cosignatures (0x04)."""

    name: str
    public_key: Ed25519PublicKey
    alg: int = ALG_ED25519

    @property
    def key_hash(self) -> bytes:
        """The 4-byte key hash that signature lines carry."""
        return _key_hash(self.name, self.alg, raw_public_key(self.public_key))

    def vkey(self) -> str:
        """``<name>+<key hash hex>+base64(alg ‖ public key)``."""
        material = bytes([self.alg]) + raw_public_key(self.public_key)
        return f"{self.name}+{self.key_hash.hex()}+{base64.b64encode(material).decode()}"

    @classmethod
    def from_vkey(cls, text: str) -> NoteVerifier:
        """Parse a vkey string, checking its key hash."""
        parts = text.strip().split("+", 2)
        if len(parts) != 3 or not _NAME.match(parts[0]):
            raise _invalid("a verifier key is <name>+<hex key hash>+<base64 key>")
        try:
            material = base64.b64decode(parts[2], validate=True)
        except (binascii.Error, ValueError):
            raise _invalid("verifier key material is not base64") from None
        if len(material) != 33 or material[0] not in (ALG_ED25519, ALG_COSIGNATURE):
            raise _invalid("verifier key is not an Ed25519 (0x01) or cosignature (0x04) key")
        if not is_strong_public_key(material[1:]):
            raise _invalid("verifier key is weak (not a canonical point of prime order)")
        verifier = cls(parts[0], Ed25519PublicKey.from_public_bytes(material[1:]), material[0])
        if verifier.key_hash.hex() != parts[1]:
            raise _invalid("verifier key hash does not match its name and key")
        return verifier

    def verify(self, note: SignedNote) -> int | None:
        """Check this key's signature on ``note``; return the cosignature time, if any.

        Raises ``checkpoint_invalid`` when the note carries no valid signature by this key.
        """
        raw = raw_public_key(self.public_key)
        for sig in note.signatures:
            if sig.name != self.name or sig.key_hash != self.key_hash:
                continue
            if self.alg == ALG_ED25519:
                if verify_strict(raw, sig.signature, note.body.encode()):
                    return None
                break
            if len(sig.signature) != 72:
                break
            (stamp,) = struct.unpack(">Q", sig.signature[:8])
            if verify_strict(raw, sig.signature[8:], _cosigned_message(note.body, stamp)):
                return int(stamp)
            break
        raise _invalid(f"no valid signature by {self.name} on the checkpoint")


def _cosigned_message(body: str, stamp: int) -> bytes:
    return f"cosignature/v1\ntime {stamp}\n".encode() + body.encode()


@dataclass(frozen=True)
class NoteSigner:
    """A named private key that signs notes (the log) or cosigns them (a witness)."""

    name: str
    private_key: Ed25519PrivateKey
    alg: int = ALG_ED25519

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise _invalid(f"note key name {self.name!r} must have no white space and no '+'")

    @property
    def verifier(self) -> NoteVerifier:
        """The matching verifier."""
        return NoteVerifier(self.name, self.private_key.public_key(), self.alg)

    def sign(self, body: str, *, now: int | None = None) -> NoteSignature:
        """A signature (or timestamped cosignature) over ``body``."""
        kh = self.verifier.key_hash
        if self.alg == ALG_ED25519:
            return NoteSignature(self.name, kh, self.private_key.sign(body.encode()))
        stamp = int(time.time()) if now is None else now
        sig = self.private_key.sign(_cosigned_message(body, stamp))
        return NoteSignature(self.name, kh, struct.pack(">Q", stamp) + sig)


def sign_checkpoint(checkpoint: Checkpoint, signer: NoteSigner) -> str:
    """The signed note text of ``checkpoint``."""
    body = checkpoint.body()
    return SignedNote(body, (signer.sign(body),)).text()


def open_checkpoint(text: str, log: NoteVerifier, origin: str | None = None) -> Checkpoint:
    """Parse a checkpoint note and check the log's signature (and origin, when given)."""
    note = SignedNote.parse(text)
    checkpoint = Checkpoint.parse(note.body)
    if origin is not None and checkpoint.origin != origin:
        raise _invalid(f"checkpoint is for origin {checkpoint.origin!r}, not {origin!r}")
    log.verify(note)
    return checkpoint


def save_checkpoint(conn: Connection, checkpoint: Checkpoint, note: str) -> None:
    """Store (or replace, e.g. with more cosignatures) the note for ``checkpoint.size``."""
    conn.execute(record_checkpoint.delete().where(record_checkpoint.c.tree_size == checkpoint.size))
    conn.execute(
        record_checkpoint.insert().values(
            tree_size=checkpoint.size, root=checkpoint.root, note=note
        )
    )


def latest_checkpoint(conn: Connection) -> str | None:
    """The stored checkpoint note with the largest tree size, if any."""
    return conn.execute(
        select(record_checkpoint.c.note).order_by(record_checkpoint.c.tree_size.desc()).limit(1)
    ).scalar()


def checkpoint_at(conn: Connection, size: int) -> str | None:
    """The stored checkpoint note for tree ``size``, if any."""
    return conn.execute(
        select(record_checkpoint.c.note).where(record_checkpoint.c.tree_size == size)
    ).scalar()


class ForkProof(ForkDetected):
    """Two signed checkpoints of one log that cannot both be true, with the evidence.

    :attr:`proof` is the JSON fork proof: both notes, and when the sizes differ, a
    consistency proof whose new root matches the larger checkpoint but whose implied old root
    differs from the smaller one.
    """

    def __init__(self, message: str, first: str, second: str, **evidence: object) -> None:
        """Say why, with both checkpoint notes and any evidence."""
        super().__init__(message)
        self.proof: dict[str, object] = {
            "reason": self.message,
            "checkpoints": [first, second],
            **evidence,
        }
