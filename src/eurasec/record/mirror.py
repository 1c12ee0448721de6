"""Mirrors: copy another node's log over HTTP, verify it all, and catch forks.

:func:`mirror` fetches the remote node's latest checkpoint and checks the log's signature on
it (the log key is given, or remembered from the first mirror: trust on first use), fetches
the entries the local copy lacks, and appends them through a local
:class:`~eurasec.record.log.Record` (so every key, signature and sequence number is checked
again), but only after the new leaves, folded onto the local tree, give exactly the signed
root. The remote checkpoint is then stored beside the local copy.

If the remote checkpoint cannot be true together with one already held (same size and a
different root, or a consistency proof whose new root matches the remote checkpoint but whose
old root differs from the local one), the mirror stops, appends nothing, and raises
:class:`~eurasec.record.checkpoint.ForkProof` holding both signed checkpoints (and the proof),
which :func:`mirror` also writes to ``fork_proof`` when given.

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
from eurasec.record.statement import decode_leaf
from eurasec.record.tree import load_frontier
from eurasec.storage import Store
from eurasec.storage.meta import get_meta, set_meta

__all__ = ["HTTP_TIMEOUT", "PAGE", "MirrorReport", "mirror"]

#: Entries asked for per request (the server's cap is 1000).
PAGE = 1000
#: Seconds to wait for each HTTP response.
HTTP_TIMEOUT = 30.0
_API = "/api/v1/record"


@dataclass(frozen=True)
class MirrorReport:
    """What a mirror run did."""

    origin: str
    previous_size: int
    size: int
    root: str


class _Remote:
    def __init__(self, url: str) -> None:
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ConfigurationError(f"mirror URL must be http(s)://host[:port], got {url!r}")
        self.base = url.rstrip("/")

    def get(self, path: str, **params: int) -> bytes:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        url = f"{self.base}{_API}{path}{query}"
        try:
            with urllib.request.urlopen(url, timeout=HTTP_TIMEOUT) as resp:
                return bytes(resp.read())
        except urllib.error.HTTPError as exc:
            raise ConfigurationError(f"{url} answered HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise ConfigurationError(f"cannot reach {url}: {exc}") from None

    def json(self, path: str, **params: int) -> Any:
        try:
            return json.loads(self.get(path, **params))
        except ValueError:
            raise RecordError(f"{path} did not answer JSON", code="checkpoint_invalid") from None


def _log_key(store: Store, remote: _Remote, given: NoteVerifier | None) -> NoteVerifier:
    with store.connect() as conn:
        known = get_meta(conn, "record.log_vkey")
    if given is not None:
        if known and known != given.vkey():
            raise ConfigurationError("the given log key differs from the one this mirror holds")
        return given
    if known:
        return NoteVerifier.from_vkey(known)
    return NoteVerifier.from_vkey(remote.get("/log-key").decode())  # trust on first use


def _fork(message: str, local: str | None, remote: str, **evidence: object) -> ForkProof:
    return ForkProof(message, local or "", remote, **evidence)


def _b64(hashes: list[bytes]) -> list[str]:
    return [base64.b64encode(h).decode() for h in hashes]


def _fetch_leaves(remote: _Remote, start: int, end: int) -> list[bytes]:
    leaves: list[bytes] = []
    while start + len(leaves) < end:
        at = start + len(leaves)
        page = remote.json("/entries", offset=at, limit=min(end - at, PAGE))["data"]
        if not page:
            raise RecordError(f"remote returned no entries from {at}", code="checkpoint_invalid")
        for i, item in enumerate(page):
            if item["index"] != at + i:
                raise RecordError("remote entries out of order", code="checkpoint_invalid")
            leaves.append(base64.b64decode(item["leaf"], validate=True))
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
    hashes = [
        base64.b64decode(h)
        for h in remote.json("/proof/consistency", first=local_size, second=cp.size)["hashes"]
    ]
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


def mirror(
    store: Store,
    url: str,
    *,
    log_key: NoteVerifier | None = None,
    fork_proof: str | Path | None = None,
) -> MirrorReport:
    """Bring the local copy in ``store`` up to the node at ``url``; raise on a fork."""
    remote = _Remote(url)
    verifier = _log_key(store, remote, log_key)
    note = remote.get("/checkpoint").decode("utf-8")
    record = Record(store, accept_unknown_types=True)
    local_origin = record.origin()
    cp = open_checkpoint(note, verifier, local_origin)
    local_size = record.size()
    try:
        if cp.size <= local_size:
            _check_behind(store, cp, note, local_size)
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
