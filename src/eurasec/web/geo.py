"""The map of Eurasia: Natural Earth 1:110m countries projected once into SVG paths.

The projection is Lambert azimuthal equal-area centred on Eurasia, so areas compare fairly
(Russia is not inflated as on Mercator) and the antimeridian does not cut Chukotka. Countries
whose outline reaches too far round the globe are left out; the viewBox frames Europe and Asia.

Usage docs: ``docs/concepts/web.md``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["CENTRE_LAT", "CENTRE_LON", "MAX_ANGLE_DEG", "SVG_WIDTH", "MapShape", "eurasia_map"]

#: Longitude (degrees) at the centre of the projection: the middle of Eurasia.
CENTRE_LON = 80.0
#: Latitude (degrees) at the centre of the projection.
CENTRE_LAT = 47.0
#: A country is drawn only if every vertex lies within this angle (degrees) of the centre.
MAX_ANGLE_DEG = 105.0
#: Width of the SVG viewBox in user units; the height follows from the frame.
SVG_WIDTH = 1000.0
#: The frame (lon/lat corners sampled) that the viewBox must show: Iceland to Kamchatka,
#: the Arctic coast to Indonesia.
_FRAME = (
    (-25.0, 35.0),
    (-10.0, 72.0),
    (40.0, 80.0),
    (180.0, 68.0),
    (160.0, 45.0),
    (125.0, -10.0),
    (95.0, -10.0),
    (40.0, 10.0),
    (-17.0, 15.0),
)

_GEOJSON = Path(__file__).with_name("static") / "geo" / "countries_110m.geojson"


@dataclass(frozen=True, slots=True)
class MapShape:
    """One country outline: its ISO alpha-3 code (or ``""``), English name and SVG path."""

    iso3: str
    name: str
    path: str
    continent: str


def _project(lon: float, lat: float) -> tuple[float, float, float]:
    """Lambert azimuthal equal-area: (x, y, cos c) with c the angle from the centre."""
    lam, phi = math.radians(lon - CENTRE_LON), math.radians(lat)
    phi0 = math.radians(CENTRE_LAT)
    cos_c = math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    k = math.sqrt(2.0 / max(1.0 + cos_c, 1e-9))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, -y, cos_c


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


@cache
def eurasia_map() -> tuple[tuple[MapShape, ...], tuple[float, float, float, float]]:
    """Every drawable country as an SVG path, and the viewBox ``(x, y, width, height)``."""
    frame = [_project(lon, lat)[:2] for lon, lat in _FRAME]
    x0, x1 = min(p[0] for p in frame), max(p[0] for p in frame)
    y0, y1 = min(p[1] for p in frame), max(p[1] for p in frame)
    scale = SVG_WIDTH / (x1 - x0)
    limit = math.cos(math.radians(MAX_ANGLE_DEG))
    shapes: list[MapShape] = []
    for feature in json.loads(_GEOJSON.read_text(encoding="utf-8"))["features"]:
        props = feature["properties"]
        parts: list[str] = []
        visible = True
        for ring in _rings(feature["geometry"]):
            points = [_project(lon, lat) for lon, lat in ring]
            if any(c < limit for _, _, c in points):
                visible = False
                break
            coords = " ".join(
                f"{(x - x0) * scale:.1f},{(y - y0) * scale:.1f}" for x, y, _ in points
            )
            parts.append(f"M{coords}Z")
        if visible and parts:
            shapes.append(
                MapShape(
                    props.get("iso_a3") or "",
                    props["name"],
                    "".join(parts),
                    props.get("continent") or "",
                )
            )
    box = (0.0, 0.0, SVG_WIDTH, round((y1 - y0) * scale, 1))
    return tuple(shapes), box
