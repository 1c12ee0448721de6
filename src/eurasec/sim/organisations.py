"""Shared organisations of a pair of states, by kind: the simulation's channels.

Every intergovernmental organisation two states both belong to (full members) is a channel
between them. Sources, in order:

1. **COW IGO v3.0** (Pevehouse et al. 2020): all 534 organisations, memberships to 2014;
2. **the registry** (:mod:`eurasec.registry`): formats COW does not code (ASEAN Regional
   Forum, BRICS, Union State), their dated memberships.

Each organisation has a **kind**: ``security``, ``political``, ``economic`` or ``social``.
COW codes every organisation as political, economic or social; ``organisations.csv`` (shipped
next to this module, one row per organisation with its founding documents) hand-codes the
main Eurasian ones: security organisations (alliances and security bodies), general-purpose
unions that COW calls economic or social, and their **structure** (``structured``: standing
organs and secretariat; ``minimal``: conferences or summits, at most a small secretariat;
from Boehmer, Gartzke and Nordstrom 2004) and whether they have a **settlement** organ for
disputes among members (mediation, conciliation, arbitration or a court) from which year.

A pair *has a regional settlement body* when both belong to a regional organisation whose
settlement organ exists that year; global bodies (UN, Permanent Court of Arbitration) are open
to every pair alike, so they do not count.

Usage docs: ``docs/concepts/simulation.md``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import sparse

from eurasec import datasets
from eurasec.errors import InputError

__all__ = [
    "CHANNEL_KINDS",
    "LAST_YEAR",
    "Organisation",
    "SharedOrganisations",
    "organisation_table",
    "shared_organisations",
]

#: The kinds of channel, in the order of every ``[kind, n, n]`` array.
CHANNEL_KINDS: tuple[str, ...] = ("security", "political", "economic", "social")
#: Last year of the membership data (COW IGO v3.0).
LAST_YEAR = 2014
_COW_KIND = {"political": "political", "economic": "economic", "social": "social"}


@dataclass(frozen=True)
class Organisation:
    """One organisation as the simulation sees it."""

    key: str
    data: str  # "cow" or "registry"
    name: str
    kind: str
    structure: str  # "structured", "minimal" or "" (not coded)
    structured_since: int | None
    settlement_since: int | None  # None: no settlement organ
    scope: str  # "regional" or "global"
    source: str
    coded: bool  # hand-coded in organisations.csv


def _int(text: str) -> int | None:
    return int(text) if text.strip() else None


@cache
def _hand_coded() -> dict[str, dict[str, str]]:
    path = resources.files(__package__ or "eurasec.sim").joinpath("organisations.csv")
    with path.open("r", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["kind"] not in CHANNEL_KINDS:
            raise InputError(f"organisations.csv: unknown kind {row['kind']!r} for {row['key']}")
    return {r["key"]: r for r in rows}


@cache
def organisation_table() -> tuple[Organisation, ...]:
    """Every organisation with its kind: COW's 534 (hand-coded where listed), the registry's."""
    coded = _hand_coded()
    cow = datasets.load("cow_igo_orgs")
    out: list[Organisation] = []
    for row in cow.itertuples(index=False):
        key = str(row.colname_state_year)
        flags = [k for k in _COW_KIND if int(getattr(row, k)) == 1]
        hand = coded.get(key)
        if hand is None:
            out.append(
                Organisation(
                    key=key,
                    data="cow",
                    name=str(row.orgname),
                    kind=_COW_KIND[flags[0]] if flags else "social",
                    structure="",
                    structured_since=None,
                    settlement_since=None,
                    scope="regional",
                    source="COW IGO v3.0 (Pevehouse et al. 2020), kind as coded by COW",
                    coded=False,
                )
            )
            continue
        out.append(_from_row(hand))
    out.extend(_from_row(r) for r in coded.values() if r["data"] == "registry")
    return tuple(out)


def _from_row(row: dict[str, str]) -> Organisation:
    return Organisation(
        key=row["key"],
        data=row["data"],
        name=row["name"],
        kind=row["kind"],
        structure=row["structure"],
        structured_since=_int(row["structured_since"]),
        settlement_since=_int(row["settlement_since"]) if row["settlement"] == "yes" else None,
        scope=row["scope"],
        source=row["source"],
        coded=True,
    )


@dataclass(frozen=True, eq=False)
class SharedOrganisations:
    """What a set of states shares in one year."""

    counts: NDArray[np.float64]  # [len(CHANNEL_KINDS), n, n], zero diagonal
    settlement: NDArray[np.bool_]  # [n, n]: a regional settlement body binds both


@cache
def _cow_year(year: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(ccode, organisation index) of every full membership in ``year``."""
    m = datasets.load("cow_igo_memberships")
    m = m[(m["year"] == year) & (m["status"] == 1)]
    index = {o.key: i for i, o in enumerate(organisation_table())}
    orgs = m["igo"].map(index)
    if orgs.isna().any():
        missing = sorted(set(m["igo"][orgs.isna()]))[:3]
        raise InputError(f"COW memberships name organisations missing from the table: {missing}")
    ccode: NDArray[np.int64] = np.asarray(m["ccode"], dtype=np.int64)
    org: NDArray[np.int64] = np.asarray(orgs, dtype=np.int64)
    return ccode, org


@cache
def _registry_year(year: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(ccode, organisation index) of the registry formats' full members on 30 June."""
    from eurasec import registry

    table = organisation_table()
    codes = {s.id: int(s.cow_code) for s in registry.states() if s.cow_code is not None}
    ccodes: list[int] = []
    orgs: list[int] = []
    for i, org in enumerate(table):
        if org.data != "registry":
            continue
        for m in registry.members(org.key, date(year, 6, 30), role="member"):
            if m.actor in codes:
                ccodes.append(codes[m.actor])
                orgs.append(i)
    return np.asarray(ccodes, dtype=np.int64), np.asarray(orgs, dtype=np.int64)


@cache
def _org_arrays() -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]]:
    """Per organisation: kind index, first settlement year (or a huge one), regional flag."""
    table = organisation_table()
    kind = np.array([CHANNEL_KINDS.index(o.kind) for o in table], dtype=np.int64)
    never = np.iinfo(np.int64).max
    since = np.array(
        [never if o.settlement_since is None else o.settlement_since for o in table],
        dtype=np.int64,
    )
    regional = np.array([o.scope == "regional" for o in table], dtype=bool)
    return kind, since, regional


def shared_organisations(ccodes: NDArray[np.int64], year: int) -> SharedOrganisations:
    """Counts of shared organisations by kind, and regional settlement bodies, in ``year``."""
    if not 1816 <= year <= LAST_YEAR:
        raise InputError(f"organisation memberships cover 1816-{LAST_YEAR}, not {year}")
    n = len(ccodes)
    pos = pd.Series(np.arange(n), index=np.asarray(ccodes, dtype=np.int64))
    c1, o1 = _cow_year(year)
    c2, o2 = _registry_year(year)
    cc, org = np.concatenate([c1, c2]), np.concatenate([o1, o2])
    row = pos.reindex(cc).to_numpy()
    keep = ~np.isnan(row)
    row, org = row[keep].astype(np.int64), org[keep]
    kind, since, regional = _org_arrays()
    counts = np.zeros((len(CHANNEL_KINDS), n, n))
    n_orgs = len(kind)
    for k in range(len(CHANNEL_KINDS)):
        sel = kind[org] == k
        counts[k] = _shared(row[sel], org[sel], n, n_orgs)
    sel = regional[org] & (since[org] <= year)
    settlement = _shared(row[sel], org[sel], n, n_orgs) > 0
    np.fill_diagonal(settlement, False)
    return SharedOrganisations(counts=counts, settlement=settlement)


def _shared(
    rows: NDArray[np.int64], orgs: NDArray[np.int64], n: int, n_orgs: int
) -> NDArray[np.float64]:
    """Memberships both rows hold (sparse product; single-threaded on purpose)."""
    ones = np.ones(len(rows))
    m = sparse.csr_matrix((ones, (rows, orgs)), shape=(n, n_orgs))
    out = np.asarray((m @ m.T).toarray(), dtype=np.float64)
    np.fill_diagonal(out, 0.0)
    return out
