"""``eurasec.pathsafe``: names from outside never lead out of their directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasec.errors import UnsafePath
from eurasec.pathsafe import safe_filename, safe_join

HOSTILE = [
    "../secret",
    "a/../../secret",
    "..",
    ".",
    "",
    "/etc/passwd",
    "\\\\server\\share",
    "C:\\Windows\\win.ini",
    "c:evil",
    "ok\x00.csv",
    "ok\n.csv",
    "a\\..\\..\\b",
    "x" * 256,
    "data/./x",
    "data//x",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsafePath) as err:
        safe_join(tmp_path, name)
    assert err.value.code == "unsafe_path"
    assert err.value.http_status == 422


@pytest.mark.parametrize("name", ["sco.csv", "data/sco-2024.csv", "Ünïcode ☃.json", "a b/c"])
def test_plain_names_join_inside_root(tmp_path: Path, name: str) -> None:
    target = safe_join(tmp_path, name)
    assert target.resolve().is_relative_to(tmp_path.resolve())


def test_symlink_pointing_outside_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath, match="leads outside"):
        safe_join(root, "link/file.csv")
    (root / "inner").mkdir()
    (root / "ok").symlink_to(root / "inner", target_is_directory=True)
    assert safe_join(root, "ok/file.csv").parent.name == "ok"


@pytest.mark.parametrize("name", ["a/b", "..", "x\x00", "c:x", ""])
def test_safe_filename_is_one_component(name: str) -> None:
    with pytest.raises(UnsafePath):
        safe_filename(name)
    assert safe_filename("members.json") == "members.json"


@given(st.lists(st.text(min_size=0, max_size=40), min_size=1, max_size=4))
def test_any_parts_either_refused_or_inside_root(parts: list[str]) -> None:
    root = Path("/tmp/eurasec-pathsafe-root")
    try:
        target = safe_join(root, *parts)
    except UnsafePath:
        return
    resolved = target.resolve()
    assert resolved == root.resolve() or root.resolve() in resolved.parents
    assert ".." not in target.relative_to(root.resolve()).parts


@given(st.text(alphabet=st.sampled_from("./\\a:\x00"), min_size=1, max_size=12))
def test_traversal_alphabet_never_escapes(name: str) -> None:
    root = Path("/tmp/eurasec-pathsafe-root")
    try:
        target = safe_join(root, name)
    except UnsafePath:
        return
    assert root.resolve() in target.resolve().parents
