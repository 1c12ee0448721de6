"""``eurasec registry``: the four query commands with their exact ids and JSON keys."""

from __future__ import annotations

import json
from typing import Any


def _json(cli: Any, *args: str) -> Any:
    result = cli("registry", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_members_json_keys_and_facts(cli: Any) -> None:
    rows = _json(cli, "members", "SCO", "--as-of", "2024-07-04", "--role", "member")
    assert {"actor", "role", "since"} <= set(rows[0])
    by_actor = {r["actor"]: r for r in rows}
    assert by_actor["BLR"]["since"] == "2024-07-04"
    assert {r["role"] for r in rows} == {"member"}
    assert len(rows) == 10


def test_members_of_an_organisation_that_counts_an_organisation(cli: Any) -> None:
    rows = _json(cli, "members", "ARF", "--as-of", "2020-01-01")
    assert "EU" in {r["actor"] for r in rows}


def test_members_defaults_to_today(cli: Any) -> None:
    rows = _json(cli, "members", "NATO")
    assert {"FIN", "SWE"} <= {r["actor"] for r in rows}


def test_treaty_json(cli: Any) -> None:
    doc = _json(cli, "treaty", "INF", "--as-of", "2019-08-02")
    assert {"id", "status", "parties", "actions"} <= set(doc)
    assert (doc["id"], doc["status"], doc["parties"]) == ("INF", "terminated", [])
    assert doc["actions"][0] == {
        "action": "signature",
        "actors": ["USA", "RUS"],
        "date": "1987-12-08",
        "precision": "day",
        "effective": None,
        "source": "INF Treaty, signed in Washington, 8 December 1987",
        "url": "https://2009-2017.state.gov/t/avc/trty/102360.htm",
        "note": "signed by the USSR",
        "accessed": "",
    }
    assert [p["actor"] for p in doc["participants"]] == ["Russia", "United States"] or [
        p["actor"] for p in doc["participants"]
    ] == ["RUS", "USA"]
    assert {p["standing"] for p in doc["participants"]} == {"former_party"}


def test_treaty_new_start_expired(cli: Any) -> None:
    assert _json(cli, "treaty", "NEW_START", "--as-of", "2026-02-06")["status"] == "expired"


def test_channels_json(cli: Any) -> None:
    rows = _json(cli, "channels", "RUS", "CHN", "--as-of", "2025-01-01")
    assert {"format", "kind", "role_a", "role_b"} <= set(rows[0])
    formats = {r["format"]: r for r in rows}
    assert {"SCO", "BRICS", "RUS_CHN_2001"} <= set(formats)
    assert formats["RUS_CHN_2001"]["kind"] == "bilateral_treaty"


def test_actor_json(cli: Any) -> None:
    doc = _json(cli, "actor", "FIN", "--as-of", "2023-04-04")
    assert doc["id"] == "FIN"
    assert "NATO" in {m["format"] for m in doc["memberships"]}


def test_listing_commands(cli: Any) -> None:
    assert "SCO" in {f["id"] for f in _json(cli, "formats")}
    assert "NEW_START" in {t["id"] for t in _json(cli, "treaties")}
    assert all(s["eurasian"] for s in _json(cli, "states", "--eurasian"))


def test_table_output(cli: Any) -> None:
    result = cli("registry", "members", "UNION_STATE", "--as-of", "2020-01-01")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split()[:3] == ["actor", "name", "role"]


def test_unknown_org_is_one_line_with_suggestion(cli: Any) -> None:
    result = cli("registry", "members", "SOC", "--json")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error[not_found]: unknown organisation 'SOC'; did you mean SCO"
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_bad_date_and_unknown_ids_fail_cleanly(cli: Any) -> None:
    for args in (
        ("members", "NATO", "--as-of", "2024-13-01"),
        ("treaty", "NEWSTART"),
        ("channels", "RUS", "XXX"),
        ("actor", "Russia"),
        ("members", "SCO", "--role", "boss"),
    ):
        result = cli("registry", *args, "--json")
        assert result.exit_code == 1, args
        assert result.stderr.startswith("error["), args
        assert "Traceback" not in result.stderr


def test_actor_and_treaty_tables_for_people(cli: Any) -> None:
    actor = cli("registry", "actor", "ARM", "--as-of", "2025-01-01")
    assert actor.exit_code == 0
    assert "CSTO    suspended" in actor.stdout
    treaty = cli("registry", "treaty", "NEW_START", "--as-of", "2024-01-01")
    assert treaty.exit_code == 0
    assert "status: suspended" in treaty.stdout and "parties: USA" in treaty.stdout


def test_sources_check_lists_facts_a_reader_cannot_follow(cli: Any) -> None:
    result = cli("registry", "sources", "--check", "--json")
    assert result.exit_code == 1  # while any fact is listed
    rows = json.loads(result.stdout)
    assert rows and {r["problem"] for r in rows} <= {"home page", "no access date"}
    assert all(r["kind"] != "correction" for r in rows)
    every = _json(cli, "sources")
    assert len(every) > len(rows)
