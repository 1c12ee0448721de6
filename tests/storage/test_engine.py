from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from eurasec.errors import ConfigurationError
from eurasec.settings import normalise_database_url
from eurasec.storage import Store, open_store
from eurasec.storage.meta import get_meta, set_meta


def test_meta_round_trip_and_rollback(store: Store) -> None:
    with store.begin() as conn:
        set_meta(conn, "origin", "eurasec.test")
    with pytest.raises(RuntimeError), store.begin() as conn:
        set_meta(conn, "origin", "changed")
        raise RuntimeError("abort")
    with store.connect() as conn:
        assert get_meta(conn, "origin") == "eurasec.test"


def test_migrate_is_idempotent(store: Store) -> None:
    store.migrate()
    store.migrate()
    with store.connect() as conn:
        assert get_meta(conn, "missing") is None


def test_sqlite_uses_wal(sqlite_store: Store) -> None:
    with sqlite_store.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("eurasec.db", "sqlite:///eurasec.db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_url_normalisation(given: str, expected: str) -> None:
    assert normalise_database_url(given) == expected


def test_bad_url_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError):
        open_store("nosuchdriver://x/y")
