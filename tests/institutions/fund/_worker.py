"""Run in a separate process by ``test_acts``: submit fund acts as one actor."""

from __future__ import annotations

from eurasec.errors import EurasecError
from eurasec.institutions.participant import Participants, open_record
from eurasec.record.clock import ManualClock
from eurasec.record.keys import load_private_key
from eurasec.storage import open_store


def submit_many(
    url: str,
    search_path: str | None,
    actor: str,
    pem: bytes,
    n: int,
    act: str,
    payload: dict[str, object],
) -> tuple[int, list[str]]:
    """Submit ``act`` ``n`` times; the number accepted and the codes of the refusals."""
    kwargs = {"connect_args": {"options": f"-csearch_path={search_path}"}} if search_path else {}
    store = open_store(url, migrate=False, **kwargs)  # type: ignore[arg-type]
    record = open_record(store, ManualClock("2026-02-02T00:00:00Z"))
    who = Participants(record, {actor: load_private_key(pem)})
    accepted, refused = 0, []
    try:
        for _ in range(n):
            try:
                who.act(actor, act, "2026-02-02T00:00:00Z", **payload)
                accepted += 1
            except EurasecError as exc:
                refused.append(exc.code)
    finally:
        store.dispose()
    return accepted, refused
