"""Scores of probabilistic forecasts: ROC AUC (also weighted, for bootstraps) and Brier.

The weighted AUC is the Mann–Whitney statistic with row weights (ties count half): it is what
a cluster bootstrap needs, since a resampled cluster only changes row weights. With sort
orders computed once, each bootstrap draw costs a few passes over the rows.

>>> import numpy as np
>>> roc_auc(np.array([0.1, 0.4, 0.35, 0.8]), np.array([0.0, 0.0, 1.0, 1.0]))
0.75

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.stats import rankdata

from eurasec.errors import AnalysisError

__all__ = ["RankedScores", "brier", "roc_auc"]

Array = NDArray[np.float64]


def roc_auc(score: Array, y: Array) -> float:
    """Area under the ROC curve (Mann–Whitney, ties counted half)."""
    pos = y > 0.5
    n1, n0 = int(pos.sum()), int((~pos).sum())
    if n1 == 0 or n0 == 0:
        raise AnalysisError("AUC needs both onsets and non-onsets in the rows")
    ranks = rankdata(score)
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def brier(p: Array, y: Array) -> float:
    """Mean squared difference between predicted probability and outcome."""
    return float(np.mean((p - y) ** 2))


@dataclass(frozen=True)
class RankedScores:
    """One score column sorted once, for many weighted AUCs of the same rows."""

    order: NDArray[np.int64]
    pos: NDArray[np.bool_]  # outcome, in sorted order
    group: NDArray[np.int64]  # index of the tie group of each sorted row

    @classmethod
    def of(cls, score: Array, y: Array) -> RankedScores:
        """Sort ``score`` once (outcome ``y``)."""
        order = np.argsort(score, kind="stable")
        s = score[order]
        group = np.concatenate([[0], np.cumsum(s[1:] != s[:-1])])
        return cls(order=order, pos=(y[order] > 0.5), group=group)

    def auc(self, weights: Array) -> float:
        """Weighted AUC: Σ w_pos · (negative weight below + ½ tied) / (W_pos · W_neg)."""
        w = weights[self.order]
        wn = np.where(self.pos, 0.0, w)
        wp = np.where(self.pos, w, 0.0)
        groups = int(self.group[-1]) + 1
        neg_in = np.bincount(self.group, weights=wn, minlength=groups)
        pos_in = np.bincount(self.group, weights=wp, minlength=groups)
        below = np.cumsum(neg_in) - neg_in
        total_pos, total_neg = pos_in.sum(), neg_in.sum()
        if total_pos == 0 or total_neg == 0:
            raise AnalysisError("AUC needs both onsets and non-onsets in the rows")
        return float((pos_in @ (below + 0.5 * neg_in)) / (total_pos * total_neg))
