"""The verifiable record: signed statements in an RFC 9162 Merkle log, checkpoints, witnesses.

Usage docs: ``docs/concepts/record.md`` and ``docs/formats.md``.
"""

from __future__ import annotations

from eurasec.record.keys import generate_private_key, key_id, public_key_b64
from eurasec.record.log import Entry, Receipt, Record
from eurasec.record.projection import ActHandler
from eurasec.record.statement import SignedStatement, Statement, sign

__all__ = [
    "ActHandler",
    "Entry",
    "Receipt",
    "Record",
    "SignedStatement",
    "Statement",
    "generate_private_key",
    "key_id",
    "public_key_b64",
    "sign",
]
