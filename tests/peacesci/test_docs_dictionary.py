"""The data dictionary documents every covariate and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from eurasec.peacesci import COVARIATES

TEXT = (Path(__file__).parents[2] / "docs" / "data-dictionary.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("cov", COVARIATES, ids=lambda c: c.name)
def test_covariate_is_documented(cov: object) -> None:
    name = cov.name  # type: ignore[attr-defined]
    assert f"| `{name}` |" in TEXT
    for column in cov.columns:  # type: ignore[attr-defined]
        assert column in TEXT
