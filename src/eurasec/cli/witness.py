"""``eurasec witness``: run a witness of other parties' logs as a service."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eurasec.cli._common import DbOption
from eurasec.cli.serve import ready_schema
from eurasec.settings import get_settings

__all__ = ["NAME", "app"]

NAME = "witness"
app = typer.Typer(
    help="A witness: co-signs the checkpoints of the logs it follows.", no_args_is_help=True
)


@app.command("serve")
def serve(
    key: Annotated[Path, typer.Option("--key", help="The witness's Ed25519 private key.")],
    log: Annotated[
        list[str],
        typer.Option("--log", help="Verifier key (vkey) of a log to follow (repeatable)."),
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="Key name on the cosignatures.")
    ] = None,
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind (default 8000).")] = None,
    db: DbOption = None,
    migrate: Annotated[
        bool, typer.Option("--migrate", help="Upgrade the witness's schema first.")
    ] = False,
) -> None:
    """Serve the C2SP tlog-witness API (POST /api/v1/record/witness/add-checkpoint).

    The witness keeps what it last co-signed per log in its own database and co-signs a new
    checkpoint only if a consistency proof shows it extends that one; a contradiction is
    answered 409 fork_detected (and `eurasec record cosign` then exits 3).

    Example:
        eurasec witness serve --key w.pem --name w.kaz.example --log 'eurasec.example/log+…' \\
            --db sqlite:///witness.db --port 8100
    """
    try:
        import uvicorn

        from eurasec.web.witness_app import create_witness_app
    except ModuleNotFoundError as exc:
        raise typer.BadParameter(f"{exc.name} is missing; install 'eurasec[web]'") from None
    settings = get_settings(
        host=host,
        port=port,
        database_url=db,
        record_witness_key_file=str(key),
        record_witness_name=name,
        record_witness_logs=",".join(log),
    )
    witness = create_witness_app(ready_schema(settings, migrate))
    uvicorn.run(witness, host=settings.host, port=settings.port, log_level="info")
