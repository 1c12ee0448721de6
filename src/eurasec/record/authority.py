"""The record's own statement types: the genesis entry and key registration, rotation, revocation.

Who may sign what (checked by :class:`Authority`):

==================  ================================================  =======================
type                payload                                           signed by
==================  ================================================  =======================
``log.genesis``     ``{origin, founders: {actor: key}, registrars}``  nobody: entry 0 only
``key.register``    ``{actor, public_key}``                           ``actor`` itself, with a
                                                                      current key; or a
                                                                      registrar, only when
                                                                      ``actor`` has no current
                                                                      key (a new party)
``key.rotate``      ``{public_key}``                                  the actor, with the key
                                                                      it retires
``key.revoke``      ``{key_id}``                                      the key's owner, with any
                                                                      of its current keys
==================  ================================================  =======================

Registrars are named in the genesis entry (default: ``SECRETARIAT`` when it is a founder,
otherwise every founder). A registrar can admit a new party but can never add a key to, or
take a key from, a party that holds a current key: nobody, the secretariat and the operator
included, can come to sign as an existing party. A party that revoked all its keys is new
again (the registrar may register its next key). Keys are never reused: a key id registered
once, to anyone, cannot be registered again. A statement must be signed by a current (not
rotated, not revoked) key registered to its actor.

Usage docs: ``docs/concepts/record.md``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, select, update

from eurasec.errors import AuthorityError, RecordError
from eurasec.record.keys import (
    is_strong_public_key,
    key_id,
    public_key_b64,
    public_key_from_b64,
    raw_public_key,
)
from eurasec.record.schema import record_key
from eurasec.record.statement import ACTOR_PATTERN, SignedStatement, Statement
from eurasec.storage.meta import get_meta, set_meta, store_meta

__all__ = ["GENESIS_ACTOR", "OWN_TYPES", "Authority", "KeyRecord"]

#: The actor named on the unsigned genesis entry.
GENESIS_ACTOR = "LOG"
#: Statement types the record itself owns.
OWN_TYPES = frozenset({"log.genesis", "key.register", "key.rotate", "key.revoke"})
_META_ORIGIN = "record.origin"
_META_REGISTRARS = "record.registrars"


@dataclass
class KeyRecord:
    """One registered key: whose it is, since which entry, and whether it still signs."""

    key_id: str
    actor: str
    public_key: Ed25519PublicKey
    registered_at: int
    ended_at: int | None = None
    end_reason: str | None = None
    raw: bytes = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Keep the raw 32 bytes (what signature checks use)."""
        self.raw = raw_public_key(self.public_key)


def _fields(st: Statement, names: set[str]) -> Mapping[str, Any]:
    if set(st.payload) != names:
        raise RecordError(
            f"{st.type} payload must have exactly {sorted(names)}", code="record_malformed"
        )
    return st.payload


def _pubkey(value: Any) -> Ed25519PublicKey:
    if not isinstance(value, str):
        raise RecordError("public_key must be a base64 string", code="record_malformed")
    try:
        key = public_key_from_b64(value)
    except Exception as exc:
        raise RecordError(f"bad public_key: {exc}", code="record_malformed") from None
    if not is_strong_public_key(raw_public_key(key)):
        raise RecordError(
            f"public key {value} is weak (not a canonical point of prime order): "
            "generate a fresh Ed25519 key",
            code="record_weak_key",
        )
    return key


class Authority:
    """Keys and registrars as the log has built them, with the rules for the record's own acts.

    With ``persist=True`` it reads and writes the ``record_key`` table (and ``store_meta``)
    through the connection it is given; with ``persist=False`` it keeps everything in memory,
    which is how :func:`eurasec.record.verify.verify_store` replays a log it does not trust.
    """

    types = OWN_TYPES

    def __init__(self, *, persist: bool = True) -> None:
        """An empty authority (call :meth:`begin` at the start of each transaction)."""
        self.persist = persist
        self._keys: dict[str, KeyRecord | None] = {}
        self._registrars: frozenset[str] | None = None
        self.origin: str | None = None

    def begin(self) -> None:
        """Forget cached rows (another process may have written since)."""
        if self.persist:
            self._keys.clear()
            self._registrars = None

    def key(self, conn: Connection | None, kid: str) -> KeyRecord | None:
        """The key registered under ``kid``, or ``None``."""
        if kid in self._keys or not self.persist or conn is None:
            return self._keys.get(kid)
        row = conn.execute(select(record_key).where(record_key.c.key_id == kid)).first()
        rec = None
        if row is not None:
            rec = KeyRecord(
                row.key_id,
                row.actor,
                public_key_from_b64(row.public_key),
                row.registered_at,
                row.ended_at,
                row.end_reason,
            )
        self._keys[kid] = rec
        return rec

    def registrars(self, conn: Connection | None) -> frozenset[str]:
        """Actors that may register keys for others."""
        if self._registrars is None:
            raw = get_meta(conn, _META_REGISTRARS) if self.persist and conn is not None else None
            self._registrars = frozenset(json.loads(raw)) if raw else frozenset()
        return self._registrars

    def signing_key(
        self, conn: Connection | None, signed: SignedStatement, index: int
    ) -> bytes | None:
        """Raw bytes of the key that must verify ``signed`` as entry ``index``.

        ``None`` for the genesis entry, which is unsigned.
        """
        st = signed.statement
        if (index == 0) != (st.type == "log.genesis"):
            raise RecordError(
                "the genesis statement is entry 0 and only entry 0", code="record_malformed"
            )
        if index == 0:
            if signed.key_id or signed.signature or st.actor != GENESIS_ACTOR or st.seq != 0:
                raise RecordError(
                    f"genesis must be unsigned, by {GENESIS_ACTOR}, seq 0", code="record_malformed"
                )
            return None
        if not signed.key_id or not signed.signature:
            raise RecordError("statement is unsigned", code="record_unknown_key")
        rec = self.key(conn, signed.key_id)
        if rec is None:
            raise RecordError(f"key {signed.key_id} is not registered", code="record_unknown_key")
        if rec.actor != st.actor:
            raise RecordError(
                f"key {signed.key_id} belongs to {rec.actor}, not {st.actor}",
                code="record_unknown_key",
            )
        if rec.ended_at is not None:
            raise RecordError(
                f"key {signed.key_id} of {rec.actor} was {rec.end_reason} at entry {rec.ended_at}",
                code="record_key_revoked",
            )
        return rec.raw

    def check(self, conn: Connection | None, signed: SignedStatement, index: int) -> None:
        """Apply the rules above to one of the record's own statements."""
        st = signed.statement
        if st.type == "log.genesis":
            origin = self._genesis_payload(st)[0]
            if st.origin not in (None, origin):
                raise RecordError(
                    f"genesis names the origin {st.origin!r} but founds {origin!r}",
                    code="record_malformed",
                )
            return
        registrar = st.actor in self.registrars(conn)
        if st.type == "key.register":
            p = _fields(st, {"actor", "public_key"})
            target = p["actor"]
            if not isinstance(target, str) or not ACTOR_PATTERN.match(target):
                raise RecordError(f"bad actor {target!r}", code="record_malformed")
            if target != st.actor:
                if not registrar:
                    raise AuthorityError(f"{st.actor} may not register keys for {target}")
                if self._has_current_key(conn, target):
                    raise AuthorityError(
                        f"{target} holds a current key: only {target} may add keys to itself"
                    )
            self._fresh(conn, _pubkey(p["public_key"]))
        elif st.type == "key.rotate":
            self._fresh(conn, _pubkey(_fields(st, {"public_key"})["public_key"]))
        elif st.type == "key.revoke":
            kid = _fields(st, {"key_id"})["key_id"]
            rec = self.key(conn, kid) if isinstance(kid, str) else None
            if rec is None:
                raise RecordError(f"key {kid!r} is not registered", code="record_unknown_key")
            if rec.actor != st.actor:
                raise AuthorityError(f"{st.actor} may not revoke a key of {rec.actor}")
            if rec.ended_at is not None:
                raise RecordError(f"key {kid} already {rec.end_reason}", code="record_key_revoked")

    def _has_current_key(self, conn: Connection | None, actor: str) -> bool:
        if self.persist and conn is not None:
            rows = conn.execute(
                select(record_key.c.key_id).where(
                    record_key.c.actor == actor, record_key.c.ended_at.is_(None)
                )
            ).all()
            live = {r.key_id for r in rows}
            # keys ended earlier in this transaction are only in the cache so far
            return any((rec := self.key(conn, k)) and rec.ended_at is None for k in live)
        return any(
            rec is not None and rec.actor == actor and rec.ended_at is None
            for rec in self._keys.values()
        )

    def _fresh(self, conn: Connection | None, pub: Ed25519PublicKey) -> None:
        if self.key(conn, key_id(pub)) is not None:
            raise RecordError(f"key {key_id(pub)} is already registered", code="record_malformed")

    @staticmethod
    def _genesis_payload(st: Statement) -> tuple[str, dict[str, Ed25519PublicKey], list[str]]:
        p = _fields(st, {"origin", "founders", "registrars"})
        origin, founders, registrars = p["origin"], p["founders"], p["registrars"]
        if not isinstance(origin, str) or not origin or "\n" in origin or len(origin) > 200:
            raise RecordError(
                "origin must be one line of 1-200 characters", code="record_malformed"
            )
        if not isinstance(founders, Mapping) or not founders:
            raise RecordError("genesis needs at least one founder", code="record_malformed")
        keys = {}
        for actor, pub in founders.items():
            if not ACTOR_PATTERN.match(actor):
                raise RecordError(f"bad founder {actor!r}", code="record_malformed")
            keys[actor] = _pubkey(pub)
        if not isinstance(registrars, list) or not set(registrars) <= set(keys):
            raise RecordError("registrars must be a list of founders", code="record_malformed")
        return origin, keys, registrars

    def apply(self, conn: Connection | None, signed: SignedStatement, index: int) -> None:
        """Record the effect of one of the record's own statements."""
        st = signed.statement
        if st.type == "log.genesis":
            origin, founders, registrars = self._genesis_payload(st)
            self.origin = origin
            self._registrars = frozenset(registrars)
            if self.persist and conn is not None:
                set_meta(conn, _META_ORIGIN, origin)
                set_meta(conn, _META_REGISTRARS, json.dumps(sorted(registrars)))
            for actor, pub in founders.items():
                self._add(conn, actor, pub, index)
        elif st.type == "key.register":
            self._add(conn, st.payload["actor"], _pubkey(st.payload["public_key"]), index)
        elif st.type == "key.rotate":
            self._end(conn, signed.key_id, index, "rotated")
            self._add(conn, st.actor, _pubkey(st.payload["public_key"]), index)
        elif st.type == "key.revoke":
            self._end(conn, st.payload["key_id"], index, "revoked")

    def _add(self, conn: Connection | None, actor: str, pub: Ed25519PublicKey, index: int) -> None:
        rec = KeyRecord(key_id(pub), actor, pub, index)
        self._keys[rec.key_id] = rec
        if self.persist and conn is not None:
            conn.execute(
                record_key.insert().values(
                    key_id=rec.key_id,
                    actor=actor,
                    public_key=public_key_b64(pub),
                    registered_at=index,
                )
            )

    def _end(self, conn: Connection | None, kid: str, index: int, reason: str) -> None:
        rec = self.key(conn, kid)
        if rec is None:  # pragma: no cover - check() guarantees it exists
            raise RecordError(f"key {kid} is not registered", code="record_unknown_key")
        rec.ended_at, rec.end_reason = index, reason
        if self.persist and conn is not None:
            conn.execute(
                update(record_key)
                .where(record_key.c.key_id == kid)
                .values(ended_at=index, end_reason=reason)
            )

    def reset(self, conn: Connection | None) -> None:
        """Forget every key and the genesis facts."""
        self._keys.clear()
        self._registrars = None
        self.origin = None
        if self.persist and conn is not None:
            conn.execute(record_key.delete())
            conn.execute(
                store_meta.delete().where(store_meta.c.key.in_([_META_ORIGIN, _META_REGISTRARS]))
            )
