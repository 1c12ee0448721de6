"""Write a state-year or dyad-year table to CSV or Parquet (chosen by the file suffix)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from eurasec.errors import ConfigurationError, InputError

__all__ = ["FORMATS", "write_table"]

#: File suffixes :func:`write_table` understands.
FORMATS = (".csv", ".parquet")


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` to ``path`` (``.csv`` or ``.parquet``, which needs ``eurasec[parquet]``)."""
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"cannot write {str(out)!r}: unknown suffix {suffix or '(none)'!r}; "
            f"use one of {', '.join(FORMATS)}"
        )
    if not out.parent.exists():
        raise InputError(f"cannot write {str(out)!r}: folder {str(out.parent)!r} does not exist")
    if suffix == ".csv":
        frame.to_csv(out, index=False)
        return out
    try:
        import pyarrow  # noqa: F401
    except ModuleNotFoundError:
        raise ConfigurationError(
            "writing Parquet needs pyarrow: pip install 'eurasec[parquet]'"
        ) from None
    frame.to_parquet(out, index=False)
    return out
