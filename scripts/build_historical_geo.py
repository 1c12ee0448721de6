"""Split today's Germany and Yemen outlines into the states of before 1990.

Usage (from the repository root; needs ``shapely``, a build-time tool only)::

    python scripts/build_historical_geo.py          # write the file
    python scripts/build_historical_geo.py --check  # exit 1 if it is stale

It cuts the Natural Earth 1:110m outlines of Germany (DEU) and Yemen (YEM) shipped in
``src/eurasec/web/static/geo/countries_110m.geojson`` along the former inner borders given
below, and writes ``historical_parts.geojson`` beside it with four features: ``DEU_WEST``
(the Federal Republic before 3 October 1990), ``DDR``, ``YEM_NORTH`` (the Yemen Arab Republic
before 22 May 1990) and ``YMD``. The border lines are approximations at the scale of the map
(about ±20 km), read from standard atlases of the inner German border (1949-1990) and of the
YAR-PDRY line (1967-1990); West Berlin is too small for 1:110m and is not drawn apart.
Every other historical state is composed of whole current outlines (``eurasec.web.geo``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from shapely.geometry import LineString, mapping, shape
from shapely.ops import split

GEO = Path(__file__).resolve().parents[1] / "src" / "eurasec" / "web" / "static" / "geo"

#: Inner German border, north (offshore in the Baltic) to south (inside Czechia), lon/lat.
INNER_GERMAN_BORDER = [
    (10.95, 55.20),
    (10.90, 54.30),
    (10.88, 53.96),
    (10.76, 53.70),
    (10.60, 53.45),
    (10.57, 53.37),
    (11.20, 53.12),
    (11.57, 53.04),
    (11.20, 52.90),
    (10.95, 52.62),
    (10.95, 52.40),
    (11.01, 52.23),
    (10.70, 51.95),
    (10.55, 51.70),
    (10.20, 51.45),
    (10.05, 51.20),
    (10.17, 51.00),
    (9.95, 50.84),
    (10.05, 50.55),
    (10.45, 50.35),
    (10.80, 50.38),
    (11.30, 50.40),
    (11.60, 50.40),
    (11.92, 50.40),
    (12.10, 50.32),
    (12.40, 50.00),
]
#: The YAR-PDRY line, south-west (in the Red Sea off Bab el-Mandeb) to north-east (in Saudi
#: Arabia), lon/lat.
YEMEN_LINE = [
    (43.20, 12.85),
    (43.45, 12.95),
    (43.75, 13.10),
    (44.25, 13.35),
    (44.75, 13.75),
    (45.40, 13.85),
    (45.90, 14.25),
    (46.40, 14.75),
    (46.80, 15.40),
    (47.00, 16.50),
    (47.30, 17.80),
]


def _parts(iso: str, line: list[tuple[float, float]], names: tuple[str, str]) -> list[dict]:
    features = json.loads((GEO / "countries_110m.geojson").read_text(encoding="utf-8"))
    outline = shape(
        next(f for f in features["features"] if f["properties"]["iso_a3"] == iso)["geometry"]
    )
    pieces = sorted(split(outline, LineString(line)).geoms, key=lambda g: g.area, reverse=True)
    a, b = pieces[0], pieces[1]
    # the Federal Republic and the Yemen Arab Republic are the western parts
    first, second = (a, b) if a.centroid.x < b.centroid.x else (b, a)
    return [
        {
            "type": "Feature",
            "properties": {"id": names[0], "of": iso},
            "geometry": _round(mapping(first)),
        },
        {
            "type": "Feature",
            "properties": {"id": names[1], "of": iso},
            "geometry": _round(mapping(second)),
        },
    ]


def _round(geom: dict) -> dict:
    def r(c):
        return [round(c[0], 4), round(c[1], 4)]

    if geom["type"] == "Polygon":
        return {
            "type": "Polygon",
            "coordinates": [[r(c) for c in ring] for ring in geom["coordinates"]],
        }
    return {
        "type": "MultiPolygon",
        "coordinates": [[[r(c) for c in ring] for ring in poly] for poly in geom["coordinates"]],
    }


def build() -> str:
    """The file's text."""
    features = _parts("DEU", INNER_GERMAN_BORDER, ("DEU_WEST", "DDR"))
    features += _parts("YEM", YEMEN_LINE, ("YEM_NORTH", "YMD"))
    return json.dumps({"type": "FeatureCollection", "features": features}) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) ``historical_parts.geojson``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    path = GEO / "historical_parts.geojson"
    text = build()
    if args.check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            sys.stderr.write("stale: historical_parts.geojson\n")
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
