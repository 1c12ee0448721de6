"""Charts of polarity over time by domain (matplotlib, Agg backend, imported lazily).

Needs the ``viz`` extra (``pip install 'eurasec[viz]'``); the rest of eurasec does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from eurasec.analysis.polarity import polarity_series
from eurasec.analysis.power import Indicator
from eurasec.errors import ConfigurationError, InputError

__all__ = ["CHART_FORMATS", "plot_polarity"]

#: Image formats :func:`plot_polarity` writes, by file suffix.
CHART_FORMATS = (".png", ".svg")


def plot_polarity(
    start: int,
    end: int,
    path: str | Path,
    *,
    scope: str = "world",
    indicators: Sequence[Indicator] = (),
) -> Path:
    """Plot the effective number of poles per domain (top) and asynchrony (bottom) to ``path``."""
    out = Path(path)
    if out.suffix.lower() not in CHART_FORMATS:
        raise InputError(
            f"cannot write chart {str(out)!r}: use a {' or '.join(CHART_FORMATS)} file name"
        )
    series = polarity_series(start, end, scope=scope, indicators=indicators)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ModuleNotFoundError:
        raise ConfigurationError("charts need matplotlib: pip install 'eurasec[viz]'") from None
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 7), sharex=True, height_ratios=[3, 1])
    for domain, group in series.groupby("domain", sort=False):
        axis = bottom if domain == "asynchrony" else top
        axis.plot(group["year"], group["effective_poles"], label=str(domain), linewidth=1.4)
    top.set_ylabel("effective number of poles (1/Σs²)")
    top.set_title(f"Polarity by domain, {start}–{end} ({scope})")
    top.legend(loc="upper left", fontsize="small")
    top.grid(alpha=0.3)
    bottom.set_ylabel("asynchrony\n(sd of ln N)")
    bottom.set_xlabel("year")
    bottom.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, format=out.suffix.lower().lstrip("."))
    plt.close(fig)
    return out
