"""``eurasec serve``: the web platform (the project's main job)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from eurasec.cli._common import DbOption
from eurasec.settings import Settings, get_settings

__all__ = ["COMMANDS", "ready_schema", "serve"]


def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind (default 8000).")] = None,
    db: DbOption = None,
    sandbox: Annotated[
        bool, typer.Option("--sandbox", help="Let the server sign with sandbox keys.")
    ] = False,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log every request.")
    ] = True,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, max=64, help="Worker processes on one port (uvicorn workers)."
        ),
    ] = 1,
    migrate: Annotated[
        bool,
        typer.Option(
            "--migrate",
            help="Upgrade the schema first (once, under the database lock); without it a "
            "server refuses an unmigrated schema.",
        ),
    ] = False,
) -> None:
    """Serve the web platform and its JSON API (OpenAPI at /openapi.json).

    The schema must be current (`eurasec db upgrade`, or --migrate). Several processes may
    serve one PostgreSQL database: --workers N on one port, or separate servers behind a
    proxy (docs/operations.md).

    Example:
        eurasec serve --port 8000 --db postgresql://eurasec@db.example/eurasec --workers 2
    """
    try:
        import uvicorn

        from eurasec.web.app import create_app
    except ModuleNotFoundError as exc:
        raise typer.BadParameter(f"{exc.name} is missing; install 'eurasec[web]'") from None
    settings = ready_schema(
        get_settings(host=host, port=port, database_url=db, sandbox=sandbox or None), migrate
    )
    if workers == 1:
        uvicorn.run(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            log_level="info",
            access_log=access_log,
        )
        return
    # Workers are new processes: they read their settings from the environment.
    os.environ.update(_environment(settings))
    uvicorn.run(
        "eurasec.web.app:create_app",
        factory=True,
        workers=workers,
        host=settings.host,
        port=settings.port,
        log_level="info",
        access_log=access_log,
    )


def ready_schema(settings: Settings, migrate: bool) -> Settings:
    """Check (or with ``migrate`` upgrade) the schema before a server starts: an unusable
    database is a one-line error here, not a traceback from inside the server's start-up.
    Returns the settings the server's processes run with (they only check)."""
    from eurasec.storage import open_store
    from eurasec.storage.schema_version import require_current

    store = open_store(settings.database_url, migrate=False, settings=settings)
    try:
        if migrate or settings.migrate_on_start:
            store.migrate()
        require_current(store)
    finally:
        store.dispose()
    return settings.model_copy(update={"migrate_on_start": False})


def _environment(settings: Settings) -> dict[str, str]:
    """``EURASEC_*`` variables that give a worker process these settings."""
    out = {}
    for name, value in settings.model_dump().items():
        if value is not None:
            text = str(value).lower() if isinstance(value, bool) else str(value)
            out[f"EURASEC_{name.upper()}"] = text
    return out


COMMANDS = (serve,)
