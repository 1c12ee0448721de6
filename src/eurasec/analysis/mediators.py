"""Channels between two actors and ranked mediator candidates.

A *channel* of A and B is a format in which both take part (strength: the smaller of their
role weights, :data:`eurasec.analysis.world.ROLE_WEIGHT`), or a bilateral defence pact
(strength 1). Channels are ordered strongest first: by strength, then defence formats, then
formats with a political or security mandate, then smaller formats (a format of few members
is a closer channel than a universal one).

A *mediator candidate* is any third actor with at least one channel with A and one with B;
candidates are ranked by::

    score = min(Σ strength with A, Σ strength with B) / (1 + THREAT_WEIGHT · (T[A, m] + T[B, m]))

where T is the military threat matrix (the candidate's threat to A and to B, shares).

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import numpy as np

from eurasec.analysis.world import World, world
from eurasec.errors import InputError

__all__ = ["THREAT_WEIGHT", "channels", "mediators", "shared_channels", "strongest_channels"]

#: How strongly a candidate's threat to either party lowers its rank.
THREAT_WEIGHT: Final = 100.0


def shared_channels(w: World, a: int, b: int) -> list[dict[str, Any]]:
    """Channels of the actors at positions ``a`` and ``b`` of ``w``, strongest first."""
    both = np.minimum(w.membership[a], w.membership[b])
    political = w.format_political if w.format_political is not None else w.defence_format
    out: list[dict[str, Any]] = [
        {
            "format": w.formats[f],
            "defence": bool(w.defence_format[f]),
            "political": bool(political[f]),
            "strength": float(both[f]),
            "members": int(np.count_nonzero(w.membership[:, f])),
        }
        for f in np.flatnonzero(both > 0)
    ]
    if w.defence[a, b] > 0:
        pact = {"format": "bilateral defence pact", "defence": True, "political": True}
        pact["strength"] = 1.0
        out.append({**pact, "members": 2})
    out.sort(
        key=lambda c: (
            -c["strength"],
            not c["defence"],
            not c["political"],
            c["members"],
            c["format"],
        )
    )
    return out


def strongest_channels(w: World, a: int, others: list[int]) -> list[str | None]:
    """For each of ``others``, the first of its :func:`shared_channels` with ``a`` (or None).

    Vectorised over ``others`` (``assess`` asks for one per loser); a test checks it agrees
    with :func:`shared_channels`.
    """
    if not others:
        return []
    political = w.format_political if w.format_political is not None else w.defence_format
    members = np.count_nonzero(w.membership, axis=0)
    both = np.minimum(w.membership[a][None, :], w.membership[others])
    # strength steps are ≥ 0.25, so ×100 dominates defence (10), political (2), size (< 1)
    key = 100 * both + 10 * w.defence_format + 2 * political + 1 - members / (len(w.actors) + 1)
    key = np.where(both > 0, key, -np.inf)
    pact_key = 100 + 10 + 2 + 1 - 2 / (len(w.actors) + 1)
    out: list[str | None] = []
    for row, other in enumerate(others):
        top = key[row].max(initial=-np.inf)
        if w.defence[a, other] > 0 and pact_key >= top:
            out.append("bilateral defence pact")
        elif np.isfinite(top):
            out.append(min(w.formats[f] for f in np.flatnonzero(key[row] == top)))
        else:
            out.append(None)
    return out


def channels(a: str, b: str, as_of: date | None = None) -> list[dict[str, Any]]:
    """The formats A and B share on ``as_of``, strongest first."""
    w = world(as_of)
    return shared_channels(w, w.index(a), w.index(b))


def mediators(a: str, b: str, as_of: date | None = None, *, limit: int = 10) -> dict[str, Any]:
    """Ranked mediator candidates for A and B, with their channels and threat to each."""
    w = world(as_of)
    ia, ib = w.index(a), w.index(b)
    if ia == ib:
        raise InputError("a mediator needs two different parties")
    from eurasec.analysis.assess import threat_matrices

    t = threat_matrices(w)["military"]
    rows: list[dict[str, Any]] = []
    for m in range(len(w.actors)):
        if m in (ia, ib):
            continue
        with_a, with_b = shared_channels(w, m, ia), shared_channels(w, m, ib)
        if not with_a or not with_b:
            continue
        strength = min(sum(c["strength"] for c in with_a), sum(c["strength"] for c in with_b))
        score = strength / (1.0 + THREAT_WEIGHT * (t[ia, m] + t[ib, m]))
        rows.append(
            {
                "actor": w.actors[m],
                "name": w.names[m],
                "score": round(float(score), 6),
                "threat_to_a": float(t[ia, m]),
                "threat_to_b": float(t[ib, m]),
                "channels_with_a": [c["format"] for c in with_a],
                "channels_with_b": [c["format"] for c in with_b],
            }
        )
    rows.sort(key=lambda r: (-float(r["score"]), str(r["actor"])))
    return {
        "a": w.actors[ia],
        "b": w.actors[ib],
        "channels": shared_channels(w, ia, ib),
        "candidates": rows[:limit],
        "data_years": dict(w.data_years),
    }
