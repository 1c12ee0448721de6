"""How often allies were dragged into their partners' disputes: the bloc drag probability.

The model's bloc discipline (``bloc_drag_prob``) drags, with one draw per side, every defence
partner of a disputant that is not also allied with the opponent into the dispute. Its
probability is estimated from the Cold War (:data:`COLD_WAR`), the period of rigid blocs on
record, with the same rule:

- every MID (COW MID 5.0) that began in the period between two Eurasian originators ``i`` and
  ``j`` (``orig = 1``, opposite sides), each side in turn;
- *eligible*: Eurasian states with an ATOP defence pact with ``i`` that year, other than
  ``j`` and not in a defence pact with ``j``;
- *joined*: eligible states that took part in the same dispute on ``i``'s side.

The estimate is joined / eligible (so the expected number of dragged dyads matches), with a
95% interval from the variance of a ratio estimator clustered by dispute.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from eurasec import datasets

__all__ = ["COLD_WAR", "drag_estimate", "estimated_drag"]

#: The years of the estimate: the Cold War decades the panel covers.
COLD_WAR = (1960, 1989)
_Z95 = 1.959963984540054


def _participants(first: int, last: int) -> pd.DataFrame:
    """dispnum, ccode, side (1 = side A), originator, onset year of each participant."""
    mid = datasets.load("mid_dyad_year")
    onset = mid[mid["cowmidonset"] == 1].groupby("dispnum")["year"].min()
    part = pd.concat(
        [
            mid[["dispnum", "ccode1", "sidea1", "orig1"]].set_axis(
                ["dispnum", "ccode", "side", "orig"], axis=1
            ),
            mid[["dispnum", "ccode2", "sidea2", "orig2"]].set_axis(
                ["dispnum", "ccode", "side", "orig"], axis=1
            ),
        ]
    )
    part = part.groupby(["dispnum", "ccode"], as_index=False).agg(
        side=("side", "max"), orig=("orig", "max")
    )
    part["year"] = part["dispnum"].map(onset)
    return part[(part["year"] >= first) & (part["year"] <= last)]


def _defence_pairs(first: int, last: int) -> set[tuple[int, int, int]]:
    atop = datasets.load("atop_dyad_year")
    atop = atop[(atop["year"] >= first) & (atop["year"] <= last) & (atop["atop_defense"] == 1)]
    return set(zip(atop["ccode1"], atop["ccode2"], atop["year"], strict=True))


@cache
def drag_estimate(first: int = COLD_WAR[0], last: int = COLD_WAR[1]) -> dict[str, Any]:
    """The drag probability with its 95% interval and the counts behind it."""
    from eurasec.sim.history import eurasian_states

    part = _participants(first, last)
    pacts = _defence_pairs(first, last)
    eurasian = {y: set(eurasian_states(y)["ccode"]) for y in range(first, last + 1)}
    allies: dict[tuple[int, int], set[int]] = {}
    for a, b, y in pacts:
        if a in eurasian[y] and b in eurasian[y]:
            allies.setdefault((a, y), set()).add(b)
    joined: list[int] = []
    eligible: list[int] = []
    for _, d in part.groupby("dispnum"):
        year = int(d["year"].iloc[0])
        members = eurasian[year]
        side = dict(zip(d["ccode"], d["side"], strict=True))
        origs = d[(d["orig"] == 1) & d["ccode"].isin(members)]
        j_sum = e_sum = 0
        for i, si in zip(origs["ccode"], origs["side"], strict=True):
            for j in origs["ccode"][origs["side"] != si]:
                pool = allies.get((i, year), set()) - allies.get((j, year), set()) - {j}
                e_sum += len(pool)
                j_sum += sum(1 for k in pool if side.get(k) == si)
        joined.append(j_sum)
        eligible.append(e_sum)
    j_arr, e_arr = np.asarray(joined, float), np.asarray(eligible, float)
    total_e = float(e_arr.sum())
    q = float(j_arr.sum()) / total_e if total_e > 0 else 0.0
    g = int((e_arr > 0).sum())
    resid = j_arr - q * e_arr
    se = math.sqrt(float((resid**2).sum()) * g / max(g - 1, 1)) / total_e if total_e > 0 else 0.0
    return {
        "estimate": q,
        "ci": [max(0.0, q - _Z95 * se), min(1.0, q + _Z95 * se)],
        "se": se,
        "joined": int(j_arr.sum()),
        "eligible": int(total_e),
        "disputes": g,
        "years": [first, last],
    }


def estimated_drag() -> float:
    """The estimated bloc drag probability (:func:`drag_estimate`)."""
    return float(drag_estimate()["estimate"])
