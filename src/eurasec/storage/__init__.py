"""Storage: one SQLAlchemy engine factory, one metadata, Alembic migrations.

SQLAlchemy already abstracts SQLite and PostgreSQL, so the "small interface" of the storage
layer is :class:`Store` (an engine plus helpers) rather than a hand-written protocol per backend.
Each area defines its tables on :data:`metadata` in its own module and ships its own Alembic
migration branch (see ``migrations/versions``); :func:`open_store` upgrades every branch.

Usage docs: ``docs/concepts/storage.md``.
"""

from eurasec.storage.base import metadata
from eurasec.storage.engine import Store, make_engine, open_store

__all__ = ["Store", "make_engine", "metadata", "open_store"]
