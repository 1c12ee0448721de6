"""Projections: state rebuilt from the record by handlers that own statement types.

An :class:`ActHandler` owns some statement types. For each statement of those types the
record calls ``check`` (raise a :class:`~eurasec.errors.EurasecError` to reject it: nothing is
appended) and then, after appending the leaf in the same transaction, ``apply`` (update the
handler's own tables). ``reset`` empties those tables; :meth:`eurasec.record.log.Record.rebuild`
calls every ``reset`` and then ``apply`` for every entry in log order, so the state is a pure
function of the log.

Rules for handlers, so that every replay gives the same state:

- read only your own tables (and the statement, and ``index``); never the clock, randomness,
  the network or settings;
- ``apply`` must not fail for a statement ``check`` accepted;
- ``rebuild`` does not call ``check`` again: acts already accepted are not re-judged.

A handler may also define ``admit(conn, st, index)``: ``check`` and ``apply`` in one pass,
raising as ``check`` would. The record then calls it instead of the two (each rule runs
once per append), inside a savepoint it rolls back if ``admit`` raises.

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

import importlib
from typing import Protocol, runtime_checkable

from sqlalchemy import Connection

from eurasec.record.statement import Statement

__all__ = ["HANDLER_MODULES", "ActHandler", "default_handlers"]

#: Packages whose ``handlers()`` function supplies the handlers a served record runs.
HANDLER_MODULES = ("eurasec.institutions",)


@runtime_checkable
class ActHandler(Protocol):
    """Owns some statement types and the projection tables they update."""

    types: frozenset[str]

    def check(self, conn: Connection, st: Statement, index: int) -> None:
        """Raise an ``EurasecError`` to reject ``st``, which would become entry ``index``."""

    def apply(self, conn: Connection, st: Statement, index: int) -> None:
        """Update the projection tables for ``st``, now entry ``index``."""

    def reset(self, conn: Connection) -> None:
        """Empty the projection tables this handler owns."""


def default_handlers() -> list[ActHandler]:
    """Handlers from every installed package in :data:`HANDLER_MODULES` (each ``handlers()``).

    A package that owns statement types exposes ``handlers() -> Sequence[ActHandler]``; the
    web server and ``eurasec record submit --db`` build their record with these.
    """
    found: list[ActHandler] = []
    for name in HANDLER_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        factory = getattr(module, "handlers", None)
        if callable(factory):
            found.extend(factory())
    return found
