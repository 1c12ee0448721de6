"""The record explorer: entries, checkpoints, and inclusion proofs checked in the browser.

The page lists entries with the acting party, the key that signed and the signature. A
reader's browser then checks, with WebCrypto, that an entry is in the log: it hashes the
entry's exact bytes itself, fetches the inclusion proof from the API and recomputes the root,
comparing it with the latest signed checkpoint (whose Ed25519 signature it also checks where
the browser supports Ed25519) or, before any checkpoint, with the server's current root.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from eurasec.record.checkpoint import latest_checkpoint
from eurasec.record.log import Record
from eurasec.record.projection import default_handlers
from eurasec.storage.meta import get_meta
from eurasec.web.deps import StoreDep
from eurasec.web.i18n import N_
from eurasec.web.render import render, translate

__all__ = ["PAGE_SIZE", "router"]

router = APIRouter(include_in_schema=False)

#: Entries listed per page.
PAGE_SIZE = 50


def _rows(record: Record, start: int, end: int) -> list[dict[str, Any]]:
    rows = []
    for entry in reversed(record.entries(start, end)):
        signed = entry.signed
        st = signed.statement
        rows.append(
            {
                "index": entry.index,
                "type": st.type,
                "actor": st.actor,
                "time": st.time,
                "seq": st.seq,
                "key_id": signed.key_id,
                "signature": base64.b64encode(signed.signature).decode("ascii"),
            }
        )
    return rows


@router.get("/record", response_class=HTMLResponse, name="page_record")
def record_page(
    request: Request,
    store: StoreDep,
    entry: Annotated[int | None, Query(ge=0)] = None,
    before: Annotated[int | None, Query(ge=0)] = None,
) -> HTMLResponse:
    """Entries newest first (or around ``entry``), the log's root and its latest checkpoint."""
    record = Record(store, default_handlers())
    size = record.size()
    end = min(size, before if before is not None else size)
    if entry is not None and entry < size:
        end = min(size, entry + PAGE_SIZE // 2)
    start = max(0, end - PAGE_SIZE)
    with store.connect() as conn:
        note = latest_checkpoint(conn)
        vkey = get_meta(conn, "record.log_vkey")
    gettext = translate(request)
    return render(
        request,
        "record.html",
        {
            "origin": record.origin(),
            "size": size,
            "root": base64.b64encode(record.root(size)).decode("ascii"),
            "checkpoint": note,
            "vkey": vkey,
            "rows": _rows(record, start, end),
            "start": start,
            "end": end,
            "selected": entry,
            "js_strings": {
                k: gettext(v)
                for k, v in {
                    "included": N_("included: the proof recomputes the root"),
                    "not included": N_("NOT included: the proof does not match the root"),
                    "checkpoint ok": N_(
                        "checkpoint signature valid (Ed25519, checked in your browser)"
                    ),
                    "checkpoint bad": N_("checkpoint signature INVALID"),
                    "no ed25519": N_("this browser cannot check Ed25519; the root is the server's"),
                    "current root": N_(
                        "checked against the server's current root (no checkpoint covers it)"
                    ),
                    "Working": N_("Working…"),
                    "Could not load": N_("Could not load"),
                }.items()
            },
        },
    )
