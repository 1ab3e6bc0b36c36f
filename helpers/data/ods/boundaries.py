"""Reader of the ONS boundary files (GeoJSON FeatureCollections in WGS84 longitude/latitude).

:func:`read_boundaries` checks a file strictly and returns one dict per feature (``ons_code``,
``name``, ``geometry``: the GeoJSON geometry as published). Problems name the file, the feature
(as the row, counted from 1), the property or ``geometry``, and what is wrong. Geometry stays
plain GeoJSON here: the derivation (:mod:`helpers.data.derive.maps`) turns it into shapes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..schema import DataError, Problem
from .fields import _label

#: The boundary files: key -> (file under the raw folder, code property, name property, code pattern)
BOUNDARY_FILES = {
    "ccg_2021": ("boundaries/Clinical_Commissioning_Groups_(April_2021)_EN_BUC.geojson", "CCG21CD", "CCG21NM", r"^E38[0-9]{6}$"),
    "icb_2023": ("boundaries/Integrated_Care_Boards_April_2023_EN_BSC.geojson", "ICB23CD", "ICB23NM", r"^E54[0-9]{6}$"),
    "sub_icb_2023": ("boundaries/Sub_ICB_Locations_April_2023_EN_BSC.geojson", "SICBL23CD", "SICBL23NM", r"^E38[0-9]{6}$"),
    "region_2024": ("boundaries/NHS_England_Regions_January_2024_EN_BSC.geojson", "NHSER24CD", "NHSER24NM", r"^E40[0-9]{6}$"),
}
#: Coordinate reference systems that mean WGS84 longitude, latitude
WGS84 = ("urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4326", "urn:ogc:def:crs:EPSG::4326")
#: England lies inside this box (longitude, latitude); a point outside it is a wrong axis order or CRS
ENGLAND_BOX = (-7.0, 49.5, 2.5, 56.0)


def _ring_problem(ring) -> str | None:
    if not isinstance(ring, list) or len(ring) < 4:
        return "a ring has fewer than 4 positions"
    for pos in ring:
        if not (isinstance(pos, list) and len(pos) >= 2 and all(isinstance(v, (int, float)) for v in pos[:2])):
            return f"position {str(pos)[:40]} is not [longitude, latitude]"
        lon, lat = pos[0], pos[1]
        if not (ENGLAND_BOX[0] <= lon <= ENGLAND_BOX[2] and ENGLAND_BOX[1] <= lat <= ENGLAND_BOX[3]):
            return f"position ({lon}, {lat}) is outside England (longitude/latitude swapped, or not WGS84)"
    if ring[0][:2] != ring[-1][:2]:
        return "a ring is not closed (first and last positions differ)"
    return None


def geometry_problem(geom) -> str | None:
    """Why a GeoJSON geometry is not a usable Polygon or MultiPolygon, or None."""
    if not isinstance(geom, dict) or geom.get("type") not in ("Polygon", "MultiPolygon"):
        return f"geometry type is {geom.get('type') if isinstance(geom, dict) else geom!r}, not Polygon or MultiPolygon"
    coords = geom.get("coordinates")
    polygons = [coords] if geom["type"] == "Polygon" else coords
    if not isinstance(polygons, list) or not polygons:
        return "geometry has no coordinates"
    for poly in polygons:
        if not isinstance(poly, list) or not poly:
            return "a polygon has no rings"
        for ring in poly:
            problem = _ring_problem(ring)
            if problem:
                return problem
    return None


def read_feature_collection(path, label: str, missing_hint: str = "") -> dict:
    """A GeoJSON FeatureCollection read strictly (UTF-8 JSON, a ``features`` list), or DataError."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem(label, None, None, None, "file not found" + missing_hint)]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError([Problem(label, None, None, None, f"not readable as UTF-8 JSON: {exc}")]) from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise DataError([Problem(label, None, None, None, "not a GeoJSON FeatureCollection")])
    return doc


def read_boundaries(path, code_key: str, name_key: str, code_pattern: str) -> list[dict]:
    """Read one ONS boundary GeoJSON file: ``[{"ons_code", "name", "geometry"}]`` in file order."""
    path = Path(path)
    label = _label(path)
    doc = read_feature_collection(path, label)
    crs = ((doc.get("crs") or {}).get("properties") or {}).get("name")
    if crs is not None and crs not in WGS84:
        raise DataError([Problem(label, None, None, "crs", f"coordinate system {crs!r} is not WGS84 longitude/latitude")])
    rx, problems, out, seen = re.compile(code_pattern), [], [], {}
    for i, feat in enumerate(doc["features"], start=1):
        props = feat.get("properties") if isinstance(feat, dict) else None
        if not isinstance(props, dict):
            problems.append(Problem(label, i, None, "properties", "feature has no properties"))
            continue
        code, name = props.get(code_key), props.get(name_key)
        if not isinstance(code, str) or not rx.match(code):
            problems.append(Problem(label, i, None, code_key, f"{code!r} is not a valid ONS code"))
        elif code in seen:
            problems.append(Problem(label, i, None, code_key, f"duplicate code {code} (first in feature {seen[code]})"))
        seen.setdefault(code, i)
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(label, i, None, name_key, "empty name"))
        problem = geometry_problem(feat.get("geometry"))
        if problem:
            problems.append(Problem(label, i, None, "geometry", problem))
        out.append({"ons_code": code, "name": (name or "").strip(), "geometry": feat.get("geometry")})
    if not out and not problems:
        problems.append(Problem(label, None, None, None, "the file has no features"))
    if problems:
        raise DataError(problems)
    return out
