"""Export the log so anyone can check it with their own code.

``DIR/entries.jsonl`` holds one JSON object per line, ``{"index": i, "leaf": base64}``, where
``leaf`` is the exact bytes that were leaf-hashed; ``DIR/checkpoint`` holds the latest signed
checkpoint note. SHA-256(0x00 ‖ leaf) for each line, folded as RFC 9162 says, gives the root
in the checkpoint.

Usage docs: ``docs/formats.md``.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from eurasec.errors import InputError
from eurasec.record.checkpoint import latest_checkpoint
from eurasec.record.schema import record_entry
from eurasec.storage import Store

__all__ = ["EXPORT_CHUNK", "ExportReport", "export_log"]

#: Entries read per query while exporting.
EXPORT_CHUNK = 5000


@dataclass(frozen=True)
class ExportReport:
    """What was written where."""

    directory: str
    entries: int
    checkpoint: bool


def _safe_target(directory: Path, name: str) -> Path:
    target = directory / name
    if target.is_symlink():
        raise InputError(f"refusing to write through the symbolic link {target}")
    return target


def export_log(store: Store, directory: str | Path) -> ExportReport:
    """Write ``entries.jsonl`` and ``checkpoint`` into ``directory`` (created if needed).

    Paths with ``..`` components are refused (no traversal out of where the caller pointed),
    and so are existing symbolic links in place of either file.
    """
    raw = Path(directory)
    if ".." in raw.parts:
        raise InputError(f"export directory {str(directory)!r} must not contain '..'")
    if raw.exists() and not raw.is_dir():
        raise InputError(f"{raw} exists and is not a directory")
    if raw.is_symlink():
        raise InputError(f"refusing to export into the symbolic link {raw}")
    raw.mkdir(parents=True, exist_ok=True)
    entries_path = _safe_target(raw, "entries.jsonl")
    checkpoint_path = _safe_target(raw, "checkpoint")
    tmp = raw / ".entries.jsonl.tmp"
    count = 0
    with store.connect() as conn, tmp.open("w", encoding="ascii") as out:
        note = latest_checkpoint(conn)
        start = 0
        while True:
            rows = conn.execute(
                select(record_entry.c.idx, record_entry.c.leaf)
                .where(record_entry.c.idx >= start)
                .order_by(record_entry.c.idx)
                .limit(EXPORT_CHUNK)
            ).all()
            if not rows:
                break
            for idx, leaf in rows:
                out.write(json.dumps({"index": int(idx), "leaf": base64.b64encode(leaf).decode()}))
                out.write("\n")
            count += len(rows)
            start = int(rows[-1][0]) + 1
    os.replace(tmp, entries_path)
    if note is not None:
        checkpoint_path.write_text(note, encoding="utf-8")
    return ExportReport(str(raw), count, note is not None)
