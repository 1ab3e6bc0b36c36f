"""The map layers of notebook 08, simplified and dissolved once from the ONS boundary files.

Three layers, each a GeoJSON FeatureCollection in ``data/derived/``:

- ``map_ccgs_2021``: the 106 CCGs of April 2021 (ONS BUC boundaries), each with the ICB it became;
- ``map_icbs_2022``: the 42 ICBs of July 2022, dissolved from the ONS April 2023 sub-ICB
  locations by the ODS membership (``icb_members``);
- ``map_icbs_2026``: the ICBs after the 1 April 2026 successions, dissolved from the same
  sub-ICB locations: an ICB passed whole to one successor goes with it; an ICB split between
  successors goes by the sub-ICB locations each successor's footprint names
  (``data/icb_footprints_2026.csv``, ``parts_from_split``); a sub-ICB location no footprint
  names (Frimley, split across sub-ICB lines) is kept as its own area, marked ``split``.

Each layer is simplified as a coverage (shapely's ``coverage_simplify``: shared borders stay
shared, so no gaps or overlaps appear between neighbours), dissolved with ``coverage_union_all``
and snapped to a grid of 0.001 degree, keeping each shape valid (about 100 m, finer than a pixel on a map of
England). ``shade`` is a map colouring: neighbouring areas never share a shade.
shapely is imported here only: the notebooks read the committed files with no geospatial stack.
"""

from __future__ import annotations

from collections import defaultdict

from ..ods.boundaries import BOUNDARY_FILES, read_boundaries
from ..schema import DataError, Problem
from .context import Context

#: Simplification tolerance (degrees) for each source layer, chosen so each layer stays well under 400 KB
TOLERANCE = {"ccg_2021": 0.005, "sub_icb_2023": 0.01}
DECIMALS = 3
#: Shades available for the map colouring (the view maps them to the colour-blind-safe palette)
SHADES = 6


def boundaries(ctx: Context, key: str) -> list[dict]:
    rel, code_key, name_key, pattern = BOUNDARY_FILES[key]
    return read_boundaries(ctx.raw.path(rel), code_key, name_key, pattern)


def _simplified(features: list[dict], tolerance: float) -> list:
    import shapely
    from shapely.geometry import shape

    geoms = [shape(f["geometry"]) for f in features]
    invalid = [f["ons_code"] for f, g in zip(features, geoms) if not g.is_valid]
    if invalid:
        raise DataError([Problem("boundaries", None, None, "geometry", f"invalid polygons for {invalid}")])
    return list(shapely.coverage_simplify(geoms, tolerance))


def _rounded(geom) -> dict:
    """GeoJSON of a shape snapped to a grid of 10**-DECIMALS degrees, kept valid (``set_precision``)."""
    import shapely
    from shapely.geometry import mapping

    def r(c):
        return [round(float(c[0]), DECIMALS), round(float(c[1]), DECIMALS)] if isinstance(c[0], float) else [r(x) for x in c]

    m = mapping(shapely.set_precision(geom, 10 ** -DECIMALS))
    return {"type": m["type"], "coordinates": r(m["coordinates"])}


def _label_point(geom) -> dict:
    """A point inside the area (shapely's ``point_on_surface``), where its label goes."""
    pt = geom.point_on_surface()
    return {"label_lon": f"{pt.x:.3f}", "label_lat": f"{pt.y:.3f}"}


def _dissolve(geoms: list, groups: list[str]) -> dict:
    import shapely

    parts = defaultdict(list)
    for g, key in zip(geoms, groups):
        parts[key].append(g)
    return {k: shapely.coverage_union_all(v) for k, v in parts.items()}


def shades(geoms: dict) -> dict[str, int]:
    """A map colouring: the areas most neighbours first, each the lowest shade no neighbour has."""
    from shapely import STRtree

    import shapely

    keys = sorted(geoms)
    # as drawn (snapped to the grid), and within about 10 m: areas that look as if they touch do
    snapped = {k: shapely.set_precision(geoms[k], 10 ** -DECIMALS) for k in keys}
    tree = STRtree([snapped[k] for k in keys])
    near = {k: {keys[j] for j in tree.query(snapped[k].buffer(1e-4), predicate="intersects")} - {k} for k in keys}
    out: dict[str, int] = {}
    for k in sorted(keys, key=lambda k: (-len(near[k]), k)):
        used = {out[n] for n in near[k] if n in out}
        free = [s for s in range(SHADES) if s not in used]
        if not free:
            raise DataError([Problem("boundaries", None, None, "shade", f"{k} needs more than {SHADES} shades")])
        out[k] = free[0]
    return out


def _ods_code_for_ccg21(ctx: Context, ccgs: list[dict]) -> dict[str, str]:
    """ONS E38 code of April 2021 -> ODS CCG code, from the CCG register's ONS codes and, for
    codes it lacks, the sub-ICB location of April 2023 with the same E38 code (whose name ends
    with the ODS code). Both must agree where both are known."""
    from .commissioners import ccgs as ccg_rows

    by_ons = {r["ons_code"]: r["code"] for r in ctx.once(ccg_rows) if r["ons_code"] and not r["close_date"]}
    by_sub = {f["ons_code"]: f["name"].rsplit("- ", 1)[-1] for f in boundaries(ctx, "sub_icb_2023")}
    out, problems = {}, []
    for i, f in enumerate(ccgs, start=1):
        a, b = by_ons.get(f["ons_code"]), by_sub.get(f["ons_code"])
        if a and b and a != b:
            problems.append(Problem(BOUNDARY_FILES["ccg_2021"][0], i, None, "CCG21CD",
                                    f"{f['ons_code']} is {a} in the CCG register but {b} in the sub-ICB file"))
        elif not (a or b):
            problems.append(Problem(BOUNDARY_FILES["ccg_2021"][0], i, None, "CCG21CD", f"{f['ons_code']} matches no CCG"))
        out[f["ons_code"]] = a or b
    if problems:
        raise DataError(problems)
    return out


def map_ccgs_2021(ctx: Context) -> list[dict]:
    from .commissioners import icb_members

    ccgs = boundaries(ctx, "ccg_2021")
    ods_code = _ods_code_for_ccg21(ctx, ccgs)
    members = {m["sub_icb_code"]: m for m in ctx.once(icb_members)}
    missing = sorted(c for c in ods_code.values() if c not in members)
    if missing or len(ccgs) != len(members):
        raise DataError([Problem(BOUNDARY_FILES["ccg_2021"][0], None, None, "CCG21CD",
                                 f"{len(ccgs)} CCGs in the boundary file, {len(members)} sub-ICB locations in ODS; "
                                 f"not in ODS: {missing}")])
    geoms = _simplified(ccgs, TOLERANCE["ccg_2021"])
    icb_of = [members[ods_code[f["ons_code"]]]["icb_code"] for f in ccgs]
    shade = shades(_dissolve(geoms, icb_of))
    rows = [{"code": ods_code[f["ons_code"]], "name": f["name"], "ons_code": f["ons_code"], "icb_code": icb,
             "icb_name": members[ods_code[f["ons_code"]]]["icb_name"], "shade": shade[icb], **_label_point(g), "geometry": _rounded(g)}
            for f, g, icb in zip(ccgs, geoms, icb_of)]
    return sorted(rows, key=lambda r: r["code"])


def _sub_icbs(ctx: Context):
    """The April 2023 sub-ICB locations, simplified, with their ODS codes and 2022 ICBs."""
    from .commissioners import icb_members

    subs = boundaries(ctx, "sub_icb_2023")
    members = {m["sub_icb_code"]: m for m in ctx.once(icb_members)}
    codes = [f["name"].rsplit("- ", 1)[-1] for f in subs]
    unknown = sorted(set(codes) - set(members)) + sorted(set(members) - set(codes))
    if unknown:
        raise DataError([Problem(BOUNDARY_FILES["sub_icb_2023"][0], None, None, "SICBL23NM",
                                 f"sub-ICB codes not in both the boundary file and ODS: {unknown}")])
    return codes, _simplified(subs, TOLERANCE["sub_icb_2023"]), members


def map_icbs_2022(ctx: Context) -> list[dict]:
    codes, geoms, members = ctx.once(_sub_icbs)
    icbs = _dissolve(geoms, [members[c]["icb_code"] for c in codes])
    shade = shades(icbs)
    count = defaultdict(int)
    for c in codes:
        count[members[c]["icb_code"]] += 1
    names = {m["icb_code"]: m["icb_name"] for m in members.values()}
    return [{"code": k, "name": names[k], "sub_icb_locations": count[k], "shade": shade[k], **_label_point(g), "geometry": _rounded(g)}
            for k, g in sorted(icbs.items())]


def successors_2026(ctx: Context) -> dict[str, tuple[str, str, str]]:
    """sub-ICB code -> (area code, status, its ICB of 2022) from 1 April 2026: the 2026 map and
    the practice history both use it (computed once per derivation: ``ctx.once``)."""
    from .. import loaders
    from .commissioners import icb_changes_2026, icb_members

    members = {m["sub_icb_code"]: m for m in ctx.once(icb_members)}

    succ = defaultdict(set)
    for r in ctx.once(icb_changes_2026):
        succ[r["predecessor_code"]].add(r["successor_code"])
    parts = {}
    for r in loaders.load_icb_footprints_2026().to_dict("records"):
        for sub in filter(None, (r["parts_from_split"] or "").split(";")):
            parts[sub] = r["successor_code"]
    out = {}
    for sub, m in members.items():
        icb = m["icb_code"]
        if icb not in succ:
            out[sub] = (icb, "unchanged", icb)
        elif len(succ[icb]) == 1:
            out[sub] = (next(iter(succ[icb])), "merged", icb)
        elif sub in parts and parts[sub] in succ[icb]:
            out[sub] = (parts[sub], "merged", icb)
        else:
            out[sub] = (icb, "split", icb)
    return out


def map_icbs_2026(ctx: Context) -> list[dict]:
    codes, geoms, members = ctx.once(_sub_icbs)
    where = ctx.once(successors_2026)
    areas = _dissolve(geoms, [where[c][0] for c in codes])
    shade = shades(areas)
    names = {m["icb_code"]: m["icb_name"] for m in members.values()}
    status, came_from = {}, defaultdict(set)
    for c in codes:
        area, st, icb = where[c]
        status[area] = st
        came_from[area].add(icb)
    from .commissioners import icb_changes_2026

    for r in ctx.once(icb_changes_2026):  # every predecessor, including the parts of a split ICB drawn whole
        if r["successor_code"] in came_from:
            came_from[r["successor_code"]].add(r["predecessor_code"])
        if status.get(r["successor_code"]) == "unchanged":  # an existing ICB taking part of a split one (QRL)
            status[r["successor_code"]] = "enlarged"
    rows = []
    for k, g in sorted(areas.items()):
        rows.append({"code": k, "name": names.get(k, ""), "status": status[k],
                     "from_codes": ";".join(sorted(came_from[k])), "shade": shade[k], **_label_point(g), "geometry": _rounded(g)})
    return rows
