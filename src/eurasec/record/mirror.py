"""Mirrors: copy another node's log over HTTP, verify it all, and catch forks and rollbacks.

:func:`mirror` fetches the remote node's latest checkpoint and checks the log's signature on
it (the log key is given, or remembered from the first mirror: trust on first use), fetches
the entries the local copy lacks, and appends them through a local
:class:`~eurasec.record.log.Record` in replica mode (so every key, signature, origin and
sequence number is checked again), but only after the new leaves, folded onto the local tree,
give exactly the signed root. The remote checkpoint is then stored beside the local copy.

If the remote checkpoint cannot be true together with one already held (same size and a
different root, or a consistency proof whose new root matches the remote checkpoint but whose
old root differs from the local one), the mirror stops, appends nothing, and raises
:class:`~eurasec.record.checkpoint.ForkProof` holding both signed checkpoints (and the proof),
which :func:`mirror` also writes to ``fork_proof`` when given. A latest checkpoint smaller
than one this mirror already holds from the log is a rollback (``mirror_rollback``): reported,
nothing stored.

The remote is not trusted to behave: every answer is read up to a size limit
(:data:`MAX_ANSWER_BYTES`, :data:`MAX_ENTRIES_ANSWER_BYTES`) and within one deadline per request
(:data:`REQUEST_DEADLINE`, from connecting to the last byte, however slowly the bytes come),
and anything malformed (not UTF-8, not the JSON shape the API documents) ends the run with a
one-line ``mirror_bad_response``.

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import http.client
import json
import socket
import threading
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from eurasec.errors import ConfigurationError, EurasecError, RecordError, RecordTampered
from eurasec.record.checkpoint import (
    Checkpoint,
    ForkProof,
    NoteVerifier,
    checkpoint_at,
    latest_checkpoint,
    open_checkpoint,
    save_checkpoint,
)
from eurasec.record.log import Record
from eurasec.record.merkle import leaf_hash, root_from_consistency_proof
from eurasec.record.schema import record_checkpoint
from eurasec.record.statement import MAX_LEAF_BYTES, decode_leaf
from eurasec.record.tree import load_frontier
from eurasec.storage import Store
from eurasec.storage.meta import get_meta, set_meta

__all__ = [
    "MAX_ANSWER_BYTES",
    "MAX_ENTRIES_ANSWER_BYTES",
    "PAGE",
    "REQUEST_DEADLINE",
    "MirrorReport",
    "mirror",
]

#: Entries asked for per request (the server's cap is 1000).
PAGE = 256
#: Seconds one request may take in all: connecting, the answer's head and its last byte.
REQUEST_DEADLINE = 30.0
#: Largest answer read for a checkpoint, a key or a proof (bytes).
MAX_ANSWER_BYTES = 64 * 1024
#: Largest answer read for a page of entries: :data:`PAGE` leaves of the largest size the
#: record accepts, in base64, with their JSON framing (about 22 MB).
MAX_ENTRIES_ANSWER_BYTES = PAGE * (4 * MAX_LEAF_BYTES // 3 + 64) + 4096
_API = "/api/v1/record"
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class MirrorReport:
    """What a mirror run did."""

    origin: str
    previous_size: int
    size: int
    root: str


def _bad(message: str) -> RecordError:
    return RecordError(message, code="mirror_bad_response")


class _Remote:
    """The node being mirrored: bounded, deadline-limited GET requests."""

    def __init__(self, url: str, deadline: float = REQUEST_DEADLINE) -> None:
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ConfigurationError(f"mirror URL must be http(s)://host[:port], got {url!r}")
        self.base = url.rstrip("/")
        self.parsed = parsed
        self.deadline = deadline

    def _connection(self) -> http.client.HTTPConnection:
        host, port = self.parsed.hostname or "", self.parsed.port
        if self.parsed.scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=self.deadline)
        return http.client.HTTPConnection(host, port, timeout=self.deadline)

    def get(self, path: str, most: int = MAX_ANSWER_BYTES, **params: int) -> bytes:
        """The answer to ``GET <api><path>``: at most ``most`` bytes, within the deadline."""
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        target = f"{self.parsed.path.rstrip('/')}{_API}{path}{query}"
        url = f"{self.base}{_API}{path}{query}"
        conn = self._connection()
        expired = threading.Event()
        opened: list[socket.socket] = []

        def cut() -> None:  # the deadline passed: end the connection under the blocked read
            expired.set()
            for sock in opened:  # (the response reads through it after conn lets go of it)
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

        timer = threading.Timer(self.deadline, cut)
        timer.daemon = True
        timer.start()
        try:
            conn.connect()
            if conn.sock is not None:
                opened.append(conn.sock)
            if expired.is_set():  # the deadline passed while connecting
                raise TimeoutError
            conn.request("GET", target, headers={"Accept": "*/*", "Connection": "close"})
            resp = conn.getresponse()
            body = self._read(resp, most, url)
        except (OSError, http.client.HTTPException) as exc:
            if expired.is_set():
                raise _bad(f"{url} did not answer within {self.deadline:g} s") from None
            raise ConfigurationError(f"cannot reach {url}: {exc}") from None
        finally:
            timer.cancel()
            conn.close()
        if expired.is_set():
            raise _bad(f"{url} did not answer within {self.deadline:g} s")
        if resp.status != 200:
            raise ConfigurationError(f"{url} answered HTTP {resp.status}")
        return body

    @staticmethod
    def _read(resp: http.client.HTTPResponse, limit: int, url: str) -> bytes:
        declared = resp.getheader("Content-Length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _bad(f"{url} answered {int(declared)} bytes; a mirror reads at most {limit}")
        body = bytearray()
        while chunk := resp.read(min(_CHUNK, limit + 1 - len(body))):
            body += chunk
            if len(body) > limit:
                raise _bad(f"{url} answered more than {limit} bytes; a mirror reads no more")
        return bytes(body)

    def text(self, path: str) -> str:
        """A short UTF-8 answer (a note or a key)."""
        try:
            return self.get(path).decode("utf-8")
        except UnicodeDecodeError:
            raise _bad(f"{path} did not answer UTF-8 text") from None

    def json(self, path: str, most: int = MAX_ANSWER_BYTES, **params: int) -> Any:
        """A JSON answer."""
        try:
            return json.loads(self.get(path, most, **params))
        except (ValueError, RecursionError):
            raise _bad(f"{path} did not answer JSON") from None


def _field(data: Any, name: str, kind: type, path: str) -> Any:
    value = data.get(name) if isinstance(data, dict) else None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise _bad(f"{path} answered no {name!r} of type {kind.__name__}")
    return value


def _b64_list(values: Any, path: str, size: int | None = None) -> list[bytes]:
    if not isinstance(values, list):
        raise _bad(f"{path} answered no list of base64 values")
    out = []
    for v in values:
        try:
            raw = base64.b64decode(v, validate=True) if isinstance(v, str) else None
        except (binascii.Error, ValueError):
            raw = None
        if raw is None or (size is not None and len(raw) != size):
            what = f"base64 of {size} bytes" if size else "base64"
            raise _bad(f"{path} answered a value that is not {what}")
        out.append(raw)
    return out


def _log_key(store: Store, remote: _Remote, given: NoteVerifier | None) -> NoteVerifier:
    with store.connect() as conn:
        known = get_meta(conn, "record.log_vkey")
    if given is not None:
        if known and known != given.vkey():
            raise ConfigurationError("the given log key differs from the one this mirror holds")
        return given
    if known:
        return NoteVerifier.from_vkey(known)
    return NoteVerifier.from_vkey(remote.text("/log-key"))  # trust on first use


def _fork(message: str, local: str | None, remote: str, **evidence: object) -> ForkProof:
    return ForkProof(message, local or "", remote, **evidence)


def _b64(hashes: list[bytes]) -> list[str]:
    return [base64.b64encode(h).decode() for h in hashes]


def _fetch_leaves(remote: _Remote, start: int, end: int) -> list[bytes]:
    leaves: list[bytes] = []
    while start + len(leaves) < end:
        at = start + len(leaves)
        answer = remote.json(
            "/entries", MAX_ENTRIES_ANSWER_BYTES, offset=at, limit=min(end - at, PAGE)
        )
        page = _field(answer, "data", list, "/entries")
        if not page or len(page) > min(end, at + PAGE) - at:
            raise _bad(f"/entries answered {len(page)} entries from {at}")
        for i, item in enumerate(page):
            if _field(item, "index", int, "/entries") != at + i:
                raise _bad("/entries answered entries out of order")
            leaves.extend(_b64_list([_field(item, "leaf", str, "/entries")], "/entries"))
    return leaves


def _check_history(
    store: Store, remote: _Remote, cp: Checkpoint, note: str, local_size: int, leaves: list[bytes]
) -> None:
    """Raise :class:`ForkProof` unless ``leaves`` extend the local tree to ``cp``."""
    with store.connect() as conn:
        frontier = load_frontier(conn, local_size)
        local_note = checkpoint_at(conn, local_size) or latest_checkpoint(conn)
    local_root = frontier.root()
    for leaf in leaves:
        frontier.append(leaf_hash(leaf))
    if frontier.root() == cp.root:
        return
    if local_size == 0:
        raise RecordTampered(f"the remote entries do not hash to its signed root at {cp.size}")
    answer = remote.json("/proof/consistency", first=local_size, second=cp.size)
    hashes = _b64_list(_field(answer, "hashes", list, "/proof/consistency"), "/proof", 32)
    try:
        old, new = root_from_consistency_proof(local_size, cp.size, local_root, hashes)
    except EurasecError:
        old, new = b"", b""
    if new == cp.root and old != local_root:
        raise _fork(
            f"the log signed size {cp.size} over a different first {local_size} entries "
            "than the checkpoint this mirror holds",
            local_note,
            note,
            consistency_proof={"first": local_size, "second": cp.size, "hashes": _b64(hashes)},
            implied_old_root=base64.b64encode(old).decode(),
        )
    raise RecordTampered(f"the remote entries do not hash to its signed root at {cp.size}")


def _check_behind(store: Store, cp: Checkpoint, note: str, local_size: int) -> None:
    """The remote is at or behind us: its root must be our root at its size."""
    if cp.size == 0:
        return
    record_root_at = None
    with store.connect() as conn:
        from eurasec.record.tree import stored_consistency_proof, stored_root

        record_root_at = stored_root(conn, cp.size)
        local_note = checkpoint_at(conn, cp.size) or latest_checkpoint(conn)
        proof = stored_consistency_proof(conn, cp.size, local_size) if cp.size < local_size else []
    if record_root_at != cp.root:
        raise _fork(
            f"two different trees of size {cp.size} signed by the same log",
            local_note,
            note,
            consistency_proof={"first": cp.size, "second": local_size, "hashes": _b64(proof)},
        )


def _largest_seen(store: Store) -> int:
    """The largest checkpoint this store holds (0: none)."""
    with store.connect() as conn:
        largest = conn.execute(select(func.max(record_checkpoint.c.tree_size))).scalar()
    return int(largest or 0)


def mirror(
    store: Store,
    url: str,
    *,
    log_key: NoteVerifier | None = None,
    fork_proof: str | Path | None = None,
    deadline: float = REQUEST_DEADLINE,
) -> MirrorReport:
    """Bring the local copy in ``store`` up to the node at ``url``; raise on a fork or rollback.

    ``deadline`` bounds each request to the node, in seconds, from connecting to the last byte.
    """
    remote = _Remote(url, deadline)
    verifier = _log_key(store, remote, log_key)
    note = remote.text("/checkpoint")
    record = Record(store, accept_unknown_types=True, replica=True)
    local_origin = record.origin()
    cp = open_checkpoint(note, verifier, local_origin)
    local_size = record.size()
    try:
        if cp.size <= local_size:
            _check_behind(store, cp, note, local_size)
            seen = _largest_seen(store)
            if cp.size < seen:
                raise RecordError(
                    f"{url} shows the log at size {cp.size}, but this mirror already holds its "
                    f"checkpoint of size {seen}: the log was rolled back (or the node is stale)",
                    code="mirror_rollback",
                )
        else:
            leaves = _fetch_leaves(remote, local_size, cp.size)
            _check_history(store, remote, cp, note, local_size, leaves)
            _append(record, local_size, leaves)
    except ForkProof as fork:
        if fork_proof is not None:
            Path(fork_proof).write_text(json.dumps(fork.proof, indent=2) + "\n", encoding="utf-8")
        raise
    with store.begin() as conn:
        if checkpoint_at(conn, cp.size) is None:
            save_checkpoint(conn, cp, note)
        set_meta(conn, "record.log_vkey", verifier.vkey())
    return MirrorReport(cp.origin, local_size, max(cp.size, local_size), cp.root.hex())


def _append(record: Record, start: int, leaves: list[bytes]) -> None:
    for i in range(0, len(leaves), PAGE):
        part = leaves[i : i + PAGE]
        results = record.submit_many([decode_leaf(leaf) for leaf in part])
        for j, res in enumerate(results):
            if isinstance(res, EurasecError):
                raise RecordTampered(f"remote entry {start + i + j} is invalid: {res.message}")
