"""``eurasec analyse assess|richardson|mediators|backtest``: JSON out, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

MOVE = {"kind": "impose_sanctions", "actor": "USA", "date": "2020-01-01", "targets": ["IRN"]}


def _write(tmp_path: Path, doc: Any, name: str = "doc.json") -> str:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return str(path)


def test_assess_prints_verdict_deltas_losers_and_richardson(cli: Any, tmp_path: Path) -> None:
    result = cli("analyse", "assess", _write(tmp_path, MOVE), "--json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["verdict"] == "divisible"
    assert out["losers"][0]["actor"] == "IRN"
    irn = out["deltas"]["IRN"]["economic"]
    assert irn["value"] < 0 and irn["ci"][1] < 0
    assert irn["unit"] == out["units"]["economic"]
    assert out["vintage"]["model"]["bootstrap_draws"] >= 1
    assert out["reading"]["kind"] in ("forecast", "scenario_indicators")
    assert set(out["richardson"]) >= {"before", "after"}
    assert out["richardson"]["before"]["stable"] in (True, False)


def test_richardson_two_nations(cli: Any, tmp_path: Path) -> None:
    doc = {"K": [[0, 1], [0.5, 0]], "A": [2, 1], "G": [1, 1]}
    result = cli("analyse", "richardson", _write(tmp_path, doc), "--json")
    out = json.loads(result.stdout)
    # x* = (βg + kh)/(αβ − kl) = (1 + 1)/(2 − 0.5); y* = (αh + lg)/(αβ − kl) = (2 + 0.5)/1.5
    assert out["equilibrium"] == pytest.approx([2 / 1.5, 2.5 / 1.5])
    assert out["stable"] is True
    assert all(len(pair) == 2 for pair in out["eigenvalues"])


@pytest.mark.parametrize(
    ("args", "doc", "message"),
    [
        (("assess",), "{not json", "error[validation_failed]: the move is not valid JSON"),
        (("assess",), {**MOVE, "kind": "invade"}, "error[validation_failed]: invalid move"),
        (("assess",), {**MOVE, "targets": ["XQZ"]}, "error[not_found]: unknown actor 'XQZ'"),
        (("richardson",), {"K": [[0, 1]], "A": [1], "G": [1]}, "error[analysis_error]"),
        (("richardson",), {"K": [[0, 1], [1, 0]], "A": [1, 1], "G": [1, 1]}, "singular"),
        (("richardson",), [1, 2], "error[invalid_input]: PARAMS must be"),
    ],
)
def test_bad_input_is_one_line_without_traceback(
    cli: Any, tmp_path: Path, args: tuple[str, ...], doc: Any, message: str
) -> None:
    result = cli("analyse", *args, _write(tmp_path, doc), "--json")
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_mediators_ranks_candidates_with_channels_to_both(cli: Any) -> None:
    result = cli("analyse", "mediators", "ARM", "AZE", "--as-of", "2014-06-01", "--json")
    out = json.loads(result.stdout)
    assert out["a"] == "ARM" and out["b"] == "AZE"
    assert any(c["format"] == "osce" for c in out["channels"])
    scores = [c["score"] for c in out["candidates"]]
    assert scores == sorted(scores, reverse=True) and len(scores) == 10
    assert all(c["channels_with_a"] and c["channels_with_b"] for c in out["candidates"])
    assert {"ARM", "AZE"}.isdisjoint(c["actor"] for c in out["candidates"])


def test_mediators_unknown_actor(cli: Any) -> None:
    result = cli("analyse", "mediators", "ARM", "AZZ")
    assert result.exit_code == 1
    assert "unknown actor 'AZZ'; did you mean" in result.stderr
