"""Figure style: a colour-blind-safe palette, titles, and the one-line summary.

Every figure in the collection is shown with :func:`show`, which puts a short
text summary beside it, so the point of the figure is readable without the
picture (screen readers, paper, an HTML export without JavaScript).
"""

from __future__ import annotations

#: Okabe & Ito (2008) palette, safe for the common forms of colour blindness.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
GREY = "#999999"
FONT = "Arial, Helvetica, sans-serif"


def colour(i: int) -> str:
    """The i-th palette colour (cycling)."""
    return OKABE_ITO[i % len(OKABE_ITO)]


#: Trace types whose plotly_white defaults the house template keeps (the ones the collection draws).
TEMPLATE_TRACES = ("bar", "histogram", "scatter", "table", "pie")
_TEMPLATE = None


def template():
    """The house plotly template: plotly_white's layout and its defaults for ``TEMPLATE_TRACES``.

    Built once per process from plotly's own ``plotly_white.json``. Using plotly's full
    ``"plotly_white"`` (defaults for 24 trace types) cost about 0.1 s of CPU, and 0.4 s or more
    on a busy machine, at the first figure of every kernel, and copying it into each figure
    cost twice as much as this slim copy (bench/RESULTS.md); figures look the same.
    """
    global _TEMPLATE
    if _TEMPLATE is None:
        import json
        from importlib import resources

        import plotly.graph_objects as go

        raw = json.loads(resources.files("plotly").joinpath(
            "package_data", "templates", "plotly_white.json").read_text(encoding="utf-8"))
        data = {k: v for k, v in raw.get("data", {}).items() if k in TEMPLATE_TRACES}
        # plotly's own template needs no validation (0.05 s of CPU at the first figure).
        _TEMPLATE = go.layout.Template({"layout": raw["layout"], "data": data}, _validate=False)
    return _TEMPLATE


def _set_template(fig) -> None:
    """Give ``fig`` the house template without validating it again: it was validated when
    built, and plotly sets its default template the same way. (Validating the copy cost
    about 5 ms of CPU per figure, paid again at every widget redraw.)"""
    layout = fig.layout
    saved = getattr(layout, "_validate", None)
    if saved is None:  # not the plotly this was written for: take the ordinary path
        layout.template = template()
        return
    layout._validate = False
    try:
        layout.template = template()
    finally:
        layout._validate = saved


def apply(fig, title: str, x_title: str | None = None, y_title: str | None = None,
          height: int | None = None):
    """Give a plotly figure the house style: title, axis titles, palette, font."""
    if not title:
        raise ValueError("every figure needs a title")
    _set_template(fig)
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        colorway=list(OKABE_ITO),
        font={"family": FONT, "size": 14},
        margin={"l": 60, "r": 30, "t": 70, "b": 60},
    )
    if height:
        fig.update_layout(height=height)
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return fig


def check_figure(fig) -> list[str]:
    """Return what an accessible figure is missing (title, axis labels, palette)."""
    problems = []
    layout = fig.layout
    if not (layout.title and layout.title.text):
        problems.append("no title")
    has_cartesian = any(getattr(t, "xaxis", None) is not None and t.type not in ("sankey", "table", "pie")
                        for t in fig.data)
    if has_cartesian:
        if not (layout.xaxis.title and layout.xaxis.title.text):
            problems.append("no x-axis title")
        if not (layout.yaxis.title and layout.yaxis.title.text):
            problems.append("no y-axis title")
    allowed = {c.lower() for c in OKABE_ITO} | {GREY.lower()}
    for trace in fig.data:
        marker = getattr(trace, "marker", None)
        col = getattr(marker, "color", None) if marker is not None else None
        if isinstance(col, str) and col.startswith("#") and col.lower() not in allowed:
            problems.append(f"trace {trace.name!r} uses colour {col} outside the palette")
    return problems


def summary_html(summary: str) -> str:
    """The one-line text summary printed above a figure ("In short: ...")."""
    from .display import esc

    if not summary or "\n" in summary.strip():
        raise ValueError("a figure needs a one-line summary")
    return f'<p class="juc-summary"><strong>In short:</strong> {esc(summary)}</p>'


def compact_json(figure) -> str:
    """A plotly figure (or its dict) as one line of JSON (:data:`COMPACT_PLOTLY_MIME`)."""
    import json

    if isinstance(figure, dict):
        return json.dumps(figure, separators=(",", ":"))
    from plotly.utils import PlotlyJSONEncoder

    return json.dumps(figure.to_plotly_json(), cls=PlotlyJSONEncoder, separators=(",", ":"))


def show(fig, summary: str) -> None:
    """Display a figure with its one-line text summary (in the notebook)."""
    show_bundle(figure_bundle(fig), summary)


def show_bundle(bundle: dict, summary: str) -> None:
    """:func:`show` for a figure already turned into its display bundle (:func:`figure_bundle`)."""
    from IPython.display import HTML, display

    display(HTML(summary_html(summary)))
    display(bundle, raw=True)


def display_figure(fig) -> None:
    """Display a plotly figure as plotly JSON (the mime type JupyterLab, Voila and nbconvert use).

    It bypasses ``plotly.io.show``: plotly's renderer set-up imports ``nbformat``, whose
    jsonschema format checkers take about 3 s to import (see DESIGN "Known traps"); the
    output is the same ``application/vnd.plotly.v1+json`` bundle plotly itself would send,
    plus a plain-text line naming the figure for text-only readers.
    """
    from IPython.display import display

    display(figure_bundle(fig), raw=True)


#: plotly.js buttons that reach outside the computer ("Share chart..." uploads to Plotly Cloud).
#: A plotly figure kept as one line of compact JSON text in a notebook output: the fixed view of a
#: large widget (the maps of notebook 08). Notebook files indent JSON outputs one number per line,
#: which would make a map's figure four times its size; the offline export draws it like any figure.
COMPACT_PLOTLY_MIME = "application/vnd.juc.plotly-compact"
OFFLINE_MODEBAR_REMOVE = ("sendChartToCloud", "sendDataToCloud", "editInChartStudio")
#: The same rule for renderers that read the figure's own config (JupyterLab's plotly renderer).
OFFLINE_CONFIG = {"showSendToCloud": False, "showEditInChartStudio": False, "showLink": False,
                  "displaylogo": False}


def figure_bundle(fig) -> dict:
    """The display bundle for a plotly figure (for ``display(..., raw=True)`` or a display handle)."""
    import json

    title = fig.layout.title.text if fig.layout.title and fig.layout.title.text else "a figure"
    spec = scale_spec(json.loads(fig.to_json(validate=False)))
    spec["layout"].setdefault("modebar", {})["remove"] = list(OFFLINE_MODEBAR_REMOVE)
    spec["config"] = dict(OFFLINE_CONFIG)
    return {
        "application/vnd.plotly.v1+json": spec,
        "text/plain": f"[Interactive figure: {title}]",
    }


# --------------------------------------------------------------------------
# The presenter's type size (``python3 run.py present --scale``)
# --------------------------------------------------------------------------

#: The environment variable through which the presenter tells its kernels its ``--scale``.
SCALE_VARIABLE = "JUC_FIGURE_SCALE"
#: The width (px) of a figure in the presenter on a 1920×1080 screen (its page is at most
#: 1400 px wide: measured 1366 px in chromium), less a little room.
PRESENTER_WIDTH = 1340
#: plotly.js defaults a scaled figure states explicitly: the page's type size (the title, axes,
#: legend, annotations and trace text follow it), the hover label's type, height and margins.
_PLOTLY_FONT, _PLOTLY_HOVER_FONT, _PLOTLY_HEIGHT = 12, 13, 450
_PLOTLY_MARGIN = {"l": 80, "r": 80, "t": 100, "b": 80}
#: Lengths in pixels that go with the text, scaled with it (wherever they are in a figure).
_PX_KEYS = frozenset({"xshift", "yshift", "borderpad", "standoff", "ticklen", "tracegroupgap"})
#: Values never read for fonts (large arrays, the maps' shapes).
_SKIP_KEYS = frozenset({"template", "geojson", "x", "y", "z", "text", "hovertext", "customdata",
                        "locations", "base", "value", "source", "target", "label", "color"})


def figure_scale() -> float:
    """The presenter's ``--scale`` (from :data:`SCALE_VARIABLE`), else 1.0: JupyterLab, the
    offline pages, handouts and tests see every figure as built."""
    import math
    import os

    try:
        value = float(os.environ.get(SCALE_VARIABLE, "") or 1.0)
    except ValueError:
        return 1.0
    return min(max(value, 0.5), 4.0) if math.isfinite(value) else 1.0


def design_width(width: int) -> int:
    """The width (px, before scaling) a figure that places its own labels lays them out for:
    ``width`` (its laptop design width) or, in the presenter, what its screen leaves for it
    once everything is scaled (``PRESENTER_WIDTH / scale``), whichever is narrower."""
    scale = figure_scale()
    return width if scale == 1.0 else min(width, int(PRESENTER_WIDTH / scale))


def scale_spec(spec: dict, factor: float | None = None) -> dict:
    """A copy of a plotly figure's JSON ``spec`` for the presenter: every font size, the height,
    the margins, and the lengths that go with the text (:data:`_PX_KEYS`, a Sankey's node
    padding) multiplied by ``factor`` (default :func:`figure_scale`). The plot grows as a
    whole, like the page around it, so labels placed by computed geometry keep their places.
    At 1.0 ``spec`` itself is returned, unchanged."""
    factor = figure_scale() if factor is None else factor
    if factor == 1.0:
        return spec
    out = dict(spec)
    out["data"] = [_scaled(t, factor) for t in spec.get("data", ())]
    for trace in out["data"]:
        if isinstance(trace.get("node"), dict):
            trace["node"] = {k: (_times(v, factor) if k in ("pad", "thickness") else v)
                             for k, v in trace["node"].items()}
    layout = _scaled(spec.get("layout", {}), factor)
    layout["font"] = dict(layout.get("font", {}))
    layout["font"].setdefault("size", _times(_PLOTLY_FONT, factor))
    hover = layout["hoverlabel"] = dict(layout.get("hoverlabel", {}))
    hover["font"] = dict(hover.get("font", {}))
    hover["font"].setdefault("size", _times(_PLOTLY_HOVER_FONT, factor))
    layout["height"] = _times(layout.get("height") or _PLOTLY_HEIGHT, factor)
    if layout.get("width"):
        layout["width"] = _times(layout["width"], factor)
    layout["margin"] = {**{k: _times(v, factor) for k, v in _PLOTLY_MARGIN.items()},
                        **{k: _times(v, factor) for k, v in layout.get("margin", {}).items()}}
    out["layout"] = layout
    return out


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _times(v, factor: float):
    """A length ``v`` (px) times ``factor``, to 0.01 px; anything else as it is."""
    return round(v * factor, 2) if _number(v) else v


def _scaled(obj, factor: float, key: str = ""):
    """``obj`` with font sizes (in any ``...font`` dict) and :data:`_PX_KEYS` times ``factor``;
    dicts and lists of dicts copied, everything else shared."""
    if isinstance(obj, dict):
        font = key.endswith("font")
        out = {}
        for k, v in obj.items():
            if font and k == "size":
                out[k] = [_times(s, factor) for s in v] if isinstance(v, (list, tuple)) else _times(v, factor)
            elif k in _PX_KEYS:
                out[k] = _times(v, factor)
            elif k in _SKIP_KEYS and not k.endswith("font"):
                out[k] = v
            else:
                out[k] = _scaled(v, factor, k)
        return out
    if isinstance(obj, list) and obj and isinstance(obj[0], dict):
        return [_scaled(v, factor, key) for v in obj]
    return obj
