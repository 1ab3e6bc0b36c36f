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

from .display import plot_lines, plot_text
from .style import OKABE_ITO, apply

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
    return {r.source_id: f"{r.title} ({r.publisher}, {r.date}) [{r.source_id}]"
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
# Drawing
# --------------------------------------------------------------------------

def _link_traces(links, pos, labels, layer_of, data_dir, index, showlegend) -> list[dict]:
    """Three traces per relationship type: the curved links, their arrowheads and hover points."""
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
                bend = bend + (0.12 if p0[0] < p1[0] else -0.12)
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


def _node_trace(nodes, pos, data_dir, index, wrap: int) -> dict:
    """The bodies as labelled markers; crowded layers alternate labels above and below."""
    node_hover = [
        f"<b>{plot_lines(r.label, 60)}</b><br>{plot_lines(r.description, 60)}<br>"
        f"<i>Source:</i> {_source_lines(r.source_ids, data_dir, index)}"
        for r in nodes.itertuples(index=False)
    ]
    # crowded layers alternate their labels above and below the markers
    rank = {n: sorted((p for p in pos if pos[p][1] == pos[n][1]), key=lambda p: pos[p][0]).index(n)
            for n in pos}
    crowded = {y for y in LAYER_Y.values() if sum(1 for p in pos.values() if p[1] == y) >= 4}
    positions = ["bottom center" if pos[n][1] in crowded and rank[n] % 2 else "top center"
                 for n in nodes["node_id"]]
    return dict(type="scatter",
        x=[pos[n][0] for n in nodes["node_id"]], y=[pos[n][1] for n in nodes["node_id"]],
        mode="markers+text", name="bodies", showlegend=False,
        text=[plot_lines(label, wrap) for label in nodes["label"]],
        textposition=positions, textfont={"size": 11, "color": "#000000"},
        hovertext=node_hover, hoverinfo="text",
        marker={"size": 16, "color": NODE_COLOUR, "line": {"color": "#000000", "width": 1.2}},
    )


def _add_era(fig, era: str, data_dir=None, row=None, col=None, showlegend=True, xref="x", yref="y",
             wrap: int = 24):
    info, nodes, links = _era_frames(era, data_dir)
    pos = layout_positions(nodes, links)
    labels = dict(zip(nodes["node_id"], nodes["label"]))
    layer_of = dict(zip(nodes["node_id"], nodes["layer"]))
    kw = {"row": row, "col": col} if row is not None else {}
    index = _source_index(data_dir)
    # Plain dicts added in one call, validated once there (building each go.Scatter and then
    # adding it validated every trace twice: over half of the figure's CPU time, bench).
    traces = _link_traces(links, pos, labels, layer_of, data_dir, index, showlegend)
    traces.append(_node_trace(nodes, pos, data_dir, index, wrap))
    if kw:
        fig.add_traces(traces, rows=[row] * len(traces), cols=[col] * len(traces))
    else:
        fig.add_traces(traces)
    return info, nodes, links


def _axis_props() -> tuple[dict, dict]:
    """The x and y axes of a structure diagram."""
    return ({"range": [-0.02, 1.02], "showgrid": False, "zeroline": False, "showticklabels": False,
             "title": {"text": "Bodies at each level (their left-to-right order has no meaning)"}},
            {"range": [-0.45, 3.75], "showgrid": True, "gridcolor": "#e5e5e5", "zeroline": False,
             "tickvals": list(LAYER_Y.values()), "ticktext": [LAYER_LABEL[k] for k in LAYER_Y],
             "title": {"text": "Level"}})


def _axes(fig, **kw):
    x, y = _axis_props()
    fig.update_xaxes(x, **kw)
    fig.update_yaxes(y, **kw)


def structure_figure(era: str, data_dir=None):
    """The structure diagram of one era, as a plotly figure.

    Raises :class:`UnknownEraError` (listing the known eras) for an unknown id.
    """
    import plotly.graph_objects as go

    info = era_info(era, data_dir)
    fig = go.Figure()
    _add_era(fig, era, data_dir)
    apply(fig, plot_text(f"Who commissioned what: {info.label} ({info.years})"), height=720)
    xaxis, yaxis = _axis_props()
    fig.update_layout(  # axes and the rest in one call
        xaxis=xaxis, yaxis=yaxis,
        legend={"title": {"text": "Relationship (line style and colour)", "side": "top"}, "orientation": "h",
                "yanchor": "top", "y": -0.12, "x": 0},
        margin={"l": 150, "r": 30, "t": 70, "b": 140}, hoverlabel={"align": "left"},
        meta={"era": era, "summary": structure_summary(era, data_dir)},
    )
    return fig


def compare_eras(era_a: str, era_b: str, data_dir=None):
    """Two eras' structure diagrams side by side in one figure (one call, two panels)."""
    from plotly.subplots import make_subplots

    a, b = era_info(era_a, data_dir), era_info(era_b, data_dir)
    if era_a == era_b:
        raise ValueError(f"compare_eras needs two different eras (got {era_a!r} twice)")
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.03,
                        subplot_titles=[plot_text(f"{a.label} ({a.years})"), plot_text(f"{b.label} ({b.years})")])
    _add_era(fig, era_a, data_dir, row=1, col=1, showlegend=True, xref="x", yref="y", wrap=20)
    _add_era(fig, era_b, data_dir, row=1, col=2, showlegend=False, xref="x2", yref="y2", wrap=20)
    apply(fig, plot_text(f"Who commissioned what: {a.years} beside {b.years}"), height=760)
    _axes(fig, row=1, col=1)
    _axes(fig, row=1, col=2)
    fig.update_yaxes(showticklabels=False, title_text="", row=1, col=2)
    fig.update_layout(
        legend={"title": {"text": "Relationship (line style and colour)", "side": "top"}, "orientation": "h",
                "yanchor": "top", "y": -0.1, "x": 0},
        margin={"l": 150, "r": 20, "t": 90, "b": 140}, hoverlabel={"align": "left"},
        meta={"eras": [era_a, era_b], "summary": compare_summary(era_a, era_b, data_dir)},
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
        "sources": ["; ".join(s) for s in links["source_ids"]],
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

