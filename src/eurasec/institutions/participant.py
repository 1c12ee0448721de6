"""Signing and submitting institutional acts: the record plus the institutions' handlers.

:func:`open_record` gives a :class:`~eurasec.record.log.Record` on a store with every
institutional handler registered; :class:`Participants` holds private keys and turns
``(actor, type, time, payload)`` into signed statements with the right sequence numbers.

Usage docs: ``docs/concepts/institutions.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from eurasec.errors import InputError
from eurasec.institutions import handlers
from eurasec.record import Receipt, Record, SignedStatement, Statement, sign
from eurasec.record.clock import Clock
from eurasec.storage import Store

__all__ = ["Participants", "open_record", "signed_act"]


def open_record(store: Store, clock: Clock | None = None) -> Record:
    """The record on ``store`` with every institutional handler registered.

    ``clock`` is the log's clock (default: the settings', see :mod:`eurasec.record.clock`).
    """
    return Record(store, handlers(), clock=clock)


def signed_act(
    record: Record,
    key: Ed25519PrivateKey,
    actor: str,
    type_: str,
    time: str,
    payload: Mapping[str, Any],
) -> SignedStatement:
    """A statement by ``actor`` for ``record``'s log, with its next sequence number, signed."""
    st = Statement(type_, actor, record.next_seq(actor), time, dict(payload), record.origin())
    return sign(st, key)


@dataclass
class Participants:
    """Private keys by actor, and the record they act on."""

    record: Record
    keys: dict[str, Ed25519PrivateKey] = field(default_factory=dict)

    def act(self, signer: str, type_: str, time: str, /, **payload: Any) -> Receipt:
        """Sign ``type_`` by ``signer`` dated ``time`` and submit it; the receipt or an error."""
        key = self.keys.get(signer)
        if key is None:
            raise InputError(f"no private key for {signer}")
        return self.record.submit(signed_act(self.record, key, signer, type_, time, payload))
