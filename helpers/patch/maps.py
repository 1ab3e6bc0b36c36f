"""The patch on a map (notebook 08): CCGs into ICBs, and the ICBs before and after April 2026.

Three layers, simplified once from the ONS boundaries by ``python -m helpers.data.derive``
(``data/derived/map_*.geojson``): plotly draws them on its geo projection fitted to the shapes,
with no base map, no tile server and no download, so the maps work offline.

- :func:`map_spec` builds one layer's figure as a plain plotly dict (the layer's parts cached; a
  highlight changes only the outline arrays and one name label; tests turn it into a ``go.Figure``);
- :class:`MapView` (in ``map_view``) is the widget: a tab per layer, each drawn once, and a search
  box (the finder's search, plus practice codes) that outlines your ICB in place on the maps drawn;
- :func:`map_tables_html` (in ``map_view``) is the same data as text, beside the map.
"""

from __future__ import annotations

import functools

from .. import style
from ..display import esc
from .joins import _key, _tables

#: (layer key, label on the toggle, derived table)
LAYERS = (("ccgs_2021", "CCGs, 2021", "map_ccgs_2021"),
          ("icbs_2022", "ICBs, 2022", "map_icbs_2022"),
          ("icbs_2026", "ICBs, 2026", "map_icbs_2026"))
LAYER_TABLE = {k: t for k, _, t in LAYERS}
LAYER_LABEL = {k: label for k, label, _ in LAYERS}
#: The six colours of the map colouring (Okabe-Ito, without yellow and black), and grey for
#: areas the 2026 changes did not touch
SHADE_COLOURS = style.OKABE_ITO[:6]
UNCHANGED = "#DDDDDD"
STATUS_TEXT = {"unchanged": "unchanged", "merged": "a new ICB made by merging",
               "enlarged": "an existing ICB that took part of a split one",
               "split": "split between ICBs (the parts are not drawn: no boundary file here has them)"}
MAP_HEIGHT = 620


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

def _ods():
    from ..data import ods

    return ods


@functools.cache
def _layer(layer: str, folder: str | None):
    """(GeoJSON, properties frame) of one layer, and for 2026 the names the footprints give."""
    ods = _ods()
    geo = ods.load_map(LAYER_TABLE[layer], folder)
    props = ods.load_derived(LAYER_TABLE[layer], folder)
    return geo, props


@functools.cache
def _footprints(data_dir: str | None) -> dict[str, dict]:
    from .. import data

    frame = data.load_icb_footprints_2026(data_dir)
    return {r["successor_code"]: r for r in frame.to_dict("records")}


def area_name(layer: str, row: dict, data_dir=None) -> str:
    """The name shown for an area: the ONS name, or for a new 2026 code what its footprint says."""
    if row.get("name"):
        return str(row["name"]).replace(" Integrated Care Board", " ICB")
    fp = _footprints(data_dir).get(row["code"], {})
    return fp.get("name_reported") or fp.get("footprint") or row["code"]


def icb_for(kind: str, code: str, folder=None) -> str | None:
    """The ICB (July 2022 code) that an ICB, CCG, PCN or practice belongs to, or None."""
    if kind in ("icb", "ccg"):
        from .story import _lookups

        lk = _lookups(_key(folder))
        return (code if code in lk["icb"] else None) if kind == "icb" else lk["ccg_icb"].get(code)
    if kind == "pcn":
        from .story import pcn_icb

        return pcn_icb(code, folder)
    if kind == "practice":
        from .story import practice_icb

        return practice_icb(code, folder)
    return None


def areas_of(layer: str, icb: str | None, folder=None) -> set[str]:
    """The codes to highlight on a layer for an ICB of July 2022 (its CCGs; itself; what it became)."""
    if not icb:
        return set()
    return set(_areas_by_icb(layer, _key(folder)).get(icb, ()))


@functools.cache
def _records(layer: str, folder: str | None) -> tuple[dict, ...]:
    """The layer's properties as rows, in the layer's order."""
    return tuple(_layer(layer, folder)[1].to_dict("records"))


@functools.cache
def _areas_by_icb(layer: str, folder: str | None) -> dict[str, tuple[str, ...]]:
    """For each ICB of July 2022, the codes of its areas on a layer (see :func:`areas_of`)."""
    out: dict[str, list[str]] = {}
    for r in _records(layer, folder):
        icbs = ([r["icb_code"]] if layer == "ccgs_2021" else [r["code"]] if layer == "icbs_2022"
                else r["from_codes"].split(";"))
        for icb in icbs:
            out.setdefault(icb, []).append(r["code"])
    return {icb: tuple(codes) for icb, codes in out.items()}


# --------------------------------------------------------------------------
# The figure (a plain plotly dict)
# --------------------------------------------------------------------------

def _colours(layer: str, props) -> list[str]:
    if layer == "icbs_2026":
        return [UNCHANGED if s == "unchanged" else SHADE_COLOURS[int(v)] for s, v in zip(props["status"], props["shade"])]
    return [SHADE_COLOURS[int(v)] for v in props["shade"]]


def map_title(layer: str) -> str:
    return {"ccgs_2021": "The 106 CCGs of April 2021, coloured by the ICB each became on 1 July 2022",
            "icbs_2022": "The 42 ICBs of 1 July 2022",
            "icbs_2026": "The ICBs after the changes of 1 April 2026 (provisional)"}[layer]


def map_summary(layer: str, highlight: str | None = None, folder=None, data_dir=None) -> str:
    """One line saying what the map shows (readable without the picture)."""
    return _summary(layer, highlight, _key(folder), _key(data_dir))


@functools.cache
def _summary(layer: str, highlight: str | None, folder: str | None, data_dir: str | None) -> str:
    if highlight:
        chosen = areas_of(layer, highlight, folder)
        names = [area_name(layer, r, data_dir) for r in _records(layer, _key(folder)) if r["code"] in chosen]
        return _summary(layer, None, folder, data_dir) + f" Highlighted: {'; '.join(names)}."
    props = _layer(layer, _key(folder))[1]
    if layer == "ccgs_2021":
        text = (f"{len(props)} CCGs, coloured by the {props['icb_code'].nunique()} ICBs they became on 1 July 2022: "
                f"the CCGs of one ICB share a colour, and neighbouring ICBs never do ({props['shade'].nunique()} colours).")
    elif layer == "icbs_2022":
        text = f"{len(props)} ICBs began on 1 July 2022, each made of one or more former CCG areas."
    else:
        changed = props[props["status"] != "unchanged"]
        merged = changed[changed["status"] == "merged"]
        split = [f"{area_name(layer, r, data_dir)} was split between {_successors(r['code'], folder)} ICBs"
                 for r in changed[changed["status"] == "split"].to_dict("records")]
        text = (f"{len(props)} areas: {len(merged)} new ICBs made by merging (coloured), "
                f"{(props['status'] == 'unchanged').sum()} ICBs unchanged (grey); "
                + "; ".join(split) + " along lines no boundary file here draws (ODS successions, as of May 2026).")
    return text


def _successors(code: str, folder=None) -> int:
    changes = _tables(_key(folder))["changes"]
    return int((changes["predecessor_code"] == code).sum())


@functools.cache
def _base_spec(layer: str, folder: str | None, data_dir: str | None) -> dict:
    geo, props = _layer(layer, folder)
    rows = props.to_dict("records")
    names = [area_name(layer, r, data_dir) for r in rows]
    hover = [f"{esc(n)} ({r['code']})" + (f"<br>ICB: {esc(r['icb_name'])}" if layer == "ccgs_2021" else "")
             + (f"<br>{STATUS_TEXT[r['status']]}" if layer == "icbs_2026" else "") for n, r in zip(names, rows)]
    colours = _colours(layer, props)
    choropleth = {
        "type": "choropleth", "geojson": geo, "featureidkey": "properties.code",
        "locations": list(props["code"]), "z": list(range(len(rows))),
        "colorscale": [[i / max(len(rows) - 1, 1), c] for i, c in enumerate(colours)], "showscale": False,
        "marker": {"line": {"color": "#FFFFFF", "width": 0.6}, "opacity": 1.0},
        "text": hover, "hovertemplate": "%{text}<extra></extra>", "name": LAYER_LABEL[layer],
    }
    labels = _static_labels(layer, rows, names, folder, data_dir)
    key = key_text(layer, folder, data_dir)
    layout = {
        "title": {"text": map_title(layer), "x": 0.01, "font": {"size": 18}},
        "annotations": [{"text": key, "x": 1.0, "y": 0.0, "xref": "paper", "yref": "paper", "xanchor": "right",
                         "yanchor": "bottom", "align": "left", "showarrow": False, "font": {"size": 13},
                         "bgcolor": "rgba(255,255,255,0.85)"}] if key else [],
        "geo": {"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"}},
        "height": MAP_HEIGHT, "margin": {"l": 10, "r": 10, "t": 60, "b": 10}, "showlegend": False,
        "font": {"family": style.FONT, "size": 14}, "dragmode": False,
    }
    return {"data": [labels, choropleth], "layout": layout, "_names": names, "_codes": list(props["code"])}


def map_key(layer: str, folder=None, data_dir=None) -> list[tuple[str, str, str]]:
    """The areas the 2026 map names with a letter, north to south: ``(letter, name, code)``."""
    if layer != "icbs_2026":
        return []
    rows = [r for r in _layer(layer, _key(folder))[1].to_dict("records") if r["status"] != "unchanged"]
    rows.sort(key=lambda r: (-float(r["label_lat"]), r["code"]))
    extra = {"split": ": split between ICBs", "enlarged": ": took part of a split ICB"}
    return [(chr(ord("A") + i), area_name(layer, r, data_dir) + extra.get(r["status"], ""), r["code"])
            for i, r in enumerate(rows)]


def key_text(layer: str, folder=None, data_dir=None) -> str:
    """The key to the letters, one area per entry, long names wrapped (plotly text)."""
    return "<br>".join(f"<b>{k}</b> " + _short(esc(f"{n} ({c})"), 52).replace("<br>", "<br>    ")
                       for k, n, c in map_key(layer, folder, data_dir))


def _static_labels(layer: str, rows: list[dict], names: list[str], folder=None, data_dir=None) -> dict:
    """Letters printed on the 2026 map for the new and changed ICBs (the key names them: no hover needed)."""
    letters = {c: k for k, _, c in map_key(layer, folder, data_dir)}
    keep = [i for i, r in enumerate(rows) if r["code"] in letters]
    return {"type": "scattergeo", "mode": "text", "lon": [float(rows[i]["label_lon"]) for i in keep],
            "lat": [float(rows[i]["label_lat"]) for i in keep],
            "text": [f"<b>{letters[rows[i]['code']]}</b>" for i in keep], "textfont": {"size": 16, "color": "#000000"},
            "hoverinfo": "skip", "name": "labels"}


def _short(name: str, width: int = 22) -> str:
    """A label broken into lines of about ``width`` characters (plotly text takes <br>)."""
    words, lines, line = name.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return "<br>".join(lines + [line])


@functools.cache
def _props_by_code(layer: str, folder: str | None):
    return _layer(layer, folder)[1].set_index("code")


@functools.cache
def _lettered(layer: str, folder: str | None, data_dir: str | None) -> frozenset[str]:
    return frozenset(c for _, _, c in map_key(layer, folder, data_dir))


@functools.cache
def _chosen(layer: str, highlight: str | None, folder: str | None) -> frozenset[str]:
    return frozenset(areas_of(layer, highlight, folder))


@functools.cache
def highlight_label(layer: str, highlight: str | None, folder=None, data_dir=None) -> tuple | None:
    """``(lon, lat, text)`` of the name printed on a layer for ICB ``highlight``, or None (no ICB,
    or a 2026 area its letter already names). Arguments as :func:`map_spec`'s."""
    folder, data_dir = _key(folder), _key(data_dir)
    chosen = _chosen(layer, highlight, folder)
    if not chosen:
        return None
    base = _base_spec(layer, folder, data_dir)
    codes = base["_codes"]
    props = _props_by_code(layer, folder)
    first = next(c for c in codes if c in chosen)
    name = (props.loc[first, "icb_name"].replace(" Integrated Care Board", " ICB") if layer == "ccgs_2021"
            else base["_names"][codes.index(first)])
    if layer == "icbs_2026" and first in _lettered(layer, folder, data_dir):
        return None
    return float(props.loc[first, "label_lon"]), float(props.loc[first, "label_lat"]), f"<b>{_short(esc(name))}</b>"


@functools.cache
def highlight_marker(layer: str, highlight: str | None, folder=None, data_dir=None) -> dict:
    """The choropleth's ``marker`` with ICB ``highlight``'s areas outlined in black (the base marker
    when there is none). Arguments as :func:`map_spec`'s."""
    folder, data_dir = _key(folder), _key(data_dir)
    base = _base_spec(layer, folder, data_dir)
    chosen = _chosen(layer, highlight, folder)
    if not chosen:
        return base["data"][1]["marker"]
    codes = base["_codes"]
    return {"line": {"color": ["#000000" if c in chosen else "#FFFFFF" for c in codes],
                     "width": [3.0 if c in chosen else 0.6 for c in codes]},
            "opacity": [1.0 if c in chosen else 0.45 for c in codes]}


def map_spec(layer: str = "icbs_2022", highlight: str | None = None, folder=None, data_dir=None) -> dict:
    """The figure for one layer as a plotly dict, with the areas of ICB ``highlight`` outlined."""
    if layer not in LAYER_TABLE:
        raise ValueError(f"layer must be one of {', '.join(LAYER_TABLE)}")
    base = _base_spec(layer, _key(folder), _key(data_dir))
    labels = dict(base["data"][0])
    choropleth = dict(base["data"][1], marker=highlight_marker(layer, highlight, folder, data_dir))
    extra = highlight_label(layer, highlight, folder, data_dir)
    if extra:
        labels = {**labels, "lon": labels["lon"] + [extra[0]], "lat": labels["lat"] + [extra[1]],
                  "text": labels["text"] + [extra[2]]}
    return {"data": [labels, choropleth], "layout": _layout(base), "config": dict(style.OFFLINE_CONFIG)}


def _layout(base: dict) -> dict:
    layout = dict(base["layout"])
    layout["modebar"] = {"remove": list(style.OFFLINE_MODEBAR_REMOVE)}
    # The labels come first: plotly.js (4.1) fetches its world map from the internet when the first
    # trace of a geo subplot has a location mode, as a choropleth does; a text trace has none.
    return layout


def map_figure(layer: str = "icbs_2022", highlight: str | None = None, folder=None, data_dir=None):
    """``(go.Figure, summary)`` for one layer (what tests and the style checks read)."""
    import plotly.graph_objects as go

    spec = map_spec(layer, highlight, folder, data_dir)
    return go.Figure({"data": spec["data"], "layout": spec["layout"]}), map_summary(layer, highlight, folder, data_dir)


def map_bundle(layer: str = "icbs_2022", highlight: str | None = None, folder=None, data_dir=None) -> dict:
    """The output bundle of one map: plotly JSON and its one-line summary as text (cached per view;
    in the presenter, at its type size: :func:`helpers.style.scale_spec`)."""
    return at_type_size(_bundle(layer, highlight, _key(folder), _key(data_dir)))


def at_type_size(bundle: dict) -> dict:
    """``bundle`` with its plotly figure at the presenter's type size (:func:`helpers.style.scale_spec`);
    ``bundle`` itself outside the presenter."""
    if style.figure_scale() == 1.0:
        return bundle
    mime = "application/vnd.plotly.v1+json"
    return {**bundle, mime: style.scale_spec(bundle[mime])}


@functools.cache
def _bundle(layer: str, highlight: str | None, folder: str | None, data_dir: str | None) -> dict:
    return {"application/vnd.plotly.v1+json": map_spec(layer, highlight, folder, data_dir),
            "text/plain": f"[Map: {map_title(layer)}] {map_summary(layer, highlight, folder, data_dir)}"}
