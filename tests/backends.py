"""The databases tests run on: SQLite always, PostgreSQL when ``EURASEC_TEST_POSTGRES_URL`` is
set (``.ci/run`` sets it), each PostgreSQL test in a schema of its own."""

from __future__ import annotations

import os
import uuid

from eurasec.storage import open_store

POSTGRES_URL = os.environ.get("EURASEC_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def create_schema(prefix: str = "t") -> str:
    """A new, empty PostgreSQL schema; its name."""
    assert POSTGRES_URL
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = open_store(POSTGRES_URL, migrate=False)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    admin.dispose()
    return schema


def drop_schema(schema: str) -> None:
    """Drop ``schema`` and everything in it."""
    assert POSTGRES_URL
    admin = open_store(POSTGRES_URL, migrate=False)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.dispose()


def schema_url(schema: str) -> str:
    """The PostgreSQL URL whose connections use ``schema`` (for apps and child processes)."""
    assert POSTGRES_URL
    sep = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
