from __future__ import annotations

from typing import Any


def test_help_lists_serve(cli: Any) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    assert "serve" in result.stdout


def test_unknown_command_fails_cleanly(cli: Any) -> None:
    result = cli("no-such-command")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
