"""The shipped threat model: chosen form, fitted parameters and bootstrap draws, with provenance.

``files/threat_model.json`` holds what :func:`build` produced: the cross-validated choice of
form (:mod:`eurasec.analysis.selection`, training years only), the maximum-likelihood
estimate on the training years (:mod:`eurasec.analysis.fit`, several starts), and
:data:`BOOTSTRAP_DRAWS` refits on training dyads resampled with replacement (a cluster
bootstrap by dyad, each refit started from the estimate). ``assess`` reads the estimate for its
deltas and the draws for their intervals. Rebuild it with::

    eurasec analyse fit --out src/eurasec/analysis/files/threat_model.json

(about an hour on two cores; ``--skip-selection`` reuses the shipped choice of form).

Usage docs: ``docs/concepts/indivisible-security.md``.
"""

from __future__ import annotations

import json
import platform
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from eurasec.analysis._dyads import dyad_table
from eurasec.analysis.fit import Form, bootstrap_weights, fit
from eurasec.analysis.selection import TRAIN_LAST_YEAR, choose, cross_validate
from eurasec.errors import AnalysisError

__all__ = [
    "BOOTSTRAP_DRAWS",
    "BOOTSTRAP_SEED",
    "FIT_STARTS",
    "MODEL_FILE",
    "FittedModel",
    "ParamBatch",
    "build",
    "shipped",
    "write",
]

Array = NDArray[np.float64]

#: The shipped model file inside ``eurasec/analysis/files``.
MODEL_FILE: Final = "threat_model.json"
#: Bootstrap refits behind every interval.
BOOTSTRAP_DRAWS: Final = 200
#: Seed of the bootstrap resampling (the draws are reproducible).
BOOTSTRAP_SEED: Final = 20250601
#: Starting points of the final fit (the likelihood has local optima).
FIT_STARTS: Final = 8


@dataclass(frozen=True)
class ParamBatch:
    """Parameter vectors as columns by name: row 0 the estimate, then the bootstrap draws."""

    names: tuple[str, ...]
    values: Array  # (rows, len(names))

    def __len__(self) -> int:
        """Number of parameter vectors."""
        return int(self.values.shape[0])

    def get(self, name: str) -> Array:
        """Column ``name`` (zeros when the form has no such parameter)."""
        if name in self.names:
            out: Array = self.values[:, self.names.index(name)]
            return out
        return np.zeros(len(self))

    def take(self, rows: slice | NDArray[np.int64]) -> ParamBatch:
        """A batch of some rows."""
        return ParamBatch(self.names, self.values[rows])


@dataclass(frozen=True)
class FittedModel:
    """A form with its estimate, bootstrap draws and provenance."""

    form: Form
    params: dict[str, float]
    draws: Array  # (draws, len(names)), in ``form.names()`` order
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        """Parameter names in vector order."""
        return self.form.names()

    def batch(self, *, draws: bool = True) -> ParamBatch:
        """The estimate (row 0) followed by the draws (unless ``draws`` is false)."""
        first = np.array([[self.params[n] for n in self.names]])
        rows = np.vstack([first, self.draws]) if draws and len(self.draws) else first
        return ParamBatch(self.names, rows)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (what the shipped file holds)."""
        return {
            "form": self.form.to_dict(),
            "label": self.form.label(),
            "params": self.params,
            "bootstrap": {
                "names": list(self.names),
                "draws": [[round(float(x), 10) for x in row] for row in self.draws],
            },
            "provenance": self.provenance,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FittedModel:
        """The inverse of :meth:`to_dict`."""
        form = Form.from_dict(data["form"])
        names = tuple(data["bootstrap"]["names"])
        if names != form.names():
            raise AnalysisError("the model file's draws do not match its form")
        draws = np.asarray(data["bootstrap"]["draws"], dtype=float).reshape(-1, len(names))
        return cls(form, dict(data["params"]), draws, dict(data.get("provenance", {})))


@cache
def shipped() -> FittedModel:
    """The model shipped with the package (``files/threat_model.json``)."""
    text = resources.files("eurasec.analysis").joinpath("files", MODEL_FILE).read_text("utf-8")
    return FittedModel.from_dict(json.loads(text))


def _rows(t: dict[str, Array], first: int, last: int) -> dict[str, Array]:
    keep = (t["year"] >= first) & (t["year"] <= last)
    return {k: v[keep] for k, v in t.items()}


def build(
    *,
    form: Form | None = None,
    draws: int = BOOTSTRAP_DRAWS,
    seed: int = BOOTSTRAP_SEED,
    starts: int = FIT_STARTS,
    progress: Callable[[str], None] | None = None,
) -> tuple[FittedModel, list[dict[str, Any]]]:
    """Choose the form (unless given), fit it on the training years and bootstrap it.

    Returns the model and the cross-validation table (empty when ``form`` was given).
    """
    say = progress or (lambda _msg: None)
    selection: list[dict[str, Any]] = []
    command = "eurasec analyse fit --out src/eurasec/analysis/files/threat_model.json"
    if form is not None:  # the form of the shipped cross-validation table, reused
        command = command.replace(" --out", " --skip-selection --out")
    if form is None:
        selection = cross_validate(progress=lambda r: say(f"cv {r['label']}: {r['log_loss']:.6f}"))
        form = choose(selection, history=True)
    say(f"form: {form.label()}")
    train = _rows(dyad_table(form.start, TRAIN_LAST_YEAR), form.start, TRAIN_LAST_YEAR)
    estimate = fit(form, train, starts=starts)
    say(f"estimate: {estimate.params}")
    cluster = train["c1"] * 1000.0 + train["c2"]
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(draws):
        w = bootstrap_weights(cluster, rng)
        rows.append(fit(form, train, starts=1, weights=w, first=estimate.params).vector())
        if (k + 1) % 10 == 0:
            say(f"bootstrap {k + 1}/{draws}")
    provenance = {
        "train_years": [form.start, TRAIN_LAST_YEAR],
        "rows": estimate.rows,
        "onsets": estimate.onsets,
        "neg_loglik": estimate.neg_loglik,
        "starts": estimate.starts,
        "bootstrap": {"draws": draws, "seed": seed, "cluster": "dyad (pair of COW codes)"},
        "command": command,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "python": platform.python_version(),
        "numpy": np.__version__,
    }
    model = FittedModel(form, estimate.params, np.array(rows).reshape(-1, len(form.names())), {})
    return replace(model, provenance=provenance), selection


def write(model: FittedModel, selection: list[dict[str, Any]], path: Path) -> None:
    """Write the model file (and the cross-validation table beside it, when there is one)."""
    path.write_text(json.dumps(model.to_dict(), indent=1) + "\n", encoding="utf-8")
    if selection:
        table = path.with_name("model_selection.json")
        table.write_text(json.dumps(selection, indent=1) + "\n", encoding="utf-8")
