"""Witnesses: parties that co-sign a log's checkpoint only after checking it extends the last.

A witness keeps, per log origin, the last checkpoint it co-signed (table ``record_witness``).
Given a new checkpoint and a consistency proof from that last size, it checks the log's
signature and the proof, then co-signs (C2SP tlog-cosignature/v1) and remembers the new
checkpoint, all in one transaction. It never co-signs a smaller tree, nor a different root
for a size it has seen: that is a fork, reported with both checkpoints.

Clients that require cosignatures from witnesses run by other parties cannot be shown a
history the witnesses did not see, so a log operator cannot show different parties different
histories (a split view) without a witness noticing.

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from eurasec.errors import ConfigurationError, ForkDetected, RecordError
from eurasec.record.checkpoint import (
    ALG_COSIGNATURE,
    Checkpoint,
    ForkProof,
    NoteSignature,
    NoteSigner,
    NoteVerifier,
    SignedNote,
    checkpoint_at,
    open_checkpoint,
    save_checkpoint,
)
from eurasec.record.log import Record
from eurasec.record.merkle import verify_consistency
from eurasec.record.schema import record_witness
from eurasec.storage import Store
from eurasec.storage.lock import WITNESS, xact_lock

__all__ = [
    "OldSizeMismatch",
    "Witness",
    "add_checkpoint_body",
    "cosign_latest",
    "cosign_remote",
    "parse_add_checkpoint",
]


class OldSizeMismatch(RecordError):
    """The caller's idea of the witness's last size is stale; ``size`` is the real one."""

    def __init__(self, size: int) -> None:
        """Say which size the witness last co-signed."""
        self.size = size
        super().__init__(f"the witness last co-signed size {size}", code="checkpoint_invalid")


@dataclass
class Witness:
    """A witness: its name and key, the logs it follows (origin → log verifier), its store."""

    store: Store
    signer: NoteSigner
    logs: Mapping[str, NoteVerifier]

    def __post_init__(self) -> None:
        """Witness keys make cosignatures (signature type 0x04)."""
        if self.signer.alg != ALG_COSIGNATURE:
            self.signer = NoteSigner(self.signer.name, self.signer.private_key, ALG_COSIGNATURE)

    def state(self, origin: str) -> tuple[int, bytes, str] | None:
        """``(size, root, note)`` of the last checkpoint co-signed for ``origin``."""
        with self.store.connect() as conn:
            row = conn.execute(
                select(record_witness).where(record_witness.c.origin == origin)
            ).first()
        return None if row is None else (int(row.tree_size), bytes(row.root), row.note)

    def add_checkpoint(self, note: str, old_size: int, proof: Sequence[bytes]) -> str:
        """Co-sign ``note`` if it extends the last co-signed checkpoint; return the note.

        ``old_size`` is the size the caller believes the witness last co-signed (0 the first
        time) and ``proof`` the consistency proof from that size to the new one.
        """
        parsed = SignedNote.parse(note)
        origin = parsed.body.split("\n", 1)[0]
        log = self.logs.get(origin)
        if log is None:
            raise RecordError(f"this witness does not follow {origin!r}", code="checkpoint_invalid")
        new = open_checkpoint(note, log, origin)
        with self.store.begin() as conn:
            xact_lock(conn, WITNESS)  # processes serving one witness co-sign one at a time
            row = conn.execute(
                select(record_witness).where(record_witness.c.origin == origin)
            ).first()
            last_size = int(row.tree_size) if row else 0
            if old_size != last_size:
                raise OldSizeMismatch(last_size)
            if row is not None:
                self._check_extends(
                    row.note, Checkpoint(origin, last_size, bytes(row.root)), new, note, proof
                )
            cosigned = parsed.with_signature(self.signer.sign(parsed.body)).text()
            conn.execute(record_witness.delete().where(record_witness.c.origin == origin))
            conn.execute(
                record_witness.insert().values(
                    origin=origin, tree_size=new.size, root=new.root, note=note
                )
            )
        return cosigned

    @staticmethod
    def _check_extends(
        old_note: str, old: Checkpoint, new: Checkpoint, note: str, proof: Sequence[bytes]
    ) -> None:
        if new.size < old.size:
            raise RecordError(
                f"checkpoint size {new.size} is below the co-signed {old.size}",
                code="checkpoint_invalid",
            )
        if new.size == old.size and new.root != old.root:
            raise ForkProof(
                f"two roots for size {new.size}: the witness co-signed one, now sees another",
                old_note,
                note,
            )
        if old.size and not verify_consistency(old.size, new.size, old.root, new.root, proof):
            raise ForkProof(
                f"checkpoint {new.size} is not consistent with co-signed checkpoint {old.size}",
                old_note,
                note,
                consistency_proof=[base64.b64encode(h).decode() for h in proof],
            )


def cosign_latest(record: Record, note: str, witness: Witness) -> str:
    """Ask ``witness`` to co-sign ``note`` (a checkpoint of ``record``); store and return it."""
    checkpoint = Checkpoint.parse(SignedNote.parse(note).body)
    state = witness.state(checkpoint.origin)
    old_size = state[0] if state else 0
    proof = (
        record.consistency_proof(old_size, checkpoint.size).hashes
        if 0 < old_size < checkpoint.size
        else ()
    )
    cosigned = witness.add_checkpoint(note, old_size, proof)
    verifier = witness.signer.verifier
    mine = [s for s in SignedNote.parse(cosigned).signatures if s.key_hash == verifier.key_hash]
    return _store_cosignatures(record, checkpoint, note, mine, verifier)


def _store_cosignatures(
    record: Record,
    checkpoint: Checkpoint,
    note: str,
    sigs: Sequence[NoteSignature],
    verifier: NoteVerifier,
) -> str:
    """Add the witness's cosignatures ``sigs`` to the stored note, each checked first."""
    if not sigs:
        raise RecordError(
            f"the witness {verifier.name} answered no cosignature of its own",
            code="checkpoint_invalid",
        )
    with record.store.begin() as conn:
        current = checkpoint_at(conn, checkpoint.size)
        merged = SignedNote.parse(current or note)
        if merged.body != checkpoint.body():
            raise RecordError("the stored checkpoint has another body", code="checkpoint_invalid")
        for sig in sigs:
            merged = merged.with_cosignature(sig, verifier)
        save_checkpoint(conn, checkpoint, merged.text())
    return merged.text()


def parse_add_checkpoint(body: str) -> tuple[int, list[bytes], str]:
    """Split a C2SP tlog-witness add-checkpoint body: old size, proof hashes, checkpoint note."""
    head, sep, note = body.partition("\n\n")
    lines = head.split("\n")
    if not sep or not lines[0].startswith("old ") or not lines[0][4:].isdigit():
        raise RecordError(
            "body must be 'old <size>', proof lines, a blank line, then the checkpoint",
            code="checkpoint_invalid",
        )
    try:
        proof = [base64.b64decode(line, validate=True) for line in lines[1:]]
    except ValueError:
        raise RecordError("proof lines must be base64", code="checkpoint_invalid") from None
    return int(lines[0][4:]), proof, note


def add_checkpoint_body(old_size: int, proof: Sequence[bytes], note: str) -> str:
    """The C2SP tlog-witness add-checkpoint request body."""
    lines = [f"old {old_size}", *(base64.b64encode(h).decode() for h in proof)]
    return "\n".join(lines) + "\n\n" + note


def _problem_code(text: str) -> str | None:
    """The ``code`` of a problem-JSON answer, if it is one."""
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return None
    code = data.get("code") if isinstance(data, dict) else None
    return code if isinstance(code, str) else None


#: Largest answer read from a witness (a few signature lines).
MAX_WITNESS_ANSWER = 16 * 1024


def cosign_remote(
    record: Record, note: str, url: str, witness_key: NoteVerifier, timeout: float = 30.0
) -> str:
    """Ask the witness at ``url`` to co-sign ``note``; store the cosignature; return the note.

    Starts from the old size the witness last told us (0 the first time); when the witness
    answers 409 with its real size, retries once with a proof from that size. The answer is
    trusted for nothing: only signature lines that verify under ``witness_key`` (the
    witness's known vkey) are kept, and they are added to the stored note without replacing
    any other line (:meth:`~eurasec.record.checkpoint.SignedNote.with_cosignature`).
    """
    import urllib.error
    import urllib.request

    checkpoint = Checkpoint.parse(SignedNote.parse(note).body)
    endpoint = url.rstrip("/") + "/api/v1/record/witness/add-checkpoint"
    old_size = 0
    for _attempt in range(2):
        proof = (
            record.consistency_proof(old_size, checkpoint.size).hashes
            if 0 < old_size < checkpoint.size
            else ()
        )
        data = add_checkpoint_body(old_size, proof, note).encode()
        req = urllib.request.Request(endpoint, data=data, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                answer = resp.read(MAX_WITNESS_ANSWER + 1)
            break
        except urllib.error.HTTPError as exc:
            text = exc.read(MAX_WITNESS_ANSWER).decode(errors="replace")
            if exc.code == 409 and text.strip().isdigit():
                old_size = int(text.strip())
                continue
            if exc.code == 409 and _problem_code(text) == "fork_detected":
                raise ForkDetected(f"witness {url} reports a fork: {text[:300]}") from None
            raise RecordError(
                f"witness {url} refused: HTTP {exc.code} {text[:200]}", code="checkpoint_invalid"
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            raise ConfigurationError(f"cannot reach witness {url}: {exc}") from None
    else:
        raise RecordError(f"witness {url} keeps changing its size", code="checkpoint_invalid")
    try:
        lines = answer.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordError(f"witness {url} answered no UTF-8", code="checkpoint_invalid") from None
    if len(answer) > MAX_WITNESS_ANSWER:
        raise RecordError(f"witness {url} answered too much", code="checkpoint_invalid")
    answered = SignedNote.parse(checkpoint.body() + "\n" + lines).signatures
    mine = [s for s in answered if s.key_hash == witness_key.key_hash]
    return _store_cosignatures(record, checkpoint, note, mine, witness_key)
