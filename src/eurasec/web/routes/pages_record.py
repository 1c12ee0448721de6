"""The record explorer: entries found by actor, type and date; one page per entry; checks.

``/record`` lists entries newest first, filtered by who acted, what kind of act and when
(:mod:`eurasec.record.browse`). ``/record/{index}`` decodes one entry: the act in a reader's
words, every field of the signed statement, and its signature checked against the key the log
registered for the signer. A reader's browser then checks, with WebCrypto, that an entry is in
the log: it hashes the entry's exact bytes itself, fetches the inclusion proof and recomputes
the root. The page says what that check trusts: the server's own root or checkpoint only shows
that its answers agree with each other; a checkpoint the reader pastes, with a log or witness
key the reader got elsewhere, is a check that does not trust this server.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from eurasec.errors import EurasecError, InputError, NotFound
from eurasec.record.authority import GENESIS_ACTOR, Authority
from eurasec.record.browse import EntryQuery, actors, find_entries
from eurasec.record.checkpoint import latest_checkpoint
from eurasec.record.log import Entry, Record
from eurasec.record.projection import default_handlers
from eurasec.record.statement import verify_signature
from eurasec.storage import Store
from eurasec.storage.meta import get_meta
from eurasec.web.deps import StoreDep
from eurasec.web.i18n import N_
from eurasec.web.labels import ACT_TITLES
from eurasec.web.render import render, translate

__all__ = ["PAGE_SIZE", "router"]

router = APIRouter(include_in_schema=False)

#: Entries listed per page.
PAGE_SIZE = 50

#: Strings the record scripts show (``static/js/record.js``), translated per page.
_JS_STRINGS = {
    "included pasted": N_(
        "Included in the log that the key you supplied signed at size {size}. This relies only "
        "on that key, not on this server."
    ),
    "included server checkpoint": N_(
        "Consistent with this server's checkpoint of size {size}, signed by the log key this "
        "server names. That trusts this server to name the right key: paste a checkpoint and "
        "a key you got elsewhere to check without trusting it."
    ),
    "included current root": N_(
        "Consistent with this server's current root. This shows only that the server's answers "
        "agree with each other, not that it shows everyone the same log."
    ),
    "not included": N_("NOT included: the proof does not lead to the root it was checked against."),
    "checkpoint ok": N_(
        "The log key's signature on the server's checkpoint is valid (checked in your browser)."
    ),
    "checkpoint bad": N_("The log key's signature on the server's checkpoint is INVALID."),
    "no ed25519": N_("This browser cannot check Ed25519 signatures."),
    "pasted ok": N_(
        "Signature valid: the checkpoint of size {size} was signed by {name}. "
        "Entries are now checked against it."
    ),
    "pasted witness ok": N_("Co-signed by the witness {name} (checked in your browser)."),
    "pasted bad": N_(
        "No valid signature of this key on this checkpoint: nothing is checked against it."
    ),
    "pasted unreadable": N_("This is not a checkpoint and a verifier key (name+hash+key)."),
    "pasted beyond": N_("This entry is not covered by the checkpoint you supplied (size {size})."),
    "Working": N_("Working…"),
    "Could not load": N_("Could not load"),
}


def _row(entry: Entry) -> dict[str, Any]:
    signed = entry.signed
    st = signed.statement
    return {
        "index": entry.index,
        "type": st.type,
        "actor": st.actor,
        "time": st.time,
        "seq": st.seq,
        "key_id": signed.key_id,
        "signature": base64.b64encode(signed.signature).decode("ascii"),
    }


def _day(text: str | None) -> str | None:
    """A date field of the filter form: empty is no filter, anything else an ISO date."""
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise InputError(f"{text!r} is not a date YYYY-MM-DD") from None


def _checkpoint(store: Store) -> tuple[str | None, str | None]:
    with store.connect() as conn:
        return latest_checkpoint(conn), get_meta(conn, "record.log_vkey")


def _js(request: Request) -> dict[str, str]:
    gettext = translate(request)
    return {k: gettext(v) for k, v in _JS_STRINGS.items()}


@router.get("/record", response_class=HTMLResponse, name="page_record")
def record_page(
    request: Request,
    store: StoreDep,
    actor: Annotated[str | None, Query(max_length=70)] = None,
    kind: Annotated[str | None, Query(max_length=100)] = None,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
    before: Annotated[int | None, Query(ge=0, le=2**53)] = None,
    entry: Annotated[int | None, Query(ge=0, le=2**53)] = None,
) -> HTMLResponse:
    """Entries newest first, filtered by actor, type and dates; the root and the checkpoint."""
    record = Record(store, default_handlers())
    size = record.size()
    if entry is not None and entry < size:  # the old link form: a page around one entry
        before = min(size, entry + PAGE_SIZE // 2)
    query = EntryQuery(
        actor=actor or None, kind=kind or None, since=_day(since), until=_day(until), before=before
    )
    found = find_entries(store, query, PAGE_SIZE)
    note, vkey = _checkpoint(store)
    filters = {
        k: v for k, v in {"actor": actor, "kind": kind, "since": since, "until": until}.items() if v
    }
    return render(
        request,
        "record.html",
        {
            "origin": record.origin(),
            "size": size,
            "root": base64.b64encode(record.root(size)).decode("ascii"),
            "checkpoint": note,
            "vkey": vkey,
            "rows": [_row(e) for e in found.entries],
            "next_before": found.next_before,
            "filters": filters,
            "actors": actors(store),
            "kinds": sorted(k for k in ACT_TITLES if "." in k),
            "selected": entry,
            "js_strings": _js(request),
        },
    )


@router.get("/record/{index}", response_class=HTMLResponse, name="page_record_entry")
def entry_page(
    request: Request, store: StoreDep, index: Annotated[int, Path(ge=0, le=2**53)]
) -> HTMLResponse:
    """One entry decoded: the act, the signed statement's fields, and its signature check."""
    record = Record(store, default_handlers())
    size = record.size()
    if index >= size:
        raise NotFound("record entry", str(index), detail=f"the log has {size} entries")
    entry = record.entries(index, index + 1)[0]
    signed = entry.signed
    st = signed.statement
    note, vkey = _checkpoint(store)
    return render(
        request,
        "record_entry.html",
        {
            "row": _row(entry),
            "statement": st,
            "payload": json.dumps(st.payload, indent=2, ensure_ascii=False, sort_keys=True),
            "genesis": st.actor == GENESIS_ACTOR and st.type == "log.genesis",
            "check": _signature_check(store, entry),
            "leaf": base64.b64encode(entry.leaf).decode("ascii"),
            "leaf_hash": entry.leaf_hash.hex(),
            "size": size,
            "root": base64.b64encode(record.root(size)).decode("ascii"),
            "checkpoint": note,
            "vkey": vkey,
            "js_strings": _js(request),
        },
    )


def _signature_check(store: Store, entry: Entry) -> dict[str, Any]:
    """The statement's signature checked against the key registered under its key id."""
    signed = entry.signed
    if not signed.key_id:
        return {"status": "unsigned"}
    with store.connect() as conn:
        key = Authority().key(conn, signed.key_id)
    if key is None:
        return {"status": "unknown_key", "key_id": signed.key_id}
    public = base64.b64encode(key.public_key.public_bytes_raw()).decode("ascii")
    out = {"key_id": signed.key_id, "key_actor": key.actor, "public_key": public}
    try:
        verify_signature(signed, key.public_key)
    except EurasecError:
        return {**out, "status": "invalid"}
    return {**out, "status": "valid", "same_actor": key.actor == signed.statement.actor}
