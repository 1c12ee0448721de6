from __future__ import annotations

from pathlib import Path

import pytest

from eurasec.errors import ERROR_CODES, EurasecError, InputError, NotFound, suggest

DOCS = Path(__file__).parents[1] / "docs" / "errors.md"


def test_not_found_suggests_closest_ids() -> None:
    err = NotFound("organisation", "SOC", ["SCO", "CSTO", "EAEU", "NATO"])
    assert err.code == "not_found"
    assert err.message.startswith("unknown organisation 'SOC'; did you mean SCO")


def test_suggest_is_case_insensitive_and_empty_for_nonsense() -> None:
    assert suggest("nato", ["NATO", "EU"])[0] == "NATO"
    assert suggest("zzzzzzzz", ["NATO", "EU"]) == []


def test_undocumented_code_is_refused() -> None:
    with pytest.raises(ValueError, match="undocumented error code"):
        EurasecError("x", code="no_such_code")


def test_message_is_one_line() -> None:
    assert InputError("bad\nthing  here").message == "bad thing here"


def test_problem_json_and_status() -> None:
    err = NotFound("treaty", "INFF", ["INF"])
    assert err.http_status == 404
    assert err.to_problem()["code"] == "not_found"


@pytest.mark.parametrize("code", sorted(ERROR_CODES))
def test_every_code_is_documented(code: str) -> None:
    assert f"`{code}`" in DOCS.read_text(encoding="utf-8")
