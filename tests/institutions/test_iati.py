"""The IATI export validates against the official IATI 2.03 XSDs."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from eurasec.errors import NotFound
from eurasec.institutions.iati import activities_xml, major_units, organisation_xml
from eurasec.institutions.sandbox import play
from eurasec.storage import Store

XSD = Path(__file__).parents[1] / "data" / "iati"


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD / name)))


def test_major_units() -> None:
    assert major_units(1234, "USD") == "12.34"
    assert major_units(1234, "JPY") == "1234"
    assert major_units(5, "KWD") == "0.005"


def test_export_validates_against_official_schema(sqlite_store: Store) -> None:
    with sqlite_store.connect() as conn, pytest.raises(NotFound):
        activities_xml(conn, "2030-01-01")
    report = play(sqlite_store, ["RUS", "BLR", "KAZ", "CHN", "SCO"])
    end = report.events[-1].date
    with sqlite_store.connect() as conn:
        org = etree.fromstring(organisation_xml(conn, end))
        acts = etree.fromstring(activities_xml(conn, end))
    org_schema = _schema("iati-organisations-schema.xsd")
    act_schema = _schema("iati-activities-schema.xsd")
    assert org_schema.validate(org), org_schema.error_log
    assert act_schema.validate(acts), act_schema.error_log
    assert len(acts.findall("iati-activity")) == 2
    done = acts.find("iati-activity[iati-identifier='XM-EURASEC-FUND-P-disaster-1']")
    assert done is not None
    assert done.find("activity-status").get("code") == "4"
    disbursed = [
        t for t in done.findall("transaction") if t.find("transaction-type").get("code") == "3"
    ]
    assert [t.find("value").text for t in disbursed] == ["100000.00", "150000.00"]
    assert org.find(".//total-expenditure/value") is not None
    # a broken document fails, so the check above can fail
    first = acts.find("iati-activity")
    first.remove(first.find("title"))
    assert not act_schema.validate(acts)
