"""Coalition terms of the threat model: what j's allies bring to bear on i through j.

One rule for every bloc, on plain n×n arrays (no actor is named anywhere). A tie is the set
of obligations binding a pair (ATOP coding, or the registry's dated treaties and defence
organisations after ATOP's last year), each counted on its own so that adding an obligation
never lowers a count:

- ``defence``: a mutual-defence obligation;
- ``consultation``: an obligation to consult (most defence pacts carry one too);
- ``nonaggression``: a non-aggression obligation.

The *frontier* of j against i counts j's allies that share a land border with i and are not
i's own defence allies::

    N_kind[i, j] = Σ_k L[i, k] · (1 − A[i, k]) · Tie_kind[k, j]

with L land contiguity and A the defence ties. It enters the threat of j to i as the
multiplier ``(1 + N_d + ω_c N_c + ω_n N_n)^ν`` (:mod:`eurasec.analysis.threat`; ω ≥ 0, so
adding an obligation never lowers it), so a new allied neighbour, or forces moved to a
border (``eurasec.analysis.assess`` adds a deployment's share to the frontier of every state
bordering the place), raise the threat to that neighbour even when j already borders it:
reach does not saturate at contiguity.

The *pool* of j against i is the capability of j's allies that are not i's defence allies::

    P_kind[i, j] = Σ_{k ≠ i} (1 − A[i, k]) · C[k] · Tie_kind[k, j]

and enters as ``C[j] + π_d P_d + π_c P_c + π_n P_n`` (allied capability brought through j).

>>> import numpy as np
>>> land = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], float)  # a chain 0 – 1 – 2
>>> ally = np.array([[0, 0, 0], [0, 0, 1], [0, 1, 0]], float)  # 1 and 2 allied
>>> frontier(land, ally, ally)[0, 2]  # 2's ally 1 borders 0
np.float64(1.0)

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

__all__ = ["TIE_KINDS", "frontier", "pool", "tie_kinds"]

Array = NDArray[np.float64]

#: The kinds of obligation of a tie, in the order every triple of arrays uses.
TIE_KINDS: Final = ("defence", "consultation", "nonaggression")


def tie_kinds(
    defence: NDArray[np.generic],
    consultation: NDArray[np.generic],
    nonaggression: NDArray[np.generic],
) -> tuple[Array, Array, Array]:
    """The three obligation matrices as 0/1 floats with a zero diagonal (not exclusive)."""
    out = tuple(
        np.asarray(m, dtype=bool).astype(float) for m in (defence, consultation, nonaggression)
    )
    for m in out:
        np.fill_diagonal(m, 0.0)
    return out[0], out[1], out[2]


def frontier(land: Array, defence: Array, ties: Array) -> Array:
    """N[i, j]: j's allies (by ``ties``) on i's land border that are not i's defence allies."""
    exposed = land * (1.0 - defence)
    np.fill_diagonal(exposed, 0.0)
    out: Array = exposed @ ties
    return out


def pool(defence: Array, capability: Array, ties: Array) -> Array:
    """P[i, j]: capability of j's allies (by ``ties``) that are not i or i's defence allies."""
    open_ = 1.0 - defence
    np.fill_diagonal(open_, 0.0)
    out: Array = open_ @ (capability[:, None] * ties)
    return out
