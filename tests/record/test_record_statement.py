"""Statements: canonical bytes, signatures, malformed input, keys in PEM and OpenSSH."""

from __future__ import annotations

from dataclasses import replace

import pytest
import rfc8785
from cryptography.hazmat.primitives import serialization
from hypothesis import given
from hypothesis import strategies as st

from eurasec.errors import InputError, RecordError, SignatureInvalid
from eurasec.record.keys import (
    generate_private_key,
    key_id,
    load_private_key,
    load_public_key,
    private_key_pem,
    public_key_b64,
    public_key_pem,
)
from eurasec.record.statement import (
    SignedStatement,
    Statement,
    canonical_json,
    decode_leaf,
    sign,
    verify_signature,
)

T0 = "2026-11-28T09:00:00Z"
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(json_values)
def test_fast_canonical_path_equals_rfc8785(value: object) -> None:
    try:
        expected = rfc8785.dumps(value)
    except Exception:
        with pytest.raises(RecordError):
            canonical_json(value)
        return
    assert canonical_json(value) == expected


def test_floats_go_through_the_reference_implementation() -> None:
    assert canonical_json({"x": 1.0, "y": 1e21}) == b'{"x":1,"y":1e+21}'


def test_sign_verify_and_round_trip() -> None:
    key = generate_private_key()
    signed = sign(Statement("fund.pledge", "RUS", 0, T0, {"amount": 5}), key)
    verify_signature(signed, key.public_key())
    assert decode_leaf(signed.leaf_bytes()) == signed
    assert SignedStatement.from_json(signed.to_json()) == signed
    with pytest.raises(SignatureInvalid):
        verify_signature(signed, generate_private_key().public_key())


def test_a_statement_names_its_log_in_the_signed_bytes() -> None:
    """Version 2: the origin is signed (own prefix); a v1 or another log's reading fails."""
    key = generate_private_key()
    for_a = sign(Statement("fund.pledge", "RUS", 0, T0, {"amount": 5}, "log.a"), key)
    assert for_a.statement.signing_message().startswith(b"eurasec-statement/v2\n")
    assert b'"origin":"log.a"' in for_a.leaf_bytes()
    assert decode_leaf(for_a.leaf_bytes()) == for_a
    for other in ("log.b", None):  # the same signature read as another log's, or as v1
        moved = SignedStatement(replace(for_a.statement, origin=other), for_a.key_id,
                                for_a.signature)  # fmt: skip
        with pytest.raises(SignatureInvalid):
            verify_signature(moved, key.public_key())
    v1 = sign(Statement("fund.pledge", "RUS", 0, T0, {"amount": 5}), key)
    assert v1.statement.signing_message().startswith(b"eurasec-statement/v1\n")
    assert decode_leaf(v1.leaf_bytes()) == v1 and v1.statement.version == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("type", "Charter"),
        ("type", "a.b\n"),  # a pattern's $ matches before a final newline: fullmatch does not
        ("actor", "RUS\n"),
        ("actor", "rus"),
        ("seq", -1),
        ("seq", True),
        ("time", "2026-11-28 09:00:00"),
        ("time", "2026-02-30T09:00:00Z"),
        ("payload", ["not", "an", "object"]),
        ("origin", ""),
        ("origin", "has space"),
        ("origin", 'quo"te'),
        ("origin", "plus+sign"),
        ("origin", "é"),
    ],
)
def test_malformed_statements_are_refused(field: str, value: object) -> None:
    args: dict[str, object] = {"type": "a.b", "actor": "RUS", "seq": 0, "time": T0, "payload": {}}
    args[field] = value
    with pytest.raises(RecordError) as info:
        Statement(**args)  # type: ignore[arg-type]
    assert info.value.code == "record_malformed"


def test_decode_leaf_refuses_junk() -> None:
    for raw in (b"\xff", b"[]", b'{"statement":{}}'):
        with pytest.raises(RecordError):
            decode_leaf(raw)


def test_keys_load_from_pem_and_openssh() -> None:
    key = generate_private_key()
    assert key_id(load_private_key(private_key_pem(key))) == key_id(key)
    assert key_id(load_private_key(private_key_pem(key, b"pw"), b"pw")) == key_id(key)
    ssh = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.OpenSSH,
        serialization.NoEncryption(),
    )
    assert key_id(load_private_key(ssh)) == key_id(key)
    pub_ssh = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    for data in (public_key_pem(key), pub_ssh, public_key_b64(key).encode()):
        assert key_id(load_public_key(data)) == key_id(key)
    with pytest.raises(InputError):
        load_private_key(b"not a key")
    assert len(key_id(key)) == 32


@given(json_values, st.integers(0, 2**53 - 1), st.sampled_from([None, "eurasec.example/log"]))
def test_assembled_leaf_bytes_equal_rfc8785_of_the_whole(
    value: object, seq: int, origin: str | None
) -> None:
    key = generate_private_key()
    signed = sign(Statement("a.b", "W:KAZ", seq, T0, {"v": value}, origin), key)
    assert signed.statement.canonical_bytes() == rfc8785.dumps(signed.statement.to_json())
    assert signed.leaf_bytes() == rfc8785.dumps(signed.to_json())
