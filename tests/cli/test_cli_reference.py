"""Every command is in the generated CLI reference and has an example (STYLE.md 2 and 12)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer

from eurasec.cli._root import build_root

REFERENCE = Path(__file__).parents[2] / "docs" / "reference" / "cli.md"


def _leaves(command: Any, path: list[str]) -> list[tuple[str, Any]]:
    subs = getattr(command, "commands", None)
    if not subs:
        return [(" ".join(path), command)]
    return [leaf for name in sorted(subs) for leaf in _leaves(subs[name], [*path, name])]


COMMANDS = _leaves(typer.main.get_command(build_root()), ["eurasec"])


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_is_in_the_reference_with_an_example(path: str, command: Any) -> None:
    assert f"## `{path}`" in REFERENCE.read_text(encoding="utf-8"), (
        "run python scripts/cli_reference.py"
    )
    assert "Example:" in (command.help or ""), f"{path} has no Example: block in its docstring"
