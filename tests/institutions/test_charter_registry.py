"""The Charter in the registry: a format once in force, from the record, as of any date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eurasec.cli import build_app
from eurasec.institutions import charter
from eurasec.institutions._act import get_rules
from eurasec.institutions.charter_registry import charter_format, with_charter
from eurasec.institutions.sandbox import play
from eurasec.settings import get_settings
from eurasec.storage import Store, open_store
from eurasec.web.app import create_app

PARTIES = ["RUS", "BLR", "KAZ", "CHN", "IND", "SCO"]


def _eif(store: Store) -> date:
    with store.connect() as conn:
        found = charter.entry_into_force(conn, get_rules(conn))
    assert found is not None
    return date.fromisoformat(found)


def test_no_charter_format_before_anything_is_signed(store: Store) -> None:
    with store.connect() as conn:
        assert charter_format(conn) is None
    assert "CHARTER" not in {f.id for f in with_charter(store).formats()}


def test_charter_members_and_channels_from_the_record(store: Store) -> None:
    play(store, PARTIES)
    eif = _eif(store)
    reg = with_charter(store)
    assert "CHARTER" in {f.id for f in reg.formats()}
    after = {m.actor: m.role for m in reg.members("CHARTER", date.today())}
    assert set(after) == set(PARTIES) and set(after.values()) == {"member"}
    before = {m.actor for m in reg.members("CHARTER", date.fromordinal(eif.toordinal() - 1))}
    assert before < set(PARTIES)  # signatories and not yet every party
    assert "CHARTER" in {c.format for c in reg.channels("KAZ", "IND", date.today())}
    assert reg.format("CHARTER").founded is not None


def test_cli_and_api_know_the_charter(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'charter.db'}"
    play(open_store(url), PARTIES)
    args = ["registry", "members", "CHARTER", "--db", url, "--json"]
    out = CliRunner().invoke(build_app(), args)  # type: ignore[arg-type]
    assert out.exit_code == 0, out.output
    assert "KAZ" in out.output
    with TestClient(create_app(get_settings(database_url=url))) as client:
        ids = {f["id"] for f in client.get("/api/v1/formats").json()["data"]}
        assert "CHARTER" in ids
        body = client.get("/api/v1/formats/CHARTER/members").json()
        assert {m["actor"] for m in body["data"]} == set(PARTIES)
        pair = client.get("/api/v1/channels", params={"a": "KAZ", "b": "IND"}).json()
        assert "CHARTER" in {c["format"] for c in pair["data"]}
