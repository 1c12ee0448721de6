"""Schema status and upgrades: once under the migration lock, refusals in one line."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from eurasec.errors import ConfigurationError
from eurasec.storage import Store, open_store
from eurasec.storage.schema_version import (
    expected_heads,
    require_current,
    schema_status,
    upgrade,
)


def test_status_moves_from_empty_to_current(db_url: str) -> None:
    empty = open_store(db_url, migrate=False)
    try:
        status = schema_status(empty)
        assert status.state == "empty" and status.current == ()
        with pytest.raises(ConfigurationError) as err:
            require_current(empty)
        assert err.value.code == "schema_outdated" and "eurasec db upgrade" in err.value.message
        before, after = upgrade(empty)
        assert (before.state, after.state) == ("empty", "current")
        assert set(after.current) == expected_heads()
        assert upgrade(empty)[0].state == "current"  # idempotent
    finally:
        empty.dispose()


def test_outdated_and_newer_schemas_are_named(store: Store) -> None:
    from alembic import command

    from eurasec.storage.schema_version import _config

    head = next(h for h in expected_heads() if h.startswith("institutions_"))
    cfg = _config()
    with store.begin() as conn:  # back to the version before the newest institutions one
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, f"{head}-1")
    status = schema_status(store)
    assert status.state == "outdated"
    assert head in status.message("db")
    assert upgrade(store)[1].state == "current"  # the missing migration runs
    with store.begin() as conn:
        conn.execute(
            text("UPDATE alembic_version SET version_num = 'institutions_9999' WHERE "
                 "version_num = :h"), {"h": head},
        )  # fmt: skip
    with pytest.raises(ConfigurationError) as err:
        upgrade(store)
    assert err.value.code == "schema_newer" and "institutions_9999" in err.value.message


def test_upgrades_started_together_migrate_once(db_url: str) -> None:
    empty = open_store(db_url, migrate=False)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            outcomes.append(upgrade(empty)[0].state)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert not errors, errors
        assert sorted(outcomes) == ["current", "current", "current", "empty"]
        assert schema_status(empty).state == "current"
    finally:
        empty.dispose()
