"""The core imports no web or CLI framework (STYLE.md principle 1)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import eurasec

EDGE = ("eurasec.cli", "eurasec.web")
FORBIDDEN = ("fastapi", "starlette", "click", "typer", "uvicorn", "rich")

CORE = sorted(
    m.name
    for m in pkgutil.walk_packages(eurasec.__path__, "eurasec.")
    if not m.name.startswith(EDGE) and ".migrations" not in m.name
)


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_framework(module: str) -> None:
    code = (
        f"import sys, {module}; "
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} pulls in {out.stdout.strip()}"


@pytest.mark.parametrize(
    ("package", "other"),
    [("analysis", "institutions"), ("institutions", "analysis")],
)
def test_analysis_and_institutions_stay_apart(package: str, other: str) -> None:
    """Assessments reach consultations only through the edge (``eurasec.cli._consult``)."""
    import ast
    from pathlib import Path

    root = Path(eurasec.__file__).parent / package
    bad = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            bad += [f"{path.name}: {n}" for n in names if n.startswith(f"eurasec.{other}")]
    assert bad == []
