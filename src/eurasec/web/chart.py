"""Chart specs: the data and labels one chart shows, for the ``chart`` macro and ``chart.js``.

A page route builds a :class:`ChartSpec` from what the library returned; the template's
``chart(spec)`` macro (``templates/_charts.html``) renders it as a figure with the full data
in a table (what a reader without JavaScript sees, and what the downloads carry), and
``static/js/chart.js`` draws it at the reader's width with axes, units, hover values, a legend,
a chart/table switch, PNG/SVG/CSV/JSON downloads and a permalink.

Usage docs: ``docs/concepts/web.md``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

__all__ = ["ChartSpec", "Series", "chart_id"]


@dataclass(frozen=True)
class Series:
    """One line (or the bars) of a chart: an id, a reader's label, a value for each x."""

    name: str
    label: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class ChartSpec:
    """Everything a chart shows; ``spec()`` is the JSON the script reads."""

    id: str
    title: str
    kind: Literal["line", "bar"]
    x_label: str
    x_values: Sequence[str | int]
    y_label: str
    unit: str
    series: Sequence[Series]
    x_type: Literal["year", "date", "category"] = "category"
    step: bool = False
    source: str = ""
    #: x values are content (names a party wrote), shown as they are and marked translate="no"
    verbatim: bool = False

    def __post_init__(self) -> None:
        """Every series has one value per x, each finite or missing."""
        for s in self.series:
            if len(s.values) != len(self.x_values):
                raise ValueError(
                    f"series {s.name!r} has {len(s.values)} values for "
                    f"{len(self.x_values)} x values"
                )
            if any(v is not None and not math.isfinite(v) for v in s.values):
                raise ValueError(f"series {s.name!r} has a value that is not finite")

    def spec(self) -> dict[str, Any]:
        """The JSON document ``chart.js`` draws."""
        return {
            "kind": self.kind,
            "title": self.title,
            "x": {
                "label": self.x_label,
                "type": self.x_type,
                "values": list(self.x_values),
                "verbatim": self.verbatim,
            },
            "y": {"label": self.y_label, "unit": self.unit},
            "series": [asdict(s) | {"values": list(s.values)} for s in self.series],
            "step": self.step,
            "source": self.source,
        }

    def rows(self) -> list[tuple[str | int, list[float | None]]]:
        """The full data, one row per x value."""
        return [(x, [s.values[i] for s in self.series]) for i, x in enumerate(self.x_values)]


def chart_id(*parts: str) -> str:
    """An HTML id from ``parts`` (letters, digits and hyphens)."""
    return "chart-" + "-".join(re.sub(r"[^A-Za-z0-9]+", "-", p).strip("-").lower() for p in parts)
