"""Every rule and every act type is documented on the concepts page."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from eurasec.institutions import ACT_TYPES
from eurasec.institutions.parameters import Rules

PAGE = (Path(__file__).parents[2] / "docs" / "concepts" / "institutions.md").read_text()


@pytest.mark.parametrize("name", [f.name for f in fields(Rules)])
def test_rule_documented(name: str) -> None:
    assert f"`{name}`" in PAGE


@pytest.mark.parametrize("act", sorted(ACT_TYPES))
def test_act_documented(act: str) -> None:
    assert f"`{act}`" in PAGE or f"`{act} " in PAGE
