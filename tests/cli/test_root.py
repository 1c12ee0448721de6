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


def test_serve_with_an_unusable_database_is_one_line(cli: Any, tmp_path: Any) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    result = cli("serve", "--db", f"sqlite:///{blocker}/sub/x.db", "--port", "0")
    assert result.exit_code == 1
    assert result.stderr.startswith("error[")
    assert "Traceback" not in result.stderr
