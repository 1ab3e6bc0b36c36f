"""PositionMap: the placed voices on two named axes, with a group filter that redraws one figure."""

from __future__ import annotations

import math
import re
import textwrap

from .. import style
from ..display import ShownOnce, esc, plot_lines, plot_text
from ..plot_in_place import PlotInPlace
from .cards import _n
from .joins import ArgumentData, load_argument_data
from .labels import ALL, AXES, GROUP_COLOURS, GROUP_LABELS, GROUP_SYMBOLS, without_ids


# --------------------------------------------------------------------------
# Position map
# --------------------------------------------------------------------------

JITTER_RADIUS = 0.16


def placed_points(data: ArgumentData) -> list[dict]:
    """Each placed voice with its plotted position: voices at the same spot are spread evenly
    on a small circle around it (deterministic, in stakeholder order), so none hides another."""
    spots: dict[tuple[float, float], list[dict]] = {}
    for p in sorted(data.positions, key=lambda p: p["stakeholder_id"]):
        spots.setdefault((float(p["x"]), float(p["y"])), []).append(p)
    points = []
    for (x, y), group in spots.items():
        n = len(group)
        for i, p in enumerate(group):
            dx = dy = 0.0
            if n > 1:
                angle = math.pi / 4 + 2 * math.pi * i / n
                dx, dy = JITTER_RADIUS * math.cos(angle), JITTER_RADIUS * math.sin(angle)
            s = data.stakeholders[p["stakeholder_id"]]
            points.append({**p, "x": x, "y": y, "px": x + dx, "py": y + dy, "name": s["name"],
                           "role": s.get("role", ""), "group": s["group"], "shared_spot": n > 1})
    return points


def _hover_lines(text: str, width: int = 70) -> str:
    return plot_lines(text, width)


def hover_text(data: ArgumentData, p: dict) -> str:
    src = data.sources.get(p["source_id"], {})
    role = f"<br>{_hover_lines(p['role'])}" if p.get("role") else ""
    shared = "<br><i>(shares this spot with another voice; spread slightly so both show)</i>" if p["shared_spot"] else ""
    return (
        f"<b>{plot_text(p['name'])}</b>{role}<br>{plot_text(GROUP_LABELS.get(p['group'], p['group']))}<br>"
        f"<br><b>{plot_text(AXES['x']['title'])}: {p['x']:+g}</b><br>{_hover_lines(without_ids(p['justification_x']))}"
        f"<br><br><b>{plot_text(AXES['y']['title'])}: {p['y']:+g}</b><br>{_hover_lines(without_ids(p['justification_y']))}"
        f"<br><br>Source: {_hover_lines(src.get('title', p['source_id']))}{shared}"
    )


def point_label(name: str, width: int = 18) -> str:
    """A short on-map label: a trailing bracket dropped, wrapped onto at most two lines."""
    short = re.sub(r"\s*\([^()]*\)$", "", name).strip() or name
    lines = textwrap.wrap(short, width)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
    return "<br>".join(plot_text(line) for line in lines)


def position_figure(data: ArgumentData | None = None, data_dir=None, widget: bool = False):
    """The position map: one trace per group (colour and shape), hover gives the justification."""
    import plotly.graph_objects as go

    data = data or load_argument_data(data_dir)
    points = placed_points(data)
    fig = go.Figure()
    for g in GROUP_LABELS:
        mine = [p for p in points if p["group"] == g]
        if not mine:
            continue
        fig.add_trace(go.Scatter(
            x=[p["px"] for p in mine], y=[p["py"] for p in mine], mode="markers+text",
            name=GROUP_LABELS[g], meta=g,
            text=[point_label(p["name"]) for p in mine],
            textposition=["bottom center" if p["py"] < p["y"] else "top center" for p in mine],
            textfont={"size": 11},
            hovertext=[hover_text(data, p) for p in mine],
            hovertemplate="%{hovertext}<extra></extra>",
            customdata=[p["stakeholder_id"] for p in mine],
            marker={"color": GROUP_COLOURS[g], "symbol": GROUP_SYMBOLS[g], "size": 13,
                    "line": {"width": 1, "color": "#ffffff"}},
        ))
    ticks = [-2, -1, 0, 1, 2]
    style.apply(fig, "Where the voices stand: decisions and joining up",
                f"{AXES['x']['title']} (−2 to +2)", f"{AXES['y']['title']} (−2 to +2)", height=580)
    fig.update_xaxes(range=[-2.7, 2.7], tickvals=ticks, zeroline=True, zerolinecolor=style.GREY,
                     ticktext=[f"−2<br>{AXES['x']['low']}", "−1", "0", "+1", f"+2<br>{AXES['x']['high']}"])
    fig.update_yaxes(range=[-2.7, 2.7], tickvals=ticks, zeroline=True, zerolinecolor=style.GREY,
                     ticktext=[f"{AXES['y']['low']} −2", "−1", "0", "+1",
                               "organisational<br>integration +2"])
    fig.update_layout(legend={"title": {"text": "Group"}}, hoverlabel={"align": "left"},
                      margin={"l": 150})
    if widget and _has_anywidget():
        scaled = style.figure_scale() != 1.0  # the presenter: its type size (style.scale_spec)
        return go.FigureWidget(style.scale_spec(fig.to_plotly_json()) if scaled else fig)
    return fig


def _has_anywidget() -> bool:
    """plotly's FigureWidget needs ``anywidget`` (not in the lock). Checked without importing
    ``go.FigureWidget``, whose import pulls in plotly.io's renderers and nbformat."""
    import importlib.util

    return importlib.util.find_spec("anywidget") is not None


def position_summary(data: ArgumentData | None = None, group: str = ALL, data_dir=None) -> str:
    data = data or load_argument_data(data_dir)
    pts = [p for p in data.positions
           if group == ALL or data.stakeholders[p["stakeholder_id"]]["group"] == group]
    where = "" if group == ALL else f" ({GROUP_LABELS.get(group, group)})"
    if not pts:
        return f"No voices{where} are placed on the map."
    xs, ys = [float(p["x"]) for p in pts], [float(p["y"]) for p in pts]
    return (f"{_n(len(pts), 'voice')}{where} placed: {sum(x < 0 for x in xs)} towards decisions at "
            f"{AXES['x']['low']}, {sum(x > 0 for x in xs)} towards {AXES['x']['high']}, "
            f"{sum(x == 0 for x in xs)} in between; {sum(y < 0 for y in ys)} towards "
            f"{AXES['y']['low']}, {sum(y > 0 for y in ys)} towards {AXES['y']['high']}, "
            f"{sum(y == 0 for y in ys)} in between.")


def show_position_map(data_dir=None) -> None:
    """The static default: the map with its one-line summary."""
    data = load_argument_data(data_dir)
    style.show(position_figure(data), position_summary(data))


def _figure_bundle(fig) -> dict:
    return style.figure_bundle(fig)


class PositionMap(ShownOnce):
    """The position map with a group filter that updates the same figure in place.

    ``figure`` is one plotly figure whose traces are shown or hidden by the filter. It is a
    ``FigureWidget`` when ``anywidget`` is installed; otherwise (the collection's lock) a
    ``Figure`` drawn once by :class:`~helpers.plot_in_place.PlotInPlace`, a later choice
    changing the drawn plot (``Plotly.react``: no new plot, no PNG snapshot in JupyterLab).
    Its ``Output`` is written, not displayed into, which works from widget callbacks in
    JupyterLab and avoids an nbclient stall when a cell writes into an ``Output``
    (jupyter/nbclient#312), which would hold up ``nbtools execute`` and Voila.
    """

    def __init__(self, group=ALL, data_dir=None):
        import ipywidgets as w

        self.data = load_argument_data(data_dir)
        self.figure = position_figure(self.data, widget=True)
        self.is_figure_widget = isinstance(self.figure, w.DOMWidget)
        groups = [t.meta for t in self.figure.data]
        self.group = w.Dropdown(options=[("All groups", ALL)] + [(GROUP_LABELS[g], g) for g in groups],
                                value=ALL, description="Group:", layout=w.Layout(width="420px"))
        self.summary = w.HTML()
        self.plot = None if self.is_figure_widget else PlotInPlace()
        self.out = self.plot and self.plot.out  # the figure drawn first
        self.group.observe(self._changed, names="value")
        self.widget = w.VBox([self.group, self.summary, self.figure if self.is_figure_widget else self.plot.widget])
        self.set_group(group)

    def set_group(self, group: str) -> None:
        if group != ALL and group not in GROUP_LABELS:
            raise ValueError(f"unknown group {group!r}")
        if self.group.value != group:
            self.group.value = group  # observer calls back here
            return
        self._apply(group)

    def visible_voices(self) -> list[str]:
        return [sid for t in self.figure.data if t.visible is not False for sid in t.customdata]

    def _apply(self, group: str) -> None:
        with self.figure.batch_update():
            for t in self.figure.data:
                t.visible = group == ALL or t.meta == group
        text = position_summary(self.data, group)
        self.summary.value = f'<p class="juc-summary"><strong>In short:</strong> {esc(text)}</p>'
        self._redraw()

    def _redraw(self) -> None:
        if self.plot is not None:
            self.plot.show(_figure_bundle(self.figure))

    def _changed(self, change=None) -> None:
        self._apply(self.group.value)

    def fixed_html(self) -> str:
        """Where widgets cannot run: the whole map's one-line summary (the figure follows)."""
        return style.summary_html(position_summary(self.data, ALL))

    def fixed_figure(self):
        """The map with every group, as the widget opens."""
        return position_figure(self.data)
