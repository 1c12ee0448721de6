"""Alliance ties from ATOP v5.1 (directed dyad-year, 1816–2018), continued by the registry.

Each column is 1 when the two states share an ATOP alliance with that obligation in force
in the year: ``atop_defense``, ``atop_offense``, ``atop_neutral``, ``atop_nonagg``,
``atop_consul``. Dyad-years absent from ATOP are 0 within 1816–2018.

**After 2018** (ATOP's last year; the shipped file has no alliance identifiers, so it cannot
be continued treaty by treaty) the 2018 values are carried forward, flagged ``atop_cf``, and
``atop_defense`` is also set to 1 where the registry (:mod:`eurasec.registry`) records that
both states are bound on 31 December of the year by a mutual-defence format (as a member or
associate: NATO, CSTO, …) or defence treaty (as parties), flagged ``atop_registry`` where
that adds a tie ATOP 2018 did not have (e.g. North Macedonia 2020, Finland 2023 and Sweden
2024 with the NATO allies; Russia–North Korea 2024). Ties that ended after 2018 are only
dropped when the registry records it; the registry's defence facts are Eurasia-centred, so
alliances elsewhere simply continue their 2018 values.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cache

import numpy as np

from eurasec import datasets
from eurasec.peacesci._lookup import dyad_key, find, nullable_int, take
from eurasec.peacesci.covariate import Columns
from eurasec.peacesci.system import LAST_YEAR

__all__ = ["ATOP_COLUMNS", "ATOP_LAST_YEAR", "atop_columns", "registry_defence_keys"]

#: Last year of ATOP v5.1.
ATOP_LAST_YEAR = 2018
#: The ATOP obligation columns.
ATOP_COLUMNS = ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul")


@cache
def _atop_table() -> tuple[np.ndarray, dict[str, np.ndarray]]:
    atop = datasets.load("atop_dyad_year")
    keys = dyad_key(atop["ccode1"].to_numpy(), atop["ccode2"].to_numpy(), atop["year"].to_numpy())
    order = np.argsort(keys)
    return keys[order], {c: atop[c].to_numpy(np.float64)[order] for c in ATOP_COLUMNS}


@cache
def registry_defence_keys() -> np.ndarray:
    """Sorted directed dyad-year keys of registry defence ties, 2019–2024 (31 December)."""
    try:
        from eurasec import registry
    except ImportError:  # pragma: no cover - the registry ships with eurasec
        return np.zeros(0, dtype=np.int64)
    reg = registry.default_registry()
    codes = {s.id: int(s.cow_code) for s in reg.states() if s.cow_code is not None}
    keys: list[np.ndarray] = []
    for year in range(ATOP_LAST_YEAR + 1, LAST_YEAR + 1):
        day = date(year, 12, 31)
        bound: dict[str, set[int]] = defaultdict(set)
        for state_id, ccode in codes.items():
            view = reg.actor(state_id, day)
            for m in view.memberships:
                if m.role in registry.ALIGNING_ROLES and reg.format(m.format).defence_on(day):
                    bound[m.format].add(ccode)
            for t in view.treaties:
                if t.defence and t.standing == "party":
                    bound[t.treaty].add(ccode)
        for members in bound.values():
            arr = np.array(sorted(members), dtype=np.int64)
            c1, c2 = np.repeat(arr, len(arr)), np.tile(arr, len(arr))
            keep = c1 != c2
            keys.append(dyad_key(c1[keep], c2[keep], np.full(int(keep.sum()), year)))
    return np.unique(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)


def atop_columns(c1: np.ndarray, c2: np.ndarray, year: np.ndarray) -> Columns:
    """ATOP obligations for the dyad-years; after 2018 carried forward and registry-updated."""
    keys, values = _atop_table()
    after = year > ATOP_LAST_YEAR
    target = dyad_key(c1, c2, np.where(after, ATOP_LAST_YEAR, year))
    out: Columns = {}
    for name, col in values.items():
        out[name] = take(keys, col, target, fill=0.0)
    _, from_registry = find(registry_defence_keys(), dyad_key(c1, c2, year))
    added = from_registry & after & (out["atop_defense"] == 0)
    out["atop_defense"][added] = 1.0
    columns: Columns = {name: nullable_int(np.asarray(v)) for name, v in out.items()}
    columns["atop_cf"] = after
    columns["atop_registry"] = added
    return columns
