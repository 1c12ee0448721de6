"""Model choice on the training years only: forward-chaining cross-validation inside 1870–1989.

Every candidate :class:`~eurasec.analysis.fit.Form` is fitted on the years from its start to
the year before each validation block and scored on the block (:data:`CV_BLOCKS`, the last
three decades of the training period). The choice is the candidate with the smallest pooled
held-out log-loss per row (a proper score; AUCs are reported beside it). The test years
(1990–2014) are never read here: :func:`cross_validate` refuses blocks past
:data:`TRAIN_LAST_YEAR`.

Candidates cover the questions the issue asks the data: does the frontier of the other
side's allies help; over land only or across water too; do consultation and non-aggression
ties count; does pooling allies' capability help; do weaker ties damp threat; and should the
fit start in 1946 or in 1870 with era intercepts (the world wars' alliance patterns).

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

import numpy as np

from eurasec.analysis._dyads import dyad_table
from eurasec.analysis.fit import Form, fit, linear_predictor, log_loss
from eurasec.analysis.scope import eurasian_by_cow_ranges, in_scope
from eurasec.analysis.scores import roc_auc
from eurasec.errors import AnalysisError

__all__ = [
    "CANDIDATES",
    "CV_BLOCKS",
    "ERAS",
    "TRAIN_FIRST_YEAR",
    "TRAIN_LAST_YEAR",
    "choose",
    "cross_validate",
]

#: The training period: model forms and parameters are chosen inside it.
TRAIN_FIRST_YEAR: Final = 1870
TRAIN_LAST_YEAR: Final = 1989
#: Validation blocks of the forward-chaining cross-validation.
CV_BLOCKS: Final = ((1960, 1969), (1970, 1979), (1980, 1989))
#: Era intercepts of the candidates that start in 1870 (after 1945 is the reference era).
ERAS: Final = ((1870, 1913), (1914, 1945))

_STRUCTURES: Final = (
    Form(frontier=False),
    Form(),
    Form(frontier_water=True),
    Form(tie_weights=True),
    Form(pooling=True),
    Form(kind_damping=True),
    Form(frontier_water=True, tie_weights=True, kind_damping=True),
)

#: Every structure from 1946 and from 1870 with era intercepts, each without and with the
#: prior-disputes term.
CANDIDATES: Final = tuple(
    replace(s, start=start, eras=eras, history=history)
    for history in (False, True)
    for start, eras in ((1946, ()), (TRAIN_FIRST_YEAR, ERAS))
    for s in _STRUCTURES
)


def _rows(t: dict[str, np.ndarray], first: int, last: int) -> dict[str, np.ndarray]:
    years = t["year"]
    keep = (years >= first) & (years <= last)
    return {k: v[keep] for k, v in t.items()}


def cross_validate(
    forms: tuple[Form, ...] = CANDIDATES,
    blocks: tuple[tuple[int, int], ...] = CV_BLOCKS,
    *,
    starts: int = 2,
    progress: Any = None,
) -> list[dict[str, Any]]:
    """Held-out scores of each form, pooled over ``blocks`` (training years only)."""
    if any(b > TRAIN_LAST_YEAR for _, b in blocks):
        raise AnalysisError(
            f"cross-validation stays inside the training years (≤ {TRAIN_LAST_YEAR})"
        )
    first = min(f.start for f in forms)
    table = dyad_table(first, max(b for _, b in blocks))
    out = []
    for form in forms:
        z_all, y_all, c1, c2, per_block = [], [], [], [], []
        for a, b in blocks:
            model = fit(form, _rows(table, form.start, a - 1), starts=starts)
            held = _rows(table, a, b)
            z = linear_predictor(form, model.params, held)
            per_block.append(
                {
                    "block": [a, b],
                    "log_loss": log_loss(z, held["y"]) / len(z),
                    "auc": roc_auc(z, held["y"]),
                }
            )
            z_all.append(z)
            y_all.append(held["y"])
            c1.append(held["c1"])
            c2.append(held["c2"])
        z, y = np.concatenate(z_all), np.concatenate(y_all)
        i, j = np.concatenate(c1), np.concatenate(c2)
        project = in_scope(i, "eurasia") & in_scope(j, "eurasia")
        cow = eurasian_by_cow_ranges(i) & eurasian_by_cow_ranges(j)
        row = {
            "form": form.to_dict(),
            "label": form.label(),
            "log_loss": log_loss(z, y) / len(z),
            "auc": roc_auc(z, y),
            "auc_eurasia": roc_auc(z[project], y[project]),
            "auc_eurasia_cow": roc_auc(z[cow], y[cow]),
            "blocks": per_block,
        }
        out.append(row)
        if progress is not None:
            progress(row)
    return out


def choose(results: list[dict[str, Any]], *, history: bool) -> Form:
    """The form with the smallest pooled held-out log-loss, with or without history."""
    rows = [r for r in results if bool(r["form"]["history"]) == history]
    if not rows:
        raise AnalysisError("no cross-validated candidate of that kind")
    best = min(rows, key=lambda r: (r["log_loss"], len(Form.from_dict(r["form"]).names())))
    return Form.from_dict(best["form"])
