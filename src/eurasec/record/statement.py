"""Statements: what a party says, in one canonical byte encoding, signed with its key.

A :class:`Statement` is ``{type, actor, origin, seq, time, payload}``: ``origin`` names the
log it is meant for (version 2), so a statement signed for one log means nothing in another.
Its canonical bytes are the RFC 8785 JSON Canonicalization Scheme (JCS) encoding of that
object; the signature is Ed25519 over :data:`SIGNING_CONTEXT_V2` followed by those bytes (the
prefix keeps a statement signature from ever being valid for some other eurasec message, such
as a checkpoint). Version 1 statements (no ``origin``, :data:`SIGNING_CONTEXT`) are what logs
written before version 2 hold: they still decode and verify, and mirrors copy them, but a log
admits no new ones.

A :class:`SignedStatement` adds ``key_id`` and ``signature``; its JCS encoding (see
:meth:`SignedStatement.leaf_bytes`) is exactly the leaf that the log hashes and stores, so
anyone can re-check a leaf with any JCS implementation and any Ed25519 library.

Usage docs: ``docs/formats.md``.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import orjson
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from eurasec.errors import RecordError, SignatureInvalid
from eurasec.record.keys import key_id as _key_id
from eurasec.record.keys import verify_strict

__all__ = [
    "ACTOR_PATTERN",
    "MAX_LEAF_BYTES",
    "ORIGIN_PATTERN",
    "SIGNING_CONTEXT",
    "SIGNING_CONTEXT_V2",
    "TYPE_PATTERN",
    "SignedStatement",
    "Statement",
    "canonical_json",
    "decode_leaf",
    "now_rfc3339",
    "sign",
    "verify_signature",
]

#: Largest leaf (the canonical signed statement) the record accepts, in bytes.
MAX_LEAF_BYTES = 64 * 1024
#: Prefix of every version 1 statement message (domain separation; no origin).
SIGNING_CONTEXT = b"eurasec-statement/v1\n"
#: Prefix of every version 2 statement message (the statement names its log's origin).
SIGNING_CONTEXT_V2 = b"eurasec-statement/v2\n"
#: A log origin a statement can name: 1-200 printable ASCII characters without spaces, ``+``,
#: ``"`` or ``\`` (a C2SP checkpoint origin, such as ``eurasec.example/log``).
ORIGIN_PATTERN = re.compile(r"^[!#-*,-\[\]-~]{1,200}$")
#: Statement types are dotted lowercase names: ``charter.sign``, ``fund.pledge``.
TYPE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,31}(\.[a-z][a-z0-9_]{0,31}){1,3}$")
#: Actors are upper-case ids: ``RUS``, ``SCO``, ``SECRETARIAT``, ``W:KAZ``.
ACTOR_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_\-]{0,31}(:[A-Z0-9][A-Z0-9_\-]{0,31})?$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
_MAX_SAFE_INT = 2**53 - 1
_MAX_SEQ = 2**53 - 1
#: Deepest nesting ``canonical_json`` encodes with the standard library (deeper goes to the
#: reference implementation); ``decode_leaf``'s fast path takes no more ``{`` and ``[`` than this.
_MAX_SIMPLE_DEPTH = 64


#: ``json.dumps`` with these options builds a new encoder per call; one shared instance
#: (it keeps only its options, so threads can share it) saves that on every statement.
_SORTED_COMPACT = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
)


def _malformed(message: str) -> RecordError:
    return RecordError(message, code="record_malformed")


def _simple(obj: Any, depth: int = 0) -> bool:
    """Whether ``json.dumps(sort_keys=True)`` already gives the JCS bytes of ``obj``."""
    if depth > _MAX_SIMPLE_DEPTH:
        return False
    if obj is None or isinstance(obj, bool):
        return True
    if isinstance(obj, int):
        return -_MAX_SAFE_INT <= obj <= _MAX_SAFE_INT
    if isinstance(obj, str):
        return obj.isascii() or not any("\ud800" <= c <= "\udfff" for c in obj)
    if isinstance(obj, list | tuple):
        return all(_simple(v, depth + 1) for v in obj)
    if isinstance(obj, dict):
        # Python sorts keys by code point, JCS by UTF-16 unit: equal below U+D800.
        return all(
            isinstance(k, str) and (k.isascii() or max(k) < "\ud800") and _simple(v, depth + 1)
            for k, v in obj.items()
        )
    return False  # floats and anything else: let the reference implementation decide


def canonical_json(obj: Any) -> bytes:
    """RFC 8785 (JCS) bytes of ``obj``; a fast path for objects without floats."""
    if _simple(obj):
        return _SORTED_COMPACT.encode(obj).encode("utf-8")
    try:
        return bytes(rfc8785.dumps(obj))
    except (rfc8785.CanonicalizationError, TypeError, ValueError, RecursionError) as exc:
        raise _malformed(f"payload cannot be canonicalised: {exc}") from None


def now_rfc3339() -> str:
    """The current UTC time as RFC 3339 with a ``Z`` and whole seconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Statement:
    """One act by one party: ``type`` made by ``actor`` as its ``seq``-th statement at ``time``.

    ``seq`` counts each actor's statements from 0 with no gaps (replay protection); ``time``
    is RFC 3339 UTC (``2026-11-28T09:30:00Z``) and is the signer's claim, which the log admits
    only within its own clock's tolerance (:mod:`eurasec.record.clock`); ``origin`` is the
    log the statement is for (``None``: a version 1 statement, which names no log).
    """

    type: str
    actor: str
    seq: int
    time: str
    payload: Mapping[str, Any]
    origin: str | None = None

    def __post_init__(self) -> None:
        """Check the shape of every field (a :class:`RecordError` when malformed)."""
        if not isinstance(self.type, str) or not TYPE_PATTERN.fullmatch(self.type):
            raise _malformed(f"statement type {self.type!r} is not a dotted lowercase name")
        if not isinstance(self.actor, str) or not ACTOR_PATTERN.fullmatch(self.actor):
            raise _malformed(f"actor {self.actor!r} is not an upper-case id such as RUS or W:KAZ")
        if isinstance(self.seq, bool) or not isinstance(self.seq, int):
            raise _malformed("seq must be an integer")
        if not 0 <= self.seq <= _MAX_SEQ:
            raise _malformed(f"seq {self.seq} is out of range")
        if not isinstance(self.time, str) or not _TIME.fullmatch(self.time):
            raise _malformed(f"time {self.time!r} is not RFC 3339 UTC (YYYY-MM-DDTHH:MM:SSZ)")
        try:
            datetime.fromisoformat(self.time.replace("Z", "+00:00"))
        except ValueError:
            raise _malformed(f"time {self.time!r} is not a real date and time") from None
        if not isinstance(self.payload, Mapping):
            raise _malformed("payload must be a JSON object")
        if self.origin is not None and (
            not isinstance(self.origin, str) or not ORIGIN_PATTERN.fullmatch(self.origin)
        ):
            raise _malformed(
                f"origin {self.origin!r} is not a log origin (1-200 printable ASCII characters "
                "without spaces, '+', quotes or backslashes)"
            )

    @property
    def version(self) -> int:
        """2 when the statement names its log's origin, 1 for the older form that does not."""
        return 1 if self.origin is None else 2

    def to_json(self) -> dict[str, Any]:
        """The statement as a JSON object (``origin`` only in version 2)."""
        data: dict[str, Any] = {
            "type": self.type,
            "actor": self.actor,
            "seq": self.seq,
            "time": self.time,
            "payload": dict(self.payload),
        }
        if self.origin is not None:
            data["origin"] = self.origin
        return data

    @classmethod
    def from_json(cls, data: Any) -> Statement:
        """A statement from its JSON object (the five fields, and ``origin`` in version 2)."""
        if not isinstance(data, Mapping):
            raise _malformed("statement must be a JSON object")
        fields = {"type", "actor", "seq", "time", "payload"}
        if set(data) not in (fields, fields | {"origin"}):
            raise _malformed(
                f"statement fields must be exactly {sorted(fields | {'origin'})} "
                "(or, in version 1, without origin)"
            )
        return cls(
            data["type"], data["actor"], data["seq"], data["time"], data["payload"],
            data.get("origin"),
        )  # fmt: skip

    @cached_property
    def _canonical(self) -> bytes:
        # JCS of {actor, origin, payload, seq, time, type}: keys already in order, and actor,
        # origin, time and type are pattern-checked ASCII without characters JSON escapes; only
        # the payload needs the general encoder. A test checks this equals rfc8785 on the whole.
        payload = canonical_json(self.payload if type(self.payload) is dict else dict(self.payload))
        if self.origin is None:
            return b'{"actor":"%s","payload":%s,"seq":%d,"time":"%s","type":"%s"}' % (
                self.actor.encode(), payload, self.seq, self.time.encode(), self.type.encode()
            )  # fmt: skip
        return b'{"actor":"%s","origin":"%s","payload":%s,"seq":%d,"time":"%s","type":"%s"}' % (
            self.actor.encode(),
            self.origin.encode(),
            payload,
            self.seq,
            self.time.encode(),
            self.type.encode(),
        )

    def canonical_bytes(self) -> bytes:
        """RFC 8785 (JCS) encoding of :meth:`to_json`."""
        return self._canonical

    def signing_message(self) -> bytes:
        """The exact bytes the Ed25519 signature covers (the prefix names the version)."""
        return (SIGNING_CONTEXT if self.origin is None else SIGNING_CONTEXT_V2) + self._canonical


@dataclass(frozen=True)
class SignedStatement:
    """A statement with the id of the key that signed it and the signature.

    Only the log's genesis entry is unsigned (empty ``key_id`` and ``signature``): its
    authority is being entry 0 of a log whose checkpoints the witnesses co-sign.
    """

    statement: Statement
    key_id: str
    signature: bytes

    def to_json(self) -> dict[str, Any]:
        """``{statement, key_id, signature}`` with the signature in standard base64."""
        return {
            "statement": self.statement.to_json(),
            "key_id": self.key_id,
            "signature": base64.b64encode(self.signature).decode("ascii"),
        }

    @classmethod
    def from_json(cls, data: Any) -> SignedStatement:
        """A signed statement from its JSON object (exactly the three fields)."""
        if not isinstance(data, Mapping) or set(data) != {"statement", "key_id", "signature"}:
            raise _malformed("signed statement must be {statement, key_id, signature}")
        kid, sig = data["key_id"], data["signature"]
        if not isinstance(kid, str) or not re.fullmatch(r"([0-9a-f]{32})?", kid):
            raise _malformed("key_id must be 32 lowercase hex characters")
        if not isinstance(sig, str):
            raise _malformed("signature must be a base64 string")
        try:
            raw = base64.b64decode(sig, validate=True)
        except (binascii.Error, ValueError):
            raise _malformed("signature is not valid base64") from None
        if len(raw) not in (0, 64) or base64.b64encode(raw).decode("ascii") != sig:
            raise _malformed("signature must be 64 bytes in canonical base64")
        return cls(Statement.from_json(data["statement"]), kid, raw)

    @cached_property
    def _leaf(self) -> bytes:
        # JCS of {key_id, signature, statement}: hex and base64 need no escaping.
        return b'{"key_id":"%s","signature":"%s","statement":%s}' % (
            self.key_id.encode(),
            base64.b64encode(self.signature),
            self.statement.canonical_bytes(),
        )

    def leaf_bytes(self) -> bytes:
        """The JCS bytes of :meth:`to_json`: exactly what the log leaf-hashes and stores."""
        return self._leaf


def sign(statement: Statement, private_key: Ed25519PrivateKey) -> SignedStatement:
    """Sign ``statement`` with ``private_key``."""
    signature = private_key.sign(statement.signing_message())
    return SignedStatement(statement, _key_id(private_key), signature)


def verify_signature(signed: SignedStatement, public_key: Ed25519PublicKey | bytes) -> None:
    """Raise :class:`SignatureInvalid` unless ``signed`` verifies under ``public_key``.

    ``public_key`` is a key object or its raw 32 bytes; the rule is
    :func:`eurasec.record.keys.verify_strict` (libsodium's).
    """
    raw = public_key if isinstance(public_key, bytes) else public_key.public_bytes_raw()
    if not verify_strict(raw, signed.signature, signed.statement.signing_message()):
        st = signed.statement
        raise SignatureInvalid(
            f"signature of {st.actor} seq {st.seq} ({st.type}) does not verify "
            f"under key {signed.key_id}"
        ) from None


def decode_leaf(raw: bytes) -> SignedStatement:
    """Parse leaf bytes, insisting they are the canonical encoding and within the size limit.

    Leaves in the usual shape take :func:`_decode_usual`, one grammar match over the envelope
    and a parse of the payload alone (``benchmarks/record_bench.py`` times it); anything
    that path is not sure of goes through :func:`_decode_general`, which parses the whole leaf,
    checks every field and compares the leaf with its re-encoding. Both accept exactly the
    same leaves (a property test checks the fast path against the general one).
    """
    if len(raw) > MAX_LEAF_BYTES:
        raise RecordError(
            f"statement is {len(raw)} bytes; the limit is {MAX_LEAF_BYTES}", code="record_oversize"
        )
    signed = _decode_usual(raw)
    return signed if signed is not None else _decode_general(raw)


def _decode_general(raw: bytes) -> SignedStatement:
    """The reference decoder: parse, check each field, re-encode and compare."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _malformed(f"statement is not UTF-8 JSON: {exc}") from None
    signed = SignedStatement.from_json(data)
    if signed.leaf_bytes() != raw:
        raise RecordError(
            "statement is not in RFC 8785 canonical form (sorted keys, no spaces, "
            "shortest escapes); sign and send the canonical bytes",
            code="record_noncanonical",
        )
    return signed


#: The canonical leaf of a signed statement, field by field (see ``SignedStatement._leaf``
#: and ``Statement._canonical``); the payload is whatever lies between its fixed neighbours.
#: A 64-byte signature is 88 base64 characters ending in ``==``, and canonical only when the
#: last data character has its four low bits clear (A, Q, g or w).
_USUAL_LEAF = re.compile(
    rb'\{"key_id":"([0-9a-f]{32})","signature":"([A-Za-z0-9+/]{85}[AQgw]==)",'
    rb'"statement":(\{"actor":"([A-Z0-9][A-Z0-9_\-]{0,31}(?::[A-Z0-9][A-Z0-9_\-]{0,31})?)",'
    rb'(?:"origin":"([!#-*,-\[\]-~]{1,200})",)?'
    rb'"payload":(\{.*\}),"seq":(0|[1-9][0-9]{0,15}),'
    rb'"time":"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?Z)",'
    rb'"type":"([a-z][a-z0-9_]{0,31}(?:\.[a-z][a-z0-9_]{0,31}){1,3})"\})\}',
    re.DOTALL,
)
#: Bytes that begin a character outside the Basic Multilingual Plane in UTF-8. Keys holding
#: one may sort differently by UTF-16 code unit (JCS) than by code point (Python, orjson), so
#: payloads with any such character go the general way.
_ASTRAL = re.compile(rb"[\xf0-\xff]")
#: orjson's options for the payload's canonical bytes: sorted keys, and an error for integers
#: outside JSON's safe range (JCS leaves those to the general path, which refuses them).
_ORJSON_CANONICAL = orjson.OPT_SORT_KEYS | orjson.OPT_STRICT_INTEGER


class _Unusual(Exception):
    """Raised while parsing a payload that holds a float or a NaN/Infinity constant."""


def _unusual(_text: str) -> Any:
    raise _Unusual


#: A JSON decoder that gives up (``_Unusual``) on floats and constants: their canonical form
#: is the general path's business (JCS writes numbers as ECMAScript does, orjson does not).
_USUAL_DECODER = json.JSONDecoder(parse_float=_unusual, parse_constant=_unusual)


def _decode_usual(raw: bytes) -> SignedStatement | None:
    """The signed statement ``raw`` encodes, when it is canonical and of the usual shape.

    ``None`` means "not sure": an unsigned entry, a payload with floats, integers beyond
    JSON's safe range, characters outside the Basic Multilingual Plane or deep nesting, or
    anything non-canonical; the general decoder then decides (and names the error). A
    statement returned here is exactly what the general decoder returns for ``raw``: every
    field matched the grammar the general path checks, the payload re-encodes to itself, and
    the envelope is the canonical one by construction, so ``raw`` is its own canonical form.

    The payload is re-encoded with orjson, which is faster than :mod:`json`'s encoder; within
    the shapes this path takes, orjson writes exactly the JCS bytes (same escapes,
    UTF-8 unescaped, integers in decimal), which a property test checks against ``rfc8785``.
    """
    m = _USUAL_LEAF.fullmatch(raw)
    if m is None:
        return None
    payload_bytes = m.group(6)
    if (not payload_bytes.isascii() and _ASTRAL.search(payload_bytes) is not None) or (
        payload_bytes.count(b"{") + payload_bytes.count(b"[") > _MAX_SIMPLE_DEPTH
    ):
        return None
    try:
        payload, _end = _USUAL_DECODER.raw_decode(payload_bytes.decode("utf-8"))
        if type(payload) is not dict or (
            orjson.dumps(payload, option=_ORJSON_CANONICAL) != payload_bytes
        ):
            return None  # (trailing bytes make the re-encoding differ, so _end needs no check)
    except (_Unusual, UnicodeDecodeError, ValueError, RecursionError, orjson.JSONEncodeError):
        return None
    seq, time = int(m.group(7)), m.group(8).decode("ascii")
    if seq > _MAX_SEQ:
        return None
    try:
        datetime.fromisoformat(time.replace("Z", "+00:00"))
    except ValueError:
        return None
    statement = Statement.__new__(Statement)
    # Fields set as the dataclass would, plus the cached canonical bytes: a slice of ``raw``.
    origin = m.group(5)
    statement.__dict__.update(
        type=m.group(9).decode("ascii"),
        actor=m.group(4).decode("ascii"),
        seq=seq,
        time=time,
        payload=payload,
        origin=None if origin is None else origin.decode("ascii"),
        _canonical=m.group(3),
    )
    signed = SignedStatement.__new__(SignedStatement)
    signed.__dict__.update(
        statement=statement,
        key_id=m.group(1).decode("ascii"),
        signature=binascii.a2b_base64(m.group(2)),
        _leaf=raw,
    )
    return signed
