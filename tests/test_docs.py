"""The docs cover every setting (STYLE.md principle 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eurasec.settings import Settings

DOCS = Path(__file__).parents[1] / "docs"


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_documented(field: str) -> None:
    text = (DOCS / "reference" / "settings.md").read_text(encoding="utf-8")
    assert f"`EURASEC_{field.upper()}`" in text
