"""Richardson arms-race dynamics for N nations: dX/dt = (K − A)X + G.

``X`` is each nation's armament level, ``K`` (n×n) how strongly each reacts to the others'
arms (``K[i, j]``: reaction of i to j; the diagonal is ignored), ``A`` (n) the fatigue or cost
that slows each nation's own build-up, ``G`` (n) its grievance (a constant drive).

- equilibrium: X* = −(K − A)⁻¹ G (exists iff K − A is non-singular);
- stable iff every eigenvalue of K − A has a negative real part (then every trajectory tends
  to X*);
- two nations (K = [[0, k], [l, 0]], A = (α, β), G = (g, h)): stable iff αβ > kl, and
  x* = (βg + kh)/(αβ − kl), y* = (αh + lg)/(αβ − kl).

>>> r = solve([[0, 1], [1, 0]], [2, 2], [1, 1])
>>> [round(x, 6) for x in r.equilibrium], r.stable
([1.0, 1.0], True)

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from eurasec.errors import AnalysisError

__all__ = [
    "SINGULAR_RCOND",
    "RichardsonResult",
    "equilibrium",
    "is_stable_metzler",
    "jacobian",
    "solve",
    "trajectory",
]

#: Below this reciprocal condition number K − A counts as singular (no unique equilibrium).
SINGULAR_RCOND = 1e-12

Array = NDArray[np.float64]


@dataclass(frozen=True)
class RichardsonResult:
    """Equilibrium, eigenvalues and stability of one Richardson system."""

    equilibrium: list[float]
    eigenvalues: list[tuple[float, float]]
    stable: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: eigenvalues as ``[re, im]`` pairs."""
        return {
            "equilibrium": self.equilibrium,
            "eigenvalues": [[re, im] for re, im in self.eigenvalues],
            "stable": self.stable,
        }


def _vector(name: str, value: Any, n: int | None = None) -> Array:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise AnalysisError(f"{name} must be a list of numbers") from None
    if arr.ndim != 1:
        raise AnalysisError(f"{name} must be a list of numbers, got {arr.ndim} dimensions")
    if n is not None and arr.shape[0] != n:
        raise AnalysisError(f"{name} has {arr.shape[0]} entries; K is {n}×{n}")
    if not np.all(np.isfinite(arr)):
        raise AnalysisError(f"{name} has a non-finite entry")
    return arr


def jacobian(k: Any, a: Any) -> Array:
    """K − diag(A) for K = ``k``, A = ``a``: K square n×n, A of length n; K's diagonal ignored."""
    try:
        kk = np.asarray(k, dtype=np.float64)
    except (TypeError, ValueError):
        raise AnalysisError("K must be an n×n matrix of numbers (rows of equal length)") from None
    if kk.ndim != 2 or kk.shape[0] != kk.shape[1] or kk.shape[0] == 0:
        raise AnalysisError(f"K must be a non-empty square matrix, got shape {kk.shape}")
    if not np.all(np.isfinite(kk)):
        raise AnalysisError("K has a non-finite entry")
    n = kk.shape[0]
    m = kk.copy()
    m[np.diag_indices(n)] = -_vector("A", a, n)
    return m


def equilibrium(m: Array, g: Array) -> Array:
    """X* = −M⁻¹G for M = K − A (``m``) and G (``g``, may have columns); error if M singular.

    One LU factorisation; singularity is judged by LAPACK's reciprocal condition estimate
    (``gecon``), which costs O(n²) instead of an SVD.
    """
    from scipy.linalg import LinAlgWarning, lu_factor, lu_solve
    from scipy.linalg.lapack import dgecon

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", LinAlgWarning)
        norm = float(np.abs(m).sum(axis=0).max())
        if not np.isfinite(norm):
            raise AnalysisError("K − A has entries too large to solve in floating point")
        lu, piv = lu_factor(m, check_finite=False)
    rcond, _info = dgecon(lu, norm, norm="1")
    if not np.isfinite(rcond) or rcond < SINGULAR_RCOND or norm == 0.0:
        raise AnalysisError("K − A is singular: the system has no unique equilibrium")
    x: Array = -lu_solve((lu, piv), g, check_finite=False)
    return x


def is_stable_metzler(m: Array) -> bool:
    """Stability of a Metzler M = ``m`` (off-diagonal ≥ 0) without eigenvalues.

    For such M every eigenvalue has a negative real part iff −M is a non-singular M-matrix,
    iff −M x = 1 has a solution x > 0. Used by ``assess`` on large systems (much faster than
    an eigen-decomposition); ``solve`` uses the eigenvalues.
    """
    off = m - np.diag(np.diag(m))
    if np.any(off < 0):
        raise AnalysisError("is_stable_metzler needs non-negative off-diagonal entries")
    try:
        x = equilibrium(m, np.ones(m.shape[0]))  # −M⁻¹·1
    except AnalysisError:
        return False
    return bool(np.all(x > 0))


def solve(k: Any, a: Any, g: Any) -> RichardsonResult:
    """Equilibrium, eigenvalues (sorted by real part, largest first) and stability.

    ``k`` is K (n×n), ``a`` the fatigue diagonal A (n), ``g`` the grievances G (n).
    """
    m = jacobian(k, a)
    gv = _vector("G", g, m.shape[0])
    x = equilibrium(m, gv)
    with np.errstate(all="ignore"):
        eig = np.linalg.eigvals(m)
    eig = eig[np.lexsort((-eig.imag, -eig.real))]
    return RichardsonResult(
        equilibrium=[float(v) for v in x],
        eigenvalues=[(float(e.real), float(e.imag)) for e in eig],
        stable=bool(np.all(eig.real < 0)),
    )


def trajectory(k: Any, a: Any, g: Any, x0: Sequence[float], times: Sequence[float]) -> Array:
    """X(t) at each of ``times`` from X(0) = ``x0``: exact, X(t) = X* + e^{Mt}(x0 − X*).

    Returns an array of shape (len(times), n). Uses the matrix exponential, so it is exact for
    stable and unstable systems alike (an unstable one diverges).
    """
    from scipy.linalg import expm

    m = jacobian(k, a)
    n = m.shape[0]
    gv = _vector("G", g, n)
    start = _vector("x0", x0, n)
    ts = _vector("times", times)
    star = equilibrium(m, gv)
    out = np.empty((ts.shape[0], n))
    for row, t in enumerate(ts):
        out[row] = star + expm(m * t) @ (start - star)
    return out
