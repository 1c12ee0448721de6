"""What a covariate is: a named, documented set of columns with a source and a gap rule.

A *state* covariate computes its columns for every COW system member-year once (cached);
tables take the rows they need. A *dyad* covariate computes its columns for given arrays of
``ccode1, ccode2, year``. In dyad tables a state covariate's columns appear twice, suffixed
``1`` and ``2`` (``cinc1``, ``cinc2``), as in peacesciencer.

Gap rules (``Covariate.gap_rule``):

- ``missing``: outside the source's years the value is missing (NA).
- ``carried_forward``: the last observed value is repeated; the flag column
  ``<name>_cf`` is true on those rows.
- ``derived``: the value is computed from other sources (the flag column, when there is one,
  says which rows).
- ``snapshot``: one dated observation is used for every year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

__all__ = ["Columns", "Covariate", "DyadBuilder", "GapRule", "Level", "StateBuilder"]

Level = Literal["state", "dyad"]
GapRule = Literal["missing", "carried_forward", "derived", "snapshot"]
#: Columns computed by a builder, each aligned to the rows it was asked for.
Columns = dict[str, "np.ndarray | pd.api.extensions.ExtensionArray"]
StateBuilder = Callable[[], Columns]
DyadBuilder = Callable[[np.ndarray, np.ndarray, np.ndarray], Columns]


@dataclass(frozen=True)
class Covariate:
    """One covariate that tables can add by ``name``."""

    name: str
    level: Level
    columns: tuple[str, ...]
    source: str
    first_year: int
    last_year: int
    gap_rule: GapRule
    gap_note: str
    description: str
    state_builder: StateBuilder | None = field(default=None, repr=False)
    dyad_builder: DyadBuilder | None = field(default=None, repr=False)

    def as_dict(self) -> dict[str, object]:
        """The documentation of this covariate as plain data."""
        return {
            "name": self.name,
            "level": self.level,
            "columns": list(self.columns),
            "source": self.source,
            "years": [self.first_year, self.last_year],
            "gap_rule": self.gap_rule,
            "gap_note": self.gap_note,
            "description": self.description,
        }
