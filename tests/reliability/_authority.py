"""Build the authority matrix: every act type tried by every role at the moment it first occurs.

The sandbox world's log holds a real, accepted instance of (nearly) every act type. Replaying
that log entry by entry into a fresh store, just before the first entry of each type the
store is copied, and on each copy one role submits the act:

``self``         the original actor with its own key (the act the sandbox made)
``other``        another actor of the same kind (a party for a party, a Working Group member
                 for a member, a party for the secretariat), acting as itself, same payload
``outsider``     a state whose key is registered but which never joined anything
``secretariat``  the secretariat acting as itself
``forged``       the original actor named, but signed with another party's key
``anonymous``    the original actor named, signed with a key nobody registered
``unsigned``     the original actor named, no signature at all
``replay``       the original actor's previous statement, sent again byte for byte

Each attempt's outcome is ``ok``, ``denied`` (AuthorityError), ``key`` (the record refused the
key or signature), ``seq`` (sequence number reused), or ``rule:<code>`` (refused by an
institutional rule: the role had the right, the state did not allow it).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from _http import sandbox_private_keys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from eurasec.errors import AuthorityError, EurasecError, RecordError
from eurasec.institutions import handlers
from eurasec.institutions.participant import open_record
from eurasec.institutions.sandbox import ORIGIN as SANDBOX_ORIGIN
from eurasec.record import SignedStatement, Statement, sign
from eurasec.record.clock import ManualClock
from eurasec.record.keys import public_key_b64
from eurasec.record.log import Record
from eurasec.record.statement import decode_leaf
from eurasec.storage import Store, make_engine, open_store

ROLES = ("self", "other", "outsider", "secretariat", "forged", "anonymous", "unsigned", "replay")
SECRETARIAT = "SECRETARIAT"
OUTSIDER = "ISL"
#: The sandbox's own parties (the world adds latecomers later; they play no part here).
PARTIES = ("CHN", "IND", "KAZ", "RUS", "UZB")
_OUTSIDER_KEY = Ed25519PrivateKey.from_private_bytes(b"\x07" * 32)
_STRANGER_KEY = Ed25519PrivateKey.from_private_bytes(b"\x09" * 32)


def _copy(src: Path, dst: Path) -> None:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    b.close()
    a.close()


def _outcome(record: Record, signed: SignedStatement) -> str:
    try:
        record.submit(signed)
    except AuthorityError:
        return "denied"
    except RecordError as exc:
        if exc.code == "record_bad_sequence":
            return "seq"
        if exc.code in {"record_unknown_key", "record_key_revoked", "signature_invalid"}:
            return "key"
        return f"rule:{exc.code}"
    except EurasecError as exc:
        return f"rule:{exc.code}"
    return "ok"


def _role_actor(role: str, actor: str, keys: dict[str, Ed25519PrivateKey]) -> str:
    return _other(actor, list(PARTIES)) if role == "other" else SECRETARIAT


def _other(actor: str, parties: list[str]) -> str:
    if actor.startswith("W:"):
        return next(f"W:{p}" for p in parties if f"W:{p}" != actor)
    return next(p for p in parties if p != actor)


def _fast_store(path: Path) -> Store:
    """A store on a scratch copy: no fsync (durability is what test_crash.py is about)."""
    url = f"sqlite:///{path}"
    return Store(engine=make_engine(url, sqlite_synchronous="OFF"), url=url)


def _attempt(path: Path, role: str, st: Statement, prev: bytes | None, keys: dict) -> str:
    store = _fast_store(path)
    try:
        record = open_record(store, ManualClock(st.time))  # the log's clock when the act came
        parties = list(PARTIES)
        if role == "outsider":
            reg = Statement(
                "key.register",
                SECRETARIAT,
                record.next_seq(SECRETARIAT),
                st.time,
                {"actor": OUTSIDER, "public_key": public_key_b64(_OUTSIDER_KEY.public_key())},
                SANDBOX_ORIGIN,
            )
            record.submit(sign(reg, keys[SECRETARIAT]))
        if role == "replay":
            if prev is None:
                return "n/a"
            return _outcome(record, decode_leaf(prev))
        actor = {
            "other": _other(st.actor, parties),
            "outsider": OUTSIDER,
            "secretariat": SECRETARIAT,
        }.get(role, st.actor)
        if role != "self" and actor == st.actor and role in {"other", "secretariat"}:
            return "n/a"  # the role is the original actor itself
        mine = Statement(
            st.type, actor, record.next_seq(actor), st.time, dict(st.payload), SANDBOX_ORIGIN
        )
        if role == "unsigned":
            return _outcome(record, SignedStatement(mine, "", b""))
        key = {
            "outsider": _OUTSIDER_KEY,
            "forged": keys[_other(st.actor, parties)]
            if st.actor != parties[0]
            else keys[parties[1]],
            "anonymous": _STRANGER_KEY,
        }.get(role, keys.get(actor))
        return _outcome(record, sign(mine, key))
    finally:
        store.dispose()


def authority_matrix(world_path: Path, work: Path) -> dict[str, dict[str, str]]:
    """``{act type: {role: outcome}}`` for the first occurrence of every act type."""
    world = open_store(f"sqlite:///{world_path}", migrate=False)
    keys = sandbox_private_keys(world)
    source = open_record(world)
    entries = source.entries(0, source.size())
    world.dispose()
    base = work / "replay.db"
    open_store(f"sqlite:///{base}").dispose()  # migrate once
    store = _fast_store(base)
    record = Record(store, handlers(), replica=True)  # replays the world's log as it stands
    matrix: dict[str, dict[str, str]] = {}
    last_leaf: dict[str, bytes] = {}
    for entry in entries:
        st = decode_leaf(entry.leaf).statement
        if st.type not in matrix and st.type not in {"log.genesis", "key.register"}:
            store.dispose()
            matrix[st.type] = {}
            for role in ROLES:
                if (
                    role in {"other", "secretariat"}
                    and _role_actor(role, st.actor, keys) == st.actor
                ):
                    matrix[st.type][role] = "n/a"
                    continue
                copy = work / f"{st.type}-{role}.db"
                _copy(base, copy)
                matrix[st.type][role] = _attempt(copy, role, st, last_leaf.get(st.actor), keys)
                copy.unlink()
        record.submit_leaf(entry.leaf)
        last_leaf[st.actor] = entry.leaf
    store.dispose()
    return matrix
