"""Every SQL statement is parameterised: no query text is built by string formatting.

The check reads the syntax tree of every module under ``src/eurasec`` and flags a call to a
raw-SQL entry point (``text``, ``literal_column``, ``exec_driver_sql``, ``execute``,
``executescript``) whose SQL argument is an f-string, a ``%`` or ``+`` expression, or a
``.format(...)`` call; an f-string of UPPER_CASE module constants only is fine. The few
statements that must interpolate (a PRAGMA value checked against a fixed set) are listed in
:data:`ALLOWED` with the reason; an entry that no longer matches anything fails too, so the
list cannot go stale. The runtime side (hostile ids through every route come back as clean
4xx) is ``tests/web/test_hostile_input.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src" / "eurasec"
SQL_CALLS = {
    *("text", "literal_column", "exec_driver_sql", "execute", "executescript"),
    *("raw_query", "raw_many"),
}

#: (file relative to src/eurasec, enclosing function) -> why formatting is safe there.
ALLOWED: dict[tuple[str, str], str] = {
    ("storage/engine.py", "_on_connect"): "PRAGMA synchronous value checked against a fixed set",
    ("storage/raw.py", "raw_many"): "the caller's constant INSERT with its placeholder tuple "
    "repeated once per row (and its constant ON CONFLICT clause after them); every value is bound",
}


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def _is_constant_name(node: ast.expr) -> bool:
    """A module constant (``_PG_LOCK_KEY``): never user input, so safe to interpolate."""
    return isinstance(node, ast.Name) and node.id.lstrip("_").isupper()


def _is_formatted(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(v, ast.FormattedValue) and not _is_constant_name(v.value)
            for v in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return _has_str(node.left) or _has_str(node.right)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"format", "format_map", "join"}
        and _has_str(node.func.value)
    )


def _has_str(node: ast.expr) -> bool:
    return any(
        (isinstance(n, ast.Constant) and isinstance(n.value, str)) or isinstance(n, ast.JoinedStr)
        for n in ast.walk(node)
    )


def formatted_sql(path: Path) -> list[tuple[str, int]]:
    """(enclosing function, line) of each raw-SQL call with a formatted SQL argument."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = where
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = child.name
            if (
                isinstance(child, ast.Call)
                and _callee(child) in SQL_CALLS
                and child.args
                and _is_formatted(child.args[0])
            ):
                found.append((name, child.lineno))
            visit(child, name)

    visit(tree, "<module>")
    return found


def _all_findings() -> dict[tuple[str, str], list[int]]:
    out: dict[tuple[str, str], list[int]] = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        for func, line in formatted_sql(path):
            out.setdefault((rel, func), []).append(line)
    return out


def test_no_sql_is_built_by_string_formatting() -> None:
    bad = {k: v for k, v in _all_findings().items() if k not in ALLOWED}
    assert not bad, "SQL built by string formatting (use bound parameters): " + "; ".join(
        f"{file}:{lines} in {func}()" for (file, func), lines in sorted(bad.items())
    )


@pytest.mark.parametrize("key", sorted(ALLOWED))
def test_every_allowed_formatting_still_exists(key: tuple[str, str]) -> None:
    assert key in _all_findings(), f"stale ALLOWED entry {key}: remove it"


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("conn.execute(text(f'SELECT * FROM t WHERE id = {x}'))", True),
        ("conn.exec_driver_sql('DELETE FROM t WHERE id = %s' % x)", True),
        ("conn.execute(text('SELECT * FROM t WHERE id = ' + x))", True),
        ("conn.execute(text('SELECT {}'.format(x)))", True),
        ("conn.execute(text('SELECT * FROM t WHERE id = :id'), {'id': x})", False),
        ("conn.execute(select(t).where(t.c.id == x))", False),
        ("conn.exec_driver_sql('SELECT 1')", False),
        ("conn.exec_driver_sql(f'SELECT pg_advisory_xact_lock({_LOCK_KEY})')", False),
        ("conn.exec_driver_sql(f'SELECT pg_advisory_xact_lock({key})')", True),
    ],
)
def test_the_checker_catches_formatting(tmp_path: Path, source: str, flagged: bool) -> None:
    module = tmp_path / "m.py"
    module.write_text(f"def f(conn, x):\n    {source}\n", encoding="utf-8")
    assert bool(formatted_sql(module)) is flagged
