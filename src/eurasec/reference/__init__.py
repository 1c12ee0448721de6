"""Reference data shipped in the package: states, formats, participations and treaties.

Each fact carries a date (with its precision) and a source. States and the COW IGO history
are generated from :mod:`eurasec.datasets` by ``scripts/build_reference.py``; every later
change is hand-coded in reviewed CSV files under ``reference/data/``.

>>> from eurasec import reference
>>> nato = next(f for f in reference.formats() if f.id == "NATO")
>>> nato.kind
'organisation'

Usage docs: ``docs/concepts/registry.md``.
"""

from __future__ import annotations

from eurasec.reference.load import (
    COW_CONTINUATIONS,
    DATA_FILES,
    Correction,
    corrections,
    cow_ids,
    cow_participations,
    formats,
    hand_participations,
    participations,
    states,
    treaties,
)
from eurasec.reference.model import (
    ACTION_KINDS,
    CONSENT_KINDS,
    FORMAT_KINDS,
    PRECISIONS,
    PROVENANCES,
    ROLES,
    Format,
    PartialDate,
    Participation,
    State,
    Treaty,
    TreatyAction,
)

__all__ = [
    "ACTION_KINDS",
    "CONSENT_KINDS",
    "COW_CONTINUATIONS",
    "DATA_FILES",
    "FORMAT_KINDS",
    "PRECISIONS",
    "PROVENANCES",
    "ROLES",
    "Correction",
    "Format",
    "PartialDate",
    "Participation",
    "State",
    "Treaty",
    "TreatyAction",
    "corrections",
    "cow_ids",
    "cow_participations",
    "formats",
    "hand_participations",
    "participations",
    "states",
    "treaties",
]
