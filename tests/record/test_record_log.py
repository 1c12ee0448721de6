"""The record: appends, every rejection leaves no trace, keys, projections, replay."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from record_factories import ORIGIN, T0, founded
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, select

from eurasec.errors import AuthorityError, EurasecError, InstitutionRuleError, RecordError
from eurasec.record import Record, Statement, generate_private_key, public_key_b64, sign
from eurasec.record.clock import ManualClock
from eurasec.record.commit import GroupCommitter
from eurasec.record.merkle import verify_consistency, verify_inclusion
from eurasec.record.statement import MAX_LEAF_BYTES, SignedStatement
from eurasec.record.verify import verify_store
from eurasec.storage import Store

# A toy projection on its own metadata (not the package's): pledged totals per actor.
toy_meta = MetaData()
toy_total = Table(
    "toy_total", toy_meta, Column("actor", String(20), primary_key=True), Column("n", Integer)
)


class ToyHandler:
    """Owns ``toy.add``: adds payload ``n`` to the actor's total; rejects totals above 100."""

    types = frozenset({"toy.add"})

    def __init__(self, explode_on: int | None = None) -> None:
        self.explode_on = explode_on

    def _total(self, conn: Connection, actor: str) -> int | None:
        return conn.execute(select(toy_total.c.n).where(toy_total.c.actor == actor)).scalar()

    def check(self, conn: Connection, st: Statement, index: int) -> None:
        if (self._total(conn, st.actor) or 0) + st.payload["n"] > 100:
            raise InstitutionRuleError(f"{st.actor} would exceed 100")

    def apply(self, conn: Connection, st: Statement, index: int) -> None:
        if st.payload["n"] == self.explode_on:
            raise RuntimeError("apply failed half-way")
        total = self._total(conn, st.actor)
        if total is None:
            conn.execute(toy_total.insert().values(actor=st.actor, n=st.payload["n"]))
        else:
            conn.execute(
                toy_total.update()
                .where(toy_total.c.actor == st.actor)
                .values(n=total + st.payload["n"])
            )

    def reset(self, conn: Connection) -> None:
        conn.execute(toy_total.delete())


def _toy_tables(store: Store) -> None:
    toy_meta.create_all(store.engine)


def _state(store: Store) -> dict[str, Any]:
    with store.connect() as conn:
        return dict(conn.execute(select(toy_total.c.actor, toy_total.c.n)).all())


def test_genesis_then_register_and_submit(store: Store) -> None:
    record = Record(store, accept_unknown_types=True)
    parties = founded(record)
    assert record.size() == 3
    assert record.origin() == "eurasec.test/log"
    r = record.submit(parties.act("RUS", "test.note", {"text": "hello"}))
    assert (r.index, r.tree_size) == (3, 4)
    assert record.next_seq("RUS") == 1
    assert record.entries(3, 4)[0].statement.payload == {"text": "hello"}
    root = record.root()
    proof = record.inclusion_proof(3)
    assert verify_inclusion(3, 4, r.leaf_hash, proof.hashes, root)
    cons = record.consistency_proof(2)
    assert verify_consistency(2, 4, record.root(2), root, cons.hashes)


def _rejected(record: Record, signed: SignedStatement, code: str) -> None:
    before = (record.size(), record.root())
    with pytest.raises(EurasecError) as info:
        record.submit(signed)
    assert info.value.code == code, info.value.message
    assert (record.size(), record.root()) == before


def test_every_bad_input_is_rejected_with_its_code_and_leaves_no_trace(store: Store) -> None:
    record = Record(store, accept_unknown_types=True)
    p = founded(record)
    ok = p.act("RUS", "test.note", {"n": 1})
    record.submit(ok)
    # replay of the same statement, and a skipped sequence number
    _rejected(record, ok, "record_bad_sequence")
    skip = sign(Statement("test.note", "RUS", 5, T0, {}, ORIGIN), p.keys["RUS"])
    _rejected(record, skip, "record_bad_sequence")
    # bad signature: signed by RUS's key, bytes of another statement
    forged = SignedStatement(
        Statement("test.note", "RUS", 1, T0, {"n": 2}, ORIGIN), ok.key_id, ok.signature
    )
    _rejected(record, forged, "signature_invalid")
    # key of another actor, unknown key
    as_kaz = sign(Statement("test.note", "KAZ", 0, T0, {}, ORIGIN), p.keys["RUS"])
    _rejected(record, as_kaz, "record_unknown_key")
    stranger = sign(Statement("test.note", "RUS", 1, T0, {}, ORIGIN), generate_private_key())
    _rejected(record, stranger, "record_unknown_key")
    # oversize
    big = sign(
        Statement("test.note", "RUS", 1, T0, {"x": "a" * MAX_LEAF_BYTES}, ORIGIN), p.keys["RUS"]
    )
    _rejected(record, big, "record_oversize")
    # genesis twice
    with pytest.raises(RecordError):
        record.genesis("again", {"SECRETARIAT": generate_private_key().public_key()})
    assert record.next_seq("RUS") == 1


@pytest.mark.parametrize(
    "weak",
    [
        "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  # the identity point
        "xxdqcD1N2E+6PAt2DRBnDyogU/osOczGTsf9d5KsA3o=",  # a point of order 8
    ],
)
def test_weak_keys_can_be_neither_registered_nor_rotated_to(store: Store, weak: str) -> None:
    record = Record(store, accept_unknown_types=True)
    p = founded(record)
    sec = p.keys["SECRETARIAT"]
    seq = record.next_seq("SECRETARIAT")
    register = {"actor": "UZB", "public_key": weak}
    weak_register = Statement("key.register", "SECRETARIAT", seq, T0, register, ORIGIN)
    _rejected(record, sign(weak_register, sec), "record_weak_key")
    rotate = sign(
        Statement("key.rotate", "RUS", 0, T0, {"public_key": weak}, ORIGIN), p.keys["RUS"]
    )
    _rejected(record, rotate, "record_weak_key")
    assert record.next_seq("SECRETARIAT") == seq
    assert record.next_seq("RUS") == 0


def test_non_canonical_bytes_are_refused(store: Store) -> None:
    record = Record(store, accept_unknown_types=True)
    p = founded(record)
    leaf = p.act("RUS", "test.note", {"b": 1, "a": 2}).leaf_bytes()
    spaced = leaf.replace(b'"a":2', b'"a": 2')
    with pytest.raises(RecordError) as info:
        record.submit_leaf(spaced)
    assert info.value.code == "record_noncanonical"
    assert record.submit_leaf(leaf).index == 3


def test_unknown_types_are_refused_unless_accepted(store: Store) -> None:
    record = Record(store)
    p = founded(record)
    _rejected(record, p.act("RUS", "test.note", {}), "record_unknown_type")


def test_rotation_and_revocation(store: Store) -> None:
    record = Record(store, accept_unknown_types=True)
    p = founded(record)
    old = p.keys["RUS"]
    new = generate_private_key()
    record.submit(p.act("RUS", "key.rotate", {"public_key": public_key_b64(new)}))
    p.keys["RUS"] = old
    _rejected(record, p.act("RUS", "test.note", {}), "record_key_revoked")
    p.seqs["RUS"] -= 1
    p.keys["RUS"] = new
    record.submit(p.act("RUS", "test.note", {}))
    # nobody else may revoke RUS's key, not even the secretariat (a registrar)
    from eurasec.record.keys import key_id

    for other in ("KAZ", "SECRETARIAT"):
        with pytest.raises(AuthorityError):
            record.submit(p.act(other, "key.revoke", {"key_id": key_id(new)}))
        p.seqs[other] -= 1
    # nor add a key to RUS while RUS holds one
    rogue = generate_private_key()
    with pytest.raises(AuthorityError):
        record.submit(
            p.act(
                "SECRETARIAT", "key.register", {"actor": "RUS", "public_key": public_key_b64(rogue)}
            )
        )
    p.seqs["SECRETARIAT"] -= 1
    # RUS revokes its own key; it is then a new party the registrar may admit again
    record.submit(p.act("RUS", "key.revoke", {"key_id": key_id(new)}))
    _rejected(record, p.act("RUS", "test.note", {}), "record_key_revoked")
    p.seqs["RUS"] -= 1
    record.submit(
        p.act("SECRETARIAT", "key.register", {"actor": "RUS", "public_key": public_key_b64(rogue)})
    )
    p.keys["RUS"] = rogue
    record.submit(p.act("RUS", "test.note", {}))
    # KAZ may not register keys for others
    with pytest.raises(AuthorityError):
        record.submit(
            p.act("KAZ", "key.register", {"actor": "TUR", "public_key": public_key_b64(new)})
        )


def test_handler_check_rejects_and_failed_apply_rolls_back(store: Store) -> None:
    _toy_tables(store)
    record = Record(store, [ToyHandler(explode_on=13)])
    p = founded(record)
    record.submit(p.act("RUS", "toy.add", {"n": 60}))
    with pytest.raises(InstitutionRuleError):
        record.submit(p.act("RUS", "toy.add", {"n": 50}))
    p.seqs["RUS"] -= 1
    with pytest.raises(RecordError) as failed:  # any exception a handler raises refuses the act
        record.submit(p.act("RUS", "toy.add", {"n": 13}))
    assert failed.value.code == "record_handler_failed"
    p.seqs["RUS"] -= 1
    assert _state(store) == {"RUS": 60}
    assert record.size() == 4
    # a batch: the bad one is rejected alone, the others land in order
    batch = [p.act("RUS", "toy.add", {"n": 30}), p.act("KAZ", "toy.add", {"n": 200})]
    p.seqs["KAZ"] -= 1
    batch.append(p.act("KAZ", "toy.add", {"n": 7}))
    results = record.submit_many(batch)
    assert isinstance(results[1], InstitutionRuleError)
    assert [r.index for r in results if not isinstance(r, EurasecError)] == [4, 5]
    assert _state(store) == {"RUS": 90, "KAZ": 7}


def test_replay_gives_the_same_state_every_time(store: Store) -> None:
    _toy_tables(store)
    record = Record(store, [ToyHandler()])
    p = founded(record, ["RUS", "KAZ", "CHN"])
    for i in range(30):
        actor = ["RUS", "KAZ", "CHN"][i % 3]
        record.submit_many([p.act(actor, "toy.add", {"n": i % 7})])
    state = _state(store)
    seqs = {a: record.next_seq(a) for a in ("RUS", "KAZ", "CHN", "SECRETARIAT")}
    for _ in range(3):
        record.rebuild()
        assert _state(store) == state
        assert {a: record.next_seq(a) for a in seqs} == seqs
    record.submit(p.act("RUS", "toy.add", {"n": 1}))
    assert _state(store)["RUS"] == state["RUS"] + 1


def test_concurrent_submitters_get_one_total_order_without_gaps(store: Store) -> None:
    record = Record(store, accept_unknown_types=True)
    actors = [f"P{i}" for i in range(6)]
    p = founded(record, actors)
    per_actor = 25
    work = {a: [p.act(a, "test.note", {"i": i}) for i in range(per_actor)] for a in actors}
    receipts: list[Any] = []
    lock = threading.Lock()

    def run(actor: str, committer: GroupCommitter) -> None:
        for signed in work[actor]:
            r = committer.submit(signed)
            with lock:
                receipts.append((actor, r))

    with GroupCommitter(record) as committer:
        threads = [threading.Thread(target=run, args=(a, committer)) for a in actors]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    indexes = sorted(r.index for _a, r in receipts)
    start = len(actors) + 1
    assert indexes == list(range(start, start + len(actors) * per_actor))
    assert record.size() == start + len(actors) * per_actor
    for a in actors:
        mine = [r.index for actor, r in receipts if actor == a]
        assert mine == sorted(mine)  # each submitter's acts land in its own order
        assert record.next_seq(a) == per_actor


def test_two_record_objects_on_one_store_stay_consistent(store: Store) -> None:
    """A second writer (another process, say) is seen: the frontier cache is revalidated."""
    a = Record(store, accept_unknown_types=True)
    p = founded(a)
    b = Record(store, accept_unknown_types=True)
    for i in range(5):
        (a if i % 2 else b).submit(p.act("RUS", "test.note", {"i": i}))
    assert a.root() == b.root()
    from eurasec.record.verify import verify_store

    assert verify_store(store).size == 8


def test_caches_follow_key_and_sequence_changes_made_by_another_writer(store: Store) -> None:
    """Record ``a`` caches keys and sequence numbers; ``b`` rotates a key behind its back."""
    a = Record(store, accept_unknown_types=True)
    p = founded(a)
    a.submit(p.act("RUS", "test.note", {"i": 0}))  # a now caches RUS's key and next seq
    old = p.keys["RUS"]
    new = generate_private_key()
    b = Record(store, accept_unknown_types=True)
    b.submit(p.act("RUS", "key.rotate", {"public_key": public_key_b64(new)}))
    stale = sign(Statement("test.note", "RUS", 2, T0, {}, ORIGIN), old)
    _rejected(a, stale, "record_key_revoked")
    replay = sign(Statement("test.note", "RUS", 1, T0, {}, ORIGIN), new)
    _rejected(a, replay, "record_bad_sequence")  # seq 1 was the rotation, written by b
    assert a.submit(sign(Statement("test.note", "RUS", 2, T0, {}, ORIGIN), new)).index == 5
    b.submit(sign(Statement("test.note", "RUS", 3, T0, {}, ORIGIN), new))
    assert a.next_seq("RUS") == b.next_seq("RUS") == 4


@pytest.mark.parametrize("origin", ["", "eurasec sandbox", "a+b", "tab\there"])
def test_genesis_refuses_an_origin_that_cannot_name_a_note_key(store: Store, origin: str) -> None:
    record = Record(store)
    with pytest.raises(RecordError, match="origin"):
        record.genesis(origin, {"SECRETARIAT": generate_private_key().public_key()})
    assert record.size() == 0


def test_genesis_refuses_a_weak_founder_key(store: Store) -> None:
    record = Record(store)
    weak = Ed25519PublicKey.from_public_bytes(bytes([1]) + bytes(31))
    with pytest.raises(RecordError) as info:
        record.genesis("eurasec.test/log", {"SECRETARIAT": weak})
    assert info.value.code == "record_weak_key"
    assert record.size() == 0


def test_time_must_lie_near_the_log_clock_and_after_the_actor_before(store: Store) -> None:
    clock = ManualClock("2026-11-28T09:00:00Z")
    record = Record(store, accept_unknown_types=True, clock=clock)
    p = founded(record)

    def at(time: str) -> SignedStatement:
        seq = record.next_seq("RUS")
        return sign(Statement("test.note", "RUS", seq, time, {}, ORIGIN), p.keys["RUS"])

    _rejected(record, at("2026-11-28T09:05:01Z"), "record_time_skew")  # > 5 min ahead
    _rejected(record, at("2026-11-27T08:59:59Z"), "record_time_skew")  # > 24 h behind
    _rejected(record, at("9999-12-31T23:59:59.999999Z"), "record_time_skew")
    record.submit(at("2026-11-28T09:05:00Z"))  # the edges are in
    _rejected(record, at("2026-11-28T09:04:59.5Z"), "record_time_order")  # before its last
    record.submit(at("2026-11-28T09:05:00.000Z"))  # the same instant, written otherwise
    clock.set("2026-11-28T09:06:00Z")  # the log's clock moves on, and so may RUS
    record.submit(at("2026-11-28T09:05:00.1Z"))
    kaz = sign(Statement("test.note", "KAZ", 0, "2026-11-27T10:00:00Z", {}, ORIGIN), p.keys["KAZ"])
    record.submit(kaz)  # another actor's clock is its own
    record.rebuild()  # the actors' latest times come back from the log
    _rejected(record, at("2026-11-28T09:00:00Z"), "record_time_order")
    assert verify_store(store).size == record.size()


def test_version_1_statements_are_taken_only_from_another_log(store: Store) -> None:
    """A live log admits only statements naming it; a replica copies a version 1 log as it is."""
    sec, rus = generate_private_key(), generate_private_key()
    old = {"origin": "eurasec.test/old", "founders": {"SECRETARIAT": public_key_b64(sec)},
           "registrars": ["SECRETARIAT"]}  # fmt: skip
    genesis = SignedStatement(Statement("log.genesis", "LOG", 0, T0, old), "", b"")
    reg = sign(Statement("key.register", "SECRETARIAT", 0, T0,
                         {"actor": "RUS", "public_key": public_key_b64(rus)}), sec)  # fmt: skip
    live = Record(store, accept_unknown_types=True)
    _rejected(live, genesis, "record_genesis_refused")
    replica = Record(store, accept_unknown_types=True, replica=True)
    assert [r.index for r in replica.submit_many([genesis, reg])] == [0, 1]  # type: ignore[union-attr]
    assert verify_store(store).size == 2  # and it verifies
    v1 = sign(Statement("test.note", "RUS", 0, T0, {}), rus)
    _rejected(live, v1, "record_wrong_log")
    _rejected(live, sign(Statement("test.note", "RUS", 0, T0, {}, "eurasec.test/new"), rus),
              "record_wrong_log")  # fmt: skip
    live.submit(sign(Statement("test.note", "RUS", 0, T0, {}, "eurasec.test/old"), rus))
