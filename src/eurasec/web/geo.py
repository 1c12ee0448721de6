"""The map of Eurasia: Natural Earth 1:110m countries projected once into SVG paths.

The projection is Lambert azimuthal equal-area centred on Eurasia, so areas compare fairly
(Russia is not inflated as on Mercator) and the antimeridian does not cut Chukotka. Only the
*outlines* (rings) that reach too far round the globe are left out, never a whole country:
France keeps its European outline when French Guiana is dropped. The default viewBox frames
Europe and Asia; a page widens it to show every participant it colours.

Borders of the day: a state that existed on a date is drawn with the outlines of today that
made it up (:data:`COMPOSITION`), so the USSR is Russia and the fourteen other republics
before 26 December 1991, socialist Yugoslavia the seven outlines of its republics and
provinces, Czechoslovakia the Czech Republic and Slovakia. Germany and Yemen before their
unifications are drawn from two parts cut out of today's outline along the former inner
border (``static/geo/historical_parts.geojson``, built by ``scripts/build_historical_geo.py``).
States too small for 1:110m (Andorra, Bahrain, Liechtenstein, the Maldives, Malta, Monaco,
San Marino, Singapore, the Holy See) are drawn as a dot at their ``world_countries`` centre.

Usage docs: ``docs/concepts/web.md``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "CENTRE_LAT",
    "CENTRE_LON",
    "COMPOSITION",
    "DOT_RADIUS",
    "MAX_ANGLE_DEG",
    "SHAPE_SPANS",
    "SVG_WIDTH",
    "MapShape",
    "eurasia_map",
    "outlines",
]

#: Longitude (degrees) at the centre of the projection: the middle of Eurasia.
CENTRE_LON = 80.0
#: Latitude (degrees) at the centre of the projection.
CENTRE_LAT = 47.0
#: An outline (ring) is drawn only if every vertex lies within this angle (degrees) of the
#: centre: far enough to draw Brazil and Bolivia, short of the antipode where the projection
#: tears.
MAX_ANGLE_DEG = 150.0
#: Radius (user units) of the dot that stands for a state too small for the 1:110m outlines.
DOT_RADIUS = 3.0
_USSR = (
    "RUS",
    "ARM",
    "AZE",
    "BLR",
    "EST",
    "GEO",
    "KAZ",
    "KGZ",
    "LVA",
    "LTU",
    "MDA",
    "TJK",
    "TKM",
    "UKR",
    "UZB",
)
#: Registry actor -> ``[(from, until, shape ids)]``: the outlines that draw it on a date
#: (``from`` inclusive, ``until`` exclusive, ``None`` open). Actors not listed are drawn by
#: their own outline.
COMPOSITION: dict[str, list[tuple[date | None, date | None, tuple[str, ...]]]] = {
    "RUS": [(None, date(1991, 12, 26), _USSR), (date(1991, 12, 26), None, ("RUS",))],
    "YUG": [(None, None, ("SVN", "HRV", "BIH", "SRB", "MNE", "MKD", "XKX"))],
    "SRB": [
        (None, date(2006, 6, 3), ("SRB", "MNE", "XKX")),
        (date(2006, 6, 3), date(2008, 2, 17), ("SRB", "XKX")),
        (date(2008, 2, 17), None, ("SRB",)),
    ],
    "CSK": [(None, None, ("CZE", "SVK"))],
    "DEU": [(None, date(1990, 10, 3), ("DEU_WEST",)), (date(1990, 10, 3), None, ("DEU",))],
    "YEM": [(None, date(1990, 5, 22), ("YEM_NORTH",)), (date(1990, 5, 22), None, ("YEM",))],
}
#: Shapes drawn only over a span of dates: united Germany and Yemen, and their parts before.
SHAPE_SPANS: dict[str, tuple[date | None, date | None]] = {
    "DEU": (date(1990, 10, 3), None),
    "DEU_WEST": (None, date(1990, 10, 3)),
    "DDR": (None, date(1990, 10, 3)),
    "YEM": (date(1990, 5, 22), None),
    "YEM_NORTH": (None, date(1990, 5, 22)),
    "YMD": (None, date(1990, 5, 22)),
}
_DOTS = ("AND", "BHR", "LIE", "MDV", "MLT", "MCO", "SGP", "SMR", "VAT")
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
_PARTS = Path(__file__).with_name("static") / "geo" / "historical_parts.geojson"


@dataclass(frozen=True, slots=True)
class MapShape:
    """One outline: its id (ISO alpha-3, a historical part such as ``DDR``, or ``""``).

    ``box`` is the projected bounding box ``(x0, y0, x1, y1)``; ``since``/``until`` the span
    of dates it is drawn (``""`` open).
    """

    iso3: str
    name: str
    path: str
    continent: str
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    since: str = ""
    until: str = ""

    def drawn_on(self, day: date) -> bool:
        """Whether this outline is part of the map on ``day``."""
        return (not self.since or date.fromisoformat(self.since) <= day) and (
            not self.until or day < date.fromisoformat(self.until)
        )


def outlines(actor: str, day: date) -> tuple[str, ...]:
    """The ids of the shapes that draw ``actor`` on ``day`` (see :data:`COMPOSITION`)."""
    for start, end, ids in COMPOSITION.get(actor, ()):
        if (start is None or start <= day) and (end is None or day < end):
            return ids
    return (actor,)


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


def _span(iso: str) -> tuple[str, str]:
    start, end = SHAPE_SPANS.get(iso, (None, None))
    return (start.isoformat() if start else "", end.isoformat() if end else "")


def _shape(
    iso: str, name: str, continent: str, rings: list[list[list[float]]], place: Any
) -> MapShape | None:
    """The shape of the rings that lie within reach; ``None`` when none does."""
    limit = math.cos(math.radians(MAX_ANGLE_DEG))
    parts: list[str] = []
    xs: list[float] = []
    ys: list[float] = []
    for ring in rings:
        points = [_project(lon, lat) for lon, lat in ring]
        if any(c < limit for _, _, c in points):
            continue  # this outline only (French Guiana), never the whole country
        placed = [place(x, y) for x, y, _ in points]
        xs += [x for x, _ in placed]
        ys += [y for _, y in placed]
        parts.append("M" + " ".join(f"{x:.1f},{y:.1f}" for x, y in placed) + "Z")
    if not parts:
        return None
    box = (min(xs), min(ys), max(xs), max(ys))
    return MapShape(iso, name, "".join(parts), continent, box, *_span(iso))


def _dots(place: Any) -> list[MapShape]:
    """A small circle for each state too small for 1:110m, at its ``world_countries`` centre."""
    from eurasec import datasets

    wc = datasets.load("world_countries").set_index("cca3")
    out = []
    for iso in _DOTS:
        lat, lon = (float(v) for v in str(wc.loc[iso, "latlng"]).split(","))
        x, y = place(*_project(lon, lat)[:2])
        r = DOT_RADIUS
        path = f"M{x - r:.1f},{y:.1f}a{r},{r} 0 1,0 {2 * r},0a{r},{r} 0 1,0 {-2 * r},0Z"
        name = str(wc.loc[iso, "name.common"])
        out.append(MapShape(iso, name, path, "", (x - r, y - r, x + r, y + r)))
    return out


@cache
def eurasia_map() -> tuple[tuple[MapShape, ...], tuple[float, float, float, float]]:
    """Every drawable outline as an SVG path, and the default viewBox ``(x, y, w, h)``."""
    frame = [_project(lon, lat)[:2] for lon, lat in _FRAME]
    x0, x1 = min(p[0] for p in frame), max(p[0] for p in frame)
    y0, y1 = min(p[1] for p in frame), max(p[1] for p in frame)
    scale = SVG_WIDTH / (x1 - x0)

    def place(x: float, y: float) -> tuple[float, float]:
        return (x - x0) * scale, (y - y0) * scale

    shapes: list[MapShape] = []
    features = json.loads(_GEOJSON.read_text(encoding="utf-8"))["features"]
    features += json.loads(_PARTS.read_text(encoding="utf-8"))["features"]
    for feature in features:
        props = feature["properties"]
        iso = props.get("iso_a3") or props.get("id") or ""
        name = props.get("name") or iso
        made = _shape(iso, name, props.get("continent") or "", _rings(feature["geometry"]), place)
        if made is not None:
            shapes.append(made)
    shapes += _dots(place)
    box = (0.0, 0.0, SVG_WIDTH, round((y1 - y0) * scale, 1))
    return tuple(shapes), box
