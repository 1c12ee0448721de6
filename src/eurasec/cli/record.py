"""``eurasec record``: keys, signing, submitting, verifying, exporting and mirroring the log."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Annotated

import typer

from eurasec.cli._common import DbOption, JsonOption, emit, open_cli_store
from eurasec.cli._schedule import EveryOption, TimesOption, scheduled
from eurasec.errors import ERROR_CODES, EurasecError, InputError
from eurasec.record.checkpoint import (
    ALG_COSIGNATURE,
    ALG_ED25519,
    NoteSigner,
    NoteVerifier,
    SignedNote,
    latest_checkpoint,
)
from eurasec.record.export import export_log
from eurasec.record.keys import (
    generate_private_key,
    key_id,
    load_private_key,
    load_public_key,
    private_key_pem,
    public_key_b64,
)
from eurasec.record.log import Record, publish_checkpoint
from eurasec.record.mirror import REQUEST_DEADLINE
from eurasec.record.mirror import mirror as mirror_log
from eurasec.record.projection import default_handlers
from eurasec.record.statement import Statement, now_rfc3339
from eurasec.record.statement import sign as sign_statement
from eurasec.record.verify import verify_store
from eurasec.record.witness import cosign_remote

__all__ = ["NAME", "app"]

NAME = "record"
app = typer.Typer(help="The verifiable record: signed acts in a Merkle log.", no_args_is_help=True)

KeyOption = Annotated[Path, typer.Option("--key", help="Ed25519 private key (PEM or OpenSSH).")]
LogKeyOption = Annotated[
    str | None, typer.Option("--log-key", help="The log's verifier key (vkey) to check against.")
]


def _read_key(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None


@app.command()
def keygen(
    out: Annotated[Path, typer.Option("--out", help="Where to write the private key (PEM).")],
    name: Annotated[
        str | None, typer.Option("--note-name", help="Also print a checkpoint vkey with this name.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    public_out: Annotated[
        Path | None, typer.Option("--public-out", help="Also write the public key (base64) here.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Make an Ed25519 key pair; write the private key (mode 0600), print the public one.

    Example:
        eurasec record keygen --out rus.pem --public-out rus.pub
    """
    if out.exists() and not force:
        raise InputError(f"{out} exists; pass --force to overwrite it")
    key = generate_private_key()
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(private_key_pem(key))
    if public_out is not None:
        public_out.write_text(public_key_b64(key) + "\n", encoding="ascii")
    info = {"key_id": key_id(key), "public_key": public_key_b64(key), "private_key_file": str(out)}
    if name:
        info["vkey"] = NoteSigner(name, key).verifier.vkey()
    emit(info, as_json=as_json)


@app.command()
def vkey(
    key: KeyOption,
    name: Annotated[str, typer.Option("--name", help="The log's origin, or the witness's name.")],
    witness: Annotated[
        bool, typer.Option("--witness", help="A witness's key (cosignature vkey).")
    ] = False,
) -> None:
    """Print the verifier key (vkey) of a log's or a witness's private key, on one line.

    Example:
        eurasec record vkey --key log.pem --name eurasec.example/log
    """
    alg = ALG_COSIGNATURE if witness else ALG_ED25519
    typer.echo(NoteSigner(name, load_private_key(_read_key(key)), alg).verifier.vkey())


@app.command()
def genesis(
    origin: Annotated[str, typer.Option("--origin", help="The log's origin line.")],
    founder: Annotated[
        list[str], typer.Option("--founder", help="ACTOR=PUBLIC_KEY_FILE (repeatable).")
    ],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write the log's first entry: its origin and the founding parties' keys.

    Example:
        eurasec record genesis --origin eurasec.example/log --founder SECRETARIAT=sec.pub
    """
    founders = {}
    for item in founder:
        actor, sep, path = item.partition("=")
        if not sep:
            raise InputError(f"--founder expects ACTOR=FILE, got {item!r}")
        founders[actor] = load_public_key(_read_key(Path(path)))
    receipt = Record(open_cli_store(db)).genesis(origin, founders)
    emit({"index": receipt.index, "tree_size": receipt.tree_size}, as_json=as_json)


@app.command()
def sign(
    key: KeyOption,
    type_: Annotated[str, typer.Option("--type", help="Statement type, e.g. charter.sign.")],
    actor: Annotated[str, typer.Option("--actor", help="The acting party, e.g. RUS.")],
    seq: Annotated[int, typer.Option("--seq", help="The actor's next sequence number.")],
    origin: Annotated[
        str, typer.Option("--origin", help="The log the statement is for (its origin line).")
    ],
    payload: Annotated[
        str, typer.Option("--payload", help="JSON object, or @FILE to read it from a file.")
    ] = "{}",
    time: Annotated[str | None, typer.Option("--time", help="RFC 3339 UTC (default: now).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")] = None,
) -> None:
    """Sign a statement for one log; print its canonical bytes (what `submit` sends).

    Example:
        eurasec record sign --key rus.pem --type charter.sign --actor RUS --seq 0 \\
            --origin eurasec.example/log --payload '{"version": 1}' --out act.json
    """
    text = Path(payload[1:]).read_text(encoding="utf-8") if payload.startswith("@") else payload
    try:
        body = json.loads(text)
    except ValueError as exc:
        raise InputError(f"--payload is not JSON: {exc}") from None
    st = Statement(type_, actor, seq, time or now_rfc3339(), body, origin)
    leaf = sign_statement(st, load_private_key(_read_key(key))).leaf_bytes()
    if out is None:
        typer.echo(leaf.decode("utf-8"))
    else:
        out.write_bytes(leaf)


@app.command()
def submit(
    file: Annotated[Path, typer.Argument(help="A signed statement written by `sign`.")],
    url: Annotated[str | None, typer.Option("--url", help="Node to send it to.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Submit a signed statement to a node (--url) or to a local store (--db).

    Example:
        eurasec record submit act.json --url http://127.0.0.1:8000
    """
    raw = _read_key(file)
    raw = raw[:-1] if raw.endswith(b"\n") else raw
    if url is None:
        r = Record(open_cli_store(db), default_handlers()).submit_leaf(raw)
        emit(
            {"index": r.index, "tree_size": r.tree_size, "leaf_hash": r.leaf_hash.hex()},
            as_json=as_json,
        )
        return
    req = urllib.request.Request(
        url.rstrip("/") + "/api/v1/record/statements",
        data=raw,
        headers={"content-type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            emit(json.loads(resp.read()), as_json=as_json)
    except urllib.error.HTTPError as exc:
        problem = json.loads(exc.read() or b"{}")
        code = problem.get("code")
        raise EurasecError(
            problem.get("detail", f"HTTP {exc.code}"),
            code=code if code in ERROR_CODES else "record_error",
        ) from None


@app.command()
def checkpoint(
    key: KeyOption, db: DbOption = None, every: EveryOption = None, times: TimesOption = None
) -> None:
    """Sign (if the log grew) and print the latest checkpoint with the log's key.

    One process publishes at a time across every host on the database; with --every it
    publishes on a schedule (one line per run: size and root).

    Example:
        eurasec record checkpoint --key log.pem --every 60
    """
    record = Record(open_cli_store(db))
    key_bytes = _read_key(key)

    def once() -> str:
        origin = record.origin()
        if origin is None:
            raise InputError("the log has no genesis entry yet")
        return publish_checkpoint(record, NoteSigner(origin, load_private_key(key_bytes)))

    shown: set[str] = set()

    def show(note: str) -> None:
        body = note.split("\n")
        if every is None:
            typer.echo(note, nl=False)
        elif body[1] not in shown:  # one line per new checkpoint
            shown.add(body[1])
            typer.echo(f"checkpoint {body[0]} size {body[1]} root {body[2]}")

    scheduled(once, show, every=every, times=times)


@app.command()
def verify(
    db: DbOption = None,
    log_key: Annotated[
        list[str] | None,
        typer.Option(
            "--log-key",
            help="The log's vkey to check against (repeat for each key after a rotation).",
        ),
    ] = None,
    witness: Annotated[
        list[str] | None, typer.Option("--witness", help="A witness vkey every checkpoint needs.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Check every leaf, signature, sequence number, tree node and checkpoint.

    Exits 1 naming the first bad entry index when anything was changed.

    Example:
        eurasec record verify --db sqlite:///eurasec.db
    """
    logs = [NoteVerifier.from_vkey(k) for k in log_key] if log_key else None
    witnesses = [NoteVerifier.from_vkey(w) for w in witness or []]
    emit(verify_store(open_cli_store(db), logs, witnesses), as_json=as_json)


@app.command()
def export(
    directory: Annotated[Path, typer.Argument(help="Directory for entries.jsonl and checkpoint.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write DIR/entries.jsonl (index, base64 leaf) and DIR/checkpoint for outside checking.

    Example:
        eurasec record export out/record
    """
    emit(export_log(open_cli_store(db), directory), as_json=as_json)


@app.command()
def mirror(
    url: Annotated[str, typer.Argument(help="Base URL of the node to mirror.")],
    db: DbOption = None,
    log_key: LogKeyOption = None,
    fork_proof: Annotated[
        Path, typer.Option("--fork-proof", help="Where to write a fork proof if one is found.")
    ] = Path("fork-proof.json"),
    deadline: Annotated[
        float, typer.Option("--deadline", min=0.1, help="Seconds each request may take in all.")
    ] = REQUEST_DEADLINE,
    every: EveryOption = None,
    times: TimesOption = None,
    as_json: JsonOption = False,
) -> None:
    """Copy and verify another node's log; exit 3 on a fork (both checkpoints written) or rollback.

    With --every it keeps the copy current on a schedule; a node that does not answer is
    retried at the next run, a fork or rollback ends it (exit 3, `error[fork_detected]` last).

    Example:
        eurasec record mirror http://127.0.0.1:8000 --db sqlite:///mirror.db --every 30
    """
    log = NoteVerifier.from_vkey(log_key) if log_key else None
    store = open_cli_store(db)
    scheduled(
        lambda: mirror_log(store, url, log_key=log, fork_proof=fork_proof, deadline=deadline),
        lambda report: emit(report, as_json=as_json),
        every=every,
        times=times,
    )


@app.command()
def cosign(
    witness: Annotated[list[str], typer.Option("--witness", help="Witness node URL (repeatable).")],
    witness_key: Annotated[
        list[str],
        typer.Option("--witness-key", help="That witness's vkey, in the same order (repeatable)."),
    ],
    db: DbOption = None,
    every: EveryOption = None,
    times: TimesOption = None,
) -> None:
    """Ask witnesses to co-sign the latest stored checkpoint; store and print the note.

    Each answer is checked against the witness's vkey before anything is stored. A witness
    that reports a fork ends the command with exit status 3 (`error[fork_detected]`).

    Example:
        eurasec record cosign --witness http://witness.example:8000 \\
            --witness-key 'w.kaz+1a2b3c4d+BAbc…' --every 60
    """
    if len(witness) != len(witness_key):
        raise InputError("give one --witness-key per --witness, in the same order")
    verifiers = [NoteVerifier.from_vkey(v) for v in witness_key]
    store = open_cli_store(db)
    record = Record(store)

    def once() -> str:
        with store.connect() as conn:
            note = latest_checkpoint(conn)
        if note is None:
            raise InputError("no checkpoint yet: run `eurasec record checkpoint` first")
        for url, verifier in zip(witness, verifiers, strict=True):
            held = {s.key_hash for s in SignedNote.parse(note).signatures}
            if every is None or verifier.key_hash not in held:  # on a schedule: once each
                note = cosign_remote(record, note, url, verifier)
        return note

    shown: set[str] = set()

    def show(note: str) -> None:
        signed = SignedNote.parse(note)
        line = (
            f"checkpoint size {signed.body.split(chr(10))[1]}: {len(signed.signatures)} signatures"
        )
        if every is None:
            typer.echo(note, nl=False)
        elif line not in shown:
            shown.add(line)
            typer.echo(line)

    scheduled(once, show, every=every, times=times)
