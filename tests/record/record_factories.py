"""Builders for record tests: a log with a secretariat and a few parties."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from eurasec.record import Record, Statement, generate_private_key, public_key_b64, sign
from eurasec.record.statement import SignedStatement

T0 = "2026-11-28T09:00:00Z"


ORIGIN = "eurasec.test/log"


@dataclass
class Parties:
    """Private keys by actor, and the sequence numbers used so far, on the log ``origin``."""

    keys: dict[str, Ed25519PrivateKey] = field(default_factory=dict)
    seqs: dict[str, int] = field(default_factory=dict)
    origin: str = ORIGIN

    def act(self, actor: str, type_: str, payload: Mapping[str, Any]) -> SignedStatement:
        """The next statement by ``actor``, signed with its key."""
        seq = self.seqs.get(actor, 0)
        self.seqs[actor] = seq + 1
        st = Statement(type_, actor, seq, T0, dict(payload), self.origin)
        return sign(st, self.keys[actor])


def founded(record: Record, actors: Iterable[str] = ("RUS", "KAZ")) -> Parties:
    """Genesis with a secretariat, then register each of ``actors``."""
    parties = Parties({"SECRETARIAT": generate_private_key()})
    record.genesis(ORIGIN, {"SECRETARIAT": parties.keys["SECRETARIAT"].public_key()})
    for actor in actors:
        parties.keys[actor] = generate_private_key()
        record.submit(
            parties.act(
                "SECRETARIAT",
                "key.register",
                {"actor": actor, "public_key": public_key_b64(parties.keys[actor])},
            )
        )
    return parties
