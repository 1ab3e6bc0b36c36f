"""Structure diagrams: who commissioned, funded, held contracts with or answered to whom.

Each era's diagram is built from three tables in ``data/``: ``structure_eras.csv`` (the
periods), ``structures.csv`` (the bodies, each on one of four layers) and
``structure_links.csv`` (the relationships). Nothing about the NHS is written here.

    structure_figure("ccgs")            # one era
    compare_eras("pcts", "ccgs")        # two eras side by side, in one figure
    show_structure("ccgs")              # the figure with its one-line summary (notebooks)
    structure_table("ccgs")             # the same relationships as rows, for text readers

The layout is layered, top to bottom: national bodies, regional or system bodies, local
commissioners and partnerships, then providers. Each kind of relationship has its own line
style *and* colour (Okabe-Ito), so the diagram can be read without colour vision. Hovering
over the middle of a line shows the relationship in words and the source it rests on;
hovering over a body shows what it did and its source.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .display import plot_lines, plot_text, source_marks
from .style import OKABE_ITO, apply, design_width, figure_scale

#: How each relationship is drawn: colour, dash and the words used in hover text and legend.
RELATION_STYLE: dict[str, dict[str, str]] = {
    "commissions": {"colour": OKABE_ITO[0], "dash": "solid", "verb": "commissions",
                    "legend": "commissions (buys care from)"},
    "accountable_to": {"colour": OKABE_ITO[5], "dash": "dash", "verb": "is accountable to",
                       "legend": "is accountable to"},
    "holds_contract_with": {"colour": OKABE_ITO[2], "dash": "dot", "verb": "holds the contract with",
                            "legend": "holds the contract with"},
    "funds": {"colour": OKABE_ITO[1], "dash": "dashdot", "verb": "funds", "legend": "funds"},
    "partners_with": {"colour": OKABE_ITO[3], "dash": "longdash", "verb": "is a member or partner of",
                      "legend": "is a member or partner of"},
}

#: Vertical position of each layer and its axis label.
LAYER_Y = {"national": 3.0, "regional": 2.0, "local": 1.0, "provider": 0.0}
LAYER_LABEL = {
    "national": "National",
    "regional": "Regional / system",
    "local": "Local commissioners<br>and partnerships",
    "provider": "Providers",
}
NODE_COLOUR = OKABE_ITO[4]  # sky blue, with black outline and black text


class UnknownEraError(KeyError):
    """Raised for an era id that ``structure_eras.csv`` does not hold."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0]) if self.args else "unknown era"


@dataclass(frozen=True)
class Era:
    era_id: str
    label: str
    years: str
    summary: str
    notebook: str
    timeline_era: str


def known_eras(data_dir=None) -> dict[str, Era]:
    """Every era with a structure diagram, in teaching order."""
    from .data import load_structure_eras

    frame = load_structure_eras(data_dir)
    return {
        r.era_id: Era(r.era_id, r.label, r.years, r.summary, r.notebook, r.timeline_era)
        for r in frame.itertuples(index=False)
    }


def era_info(era: str, data_dir=None) -> Era:
    """The era called ``era``; an unknown id raises :class:`UnknownEraError` listing the known ones."""
    eras = known_eras(data_dir)
    if not isinstance(era, str) or era not in eras:
        listing = ", ".join(f"'{e.era_id}' ({e.years})" for e in eras.values())
        raise UnknownEraError(f"unknown era {era!r}; the known eras are: {listing}")
    return eras[era]


# --------------------------------------------------------------------------
# Data for one era
# --------------------------------------------------------------------------

def _era_frames(era: str, data_dir=None):
    from .data import load_structure_links, load_structures

    info = era_info(era, data_dir)
    nodes = load_structures(data_dir)
    nodes = nodes[nodes["era"] == era].reset_index(drop=True)
    links = load_structure_links(data_dir)
    links = links[links["era"] == era].reset_index(drop=True)
    if nodes.empty:
        raise ValueError(f"era {era!r} has no bodies in structures.csv")
    return info, nodes, links


def _source_index(data_dir=None) -> dict[str, str]:
    """source_id -> 'title (publisher, date) [id]', built once per figure."""
    from .data import load_sources

    sources = load_sources(data_dir)
    return {r.source_id: f"{r.title} ({r.publisher}, {r.date})"
            for r in sources.itertuples(index=False)}


def _source_lines(source_ids, data_dir=None, index: dict[str, str] | None = None) -> str:
    index = index if index is not None else _source_index(data_dir)
    return "<br>".join(plot_lines(index[sid], 70) for sid in source_ids)


def layout_positions(nodes, links=None) -> dict[str, tuple[float, float]]:
    """(x, y) for every node: layers top to bottom, bodies spread evenly across each layer.

    With ``links``, each layer below the top is ordered by the mean position of the bodies it
    is linked to in the layers above (a one-pass barycentre ordering), which cuts crossings;
    ties keep the order of ``structures.csv``.
    """
    neighbours: dict[str, list[str]] = {}
    if links is not None:
        for a, b in zip(links["from_node"], links["to_node"]):
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)
    positions: dict[str, tuple[float, float]] = {}
    for layer, y in LAYER_Y.items():
        ids = list(nodes.loc[nodes["layer"] == layer, "node_id"])

        def key(item):
            i, node_id = item
            placed = [positions[n][0] for n in neighbours.get(node_id, []) if n in positions]
            return (sum(placed) / len(placed) if placed else (i + 1) / (len(ids) + 1), i)

        ordered = [node_id for _, node_id in sorted(enumerate(ids), key=key)] if positions else ids
        for i, node_id in enumerate(ordered):
            positions[node_id] = ((i + 1) / (len(ordered) + 1), y)
    return positions


def _curve(p0, p1, bend: float, steps: int = 16):
    """Points on a quadratic curve from p0 to p1, bowed sideways by ``bend``, trimmed at both ends."""
    (x0, y0), (x1, y1) = p0, p1
    dx, dy = x1 - x0, (y1 - y0) / 4.0  # y runs over 3 units, x over 1: compare like with like
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length  # unit normal (in the rescaled space)
    cx, cy = (x0 + x1) / 2 + nx * bend, (y0 + y1) / 2 + ny * bend * 4.0
    pts = []
    for k in range(steps + 1):
        t = 0.12 + 0.76 * k / steps  # keep clear of the node markers at both ends
        x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t ** 2 * x1
        y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t ** 2 * y1
        pts.append((x, y))
    return pts


def _bends(links) -> list[float]:
    """A sideways bend for each link: links between the same two bodies fan out; links within
    one layer bow clear of the bodies between them."""
    seen: dict[frozenset, int] = {}
    bends = []
    for row in links.itertuples(index=False):
        pair = frozenset((row.from_node, row.to_node))
        k = seen.get(pair, 0)
        seen[pair] = k + 1
        bends.append(0.0 if k == 0 else 0.06 * k * (-1) ** k)
    return bends


# --------------------------------------------------------------------------
# Labels that do not overlap
# --------------------------------------------------------------------------

#: What the label layout assumes of the drawn figure, in px. Plotly widens a figure to its cell;
#: 900 px is the narrowest the notebooks are read at (a wider figure only spreads the labels).
ASSUMED_WIDTH = 900
CHAR_PX = 6.6     # the average width of a character of 11 px Arial, with some room
LINE_PX = 14      # the height of one line of label text
MARKER_PX = 16    # a body's marker
LABEL_GAP = 4     # between a marker and its label
X_RANGE = (-0.02, 1.02)
Y_RANGE = (-0.75, 3.8)


@dataclass(frozen=True)
class Label:
    """A body's label as drawn: its lines, above or below the marker, and its box in px."""
    node_id: str
    lines: tuple[str, ...]
    above: bool
    box: tuple[float, float, float, float]  # left, bottom, right, top (px from the plot's lower left)


def overlaps(a, b) -> bool:
    """Whether two boxes (left, bottom, right, top) share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def to_px(point, size) -> tuple[float, float]:
    """A point in data units as px from the lower left of a plot area of ``size`` (width, height)."""
    (x, y), (w, h) = point, size
    return ((x - X_RANGE[0]) / (X_RANGE[1] - X_RANGE[0]) * w, (y - Y_RANGE[0]) / (Y_RANGE[1] - Y_RANGE[0]) * h)


def marker_box(point, size) -> tuple[float, float, float, float]:
    cx, cy = to_px(point, size)
    r = MARKER_PX / 2
    return (cx - r, cy - r, cx + r, cy + r)


def _label(node_id, text, point, size, width, above) -> Label:
    import textwrap

    lines = tuple(textwrap.wrap(str(text), width, break_long_words=False)) or ("",)
    cx, cy = to_px(point, size)
    w, h = max(len(line) for line in lines) * CHAR_PX + 6, len(lines) * LINE_PX + 4
    edge = cy + MARKER_PX / 2 + LABEL_GAP if above else cy - MARKER_PX / 2 - LABEL_GAP
    bottom = edge if above else edge - h
    return Label(node_id, lines, above, (cx - w / 2, bottom, cx + w / 2, bottom + h))


def label_layout(labels: dict[str, str], pos: dict, size=(720, 520), wrap: int = 24) -> dict[str, Label]:
    """Where each body's label goes so that no two labels, and no label and marker, overlap.

    Layer by layer from the top, the first arrangement that fits wins: every label above its
    marker, then labels alternating above and below (left to right), then every label below;
    each tried at the widest wrap first, down to 10 characters. ``size`` is the plot area in px
    at :data:`ASSUMED_WIDTH`. If nothing fits, the arrangement with the fewest overlaps is used
    (the tests check that none is needed for the data).
    """
    markers = [marker_box(p, size) for p in pos.values()]
    placed: dict[str, Label] = {}
    for y in sorted({p[1] for p in pos.values()}, reverse=True):
        row = sorted((n for n in labels if pos[n][1] == y), key=lambda n: pos[n][0])
        best, fewest = None, None
        for pattern in ("above", "alternate", "alternate-low", "below"):
            for width in range(wrap, 9, -1):
                trial = {}
                for i, n in enumerate(row):
                    above = {"above": True, "below": False, "alternate": i % 2 == 0,
                             "alternate-low": i % 2 == 1}[pattern]
                    trial[n] = _label(n, labels[n], pos[n], size, width, above)
                boxes = [t.box for t in trial.values()]
                others = [t.box for t in placed.values()] + markers
                clashes = sum(overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
                clashes += sum(overlaps(a, b) for a in boxes for b in others)
                if fewest is None or clashes < fewest:
                    best, fewest = trial, clashes
                if clashes == 0:
                    break
            if fewest == 0:
                break
        placed.update(best)
    return placed


def _label_annotations(labels: dict[str, Label], pos, xref: str, yref: str) -> list[dict]:
    """The labels as plotly annotations on a white ground (lines passing behind stay visible round them)."""
    return [dict(x=pos[n][0], y=pos[n][1], xref=xref, yref=yref, showarrow=False,
                 text="<br>".join(plot_text(line) for line in lab.lines),
                 yanchor="bottom" if lab.above else "top",
                 yshift=(MARKER_PX / 2 + LABEL_GAP) * (1 if lab.above else -1),
                 font={"size": 11, "color": "#000000"}, bgcolor="rgba(255,255,255,0.75)", borderpad=1,
                 name=f"label:{n}")
            for n, lab in labels.items()]


# --------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------

def _link_traces(links, pos, labels, layer_of, data_dir, index, showlegend, above=None) -> list[dict]:
    """Three traces per relationship type: the curved links, their arrowheads and hover points.

    ``above`` maps a body to whether its label sits above it: a link within a layer whose labels
    all sit on one side bows to the other side, clear of them."""
    bends = _bends(links)
    link_rows = list(links.itertuples(index=False))
    traces = []
    for relation, style in RELATION_STYLE.items():
        xs, ys, mx, my, hover = [], [], [], [], []
        heads_x, heads_y, heads_size = [], [], []
        for bend, r in zip(bends, link_rows):
            if r.relation != relation:
                continue
            p0, p1 = pos[r.from_node], pos[r.to_node]
            if layer_of[r.from_node] == layer_of[r.to_node]:
                sides = {above[n] for n in layer_of if layer_of[n] == layer_of[r.from_node]} if above else set()
                up = sides != {True} if sides in ({True}, {False}) else p0[0] < p1[0]
                bend = bend + (0.12 if (p0[0] < p1[0]) == up else -0.12)
            elif abs(p0[1] - p1[1]) >= 2 and abs(p0[0] - p1[0]) < 0.2:
                bend = bend + 0.16  # a near-vertical link over two layers: arc round the body between
            pts = _curve(p0, p1, bend)
            xs += [p[0] for p in pts] + [None]
            ys += [p[1] for p in pts] + [None]
            mid = pts[len(pts) // 2]
            mx.append(mid[0])
            my.append(mid[1])
            hover.append(
                f"<b>{plot_lines(labels[r.from_node], 60)}</b><br>{style['verb']}<br>"
                f"<b>{plot_lines(labels[r.to_node], 60)}</b><br>{plot_lines(r.label, 60)}<br>"
                f"<i>Source:</i> {_source_lines(r.source_ids, data_dir, index)}"
            )
            # arrowhead at the target end: an 'arrow' marker turned to follow the last segment
            (ax, ay), (hx, hy) = pts[-2], pts[-1]
            heads_x += [ax, hx, None]
            heads_y += [ay, hy, None]
            heads_size += [0, 13, 0]
        if not mx:
            # keep an empty entry so every legend lists all relationship types
            xs, ys = [None], [None]
        traces.append(dict(type="scatter", 
            x=xs, y=ys, mode="lines", name=style["legend"], legendgroup=relation,
            showlegend=showlegend, hoverinfo="skip",
            line={"color": style["colour"], "dash": style["dash"], "width": 2.4},
        ))
        traces.append(dict(type="scatter", 
            x=heads_x or [None], y=heads_y or [None], mode="markers", name=f"{style['legend']} (arrowheads)",
            legendgroup=relation, showlegend=False, hoverinfo="skip",
            marker={"symbol": "arrow", "angleref": "previous", "size": heads_size or [0],
                    "color": style["colour"], "line": {"width": 0}},
        ))
        traces.append(dict(type="scatter", 
            x=mx, y=my, mode="markers", name=f"{style['legend']} (hover for detail)",
            legendgroup=relation, showlegend=False, hovertext=hover, hoverinfo="text",
            marker={"color": style["colour"], "size": 9, "symbol": "diamond",
                    "line": {"color": "#000000", "width": 0.5}},
        ))
    return traces


def _node_trace(nodes, pos, data_dir, index) -> dict:
    """The bodies as markers (their labels are annotations: :func:`label_layout`)."""
    node_hover = [
        f"<b>{plot_lines(r.label, 60)}</b><br>{plot_lines(r.description, 60)}<br>"
        f"<i>Source:</i> {_source_lines(r.source_ids, data_dir, index)}"
        for r in nodes.itertuples(index=False)
    ]
    return dict(type="scatter",
        x=[pos[n][0] for n in nodes["node_id"]], y=[pos[n][1] for n in nodes["node_id"]],
        mode="markers", name="bodies", showlegend=False, hovertext=node_hover, hoverinfo="text",
        marker={"size": 16, "color": NODE_COLOUR, "line": {"color": "#000000", "width": 1.2}},
    )


def _add_era(fig, era: str, data_dir=None, row=None, col=None, showlegend=True, xref="x", yref="y",
             wrap: int = 24, size=(720, 580)):
    info, nodes, links = _era_frames(era, data_dir)
    pos = layout_positions(nodes, links)
    labels = dict(zip(nodes["node_id"], nodes["label"]))
    layer_of = dict(zip(nodes["node_id"], nodes["layer"]))
    kw = {"row": row, "col": col} if row is not None else {}
    index = _source_index(data_dir)
    # Plain dicts added in one call, validated once there (building each go.Scatter and then
    # adding it validated every trace twice: over half of the figure's CPU time, bench).
    placed = label_layout(labels, pos, size, wrap)
    above = {n: lab.above for n, lab in placed.items()}
    traces = _link_traces(links, pos, labels, layer_of, data_dir, index, showlegend, above)
    traces.append(_node_trace(nodes, pos, data_dir, index))
    if kw:
        fig.add_traces(traces, rows=[row] * len(traces), cols=[col] * len(traces))
    else:
        fig.add_traces(traces)
    fig.update_layout(annotations=list(fig.layout.annotations) + _label_annotations(placed, pos, xref, yref))
    return info, nodes, links


def _axis_props() -> tuple[dict, dict]:
    """The x and y axes of a structure diagram."""
    return ({"range": list(X_RANGE), "showgrid": False, "zeroline": False, "showticklabels": False,
             "title": {"text": "Bodies at each level (their left-to-right order has no meaning)"}},
            {"range": list(Y_RANGE), "showgrid": True, "gridcolor": "#e5e5e5", "zeroline": False,
             "tickvals": list(LAYER_Y.values()), "ticktext": [LAYER_LABEL[k] for k in LAYER_Y],
             "title": {"text": "Level"}})


def _axes(fig, **kw):
    x, y = _axis_props()
    fig.update_xaxes(x, **kw)
    fig.update_yaxes(y, **kw)


#: Geometry of the two figures (px): height and margins. The key to the lines sits at the top,
#: under the title, so it is in view with the arrows it explains.
ONE = {"height": 740, "margin": {"l": 150, "r": 30, "t": 105, "b": 60}}
TWO = {"height": 840, "margin": {"l": 150, "r": 20, "t": 175, "b": 60}, "spacing": 0.08}
LEGEND_TITLE = "Key to the lines (style and colour):"


def plot_size(geometry: dict, panels: int = 1) -> tuple[float, float]:
    """The plot area of one panel, in px, at :data:`ASSUMED_WIDTH` (narrower in the presenter,
    whose scaled type leaves less room: :func:`helpers.style.design_width`)."""
    m = geometry["margin"]
    width = design_width(ASSUMED_WIDTH) - m["l"] - m["r"]
    if panels > 1:
        width = width * (1 - geometry["spacing"] * (panels - 1)) / panels
    return width, geometry["height"] - m["t"] - m["b"]


def _legend(geometry: dict, above_px: float) -> dict:
    """A horizontal key ``above_px`` over the plot area (paper units are the plot area's height)."""
    plot_h = geometry["height"] - geometry["margin"]["t"] - geometry["margin"]["b"]
    legend = {"title": {"text": LEGEND_TITLE, "side": "left"}, "orientation": "h",
              "yanchor": "bottom", "y": 1 + above_px / plot_h, "x": 0, "xanchor": "left",
              "font": {"size": 12}}
    if figure_scale() != 1.0:  # the presenter's larger key: plotly kept it on one row, off the right edge
        legend.update(entrywidth=0.3, entrywidthmode="fraction")  # three to a row
    return legend


def relation_key() -> str:
    """The key to the lines in words (for the text beside the figure)."""
    dashes = {"solid": "solid", "dash": "dashed", "dot": "dotted", "dashdot": "dash-dot", "longdash": "long-dashed"}
    return "; ".join(f"{dashes[s['dash']]} line: {s['legend']}" for s in RELATION_STYLE.values())


def structure_figure(era: str, data_dir=None):
    """The structure diagram of one era, as a plotly figure.

    Raises :class:`UnknownEraError` (listing the known eras) for an unknown id.
    """
    import plotly.graph_objects as go

    info = era_info(era, data_dir)
    fig = go.Figure()
    _add_era(fig, era, data_dir, size=plot_size(ONE))
    apply(fig, plot_text(f"Who commissioned what: {info.label} ({info.years})"), height=ONE["height"])
    xaxis, yaxis = _axis_props()
    fig.update_layout(  # axes and the rest in one call
        xaxis=xaxis, yaxis=yaxis, legend=_legend(ONE, 12),
        title={"y": 1 - 14 / ONE["height"], "yanchor": "top"},
        margin=ONE["margin"], hoverlabel={"align": "left"},
        meta={"era": era, "summary": structure_summary(era, data_dir), "key": relation_key()},
    )
    return fig


def compare_eras(era_a: str, era_b: str, data_dir=None):
    """Two eras' structure diagrams side by side in one figure (one call, two panels)."""
    from plotly.subplots import make_subplots

    a, b = era_info(era_a, data_dir), era_info(era_b, data_dir)
    if era_a == era_b:
        raise ValueError(f"compare_eras needs two different eras (got {era_a!r} twice)")
    size = plot_size(TWO, panels=2)
    # each panel's title wrapped to its own width, so the two never run together
    wrap = int(size[0] / 7.8)
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=TWO["spacing"],
                        subplot_titles=[plot_lines(f"{e.label} ({e.years})", wrap) for e in (a, b)])
    _add_era(fig, era_a, data_dir, row=1, col=1, showlegend=True, xref="x", yref="y", wrap=20, size=size)
    _add_era(fig, era_b, data_dir, row=1, col=2, showlegend=False, xref="x2", yref="y2", wrap=20, size=size)
    apply(fig, plot_text(f"Who commissioned what: {a.years} beside {b.years}"), height=TWO["height"])
    _axes(fig, row=1, col=1)
    _axes(fig, row=1, col=2)
    fig.update_yaxes(showticklabels=False, title_text="", row=1, col=2)
    # one x-axis title for both panels (two side by side ran into each other)
    fig.update_xaxes(title_text="Bodies at each level, in both panels (left to right has no meaning)", row=1, col=1)
    fig.update_xaxes(title_text="", row=1, col=2)
    fig.update_layout(
        legend=_legend(TWO, 58), title={"y": 1 - 14 / TWO["height"], "yanchor": "top"},
        margin=TWO["margin"], hoverlabel={"align": "left"},
        meta={"eras": [era_a, era_b], "summary": compare_summary(era_a, era_b, data_dir), "key": relation_key()},
    )
    return fig


# --------------------------------------------------------------------------
# Words beside the pictures
# --------------------------------------------------------------------------

def structure_summary(era: str, data_dir=None) -> str:
    """One line: the era's summary and how many bodies and relationships the diagram shows."""
    info, nodes, links = _era_frames(era, data_dir)
    return (f"{info.label} ({info.years}): {info.summary} "
            f"The diagram shows {len(nodes)} kinds of body and {len(links)} relationships.")


def compare_summary(era_a: str, era_b: str, data_dir=None) -> str:
    """One line contrasting who held the GP contract in two eras (from the data)."""
    parts = []
    for era in (era_a, era_b):
        info = era_info(era, data_dir)
        holders = contract_holders(era, data_dir)
        parts.append(f"{info.years}: GP contracts held or managed by {' and '.join(holders) or 'no body shown'}")
    return "; ".join(parts) + "."


def contract_holders(era: str, data_dir=None) -> list[str]:
    """Labels of the bodies that hold or manage GP contracts in ``era`` (links to practices)."""
    _, nodes, links = _era_frames(era, data_dir)
    labels = dict(zip(nodes["node_id"], nodes["label"]))
    practice_ids = set(nodes.loc[nodes["kind"] == "practice", "node_id"])
    chosen = links[(links["relation"] == "holds_contract_with") & links["to_node"].isin(practice_ids)]
    return [labels[n] for n in dict.fromkeys(chosen["from_node"])]


def structure_table(era: str, data_dir=None):
    """The era's relationships as a table (from, relationship, to, what, sources)."""
    import pandas as pd

    _, nodes, links = _era_frames(era, data_dir)
    labels = dict(zip(nodes["node_id"], nodes["label"]))
    return pd.DataFrame({
        "from": [labels[n] for n in links["from_node"]],
        "relationship": [RELATION_STYLE[r]["verb"] for r in links["relation"]],
        "to": [labels[n] for n in links["to_node"]],
        "what": list(links["label"]),
        "sources": [source_marks(s, data_dir)[1:-1] for s in links["source_ids"]],
    })


def show_structure(era: str, data_dir=None) -> None:
    """Display one era's diagram with its one-line summary (for notebooks)."""
    from .style import show

    show(structure_figure(era, data_dir), structure_summary(era, data_dir))


def show_comparison(era_a: str, era_b: str, data_dir=None) -> None:
    """Display two eras side by side with a one-line summary (for notebooks)."""
    from .style import show

    show(compare_eras(era_a, era_b, data_dir), compare_summary(era_a, era_b, data_dir))


def era_sources(era: str, data_dir=None) -> list[str]:
    """Every source id behind an era's diagram (for the notebook's references)."""
    info, nodes, links = _era_frames(era, data_dir)
    from .data import load_structure_eras

    eras = load_structure_eras(data_dir).set_index("era_id")
    ids: list[str] = list(eras.loc[era, "source_ids"])
    for col in (nodes["source_ids"], links["source_ids"]):
        for group in col:
            ids += list(group)
    return list(dict.fromkeys(ids))


__all__ = [
    "RELATION_STYLE", "LAYER_Y", "UnknownEraError", "known_eras", "era_info", "structure_figure",
    "compare_eras", "structure_summary", "compare_summary", "contract_holders", "structure_table",
    "show_structure", "show_comparison", "era_sources", "layout_positions",
]

