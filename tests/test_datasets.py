from __future__ import annotations

import gzip
import hashlib
from importlib import resources

import pytest

from eurasec import datasets
from eurasec.errors import NotFound


@pytest.mark.parametrize("name", datasets.names())
def test_shipped_file_matches_manifest(name: str) -> None:
    meta = datasets.info(name)
    raw = gzip.decompress(
        resources.files("eurasec.datasets").joinpath("files", meta["file"]).read_bytes()
    )
    assert hashlib.sha256(raw).hexdigest() == meta["sha256"]
    assert meta["source"] and meta["licence"]


def test_load_returns_a_copy() -> None:
    a = datasets.load("cow_majors")
    a.loc[:, "ccode"] = -1
    assert (datasets.load("cow_majors")["ccode"] > 0).all()


def test_known_facts() -> None:
    nmc = datasets.load("cow_nmc")
    assert len(nmc) == datasets.info("cow_nmc")["rows"] == 17121
    assert set(datasets.load("cow_majors")["stateabb"]) >= {"USA", "RUS", "CHN", "UKG", "FRN"}


def test_unknown_dataset() -> None:
    with pytest.raises(NotFound, match="did you mean cow_nmc"):
        datasets.load("cow_nmcc")
