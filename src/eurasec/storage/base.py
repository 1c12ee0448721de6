"""The one :class:`~sqlalchemy.MetaData` every table of eurasec is defined on."""

from __future__ import annotations

from sqlalchemy import MetaData

__all__ = ["metadata"]

#: Shared metadata with a naming convention, so constraint names are stable across backends.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
