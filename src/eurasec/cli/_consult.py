"""Edge glue from an assessment to a consultation: ``eurasec analyse assess --consult``.

A ``divisible`` verdict names the losers of a move, each with ``channel``, the strongest format
it shares with the mover. :func:`consult_from_assessment` lets one of those losers (the ``--as``
party, signing with its own key) raise a ``consult.raise`` act about the mover's proposed move
in that channel. The analysis core imports no institution and the institutions import no
analysis: this module, at the edge, hands the one's result to the other.

Usage docs: ``docs/concepts/indivisible-security.md`` (section "From alert to consultation").
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eurasec.cli._acts import _private_key, shared_channels
from eurasec.errors import InputError
from eurasec.storage import Store

__all__ = ["SHOWN_LOSERS", "consult_from_assessment", "consultation_id", "raise_from_assessment"]

#: How many losers a refused ``--as`` error names (the largest losses first).
SHOWN_LOSERS = 10


def consultation_id(move: Mapping[str, Any], raiser: str) -> str:
    """A stable id for ``raiser``'s consultation about ``move``: the same move, the same id."""
    canonical = json.dumps(move, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:10]
    return f"A-{move['actor']}-{raiser}-{digest}"


def raise_from_assessment(
    assessment: Mapping[str, Any], move: Mapping[str, Any], raiser: str, channels: list[str]
) -> dict[str, Any]:
    """The ``consult.raise`` payload ``raiser`` (a loser of ``assessment``) sends the mover.

    ``channels`` are the formats raiser and mover share on the act's day; the consultation is
    held in the loser's ``channel`` of the assessment when it is one of them, else in the
    first of them (an error when there is none).
    """
    from eurasec.institutions.consultation import raise_payload

    mover = str(move["actor"])
    loser = next((row for row in assessment["losers"] if row["actor"] == raiser), None)
    if loser is None:
        names = [row["actor"] for row in assessment["losers"]]
        shown = ", ".join(names[:SHOWN_LOSERS])
        more = f" and {len(names) - SHOWN_LOSERS} more" if len(names) > SHOWN_LOSERS else ""
        raise InputError(f"--as {raiser} is not a loser of this move (losers: {shown}{more})")
    # The analysis names formats by lower-case id, the registry upper-case: match either way.
    # A channel the two do not share as a format on the act's day (a bilateral defence pact,
    # a membership that changed since the move's date, or none) gives way to the first channel they
    # do share, the registry's order, with the Charter.
    wanted = str(loser["channel"] or "").upper()
    channel = next((c for c in channels if c.upper() == wanted), None)
    if channel is None and channels:
        channel = channels[0]
    falls = ", ".join(f"{dim} {value:+.4f}" for dim, value in sorted(loser["dimensions"].items()))
    concern = (
        f"{move['kind']} by {mover} dated {move['date']} lowers {raiser}'s security "
        f"({falls}; eurasec analyse assess, verdict divisible)"
    )
    subject = json.dumps(move, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return raise_payload(
        consultation_id(move, raiser),
        mover,
        concern,
        channels,
        channel=channel,
        move=subject,
    )


def consult_from_assessment(
    store: Store,
    assessment: Mapping[str, Any],
    move: Mapping[str, Any],
    raiser: str,
    *,
    key: Path | None,
    sandbox_key: bool,
    time: str,
) -> dict[str, Any]:
    """Open ``raiser``'s consultation with the mover about ``move``; what was done, as JSON.

    An ``indivisible`` verdict opens nothing (``opened`` false, with the reason). Otherwise
    ``raiser`` must be one of the losers and sign with its own key (``key`` or the store's
    sandbox key); the signed ``consult.raise`` goes to the record, and any refusal leaves the
    record as it was.
    """
    from eurasec.institutions.participant import open_record, signed_act

    if assessment["verdict"] != "divisible":
        return {"opened": False, "reason": "the verdict is indivisible: no loser to consult"}
    if raiser == move["actor"]:
        raise InputError(f"--as {raiser} is the mover; a loser raises the concern")
    record = open_record(store)
    shared = shared_channels(store, raiser, str(move["actor"]), time[:10])
    payload = raise_from_assessment(assessment, move, raiser, shared)
    signer = _private_key(store, raiser, key, sandbox_key)
    receipt = record.submit(signed_act(record, signer, raiser, "consult.raise", time, payload))
    return {
        "opened": True,
        "consultation": payload["consultation"],
        "raiser": raiser,
        "respondent": payload["respondent"],
        "channel": payload["channel"],
        "assessed_channel": next(
            r["channel"] for r in assessment["losers"] if r["actor"] == raiser
        ),
        "index": receipt.index,
        "tree_size": receipt.tree_size,
        "leaf_hash": receipt.leaf_hash.hex(),
    }
