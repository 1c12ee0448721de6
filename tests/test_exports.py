"""Every module declares ``__all__`` and the package exports exactly its public names."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import eurasec

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(eurasec.__path__, "eurasec.")
    if ".migrations" not in m.name and not m.name.rsplit(".", 1)[-1].startswith("_")
)


def test_package_all_matches_public_names() -> None:
    public = {n for n in vars(eurasec) if not n.startswith("_")} - {"annotations"}
    modules = {n for n in public if type(getattr(eurasec, n)).__name__ == "module"}
    assert set(eurasec.__all__) - {"__version__"} == public - modules


@pytest.mark.parametrize("name", MODULES)
def test_module_declares_all(name: str) -> None:
    module = importlib.import_module(name)
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    for export in module.__all__:
        assert hasattr(module, export), f"{name}.__all__ names missing {export}"
