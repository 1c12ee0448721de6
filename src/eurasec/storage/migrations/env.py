"""Alembic environment: runs on the connection that :meth:`Store.migrate` hands in."""

from __future__ import annotations

from alembic import context

from eurasec.storage.base import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
