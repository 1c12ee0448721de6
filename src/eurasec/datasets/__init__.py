"""The raw datasets eurasec ships, with their provenance (``files/MANIFEST.json``).

The files are gzipped, byte-identical copies of ``../shared/data`` rebuilt by
``scripts/build_datasets.py``; sources, citations and terms are in ``docs/data-sources.md``.

>>> from eurasec import datasets
>>> nmc = datasets.load("cow_nmc")
>>> int(nmc["year"].max())
2022

Usage docs: ``docs/data-sources.md``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, TypedDict

import pandas as pd

from eurasec.errors import NotFound

__all__ = ["DatasetInfo", "info", "load", "names"]


class DatasetInfo(TypedDict):
    """Provenance of one shipped dataset."""

    file: str
    original: str
    source: str
    licence: str
    rows: int
    sha256: str


@cache
def _manifest() -> dict[str, DatasetInfo]:
    text = resources.files(__name__).joinpath("files", "MANIFEST.json").read_text("utf-8")
    data: dict[str, DatasetInfo] = json.loads(text)
    return data


def names() -> list[str]:
    """The names of every shipped dataset."""
    return sorted(_manifest())


def info(name: str) -> DatasetInfo:
    """Provenance of dataset ``name`` (source, licence, rows, checksum of the original)."""
    manifest = _manifest()
    if name not in manifest:
        raise NotFound("dataset", name, manifest)
    return manifest[name]


@cache
def _read(name: str) -> pd.DataFrame:
    meta = info(name)
    with resources.as_file(resources.files(__name__).joinpath("files", meta["file"])) as path:
        sep = "\t" if meta["original"].endswith(".tsv") else ","
        return pd.read_csv(path, sep=sep, compression="gzip", low_memory=False)


def load(name: str, **_: Any) -> pd.DataFrame:
    """A fresh copy of dataset ``name`` as a DataFrame (parsed once per process)."""
    return _read(name).copy()
