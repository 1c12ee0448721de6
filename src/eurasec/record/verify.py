"""Check a stored log from scratch: every leaf, signature, sequence number, node and checkpoint.

:func:`verify_store` trusts nothing in the store. It replays the log with an in-memory
:class:`~eurasec.record.authority.Authority` (keys as the log itself registered them),
re-verifies every signature, checks that every version 2 statement names this log's origin
and is not dated before its actor's previous statement, recomputes every leaf hash and
every perfect-subtree hash and compares them with each entry's stored ``hashes``,
recomputes the root at each stored checkpoint and checks the checkpoint's log signature and
any known witnesses' cosignatures.
The first problem stops it, naming the entry index where history first goes wrong.

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from eurasec.errors import EurasecError, RecordTampered
from eurasec.record.authority import OWN_TYPES, Authority
from eurasec.record.checkpoint import Checkpoint, NoteVerifier, SignedNote
from eurasec.record.clock import time_key
from eurasec.record.merkle import leaf_hash
from eurasec.record.schema import record_checkpoint, record_entry
from eurasec.record.statement import decode_leaf, verify_signature
from eurasec.record.tree import HASH_BYTES, Frontier
from eurasec.storage import Store
from eurasec.storage.meta import get_meta, set_meta

__all__ = [
    "VERIFY_CHUNK",
    "EntryTampered",
    "VerifyReport",
    "log_vkeys",
    "note_log_vkey",
    "verify_store",
]

#: Entries read and checked per query.
VERIFY_CHUNK = 2000


@dataclass(frozen=True)
class VerifyReport:
    """What a successful verification covered."""

    size: int
    root: str
    checkpoints: int
    cosignatures: int


class EntryTampered(RecordTampered):
    """Stored history is wrong from entry :attr:`index` on."""

    def __init__(self, index: int, why: str) -> None:
        """Name the first bad entry and what is wrong with it."""
        self.index = index
        super().__init__(f"entry {index}: {why}")


def _bad(index: int, why: str) -> EntryTampered:
    return EntryTampered(index, why)


class _Replay:
    def __init__(self) -> None:
        self.authority = Authority(persist=False)
        self.seqs: dict[str, int] = {}
        self.times: dict[str, str] = {}
        self.frontier = Frontier()

    def entry(self, idx: int, leaf: bytes, lh: bytes, cols: tuple[str, str, int]) -> bytes:
        """Replay entry ``idx`` (leaf hash ``lh``); the ``hashes`` it must have stored."""
        try:
            signed = decode_leaf(leaf)
            st = signed.statement
            if (st.type, st.actor, st.seq) != cols:
                raise _bad(idx, "stored type/actor/seq columns differ from the leaf")
            pub = self.authority.signing_key(None, signed, idx)
            if pub is not None:
                verify_signature(signed, pub)
            if st.seq != self.seqs.get(st.actor, 0):
                raise _bad(idx, f"seq {st.seq} of {st.actor} out of order")
            key, last = time_key(st.time), self.times.get(st.actor, "")
            if st.origin is not None:  # version 2: names this log, dated in order
                if st.type != "log.genesis" and st.origin != self.authority.origin:
                    raise _bad(idx, f"statement signed for the log {st.origin!r}")
                if key < last:
                    raise _bad(idx, f"{st.actor} dated {st.time}, before its previous statement")
            if st.type in OWN_TYPES:
                self.authority.check(None, signed, idx)
                self.authority.apply(None, signed, idx)
        except RecordTampered:
            raise
        except EurasecError as exc:
            raise _bad(idx, exc.message) from None
        self.seqs[st.actor] = st.seq + 1
        self.times[st.actor] = max(key, last)
        return self.frontier.append(lh)


def _check_checkpoint(
    note_text: str,
    replay: _Replay,
    logs: Sequence[NoteVerifier],
    witnesses: Sequence[NoteVerifier],
) -> int:
    size = replay.frontier.size
    at = max(size - 1, 0)
    try:
        note = SignedNote.parse(note_text)
        checkpoint = Checkpoint.parse(note.body)
        if checkpoint.origin != replay.authority.origin:
            raise _bad(at, f"checkpoint {size} names origin {checkpoint.origin!r}")
        if checkpoint.size != size or checkpoint.root != replay.frontier.root():
            raise _bad(at, f"checkpoint {size} root differs from the recomputed root")
        if logs:  # signed by one of the log's keys (more than one after a rotation)
            for n, log in enumerate(logs):
                try:
                    log.verify(note)
                    break
                except EurasecError:
                    if n == len(logs) - 1:
                        raise
        for witness in witnesses:
            witness.verify(note)
    except RecordTampered:
        raise
    except EurasecError as exc:
        raise _bad(at, f"checkpoint {size}: {exc.message}") from None
    return len(witnesses)


def log_vkeys(conn: Connection) -> list[str]:
    """The log keys (vkeys) this store has published checkpoints with, oldest first."""
    history = get_meta(conn, "record.log_vkeys")
    current = get_meta(conn, "record.log_vkey")
    keys: list[str] = json.loads(history) if history else []
    return [*keys, current] if current and current not in keys else keys


def note_log_vkey(conn: Connection, vkey: str) -> None:
    """Record ``vkey`` as the key the log now signs with, keeping the earlier ones."""
    keys = log_vkeys(conn)
    set_meta(conn, "record.log_vkey", vkey)
    if vkey not in keys:
        set_meta(conn, "record.log_vkeys", json.dumps([*keys, vkey]))


def verify_store(
    store: Store,
    log: NoteVerifier | Sequence[NoteVerifier] | None = None,
    witnesses: Sequence[NoteVerifier] = (),
) -> VerifyReport:
    """Verify everything stored; raise :class:`RecordTampered` naming the first bad entry.

    ``log`` is the log's key, or its keys in turn after a rotation (each checkpoint must be
    signed by one of them); it defaults to the keys the store recorded as it published
    checkpoints. ``witnesses`` are the cosigners whose cosignatures every stored checkpoint
    must carry.
    """
    replay = _Replay()
    with store.connect() as conn:
        if log is None:
            logs = [NoteVerifier.from_vkey(v) for v in log_vkeys(conn)]
        else:
            logs = [log] if isinstance(log, NoteVerifier) else list(log)
        notes = dict(
            conn.execute(select(record_checkpoint.c.tree_size, record_checkpoint.c.note)).all()
        )
        size = int(conn.execute(select(func.count()).select_from(record_entry)).scalar() or 0)
        checked = cosigs = 0
        if 0 in notes:
            raise _bad(0, "a checkpoint of the empty log is stored")
        start = 0
        while start < size:
            rows = conn.execute(
                select(record_entry)
                .where(record_entry.c.idx >= start, record_entry.c.idx < start + VERIFY_CHUNK)
                .order_by(record_entry.c.idx)
            ).all()
            for expect, row in enumerate(rows, start):
                if row.idx != expect:
                    raise _bad(expect, "entry missing")
                leaf, stored = bytes(row.leaf), bytes(row.hashes)
                lh = leaf_hash(leaf)
                if stored[:HASH_BYTES] != lh:
                    raise _bad(expect, "leaf bytes differ from the stored leaf hash")
                if replay.entry(expect, leaf, lh, (row.type, row.actor, row.seq)) != stored:
                    raise _bad(expect, "stored tree hashes differ from the recomputed ones")
                if replay.frontier.size in notes:
                    cosigs += _check_checkpoint(
                        notes[replay.frontier.size], replay, logs, witnesses
                    )
                    checked += 1
            if not rows:
                raise _bad(start, "entry missing")
            start += VERIFY_CHUNK
        extra = [s for s in notes if s > size]
        if extra:
            raise _bad(size, f"checkpoint of size {min(extra)} beyond the log's {size} entries")
    return VerifyReport(size, replay.frontier.root().hex(), checked, cosigs)
