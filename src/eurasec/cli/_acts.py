"""Shared pieces of the institutions' command groups: signing and submitting acts, channels."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import Connection, select

from eurasec.cli._common import DbOption, JsonOption, TimeOption, emit, open_cli_store
from eurasec.errors import InputError
from eurasec.record.keys import load_private_key
from eurasec.record.statement import now_rfc3339
from eurasec.storage import Store

__all__ = ["make_act_command", "record_as_of", "registry_with_charter", "shared_channels", "today"]


def today(value: str | None) -> str:
    """``value`` (YYYY-MM-DD) checked, or today's date."""
    from eurasec.cli._common import parse_date

    return parse_date(value).isoformat()


def record_as_of(conn: Connection, value: str | None) -> str:
    """``value`` (YYYY-MM-DD) checked, or the record's current day: the default ``as_of`` of
    every read of the institutions, the same as the HTTP API's (docs/reference/api.md)."""
    from eurasec.institutions.clock import current_day

    return today(value) if value is not None else current_day(conn).isoformat()


def _private_key(store: Store, actor: str, key: Path | None, sandbox_key: bool) -> Any:
    if key is not None:
        try:
            return load_private_key(key.read_bytes())
        except OSError as exc:
            raise InputError(f"cannot read {key}: {exc.strerror}") from None
    if not sandbox_key:
        raise InputError("give --key FILE (or --sandbox-key in a sandbox store)")
    from eurasec.institutions.schema import sandbox_keys

    with store.connect() as conn:
        pem = conn.execute(
            select(sandbox_keys.c.private_key_pem).where(sandbox_keys.c.actor == actor)
        ).scalar()
    if pem is None:
        raise InputError(f"this store holds no sandbox key for {actor}")
    return load_private_key(pem.encode())


def _payload(text: str) -> dict[str, Any]:
    raw = Path(text[1:]).read_text(encoding="utf-8") if text.startswith("@") else text
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise InputError(f"--payload is not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise InputError("--payload must be a JSON object")
    return body


def make_act_command(prefixes: tuple[str, ...], example: str) -> Callable[..., None]:
    """An ``act`` command that signs and submits acts whose type starts with ``prefixes``."""

    def act(
        type_: Annotated[str, typer.Argument(metavar="TYPE", help="Act type, e.g. charter.sign.")],
        actor: Annotated[str, typer.Option("--actor", help="The acting party, e.g. RUS.")],
        payload: Annotated[
            str, typer.Option("--payload", help="JSON object, or @FILE to read it from a file.")
        ] = "{}",
        key: Annotated[
            Path | None, typer.Option("--key", help="The actor's private key (PEM or OpenSSH).")
        ] = None,
        sandbox_key: Annotated[
            bool, typer.Option("--sandbox-key", help="Use the actor's key kept in a sandbox store.")
        ] = False,
        time: TimeOption = None,
        db: DbOption = None,
        as_json: JsonOption = False,
    ) -> None:
        from eurasec.institutions.participant import open_record, signed_act

        if not type_.startswith(prefixes):
            raise InputError(f"this group signs {', '.join(prefixes)}* acts, not {type_}")
        store = open_cli_store(db)
        record = open_record(store)
        signer = _private_key(store, actor, key, sandbox_key)
        signed = signed_act(record, signer, actor, type_, time or now_rfc3339(), _payload(payload))
        r = record.submit(signed)
        emit(
            {"index": r.index, "tree_size": r.tree_size, "leaf_hash": r.leaf_hash.hex()},
            as_json=as_json,
        )

    act.__doc__ = (
        f"Sign a {'/'.join(p.rstrip('.') for p in prefixes)} act and append it to the record.\n\n"
        f"Example:\n    {example}\n"
    )
    return act


def registry_with_charter(store: Store) -> Any:
    """The registry with the Charter's signatories and parties as the format ``CHARTER``.

    Edge glue over :func:`eurasec.institutions.charter_registry.with_charter`, with the format
    present from the first signature (signatories already share a consultation channel).
    """
    from eurasec.institutions.charter_registry import with_charter

    return with_charter(store, in_force_only=False)


def shared_channels(store: Store, a: str, b: str, day: str) -> list[str]:
    """Formats ``a`` and ``b`` share on ``day`` (the registry's channels, with the Charter)."""
    from eurasec.errors import EurasecError
    from eurasec.institutions import charter

    reg = registry_with_charter(store)
    if reg is not None:
        try:
            return [c.format for c in reg.channels(a, b, date.fromisoformat(day))]
        except EurasecError:
            pass  # an actor the registry does not know: fall back on the Charter alone
    with store.connect() as conn:
        parties = {p.actor for p in charter.participations(conn, day) if p.role == "member"}
    return ["CHARTER"] if {a, b} <= parties else []
