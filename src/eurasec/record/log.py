"""The record: an append-only RFC 9162 log of signed statements, with projections kept in step.

:meth:`Record.submit` appends one statement in one write transaction (``Store.begin()``; on
SQLite ``BEGIN IMMEDIATE``, on PostgreSQL a transaction-scoped advisory lock), in this order:

1. encoding: the leaf is the RFC 8785 encoding, within :data:`MAX_LEAF_BYTES`;
2. the type is the record's own or some handler's (unless ``accept_unknown_types``), and not
   ``log.genesis`` (written only by :meth:`Record.genesis`, the operator's command);
3. the key is registered, current, and the actor's; the statement names this log's origin
   (version 2); 4. the signature verifies;
5. ``seq`` is the actor's next sequence number (no replay, no gap);
6. ``time`` lies within the log clock's tolerance and not before the actor's previous
   statement (:mod:`eurasec.record.clock`);
7. the record's own rules (:mod:`eurasec.record.authority`) and every handler's ``check``;
8. the entry is written: leaf, leaf hash and the perfect-subtree hashes it completes;
9. handlers ``apply`` (a handler with ``admit`` checks and applies in one pass).

Steps 1, 2 and 4 need no state that can change, so :meth:`Record.prepare` does them before
the write lock, in the submitting thread: the encoding and its leaf hash, the type, and the
signature under the key the key id names (a key id is bound to one public key for good, so a
verification done before the lock holds inside it; only the key's standing, step 3, is
checked there). Inside the lock each statement's rules run once.

Appends from several processes are ordered by the append lock
(:data:`eurasec.storage.lock.APPEND`; SQLite: the database's write lock). A record keeps
what it knows of the log between its own commits (frontier, sequence numbers, keys); when
another process appended meanwhile it reads only what changed (the actors and types of the
new entries) instead of starting afresh.

:meth:`Record.submit_many` runs the same steps for many statements in one transaction (one
durable commit for all: group commit), each statement judged alone: whatever one statement
raises (a rule's error, or any exception in a handler) rejects that statement only, and its
writes are rolled back to a savepoint, so a rejected statement leaves nothing behind and uses
up nothing (not even its sequence number).

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, select

from eurasec.errors import EurasecError, RecordError, Unavailable
from eurasec.record.authority import GENESIS_ACTOR, OWN_TYPES, Authority
from eurasec.record.clock import Clock, clock_from_settings, time_key, time_window
from eurasec.record.keys import public_key_b64, verify_strict
from eurasec.record.merkle import leaf_hash
from eurasec.record.projection import ActHandler
from eurasec.record.schema import record_actor, record_entry
from eurasec.record.statement import (
    MAX_LEAF_BYTES,
    ORIGIN_PATTERN,
    SignedStatement,
    Statement,
    decode_leaf,
    now_rfc3339,
    verify_signature,
)
from eurasec.record.tree import (
    Frontier,
    load_frontier,
    raw_many,
    raw_query,
    stored_consistency_proof,
    stored_inclusion_proof,
    stored_root,
    tree_size,
)
from eurasec.storage import Store
from eurasec.storage.append_cache import AppendCache, attached
from eurasec.storage.lock import APPEND, CHECKPOINT, try_xact_lock, xact_lock
from eurasec.storage.meta import get_meta

__all__ = [
    "MAX_ENTRIES_PER_READ",
    "ConsistencyProof",
    "Entry",
    "InclusionProof",
    "Prepared",
    "Receipt",
    "Record",
    "publish_checkpoint",
    "try_publish_checkpoint",
]

#: Most entries one call to :meth:`Record.entries` returns through the HTTP API.
MAX_ENTRIES_PER_READ = 1000
#: Statements replayed per read during :meth:`Record.rebuild`.
REPLAY_CHUNK = 5000
#: Most entries another process may have appended since this record's last commit for it to
#: catch up by reading them (their actors and types); beyond that it starts afresh.
CATCH_UP_MAX = 50_000
_NO_HANDLERS: list[ActHandler] = []  # (never mutated: the lookup default for unhandled types)
_log = logging.getLogger(__name__)


class Receipt(NamedTuple):
    """Where a statement landed: its index, its leaf hash, and the tree size after it.

    A named tuple rather than a frozen dataclass: one is made per appended statement, and a
    frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``. (The
    ``index`` field hides ``tuple.index``, on purpose.)
    """

    index: int  # type: ignore[assignment]
    leaf_hash: bytes
    tree_size: int


class Prepared(NamedTuple):
    """A statement readied outside the write lock (:meth:`Record.prepare`).

    ``leaf`` and ``leaf_hash`` are its encoding and hash; ``verified`` the raw public key its
    signature verified under (``None``: not verified yet, which the lock's checks then do);
    ``error`` its refusal when no state is needed to refuse it.
    """

    signed: SignedStatement
    leaf: bytes
    leaf_hash: bytes
    verified: bytes | None
    error: EurasecError | None


@dataclass(frozen=True)
class Entry:
    """One log entry: its index and the exact leaf bytes that were hashed."""

    index: int
    leaf: bytes

    @cached_property
    def signed(self) -> SignedStatement:
        """The signed statement the leaf encodes."""
        return decode_leaf(self.leaf)

    @property
    def statement(self) -> Statement:
        """The statement the leaf encodes."""
        return self.signed.statement

    @property
    def leaf_hash(self) -> bytes:
        """RFC 9162 leaf hash of :attr:`leaf`."""
        return leaf_hash(self.leaf)


@dataclass(frozen=True)
class InclusionProof:
    """RFC 9162 inclusion proof of entry ``index`` in the tree of ``tree_size`` leaves."""

    index: int
    tree_size: int
    leaf_hash: bytes
    hashes: tuple[bytes, ...]


@dataclass(frozen=True)
class ConsistencyProof:
    """RFC 9162 consistency proof from tree size ``first`` to ``second``."""

    first: int
    second: int
    hashes: tuple[bytes, ...]


class _Undone(Exception):
    """A statement's checks or projection updates failed and were rolled back to its savepoint."""


class _Retry(Exception):
    """A statement failed inside its rules in a batch's first pass (no savepoints): the
    transaction is rolled back and the batch judged again, a savepoint per statement."""


def _bad_range(message: str) -> RecordError:
    return RecordError(message, code="proof_request_invalid")


_INSERT_ENTRY = (
    "INSERT INTO record_entry (idx, leaf, hashes, type, actor, seq) VALUES (?, ?, ?, ?, ?, ?)"
)


@dataclass
class _Batch:
    """Writes of one transaction, buffered so that many appends cost few statements.

    The record's own writes go straight to the driver (``executemany``): per statement, the
    SQL toolkit's overhead would cost more than the insert itself. ``seqs`` and ``times``
    hold each actor's next sequence number and the time key of its latest statement.
    """

    conn: Connection
    frontier: Frontier
    seqs: dict[str, int] = field(default_factory=dict)
    times: dict[str, str] = field(default_factory=dict)
    origin: str | None = None
    window: tuple[str, str] | None = None  # admitted time keys; None: no clock rule (replica)
    genesis: bool = False  # whether this batch may hold the genesis entry
    dirty: set[str] = field(default_factory=set)
    entries: list[tuple[Any, ...]] = field(default_factory=list)
    # The last accepted statement's savepoint, released only as the next one is taken (in the
    # same round trip on PostgreSQL) or by the commit.
    savepoint: bool = False
    # The first pass over a batch: no savepoints, entries written at the end; a statement
    # that fails inside its rules (after it may have written) sends the whole batch to the
    # second pass, with a savepoint per statement (``Record._submit``).
    optimistic: bool = False

    def open_savepoint(self) -> None:
        """A savepoint for the next statement's writes (releasing the previous one)."""
        if not self.savepoint:
            raw_query(self.conn, "SAVEPOINT eurasec_act")
        elif self.conn.dialect.name == "postgresql":
            raw_query(self.conn, "RELEASE SAVEPOINT eurasec_act; SAVEPOINT eurasec_act")
        else:
            raw_query(self.conn, "RELEASE SAVEPOINT eurasec_act")
            raw_query(self.conn, "SAVEPOINT eurasec_act")
        self.savepoint = True

    def undo_savepoint(self) -> None:
        """Roll the statement's writes back and drop its savepoint."""
        raw_query(self.conn, "ROLLBACK TO SAVEPOINT eurasec_act")
        raw_query(self.conn, "RELEASE SAVEPOINT eurasec_act")
        self.savepoint = False

    def next_seq(self, actor: str) -> int:
        if actor not in self.seqs:
            rows = raw_query(
                self.conn, "SELECT next_seq, last_time FROM record_actor WHERE actor = ?", [actor]
            )
            if rows:
                self.seqs[actor] = int(rows[0][0])
                self.times[actor] = rows[0][1] or ""
            else:
                self.seqs[actor], self.times[actor] = 0, ""
        return self.seqs[actor]

    def append(self, signed: SignedStatement, leaf: bytes, lh: bytes, key: str) -> Receipt:
        st = signed.statement
        index = self.frontier.size
        self.entries.append((index, leaf, self.frontier.append(lh), st.type, st.actor, st.seq))
        self.seqs[st.actor] = st.seq + 1
        if key > self.times[st.actor]:  # (a version 1 entry a mirror copies may go back)
            self.times[st.actor] = key
        self.dirty.add(st.actor)
        return Receipt(index, lh, self.frontier.size)

    def flush(self) -> None:
        raw_many(self.conn, _INSERT_ENTRY, self.entries)
        self.entries = []

    def snapshot(self) -> tuple[Frontier, dict[str, int], dict[str, str], set[str], str | None]:
        return self.frontier.copy(), dict(self.seqs), dict(self.times), set(self.dirty), self.origin

    def restore(
        self, snap: tuple[Frontier, dict[str, int], dict[str, str], set[str], str | None]
    ) -> None:
        self.frontier.size, self.frontier.stack = snap[0].size, snap[0].stack
        self.seqs, self.times, self.dirty, self.origin = snap[1], snap[2], snap[3], snap[4]
        self.entries = []

    def write_seqs(self) -> None:
        self.flush()
        # one statement for new and returning actors alike (an update per actor was a round trip
        # per actor on PostgreSQL)
        raw_many(
            self.conn,
            "INSERT INTO record_actor (actor, next_seq, last_time) VALUES (?, ?, ?) "
            "ON CONFLICT (actor) DO UPDATE SET next_seq = excluded.next_seq, "
            "last_time = excluded.last_time",
            [(a, self.seqs[a], self.times[a]) for a in sorted(self.dirty)],
        )
        self.dirty = set()


class Record:
    """The verifiable record on a store, with the handlers that keep projections in step."""

    def __init__(
        self,
        store: Store,
        handlers: Sequence[ActHandler] = (),
        *,
        accept_unknown_types: bool = False,
        replica: bool = False,
        clock: Clock | None = None,
    ) -> None:
        """A record on ``store`` (a :class:`~eurasec.storage.Store`).

        ``accept_unknown_types=True`` appends statements of types no handler owns (after the
        same key, signature and sequence checks): mirrors and benchmarks use it.
        ``replica=True`` copies another log's entries, which that log already admitted: the
        genesis entry and version 1 statements are taken, and the clock rule, which only the
        admitting log could judge, is not applied (everything else is checked again).
        ``clock`` is the log's clock (default: :func:`~eurasec.record.clock.clock_from_settings`).
        """
        self.store = store
        self.accept_unknown_types = accept_unknown_types
        self.replica = replica
        self.clock = clock or clock_from_settings()
        self._authority = Authority()
        # What this object knows of the log as of its last commit: the frontier, and the next
        # sequence numbers it has read or written (with the actors that have a row). Only
        # appends change the log, the keys or the sequence numbers, and every append grows
        # the log, so while the stored size equals ``_frontier.size`` these and the
        # authority's key cache are current; otherwise they are dropped and re-read.
        self._frontier: Frontier | None = None
        self._seqs: dict[str, int] = {}
        self._times: dict[str, str] = {}
        self._origin: str | None = None
        # key id -> raw public key, for keys this record has seen registered: a key id names
        # one public key for good (ids are never registered twice), so this never goes stale.
        self._public_keys: dict[str, bytes] = {}
        # What the projections read during appends, current under the same rule as the
        # frontier (eurasec.storage.append_cache): emptied whenever that is dropped.
        self._cache = AppendCache()
        self._write_lock = threading.Lock()
        self.handlers: list[ActHandler] = []
        self._by_type: dict[str, list[ActHandler]] = {}
        self._set_handlers(handlers)

    def _set_handlers(self, handlers: Sequence[ActHandler]) -> None:
        by_type: dict[str, list[ActHandler]] = {}
        for h in handlers:
            clash = h.types & OWN_TYPES
            if clash:
                raise ValueError(f"statement types {sorted(clash)} belong to the record itself")
            for t in h.types:
                by_type.setdefault(t, []).append(h)
        self.handlers, self._by_type = list(handlers), by_type

    # -- reads -------------------------------------------------------------------------------

    @staticmethod
    def _size(conn: Connection) -> int:
        return tree_size(conn)

    def size(self) -> int:
        """Number of entries in the log."""
        with self.store.connect() as conn:
            return self._size(conn)

    def origin(self) -> str | None:
        """The origin named by the genesis entry (``None`` before genesis)."""
        with self.store.connect() as conn:
            return get_meta(conn, "record.origin")

    def next_seq(self, actor: str) -> int:
        """The sequence number ``actor``'s next statement must carry (0 for a new actor)."""
        with self.store.connect() as conn:
            row = conn.execute(
                select(record_actor.c.next_seq).where(record_actor.c.actor == actor)
            ).scalar()
        return 0 if row is None else int(row)

    def entries(self, start: int, end: int) -> list[Entry]:
        """Entries ``start ≤ index < end`` in order."""
        with self.store.connect() as conn:
            size = self._size(conn)
            if not 0 <= start <= end <= size:
                raise _bad_range(f"entries [{start}, {end}) are outside the log of {size}")
            rows = conn.execute(
                select(record_entry.c.idx, record_entry.c.leaf)
                .where(record_entry.c.idx >= start, record_entry.c.idx < end)
                .order_by(record_entry.c.idx)
            ).all()
        return [Entry(int(i), bytes(leaf)) for i, leaf in rows]

    def public_key(self, kid: str) -> Ed25519PublicKey | None:
        """The public key registered under ``kid`` (current or not), or ``None``."""
        with self.store.connect() as conn:
            rec = Authority().key(conn, kid)
        return rec.public_key if rec else None

    def root(self, size: int | None = None) -> bytes:
        """Root hash of the tree of the first ``size`` entries (default: all)."""
        with self.store.connect() as conn:
            current = self._size(conn)
            size = current if size is None else size
            if not 0 <= size <= current:
                raise _bad_range(f"tree size {size} is outside 0..{current}")
            return stored_root(conn, size)

    def inclusion_proof(self, index: int, tree_size: int | None = None) -> InclusionProof:
        """Proof that entry ``index`` is in the tree of ``tree_size`` entries (default: all)."""
        with self.store.connect() as conn:
            current = self._size(conn)
            size = current if tree_size is None else tree_size
            if not 0 <= size <= current:
                raise _bad_range(f"tree size {size} is outside 1..{current}")
            if not 0 <= index < size:
                raise _bad_range(f"index {index} is not below tree size {size}")
            leaf, hashes = stored_inclusion_proof(conn, index, size)
        return InclusionProof(index, size, leaf, tuple(hashes))

    def consistency_proof(self, first: int, second: int | None = None) -> ConsistencyProof:
        """Proof that the tree of ``first`` entries is a prefix of the one of ``second``."""
        with self.store.connect() as conn:
            current = self._size(conn)
            second = current if second is None else second
            if not 0 <= first <= second <= current:
                raise _bad_range(f"need 0 ≤ first ≤ second ≤ {current}, got {first}, {second}")
            hashes = stored_consistency_proof(conn, first, second)
        return ConsistencyProof(first, second, tuple(hashes))

    # -- writes ------------------------------------------------------------------------------

    def genesis(
        self,
        origin: str,
        founders: Mapping[str, Ed25519PublicKey],
        *,
        registrars: Sequence[str] | None = None,
        time: str | None = None,
    ) -> Receipt:
        """Write entry 0: the log's ``origin`` and the founding parties' keys.

        ``registrars`` (who may register keys for new parties) defaults to ``SECRETARIAT``
        when it is a founder, otherwise every founder.
        """
        if not ORIGIN_PATTERN.fullmatch(origin):
            # The log signs its checkpoints under its origin as the signed-note key name, and a
            # key name has no white space and no '+' (c2sp.org/signed-note); statements name
            # the origin as plain JSON text (no quotes or backslashes to escape).
            raise RecordError(
                f"log origin {origin!r} must be 1-200 printable ASCII characters without "
                "spaces, '+', quotes or backslashes",
                code="invalid_input",
            )
        if registrars is None:
            registrars = ["SECRETARIAT"] if "SECRETARIAT" in founders else sorted(founders)
        payload = {
            "origin": origin,
            "founders": {actor: public_key_b64(k) for actor, k in founders.items()},
            "registrars": sorted(registrars),
        }
        st = Statement("log.genesis", GENESIS_ACTOR, 0, time or now_rfc3339(), payload, origin)
        signed = SignedStatement(st, "", b"")
        return self._raise_or_receipt(self._submit([self.prepare(signed)], genesis=True))

    def submit(self, signed: SignedStatement) -> Receipt:
        """Append one signed statement, or raise and append nothing."""
        return self._raise_or_receipt(self.submit_many([signed]))

    @staticmethod
    def _raise_or_receipt(results: list[Receipt | EurasecError]) -> Receipt:
        result = results[0]
        if isinstance(result, EurasecError):
            raise result
        return result

    def submit_leaf(self, raw: bytes) -> Receipt:
        """Append a statement given as its exact canonical bytes (what the HTTP API receives)."""
        return self.submit(decode_leaf(raw))

    def prepare(self, signed: SignedStatement) -> Prepared:
        """The work on ``signed`` that needs no lock: encoding, leaf hash, type, signature.

        Safe to call from any thread; :meth:`submit_many` takes the result as it is.
        """
        try:
            leaf = signed.leaf_bytes()
            if len(leaf) > MAX_LEAF_BYTES:
                raise RecordError(
                    f"statement is {len(leaf)} bytes; the limit is {MAX_LEAF_BYTES}",
                    code="record_oversize",
                )
            self._check_type(signed.statement.type, genesis=True)
        except EurasecError as exc:
            return Prepared(signed, b"", b"", None, exc)
        verified = self._public_keys.get(signed.key_id)
        if verified is not None and not verify_strict(
            verified, signed.signature, signed.statement.signing_message()
        ):
            verified = None  # the lock's checks say why, in their order
        return Prepared(signed, leaf, leaf_hash(leaf), verified, None)

    def _check_type(self, kind: str, *, genesis: bool) -> None:
        if kind not in OWN_TYPES and kind not in self._by_type and not self.accept_unknown_types:
            raise RecordError(
                f"no handler accepts statement type {kind!r}", code="record_unknown_type"
            )
        if kind == "log.genesis" and not genesis:
            raise RecordError(
                "the genesis entry is written by the log's operator (`eurasec record genesis`)",
                code="record_genesis_refused",
            )

    def submit_many(
        self,
        signeds: Sequence[SignedStatement | Prepared],
        *,
        more: Callable[[], Sequence[Prepared]] | None = None,
    ) -> list[Receipt | EurasecError]:
        """Append many statements in one transaction: one durable commit (group commit).

        Each statement is judged on its own, in order: the result list holds a
        :class:`Receipt` for each appended statement and the error for each rejected one
        (whatever a handler raised becomes ``record_handler_failed``). Only a failure of the
        transaction itself rolls back the whole batch and propagates: the database not
        answering in time or going away is :class:`~eurasec.errors.Unavailable`
        (``database_unavailable``: nothing was written, retry).

        ``more``, when given, is called once the append lock is held and its statements join
        the batch (their results follow): what arrived while this process waited for another
        to finish shares this commit instead of waiting for the next.
        """
        return self._submit(
            [s if isinstance(s, Prepared) else self.prepare(s) for s in signeds],
            genesis=self.replica,
            more=more,
        )

    def _submit(
        self,
        items: Sequence[Prepared],
        *,
        genesis: bool,
        more: Callable[[], Sequence[Prepared]] | None = None,
    ) -> list[Receipt | EurasecError]:
        """Judge and append ``items`` (and what ``more`` adds) in one transaction.

        A first pass runs without savepoints: on PostgreSQL a savepoint is a round trip per
        statement, and a statement refused before its rules run (sequence, time, key,
        signature) has written nothing. If a statement fails inside its rules, where it may
        have written, the transaction is rolled back and the batch judged again with a
        savepoint per statement, as each statement is judged alone either way.
        """
        work = list(items)
        with self._write_lock:
            try:
                return self._transaction(work, genesis, more, optimistic=True)
            except _Retry:
                self._authority.begin()  # keys it applied were rolled back with the rest
                self._cache.clear()
            return self._transaction(work, genesis, None, optimistic=False)

    def _transaction(
        self,
        work: list[Prepared],
        genesis: bool,
        more: Callable[[], Sequence[Prepared]] | None,
        *,
        optimistic: bool,
    ) -> list[Receipt | EurasecError]:
        results: list[Receipt | EurasecError] = []
        try:
            with self.store.writer_turn(), self.store.begin() as conn, attached(conn, self._cache):
                batch = self._start(conn, genesis)
                batch.optimistic = optimistic
                if more is not None:
                    work.extend(more())  # (kept in ``work`` for a second pass)
                for item in work:
                    results.append(item.error or self._judge(batch, item))
                batch.write_seqs()
            self._frontier = batch.frontier
            self._seqs, self._times = batch.seqs, batch.times
            self._origin = batch.origin
        except _Retry:
            raise  # rolled back; the log and what this record knows of it are unchanged
        except BaseException as exc:
            self._frontier = None
            self._cache.clear()
            if self.store.unavailable(exc):
                raise Unavailable(
                    f"the database did not take the batch ({self.store.reason(exc)}); "
                    "nothing was written: retry"
                ) from exc
            raise
        return results

    def _start(self, conn: Connection, genesis: bool) -> _Batch:
        xact_lock(conn, APPEND)
        size = self._size(conn)
        window = None if self.replica else time_window(self.clock())
        cached = self._frontier
        if cached is not None and cached.size != size:
            if 0 < size - cached.size <= CATCH_UP_MAX:
                cached = self._catch_up(conn, cached, size)
            else:
                cached = None
        if cached is not None and cached.size == size:  # what we know is current
            return _Batch(
                conn, cached.copy(), dict(self._seqs), dict(self._times),
                self._origin, window, genesis,
            )  # fmt: skip
        self._authority.begin()
        self._cache.clear()
        self._seqs, self._times = {}, {}
        origin = get_meta(conn, "record.origin") if size else None
        frontier = load_frontier(conn, size)
        return _Batch(conn, frontier, origin=origin, window=window, genesis=genesis)

    def _catch_up(self, conn: Connection, cached: Frontier, size: int) -> Frontier | None:
        """Another process appended entries ``[cached.size, size)``: forget only what they
        changed (their actors' sequence numbers; the keys, if any is a key statement; the
        append cache's sections that acts of their types write)."""
        rows = raw_query(
            conn, "SELECT actor, type FROM record_entry WHERE idx >= ? AND idx < ?",
            [cached.size, size],
        )  # fmt: skip
        if len(rows) != size - cached.size or self._origin is None:
            return None
        for actor, kind in rows:
            self._seqs.pop(actor, None)
            self._times.pop(actor, None)
            if kind in OWN_TYPES:
                self._authority.begin()
        self._cache.forget(kind for _actor, kind in rows)  # what those acts may have written
        return load_frontier(conn, size)

    def _judge(self, batch: _Batch, item: Prepared) -> Receipt | EurasecError:
        """Append one statement of a batch, or say why not: its error, never an exception.

        An exception that is not a :class:`EurasecError` is a handler failing on input its
        rules did not foresee; the statement is refused (``record_handler_failed``), its
        writes undone, and the failure logged for the operator, while the rest of the batch
        goes on.
        """
        try:
            return self._append_one(batch, item)
        except EurasecError as exc:
            return exc
        except _Retry:
            raise
        except Exception as exc:
            undone = isinstance(exc, _Undone)
            if not undone and isinstance(exc, batch.conn.dialect.loaded_dbapi.Error):
                raise  # the database failed outside the statement's savepoint: the batch fails
            cause = exc.__cause__ if undone and exc.__cause__ is not None else exc
            st = item.signed.statement
            if self.store.unavailable(cause):  # e.g. a statement timeout: not the act's fault
                return Unavailable(
                    f"the database did not finish checking {st.type} by {st.actor} "
                    f"({self.store.reason(cause)}); nothing was written: retry"
                )
            _log.error(
                "statement %s seq %s (%s) failed its checks",
                st.actor, st.seq, st.type, exc_info=cause,
            )  # fmt: skip
            return RecordError(
                f"{st.type} by {st.actor} (seq {st.seq}) could not be checked "
                f"({type(cause).__name__}) and is refused",
                code="record_handler_failed",
            )

    def _check_log(self, batch: _Batch, st: Statement) -> None:
        """The statement names this log (version 2; a replica also takes version 1)."""
        if st.origin is None:
            if not self.replica:
                raise RecordError(
                    "the statement names no log: sign a version 2 statement with this log's "
                    f"origin {batch.origin!r}",
                    code="record_wrong_log",
                )
        elif st.origin != batch.origin and st.type != "log.genesis":
            raise RecordError(
                f"the statement was signed for the log {st.origin!r}, not {batch.origin!r}",
                code="record_wrong_log",
            )

    @staticmethod
    def _check_time(batch: _Batch, st: Statement) -> str:
        """The time lies within the clock's tolerance and not before the actor's previous
        statement (after ``batch.next_seq`` read the actor's row); its time key."""
        key = time_key(st.time)
        window = batch.window
        if window is not None and st.type != "log.genesis" and not window[0] <= key <= window[1]:
            raise RecordError(
                f"{st.type} by {st.actor} is dated {st.time}, outside the log clock's "
                f"tolerance ({window[0][:19]}Z to {window[1][:19]}Z)",
                code="record_time_skew",
            )
        if st.origin is not None and key < batch.times[st.actor]:
            raise RecordError(
                f"{st.type} by {st.actor} is dated {st.time}, before its previous statement",
                code="record_time_order",
            )
        return key

    def _append_one(self, batch: _Batch, item: Prepared) -> Receipt:
        signed, leaf = item.signed, item.leaf
        st, conn, index = signed.statement, batch.conn, batch.frontier.size
        own = st.type in OWN_TYPES
        handlers = self._by_type.get(st.type, _NO_HANDLERS)
        self._check_type(st.type, genesis=batch.genesis)
        pub = self._authority.signing_key(conn, signed, index)
        self._check_log(batch, st)
        if pub is not None:
            if pub != item.verified:
                verify_signature(signed, pub)
            self._public_keys[signed.key_id] = pub
        expected = batch.next_seq(st.actor)
        if st.seq != expected:
            what = "was already used" if st.seq < expected else "skips ahead"
            raise RecordError(
                f"seq {st.seq} of {st.actor} {what}; the next is {expected}",
                code="record_bad_sequence",
            )
        key = self._check_time(batch, st)
        if not own and not handlers:
            return batch.append(signed, leaf, item.leaf_hash, key)
        if batch.optimistic:
            try:
                return self._admit(batch, signed, leaf, item.leaf_hash, key, own, handlers)
            except Exception as exc:
                raise _Retry from exc
        batch.flush()
        snap = batch.snapshot()
        batch.open_savepoint()
        try:
            receipt = self._admit(batch, signed, leaf, item.leaf_hash, key, own, handlers)
            batch.flush()
        except BaseException as exc:
            batch.undo_savepoint()
            batch.restore(snap)
            self._authority.begin()
            self._cache.clear()  # it may hold what the statement wrote
            if isinstance(exc, EurasecError) or not isinstance(exc, Exception):
                raise
            raise _Undone from exc  # (a database error here was rolled back with the rest)
        return receipt  # its savepoint stays until the next statement's or the commit

    def _admit(
        self,
        batch: _Batch,
        signed: SignedStatement,
        leaf: bytes,
        lh: bytes,
        key: str,
        own: bool,
        handlers: Sequence[ActHandler],
    ) -> Receipt:
        """A statement's rules and writes: the record's own, then every handler's."""
        st, conn, index = signed.statement, batch.conn, batch.frontier.size
        if own:
            self._authority.check(conn, signed, index)
        receipt = batch.append(signed, leaf, lh, key)
        if own:
            self._authority.apply(conn, signed, index)
            if st.type == "log.genesis":
                batch.origin = self._authority.origin
        for h in handlers:
            admit = getattr(h, "admit", None)
            if admit is not None:  # its rules and its writes in one pass
                admit(conn, st, index)
            else:
                h.check(conn, st, index)
                h.apply(conn, st, index)
        return receipt

    def rebuild(self, handlers: Sequence[ActHandler] | None = None) -> None:
        """Empty every projection and replay every entry in order, in one transaction.

        ``handlers`` replaces the registered handlers first. Handlers ``apply`` again; they
        are not asked to ``check`` (acts already accepted are not re-judged).
        """
        if handlers is not None:
            self._set_handlers(handlers)
        with self._write_lock, self.store.begin() as conn:
            xact_lock(conn, APPEND)
            authority = Authority()
            authority.reset(conn)
            conn.execute(record_actor.delete())
            for h in self.handlers:
                h.reset(conn)
            seqs: dict[str, int] = {}
            times: dict[str, str] = {}
            start, size = 0, self._size(conn)
            while start < size:
                rows = raw_query(
                    conn,
                    "SELECT idx, leaf FROM record_entry WHERE idx >= ? AND idx < ? ORDER BY idx",
                    [start, start + REPLAY_CHUNK],
                )
                for idx, leaf in rows:
                    signed = SignedStatement.from_json(json.loads(bytes(leaf)))
                    st = signed.statement
                    if st.type in OWN_TYPES:
                        authority.apply(conn, signed, int(idx))
                    for h in self._by_type.get(st.type, ()):
                        h.apply(conn, st, int(idx))
                    seqs[st.actor] = st.seq + 1
                    times[st.actor] = max(times.get(st.actor, ""), time_key(st.time))
                start += REPLAY_CHUNK
            if seqs:
                conn.execute(
                    record_actor.insert(),
                    [{"actor": a, "next_seq": n, "last_time": times[a]} for a, n in seqs.items()],
                )
        self._authority = Authority()
        self._frontier = None
        self._cache.clear()


def publish_checkpoint(record: Record, signer: Any) -> str:
    """Sign and store a checkpoint of the log as it is now; return the note.

    If a stored checkpoint already has the current size, that note (with whatever
    cosignatures it has gathered) is returned instead of signing again. One process publishes
    at a time (the :data:`~eurasec.storage.lock.CHECKPOINT` lock; appends go on meanwhile):
    the others wait for it, then find its note. ``signer`` is a
    :class:`~eurasec.record.checkpoint.NoteSigner`.
    """
    note = _publish(record, signer, wait=True)
    assert note is not None
    return note


def try_publish_checkpoint(record: Record, signer: Any) -> str | None:
    """:func:`publish_checkpoint`, or ``None`` at once if another process is publishing."""
    return _publish(record, signer, wait=False)


def _publish(record: Record, signer: Any, *, wait: bool) -> str | None:
    from eurasec.record.checkpoint import (
        Checkpoint,
        checkpoint_at,
        save_checkpoint,
        sign_checkpoint,
    )
    from eurasec.record.verify import note_log_vkey

    with record.store.connect() as conn:  # most calls end here, without a write
        origin = get_meta(conn, "record.origin")
        if origin is None:
            raise RecordError("the log has no genesis entry yet", code="record_malformed")
        existing = checkpoint_at(conn, Record._size(conn))
    if existing is not None:
        return existing
    with record.store.begin() as conn:
        if wait:
            xact_lock(conn, CHECKPOINT)
        elif not try_xact_lock(conn, CHECKPOINT):
            return None
        size = Record._size(conn)  # as it is now that this process is the publisher
        existing = checkpoint_at(conn, size)
        if existing is not None:
            return existing
        checkpoint = Checkpoint(origin, size, stored_root(conn, size))
        note = sign_checkpoint(checkpoint, signer)
        save_checkpoint(conn, checkpoint, note)
        note_log_vkey(conn, signer.verifier.vkey())  # a new key is a rotation: both are kept
        return note
