"""The record's HTTP API: submit statements, read entries, checkpoints and proofs.

Hashes travel as standard base64 (as in checkpoints); leaves as base64 of their exact bytes.
The log is addressed by index and tree size rather than by date, so its answers carry no
``as_of``; entries are a page like every other collection (``offset`` is the first index).
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from eurasec.errors import ConfigurationError, NotFound, RecordError
from eurasec.record.checkpoint import (
    ALG_COSIGNATURE,
    NoteSigner,
    NoteVerifier,
    SignedNote,
    latest_checkpoint,
)
from eurasec.record.keys import load_private_key
from eurasec.record.log import MAX_ENTRIES_PER_READ, Record, publish_checkpoint
from eurasec.record.witness import OldSizeMismatch, Witness, parse_add_checkpoint
from eurasec.storage.meta import get_meta
from eurasec.web.deps import SettingsDep, StoreDep, envelope
from eurasec.web.openapi import follow
from eurasec.web.problems import declare
from eurasec.web.routes._acts import ACT_BODY, ActReceipt, record_for, submit_act
from eurasec.web.schemas.common import Page

__all__ = ["router"]

#: A read may find stored history that does not verify (500 ``record_tampered``).
router = APIRouter(prefix="/api/v1/record", tags=["record"], responses=declare(500))

#: Largest tree size or index accepted in a query (2^53, JSON's safe integer range).
MAX_QUERY_INT = 2**53


class EntryPublic(BaseModel):
    """One entry: its index and the base64 of its exact leaf bytes."""

    index: int
    leaf: str


class EntriesPublic(Page[EntryPublic]):
    """A page of entries in index order; ``count`` is the log's size."""


class SummaryPublic(BaseModel):
    """The log's origin, size and root."""

    origin: str | None
    size: int
    root: str


class InclusionPublic(BaseModel):
    """RFC 9162 inclusion proof."""

    index: int
    tree_size: int
    leaf_hash: str
    hashes: list[str]


class ConsistencyPublic(BaseModel):
    """RFC 9162 consistency proof."""

    first: int
    second: int
    hashes: list[str]


class NextSeqPublic(BaseModel):
    """The sequence number an actor's next statement must carry."""

    actor: str
    next_seq: int


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _record(request: Request, store: StoreDep) -> Record:
    return record_for(request, store)


def _read_setting_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ConfigurationError(f"cannot read key file {path}: {exc.strerror}") from None


Index = Annotated[int, Query(ge=0, le=MAX_QUERY_INT)]


@router.post(
    "/statements",
    status_code=201,
    responses={
        **declare(403, 409, 413, 422),
        **follow(201, proof=("record_inclusion", {"index": "$response.body#/index"})),
    },
    openapi_extra=ACT_BODY,
)
async def submit_statement(request: Request) -> ActReceipt:
    """Append a signed statement sent as its exact RFC 8785 bytes (see docs/formats.md)."""
    return await submit_act(request)


@router.get(
    "",
    responses=follow(
        consistency=("record_consistency", {"first": "$response.body#/size"}),
        inclusion=("record_inclusion", {"index": "0", "tree_size": "$response.body#/size"}),
    ),
)
def summary(request: Request, store: StoreDep) -> SummaryPublic:
    """The log's origin, size and current root."""
    record = _record(request, store)
    size = record.size()
    return SummaryPublic(origin=record.origin(), size=size, root=_b64(record.root(size)))


@router.get(
    "/entries",
    responses={
        **declare(422),
        **follow(proof=("record_inclusion", {"index": "$response.body#/data/0/index"})),
    },
)
def entries(
    request: Request,
    store: StoreDep,
    offset: Annotated[int, Query(ge=0, le=MAX_QUERY_INT, description="First index.")] = 0,
    limit: Annotated[
        int, Query(ge=1, le=MAX_ENTRIES_PER_READ, description="At most 1000 entries.")
    ] = 100,
) -> EntriesPublic:
    """Entries ``offset ≤ index < offset + limit`` that the log holds, in index order."""
    record = _record(request, store)
    size = record.size()
    found = record.entries(offset, max(offset, min(offset + limit, size)))
    data = [EntryPublic(index=e.index, leaf=_b64(e.leaf)) for e in found]
    return envelope(
        EntriesPublic, request, data, count=size, limit=limit, offset=offset, as_of=None
    )


_TEXT: dict[int | str, dict[str, Any]] = {
    200: {"description": "A text answer.", "content": {"text/plain": {}}}
}


@router.get("/checkpoint", response_class=PlainTextResponse, responses={**_TEXT, **declare(404)})
def checkpoint(request: Request, store: StoreDep, settings: SettingsDep) -> PlainTextResponse:
    """The latest checkpoint note; signed afresh first when the server holds the log key."""
    record = _record(request, store)
    if settings.record_key_file and record.origin() is not None:
        key = load_private_key(_read_setting_file(settings.record_key_file))
        note: str | None = publish_checkpoint(record, NoteSigner(str(record.origin()), key))
    else:
        with store.connect() as conn:
            note = latest_checkpoint(conn)
    if note is None:
        raise NotFound("checkpoint", "latest")
    return PlainTextResponse(note, media_type="text/plain; charset=utf-8")


@router.get("/log-key", response_class=PlainTextResponse, responses={**_TEXT, **declare(404)})
def log_key(store: StoreDep) -> PlainTextResponse:
    """The log's checkpoint verifier key (vkey), once it has signed a checkpoint."""
    with store.connect() as conn:
        vkey = get_meta(conn, "record.log_vkey")
    if vkey is None:
        raise NotFound("log key", "record.log_vkey")
    return PlainTextResponse(vkey + "\n", media_type="text/plain; charset=utf-8")


@router.get("/proof/inclusion", responses=declare(422))
def inclusion(
    request: Request, store: StoreDep, index: Index, tree_size: Index | None = None
) -> InclusionPublic:
    """Inclusion proof of entry ``index`` in the tree of ``tree_size`` entries."""
    p = _record(request, store).inclusion_proof(index, tree_size)
    return InclusionPublic(
        index=p.index,
        tree_size=p.tree_size,
        leaf_hash=_b64(p.leaf_hash),
        hashes=[_b64(h) for h in p.hashes],
    )


@router.get("/proof/consistency", responses=declare(422))
def consistency(
    request: Request, store: StoreDep, first: Index, second: Index | None = None
) -> ConsistencyPublic:
    """Consistency proof from tree size ``first`` to ``second``."""
    p = _record(request, store).consistency_proof(first, second)
    return ConsistencyPublic(first=p.first, second=p.second, hashes=[_b64(h) for h in p.hashes])


@router.get("/actors/{actor}/next-seq")
def next_seq(request: Request, store: StoreDep, actor: str) -> NextSeqPublic:
    """The sequence number ``actor``'s next statement must carry."""
    return NextSeqPublic(actor=actor, next_seq=_record(request, store).next_seq(actor))


#: Largest add-checkpoint request body a witness reads.
MAX_WITNESS_BODY = 256 * 1024


_WITNESS_BODY = {
    "requestBody": {
        "required": True,
        "description": "old <size>, the consistency proof (one base64 hash a line), a blank line, "
        "the checkpoint note (c2sp.org/tlog-witness).",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    }
}
_WITNESS_ANSWERS: dict[int | str, dict[str, Any]] = {
    **_TEXT,
    **declare(404, 413, 422),
    409: {
        "description": "The witness's size when old is stale (text/x.tlog.size), or a fork "
        "(fork_detected).",
        "content": {"text/x.tlog.size": {"schema": {"type": "string"}}},
    },
}


@router.post(
    "/witness/add-checkpoint",
    response_class=PlainTextResponse,
    responses=_WITNESS_ANSWERS,
    openapi_extra=_WITNESS_BODY,
)
async def add_checkpoint(
    request: Request, store: StoreDep, settings: SettingsDep
) -> PlainTextResponse:
    """Witness: co-sign a checkpoint that extends the last one co-signed (C2SP tlog-witness).

    Body: ``old <size>``, the consistency proof (one base64 hash a line), a blank line, the
    checkpoint note. Answers the cosignature line; 409 with the witness's size when ``old``
    is stale; 409 ``fork_detected`` when the checkpoint contradicts one already co-signed.
    """
    if not settings.record_witness_key_file:
        raise NotFound("witness", settings.record_witness_name)
    raw = await request.body()
    if len(raw) > MAX_WITNESS_BODY:
        raise RecordError("add-checkpoint body is too large", code="checkpoint_invalid")
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordError("add-checkpoint body is not UTF-8", code="checkpoint_invalid") from None
    old, proof, note = parse_add_checkpoint(body)
    key = load_private_key(_read_setting_file(settings.record_witness_key_file))
    logs = [NoteVerifier.from_vkey(v) for v in settings.record_witness_logs.split(",") if v.strip()]
    witness = Witness(
        store,
        NoteSigner(settings.record_witness_name, key, ALG_COSIGNATURE),
        {v.name: v for v in logs},
    )
    try:
        cosigned = await run_in_threadpool(witness.add_checkpoint, note, old, proof)
    except OldSizeMismatch as exc:
        return PlainTextResponse(f"{exc.size}\n", status_code=409, media_type="text/x.tlog.size")
    return PlainTextResponse(SignedNote.parse(cosigned).signatures[-1].line())
