"""Path-traversal-safe file names for exports and imports.

Whenever a name that came from outside (a request, an archive member, a manifest, a record
entry) becomes part of a file path, build the path with :func:`safe_join` or check the name
with :func:`safe_filename`. Both refuse, with :class:`~eurasec.errors.UnsafePath`, anything that
could land outside the intended directory: ``..`` components, absolute paths, drive letters and
backslashes, NUL and other control characters, and (for :func:`safe_join`) symbolic links that
point outside the root.

Usage docs: ``docs/concepts/security.md``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from eurasec.errors import UnsafePath

__all__ = ["MAX_NAME_BYTES", "safe_filename", "safe_join"]

#: Longest file name component accepted, in UTF-8 bytes (the common file-system limit).
MAX_NAME_BYTES = 255

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DRIVE = re.compile(r"^[A-Za-z]:")


def safe_filename(name: str) -> str:
    """``name`` if it is one plain file name component, else :class:`UnsafePath`.

    Example: ``safe_filename("sco-members.csv")`` returns it; ``safe_filename("../x")`` and
    ``safe_filename("a/b")`` raise.
    """
    _check_component(name, name)
    return name


def safe_join(root: str | os.PathLike[str], *parts: str) -> Path:
    """``root`` joined with ``parts`` (``/``-separated relative names), guaranteed inside ``root``.

    Each part may hold several ``/``-separated components (an archive member such as
    ``data/sco.csv``); every component is checked like :func:`safe_filename`. The joined path
    is then resolved, following any symbolic link already on disk, and must still lie under
    the resolved ``root``.
    """
    base = Path(root).resolve()
    pieces: list[str] = []
    for part in parts:
        if not isinstance(part, str) or not part:
            raise UnsafePath(f"empty or non-text path part {part!r}")
        if part.startswith(("/", "\\")) or _DRIVE.match(part):
            raise UnsafePath(f"absolute path {part!r} not allowed here")
        for component in part.split("/"):
            _check_component(component, part)
            pieces.append(component)
    target = base.joinpath(*pieces)
    resolved = target.resolve()
    if resolved != base and base not in resolved.parents:
        raise UnsafePath(f"path {'/'.join(parts)!r} leads outside {base.name or base}")
    return target


def _check_component(component: str, whole: str) -> None:
    if component in {"", ".", ".."}:
        raise UnsafePath(f"path {whole!r} has a {component or 'empty'!r} component")
    if "/" in component or "\\" in component:
        raise UnsafePath(f"path separator in file name {whole!r}")
    if _CONTROL.search(component):
        raise UnsafePath(f"control character in file name {whole!r}")
    if _DRIVE.match(component):
        raise UnsafePath(f"drive letter in file name {whole!r}")
    if len(component.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        raise UnsafePath(f"file name longer than {MAX_NAME_BYTES} bytes")
