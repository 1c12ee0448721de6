"""``eurasec serve``: the web platform (the project's main job)."""

from __future__ import annotations

from typing import Annotated

import typer

from eurasec.cli._common import DbOption

__all__ = ["COMMANDS", "serve"]


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
) -> None:
    """Serve the web platform and its JSON API (OpenAPI at /openapi.json).

    Example:
        eurasec serve --port 8000 --db sqlite:///eurasec.db
    """
    try:
        import uvicorn

        from eurasec.web.app import create_app
    except ModuleNotFoundError as exc:
        raise typer.BadParameter(f"{exc.name} is missing; install 'eurasec[web]'") from None
    from eurasec.settings import get_settings
    from eurasec.storage import open_store

    settings = get_settings(host=host, port=port, database_url=db, sandbox=sandbox or None)
    # Open (and migrate) the store first: an unusable database is a one-line error here,
    # not a traceback from inside the server's start-up.
    open_store(settings.database_url).dispose()
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="info",
        access_log=access_log,
    )


COMMANDS = (serve,)
