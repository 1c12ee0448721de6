"""Channels between two actors and ranked mediator candidates.

A *channel* of A and B is a format in which both take part (strength: the smaller of their
role weights, :data:`eurasec.analysis.world.ROLE_WEIGHT`), or a bilateral defence pact
(strength 1). A *mediator candidate* is any third actor with at least one channel with A and
one with B; candidates are ranked by::

    score = min(Σ strength with A, Σ strength with B) / (1 + THREAT_WEIGHT · (T[A, m] + T[B, m]))

where T is the military threat matrix (the candidate's threat to A and to B, shares).

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

import numpy as np

from eurasec.analysis.threat import MILITARY, threat_matrix
from eurasec.analysis.world import World, world
from eurasec.errors import InputError

__all__ = ["THREAT_WEIGHT", "channels", "mediators"]

#: How strongly a candidate's threat to either party lowers its rank.
THREAT_WEIGHT: Final = 100.0


def _channels(w: World, a: int, b: int) -> list[dict[str, Any]]:
    both = np.minimum(w.membership[a], w.membership[b])
    out = [
        {"format": w.formats[f], "defence": bool(w.defence_format[f]), "strength": float(both[f])}
        for f in np.flatnonzero(both > 0)
    ]
    if w.defence[a, b] > 0:
        out.append({"format": "bilateral defence pact", "defence": True, "strength": 1.0})
    out.sort(key=lambda c: (-c["strength"], not c["defence"], c["format"]))
    return out


def channels(a: str, b: str, as_of: date | None = None) -> list[dict[str, Any]]:
    """The formats A and B share on ``as_of``, strongest first."""
    w = world(as_of)
    return _channels(w, w.index(a), w.index(b))


def mediators(
    a: str, b: str, as_of: date | None = None, *, limit: int = 10
) -> dict[str, Any]:
    """Ranked mediator candidates for A and B, with their channels and threat to each."""
    w = world(as_of)
    ia, ib = w.index(a), w.index(b)
    if ia == ib:
        raise InputError("a mediator needs two different parties")
    t = threat_matrix(
        w.source[0], w.distance_km, w.contiguity, w.defence_matrix(), w.org_share(), MILITARY
    )
    rows = []
    for m in range(len(w.actors)):
        if m in (ia, ib):
            continue
        with_a, with_b = _channels(w, m, ia), _channels(w, m, ib)
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
    rows.sort(key=lambda r: (-r["score"], r["actor"]))
    return {
        "a": w.actors[ia],
        "b": w.actors[ib],
        "channels": _channels(w, ia, ib),
        "candidates": rows[:limit],
        "data_years": dict(w.data_years),
    }
