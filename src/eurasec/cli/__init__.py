"""The ``eurasec`` command: the only package that imports the CLI framework (Typer).

Each module ``eurasec/cli/<group>.py`` that defines ``app`` (a ``typer.Typer``) and ``NAME``
becomes the command group ``eurasec NAME``; the functions in a module's ``COMMANDS`` tuple
become top-level commands, or commands of the group named by the module's ``EXTENDS``
(so two modules can share one group, e.g. ``eurasec analyse``). Errors from the library are mapped
once, here: ``error[code]: message`` on stderr and exit status 1 (3 for an alert: a fork or a
rollback of a log, see ``eurasec.cli._schedule``).

Usage docs: ``docs/reference/cli.md``.
"""

from __future__ import annotations

import sys

__all__ = ["build_app", "main"]


def build_app() -> object:
    """The root Typer app with every command group registered."""
    from eurasec.cli._root import build_root

    return build_root()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``eurasec`` console script."""
    try:
        import typer  # noqa: F401
    except ModuleNotFoundError:
        sys.stderr.write("the eurasec command needs its CLI extra: pip install 'eurasec[cli]'\n")
        raise SystemExit(2) from None
    from eurasec.cli._root import run

    raise SystemExit(run(argv))
