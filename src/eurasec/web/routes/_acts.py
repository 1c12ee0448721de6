"""Shared by the institutions' routers: submit one signed act of the router's types."""

from __future__ import annotations

import base64
from typing import Any

from fastapi import Request
from pydantic import BaseModel, Field

from eurasec.errors import InputError, RecordError
from eurasec.record.commit import GroupCommitter
from eurasec.record.log import Receipt, Record
from eurasec.record.projection import default_handlers
from eurasec.record.statement import MAX_LEAF_BYTES, SignedStatement, decode_leaf
from eurasec.storage import Store
from eurasec.web.problems import declare

__all__ = [
    "ACT_BODY",
    "ACT_RESPONSES",
    "ActReceipt",
    "append_leaf",
    "receipt_of",
    "record_for",
    "submit_act",
]

#: What a submission may answer besides 201: refused for authority, a rule, size or form.
ACT_RESPONSES: dict[int | str, dict[str, Any]] = declare(403, 404, 409, 413, 422)

#: OpenAPI request body of a submission: a signed statement's exact leaf bytes.
ACT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The exact RFC 8785 bytes of a signed statement (docs/formats.md).",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["key_id", "signature", "statement"],
                    "properties": {
                        "key_id": {"type": "string", "description": "32 hex digits."},
                        "signature": {"type": "string", "description": "base64, 64 bytes."},
                        "statement": {
                            "type": "object",
                            "required": ["type", "actor", "seq", "time", "payload"],
                            "properties": {
                                "type": {"type": "string"},
                                "actor": {"type": "string"},
                                "seq": {"type": "integer", "minimum": 0},
                                "time": {"type": "string"},
                                "payload": {"type": "object"},
                            },
                        },
                    },
                }
            }
        },
    }
}


class ActReceipt(BaseModel):
    """Where a statement landed on the record (the answer to every submission)."""

    index: int = Field(ge=0, description="Its record entry.")
    leaf_hash: str = Field(description="RFC 9162 leaf hash, standard base64.")
    tree_size: int = Field(ge=1, description="Size of the tree once it was committed.")
    type: str = Field(description="The statement's type (fund.pledge, key.register ...).")


def receipt_of(receipt: Receipt, kind: str) -> ActReceipt:
    """The API form of a :class:`~eurasec.record.log.Receipt` for a statement of ``kind``."""
    return ActReceipt(
        index=receipt.index,
        tree_size=receipt.tree_size,
        type=kind,
        leaf_hash=base64.b64encode(receipt.leaf_hash).decode("ascii"),
    )


def record_for(request: Request, store: Store) -> Record:
    """The application's one :class:`Record` over ``store`` (made on first use)."""
    record: Record | None = getattr(request.app.state, "record", None)
    if record is None or record.store is not store:
        record = Record(store, default_handlers())
        request.app.state.record = record
    return record


def _committer(request: Request, store: Store) -> GroupCommitter:
    record = record_for(request, store)
    committer: GroupCommitter | None = getattr(request.app.state, "committer", None)
    if committer is None or committer.record is not record:
        committer = GroupCommitter(record)
        request.app.state.committer = committer
    return committer


async def append_leaf(request: Request, store: Store, signed: SignedStatement) -> Receipt:
    """Append ``signed`` through the app's group committer and wait for its durable commit.

    Concurrent requests share one transaction and one fsync per batch (see
    ``eurasec.record.commit``); each is answered only after the commit that holds it.
    """
    receipt = await _committer(request, store).submit_aio(signed)
    # answers that read the record (the Charter as a registry format) are now stale here
    tracker = getattr(request.app.state, "log_size", None)
    if tracker is not None:
        tracker.note(receipt.tree_size)
    return receipt


async def submit_act(request: Request, prefixes: tuple[str, ...] | None = None) -> ActReceipt:
    """Append the signed statement in the body (its exact RFC 8785 bytes) if its type is one
    of ``prefixes`` (``None``: any type the record takes).

    The routes that call this take no dependencies: FastAPI's dependency resolution cost
    about a tenth of a Fund act's server time (docs/operations.md).
    """
    store: Store = request.app.state.store
    body = await request.body()
    if len(body) > MAX_LEAF_BYTES:
        raise RecordError(
            f"statement is {len(body)} bytes; the limit is {MAX_LEAF_BYTES}", code="record_oversize"
        )
    signed = decode_leaf(body)
    kind = signed.statement.type
    if prefixes is not None and not kind.startswith(prefixes):
        raise InputError(f"this endpoint takes {', '.join(prefixes)}* acts, not {kind}")
    return receipt_of(await append_leaf(request, store, signed), kind)
