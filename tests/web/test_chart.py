"""Chart specs: one value per x for every series, finite or missing; the JSON the script reads."""

from __future__ import annotations

import math

import pytest

from eurasec.web.chart import ChartSpec, Series, chart_id


def _spec(values: list[float | None]) -> ChartSpec:
    return ChartSpec(
        id=chart_id("poles", "world"),
        title="Poles",
        kind="line",
        x_label="Year",
        x_values=[2000, 2001, 2002],
        y_label="poles",
        unit="",
        series=[Series("military", "military", values)],
        x_type="year",
    )


def test_spec_and_rows() -> None:
    spec = _spec([1.5, None, 2.0])
    doc = spec.spec()
    assert doc["x"] == {"label": "Year", "type": "year", "values": [2000, 2001, 2002],
                        "verbatim": False}  # fmt: skip
    assert doc["series"] == [{"name": "military", "label": "military", "values": [1.5, None, 2.0]}]
    assert spec.rows() == [(2000, [1.5]), (2001, [None]), (2002, [2.0])]
    assert spec.id == "chart-poles-world"


@pytest.mark.parametrize("values", [[1.0, 2.0], [1.0, math.nan, 2.0], [1.0, math.inf, 2.0]])
def test_a_series_must_fit_its_axis(values: list[float | None]) -> None:
    with pytest.raises(ValueError):
        _spec(values)
