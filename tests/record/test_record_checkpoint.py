"""Checkpoints as signed notes; witnesses co-sign only consistent growth."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from record_factories import founded

from eurasec.errors import ForkDetected, RecordError
from eurasec.record import Record, generate_private_key
from eurasec.record.checkpoint import (
    ALG_COSIGNATURE,
    ALG_ED25519,
    Checkpoint,
    NoteSignature,
    NoteSigner,
    NoteVerifier,
    SignedNote,
    open_checkpoint,
    sign_checkpoint,
)
from eurasec.record.log import publish_checkpoint
from eurasec.record.verify import verify_store
from eurasec.record.witness import OldSizeMismatch, Witness, cosign_latest
from eurasec.storage import Store, open_store


def test_note_format_and_vkey_round_trip() -> None:
    signer = NoteSigner("eurasec.test/log", generate_private_key())
    note = sign_checkpoint(Checkpoint("eurasec.test/log", 7, b"\x01" * 32), signer)
    lines = note.split("\n")
    assert lines[:3] == ["eurasec.test/log", "7", "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="]
    assert lines[3] == "" and lines[4].startswith("\u2014 eurasec.test/log ")
    verifier = NoteVerifier.from_vkey(signer.verifier.vkey())
    assert open_checkpoint(note, verifier).size == 7
    other = NoteSigner("eurasec.test/log", generate_private_key()).verifier
    with pytest.raises(RecordError):
        open_checkpoint(note, other)
    with pytest.raises(RecordError):
        open_checkpoint(note.replace("\n7\n", "\n8\n"), verifier)


def test_a_weak_verifier_key_is_refused_and_cannot_vouch_for_any_checkpoint() -> None:
    # The identity point "signs" every message (R = identity, S = 0) under OpenSSL's rule.
    identity = bytes([1]) + bytes(31)
    vkey = "w.weak+00000000+" + base64.b64encode(bytes([ALG_ED25519]) + identity).decode()
    with pytest.raises(RecordError, match="weak"):
        NoteVerifier.from_vkey(vkey)
    weak = NoteVerifier("w.weak", Ed25519PublicKey.from_public_bytes(identity), ALG_ED25519)
    body = Checkpoint("eurasec.test/log", 7, b"\x01" * 32).body()
    forged = SignedNote(body, (NoteSignature("w.weak", weak.key_hash, identity + bytes(32)),))
    with pytest.raises(RecordError, match="no valid signature"):
        weak.verify(forged)


def test_witness_cosigns_growth_and_refuses_a_fork(store: Store, tmp_path: object) -> None:
    record = Record(store, accept_unknown_types=True)
    p = founded(record)
    log = NoteSigner("eurasec.test/log", generate_private_key())
    wstore = open_store(f"sqlite:///{tmp_path}/witness.db")
    witness = Witness(wstore, NoteSigner("w.kaz", generate_private_key()),
                      {"eurasec.test/log": log.verifier})  # fmt: skip
    wv = NoteVerifier("w.kaz", witness.signer.private_key.public_key(), ALG_COSIGNATURE)
    cosigned = cosign_latest(record, publish_checkpoint(record, log), witness)
    assert wv.verify(SignedNote.parse(cosigned)) is not None
    for i in range(5):
        record.submit(p.act("RUS", "test.note", {"i": i}))
    cosigned = cosign_latest(record, publish_checkpoint(record, log), witness)
    assert witness.state("eurasec.test/log")[0] == 8  # type: ignore[index]
    report = verify_store(store, log.verifier, [wv])
    assert (report.size, report.checkpoints, report.cosignatures) == (8, 2, 2)
    # the log signs a different root for the same size: a fork, refused with both notes
    forged = sign_checkpoint(Checkpoint("eurasec.test/log", 8, b"\x02" * 32), log)
    with pytest.raises(ForkDetected) as info:
        witness.add_checkpoint(forged, 8, [])
    assert forged in info.value.proof["checkpoints"]  # type: ignore[attr-defined]
    # a larger tree that does not extend the co-signed one
    bigger = sign_checkpoint(Checkpoint("eurasec.test/log", 9, b"\x03" * 32), log)
    proof = record.consistency_proof(3, 8).hashes
    with pytest.raises(ForkDetected):
        witness.add_checkpoint(bigger, 8, proof)
    with pytest.raises(OldSizeMismatch):
        witness.add_checkpoint(bigger, 3, proof)
    wstore.dispose()
