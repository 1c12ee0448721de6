"""Builds the root app from the group modules and maps errors to exit codes."""

from __future__ import annotations

import functools
import importlib
import pkgutil
from typing import Any

import typer
from typer.exceptions import Abort, Exit, TyperException

from eurasec.cli._common import close_cli_stores
from eurasec.cli._schedule import ALERT_CODES
from eurasec.errors import EurasecError

__all__ = ["ALERT_EXIT", "build_root", "run"]

#: Exit status of a command that found a fork or a rollback (a monitor's alert).
ALERT_EXIT = 3


def build_root() -> typer.Typer:
    """The root app: every ``eurasec.cli`` module with ``NAME`` and ``app`` is a group."""
    root = typer.Typer(
        name="eurasec",
        help="Run and analyse a multilateral Eurasian security architecture.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )

    @root.callback()
    def _root() -> None:
        """Run and analyse a multilateral Eurasian security architecture."""

    import eurasec.cli as pkg

    modules = [
        importlib.import_module(f"eurasec.cli.{info.name}")
        for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name)
        if not info.name.startswith("_")
    ]
    groups: dict[str, typer.Typer] = {}
    for module in modules:
        if hasattr(module, "app") and hasattr(module, "NAME"):
            groups[module.NAME] = module.app
    for module in modules:
        # A module may add commands to another module's group: EXTENDS = "analyse".
        target = groups.get(getattr(module, "EXTENDS", ""), root)
        for command in getattr(module, "COMMANDS", ()):
            target.command()(command)
    for name, app in groups.items():
        root.add_typer(app, name=name, help=app.info.help)
    return root


@functools.cache
def _command() -> Any:
    """The root app as one command, built once per process (the build reads every signature)."""
    return typer.main.get_command(build_root())


def run(argv: list[str] | None = None) -> int:
    """Run the CLI on ``argv``; return the exit status instead of exiting."""
    try:
        result = _command().main(args=argv, prog_name="eurasec", standalone_mode=False)
    except EurasecError as exc:
        typer.echo(f"error[{exc.code}]: {exc.message}", err=True)
        return ALERT_EXIT if exc.code in ALERT_CODES else 1
    except Abort:
        typer.echo("aborted", err=True)
        return 1
    except TyperException as exc:  # usage errors: typer's vendored ClickException
        exc.show()  # type: ignore[attr-defined]
        return int(getattr(exc, "exit_code", 2))
    except Exit as exc:
        return int(exc.exit_code)
    finally:
        close_cli_stores()
    return result if isinstance(result, int) else 0
