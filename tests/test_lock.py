"""``requirements.lock`` pins every dependency ``pyproject.toml`` declares, within its range.

When this fails after a dependency was added or changed, refresh the lock with
``bash scripts/lock.sh`` and commit it with the change.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)(?:\s*;\s*(.+))?$")


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = [Requirement(r) for r in project["project"]["dependencies"]]
    extras = project["project"]["optional-dependencies"]
    wanted = [n for n in ("web", "cli", "postgres", "viz", "parquet", "ops") if n in extras]
    reqs += [Requirement(r) for name in wanted for r in extras[name]]
    groups = project["dependency-groups"]
    reqs += [Requirement(r) for g in ("test", "lint") for r in groups[g] if isinstance(r, str)]
    return reqs


def _locked() -> dict[str, str]:
    """Pins that apply on this interpreter (the lock is universal: markers pick one)."""
    env = default_environment()
    pins: dict[str, str] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        m = PIN.match(line.strip())
        if not m:
            continue
        name, version, marker = m.groups()
        if marker:
            from packaging.markers import Marker

            if not Marker(marker).evaluate(env):  # type: ignore[arg-type]
                continue
        pins[canonicalize_name(name)] = version
    return pins


@pytest.mark.parametrize("req", _declared(), ids=str)
def test_every_declared_dependency_is_locked_in_range(req: Requirement) -> None:
    pins = _locked()
    name = canonicalize_name(req.name)
    assert name in pins, f"{req.name} is not in requirements.lock: run bash scripts/lock.sh"
    assert req.specifier.contains(pins[name], prereleases=True), (
        f"requirements.lock pins {req.name}=={pins[name]}, outside {req.specifier}: "
        "run bash scripts/lock.sh"
    )


def test_setup_installs_with_the_lock() -> None:
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert "-c requirements.lock" in setup
