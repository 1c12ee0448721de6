"""IATI 2.03 export of the Security Fund: an organisation file and an activity file.

- The **organisation file** (``iati-organisations``) reports the Fund as one organisation:
  its total budget per calendar year (the allocations Forum decisions made, with a budget line
  per purpose) and its total expenditure per year (disbursements).
- The **activity file** (``iati-activities``) reports each project of the Project Office as an
  activity: title, description, the Fund as funder and the proposing party as implementer,
  status, dates, programme line (as a sector in the reporting organisation's vocabulary, 99),
  its planned budget, its commitments (allocations, transaction type 2) and disbursements
  (type 3), and its results.

Values are in major units of the currency (``minor units / 10**digits``, ISO 4217 digits).
The files validate against the official IATI 2.03 XSDs (``tests/institutions/test_iati.py``).

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from decimal import Decimal
from functools import lru_cache

from sqlalchemy import Connection, select

from eurasec.institutions.fund.report import transactions
from eurasec.institutions.parameters import PROGRAMME_LINES
from eurasec.institutions.projects import project, project_list
from eurasec.institutions.schema import projects

__all__ = [
    "DEFAULT_ORG_REF",
    "activities_xml",
    "currency_exponent",
    "major_units",
    "organisation_xml",
]

#: The Fund's organisation identifier (``XM`` prefix: no registration agency; configurable).
DEFAULT_ORG_REF = "XM-EURASEC-FUND"
_ORG_TYPE = "40"  # IATI OrganisationType: multilateral
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS = {"proposed": "1", "appraised": "1", "active": "2", "completed": "4", "cancelled": "5"}


@lru_cache(maxsize=1)
def _digits() -> dict[str, int]:
    from eurasec import datasets

    df = datasets.load("iso_codes")
    out: dict[str, int] = {}
    for code, digits in zip(
        df["ISO4217-currency_alphabetic_code"], df["ISO4217-currency_minor_unit"], strict=True
    ):
        if isinstance(code, str) and len(code) == 3:
            try:
                out[code] = int(float(digits))
            except (TypeError, ValueError):
                continue
    return out


def currency_exponent(currency: str) -> int:
    """The ISO 4217 minor-unit exponent of ``currency`` (2 for USD, 0 for JPY; 2 if unknown)."""
    return _digits().get(currency, 2)


def major_units(amount: int, currency: str) -> str:
    """``amount`` minor units as a decimal string in major units (``1234`` USD → ``12.34``)."""
    digits = currency_exponent(currency)
    return str(Decimal(amount).scaleb(-digits))


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    ET.SubElement(el, "narrative").text = text
    return el


def _value(parent: ET.Element, amount: int, currency: str, day: str) -> None:
    el = ET.SubElement(parent, "value", {"currency": currency, "value-date": day})
    el.text = major_units(amount, currency)


def _period(parent: ET.Element, year: int) -> None:
    ET.SubElement(parent, "period-start", {"iso-date": f"{year}-01-01"})
    ET.SubElement(parent, "period-end", {"iso-date": f"{year}-12-31"})


def _reporting(parent: ET.Element, org_ref: str, name: str) -> None:
    _text(parent, "reporting-org", name, ref=org_ref, type=_ORG_TYPE)


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def organisation_xml(
    conn: Connection,
    as_of: str,
    *,
    org_ref: str = DEFAULT_ORG_REF,
    name: str = "Security Fund",
    generated: str | None = None,
) -> bytes:
    """The IATI 2.03 organisation file of the Fund as of ``as_of``."""
    stamp = generated or f"{as_of}T00:00:00Z"
    root = ET.Element("iati-organisations", {"version": "2.03", "generated-datetime": stamp})
    txs = transactions(conn, as_of)
    currency = txs[0]["currency"] if txs else "USD"
    org = ET.SubElement(
        root,
        "iati-organisation",
        {"last-updated-datetime": stamp, "default-currency": currency, _XML_LANG: "en"},
    )
    ET.SubElement(org, "organisation-identifier").text = org_ref
    _text(org, "name", name)
    _reporting(org, org_ref, name)
    budget: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    spent: dict[int, int] = defaultdict(int)
    for tx in txs:
        if tx["currency"] != currency:
            continue  # IATI values carry a currency each; one currency per file keeps totals honest
        year = int(tx["date"][:4])
        if tx["kind"] == "allocation":
            budget[year][tx["purpose"]] += tx["amount"]
        elif tx["kind"] == "disbursement":
            spent[year] += tx["amount"]
    for year in sorted(budget):
        tb = ET.SubElement(org, "total-budget", {"status": "2"})
        _period(tb, year)
        _value(tb, sum(budget[year].values()), currency, f"{year}-01-01")
        for purpose, amount in sorted(budget[year].items()):
            line = ET.SubElement(tb, "budget-line", {"ref": purpose})
            _value(line, amount, currency, f"{year}-01-01")
            ET.SubElement(line, "narrative").text = f"Allocated to {purpose}"
    for year in sorted(spent):
        te = ET.SubElement(org, "total-expenditure")
        _period(te, year)
        _value(te, spent[year], currency, f"{year}-12-31")
    return _serialise(root)


def _activity(
    root: ET.Element, conn: Connection, pid: str, as_of: str, org_ref: str, name: str, stamp: str
) -> None:
    p = project(conn, pid, as_of)
    cur = p["currency"]
    act = ET.SubElement(
        root,
        "iati-activity",
        {"last-updated-datetime": stamp, "default-currency": cur, _XML_LANG: "en"},
    )
    ET.SubElement(act, "iati-identifier").text = f"{org_ref}-{pid}"
    _reporting(act, org_ref, name)
    _text(act, "title", p["title"])
    _text(act, "description", p["summary"], type="1")
    _text(act, "participating-org", name, ref=org_ref, role="1", type=_ORG_TYPE)
    _text(act, "participating-org", p["proposer"], role="4")
    ET.SubElement(act, "activity-status", {"code": _STATUS[p["status"]]})
    ET.SubElement(act, "activity-date", {"type": "1", "iso-date": p["proposed_on"]})
    if p["approved_on"] and p["approved_on"] <= as_of:
        ET.SubElement(act, "activity-date", {"type": "2", "iso-date": p["approved_on"]})
    if p["closed_on"] and p["closed_on"] <= as_of:
        ET.SubElement(act, "activity-date", {"type": "4", "iso-date": p["closed_on"]})
    _text(act, "sector", PROGRAMME_LINES[p["line"]], vocabulary="99", code=p["line"])
    year = int(p["proposed_on"][:4])
    b = ET.SubElement(act, "budget", {"type": "1", "status": "1"})
    ET.SubElement(b, "period-start", {"iso-date": p["proposed_on"]})
    ET.SubElement(b, "period-end", {"iso-date": f"{year}-12-31"})
    _value(b, p["budget"], cur, p["proposed_on"])
    for tx in transactions(conn, as_of):
        if tx["purpose"] != f"project:{pid}" or tx["kind"] not in ("allocation", "disbursement"):
            continue
        t = ET.SubElement(act, "transaction", {"ref": f"entry-{tx['idx']}"})
        ET.SubElement(t, "transaction-type", {"code": "2" if tx["kind"] == "allocation" else "3"})
        ET.SubElement(t, "transaction-date", {"iso-date": tx["date"]})
        _value(t, tx["amount"], tx["currency"], tx["date"])
        _text(t, "description", tx["memo"] or tx["kind"])
        if tx["kind"] == "disbursement":
            _text(t, "receiver-org", str(tx["party"]))
    for r in p["results"]:
        res = ET.SubElement(act, "result", {"type": "1"})
        _text(res, "title", r["summary"])
        if r["story"]:
            _text(res, "description", r["story"])
        ind = ET.SubElement(res, "indicator", {"measure": "5"})
        _text(ind, "title", "Reported result")


def activities_xml(
    conn: Connection,
    as_of: str,
    *,
    project: str | None = None,
    org_ref: str = DEFAULT_ORG_REF,
    name: str = "Security Fund",
    generated: str | None = None,
) -> bytes:
    """The IATI 2.03 activity file: one activity per project proposed by ``as_of``.

    With ``project``, the file holds that project's activity only. IATI requires at least one
    activity in a file; with no such project by ``as_of`` the file is not produced and a
    :class:`~eurasec.errors.NotFound` is raised.
    """
    from eurasec.errors import NotFound

    stamp = generated or f"{as_of}T00:00:00Z"
    rows = project_list(conn, as_of)
    if project is not None:
        rows = [r for r in rows if r["project"] == project]
        if not rows:
            known = conn.execute(select(projects.c.project)).scalars()
            raise NotFound(f"project proposed by {as_of}", project, known)
    if not rows:
        raise NotFound(
            "project",
            "(any)",
            detail=f"no project was proposed by {as_of}: an IATI activity file needs one",
        )
    root = ET.Element("iati-activities", {"version": "2.03", "generated-datetime": stamp})
    for row in rows:
        _activity(root, conn, row["project"], as_of, org_ref, name, stamp)
    return _serialise(root)
