"""The main timeline figure (eras as bands, events as markers) and the eras table."""

from __future__ import annotations

import datetime as _dt

from .. import style
from ..display import align_cells, esc, plot_text
from ..display import source_marks
from .dates import date_end, date_start, format_date
from .events import _cached_figure, _ensure_enriched, _key, _wrap, _x_range, events_frame
from . import layout
from .labels import (
    CATEGORY_LABELS, ERA_LANE, ERA_SHORT_LABELS, LANDMARKS, STATUS_COLOURS, STATUS_NAMES, STATUS_SYMBOLS,
)


# --------------------------------------------------------------------------
# The timeline figure
# --------------------------------------------------------------------------

def _category_order(ev) -> list[str]:
    from ..data import EVENT_CATEGORIES

    known = [c for c in CATEGORY_LABELS if c in EVENT_CATEGORIES]
    extra = sorted(set(EVENT_CATEGORIES) - set(known))
    return known + extra


def _offsets(ev, gap_days: int = 330) -> list[float]:
    """Small vertical offsets so events close in time on the same row do not hide each other."""
    levels = (0.0, 0.24, -0.24, 0.12, -0.12, 0.36, -0.36)
    out = [0.0] * len(ev)
    last_at: dict[tuple[str, float], object] = {}
    for i, (cat, start) in enumerate(zip(ev["category"], ev["start"])):
        for lvl in levels:
            prev = last_at.get((cat, lvl))
            if prev is None or (start - prev).days > gap_days:
                out[i] = lvl
                last_at[(cat, lvl)] = start
                break
        else:
            out[i] = levels[i % len(levels)]
    return out


def _era_hover(era: dict) -> str:
    start = format_date(era["start"], era["start_precision"])
    end = format_date(era["end"], era["end_precision"]) if isinstance(era["end"], str) and era["end"] else "now"
    return "<br>".join([
        f"<b>{_wrap(era['label'], 60)}</b>",
        f"{plot_text(start)} to {plot_text(end)}",
        "<i>General practice commissioned by:</i> " + _wrap(era["gp_commissioner"], 64),
        "<i>Community and hospital care commissioned by:</i> " + _wrap(era["community_commissioner"], 64),
    ])


#: The timeline's height and margins (pixels): the label layout depends on them.
HEIGHT = 780
MARGIN = {"l": 178, "r": 24, "t": 64, "b": 118}
LANDMARK_FONT = 13  # px: legible on a laptop and from the back of a room
ERA_FONT = 12
TICK_FONT = 12  # the row names: one line where they fit beside the axis title
ROW_PX = 21  # one row of landmark labels
_LANE_TOP = 0.6  # the era lane spans lane - 0.35 .. lane + 0.55; labels start above lane + 0.6
_BOTTOM = -0.7


def _era_bands(eras, x_range) -> list[dict]:
    """The eras clipped to the x range: start, end (ISO), era record, fill colour."""
    lo, hi = (_dt.date.fromisoformat(x) for x in x_range)
    out = []
    for i, era in enumerate(eras.to_dict("records")):
        start = date_start(era["start"])
        end = date_end(era["end"]) if isinstance(era["end"], str) and era["end"] else hi
        a, b = max(start, lo), min(end + _dt.timedelta(days=1), hi)
        if b > a:
            out.append({"a": a, "b": b, "era": era, "fill": style.OKABE_ITO[4] if i % 2 else style.GREY})
    return out


def era_label_lines(era: dict, band_px: float) -> list[str]:
    """The era's name broken into at most two lines that fit its band (``band_px`` wide):
    the full label if it fits, else the short one (:data:`ERA_SHORT_LABELS`), else its
    short label on one line however wide."""
    room = band_px - 6
    for text in (era["label"], ERA_SHORT_LABELS.get(era["era_id"], era["label"])):
        lines = layout.wrap_to(text, ERA_FONT, room)
        if lines:
            return lines
    return [ERA_SHORT_LABELS.get(era["era_id"], era["label"])]


def plot_width(width: int | None = None) -> int:
    """The plot's width (px) in a figure ``width`` wide (default: the design width, narrower in
    the presenter: :func:`helpers.style.design_width`)."""
    return (width or style.design_width(layout.DESIGN_WIDTH)) - MARGIN["l"] - MARGIN["r"]


def landmark_layout(ev, x_range, width: int | None = None) -> list[dict]:
    """Where each landmark label goes (:data:`LANDMARKS` present in ``ev``) at a figure
    ``width`` pixels wide (default: :func:`plot_width`'s): ``event_id``, ``text``, ``x`` (ISO date), ``row``, ``anchor`` and
    ``box`` (pixels: from the plot's left edge, up from the first label row)."""
    scale = layout.Scale(x_range, plot_width(width))
    items = []
    # only the columns used: a whole row of the events frame as a dict was most of a redraw's pandas time
    for r in ev.loc[ev["event_id"].isin(list(LANDMARKS)), ["event_id", "start"]].to_dict("records"):
        text = LANDMARKS[r["event_id"]]
        items.append({"event_id": r["event_id"], "text": text, "date": r["start"].date().isoformat(),
                      "x": scale.px(r["start"].date()), "w": layout.text_width(text, LANDMARK_FONT) + 4})
    return layout.stagger(items, scale.width, ROW_PX)


def _y_geometry(lane: int, rows: int) -> dict:
    """The y axis: pixels per row of the plot, and where the label rows sit (data units)."""
    band = rows * ROW_PX + (8 if rows else 0)
    plot_h = HEIGHT - MARGIN["t"] - MARGIN["b"]
    per_unit = (plot_h - band) / (lane + _LANE_TOP - _BOTTOM)
    base = lane + _LANE_TOP
    return {"per_unit": per_unit, "base": base, "top": base + band / per_unit,
            "row_y": [base + (4 + r * ROW_PX) / per_unit for r in range(rows)]}


def _lane_traces_and_labels(bands, lane, x_range):
    """The era lane: one bar per era (hover: who commissioned) and its name written inside."""
    import plotly.graph_objects as go

    scale = layout.Scale(x_range, plot_width())
    bar = go.Bar(
        base=[b["a"].isoformat() for b in bands], x=[(b["b"] - b["a"]).days * 86_400_000 for b in bands],
        y=[lane] * len(bands), orientation="h", width=0.9,
        hovertext=[_era_hover(b["era"]) for b in bands], hovertemplate="%{hovertext}<extra></extra>",
        marker={"color": [b["fill"] for b in bands], "line": {"width": 1, "color": "#ffffff"}},
        name="Eras", showlegend=False, meta="eras")
    notes = []
    for b in bands:
        mid = b["a"] + (b["b"] - b["a"]) / 2
        lines = era_label_lines(b["era"], scale.px(b["b"]) - scale.px(b["a"]))
        notes.append({"x": mid.isoformat(), "y": lane, "xref": "x", "yref": "y", "showarrow": False,
                      "text": "<br>".join(plot_text(t) for t in lines), "font": {"size": ERA_FONT},
                      "name": f"era:{b['era']['era_id']}", "captureevents": False})
    return bar, notes


def _landmark_parts(ev, placed_list, geo):
    """Annotations (the labels), shapes (their leader lines) and a ring round each landmark,
    placed as :func:`landmark_layout` placed them."""
    import plotly.graph_objects as go

    placed = {p["event_id"]: p for p in placed_list}
    notes, leaders, ring = [], [], {"x": [], "y": []}
    for r in ev.loc[ev["event_id"].isin(list(placed)), ["event_id", "_y", "title", "when"]].to_dict("records"):
        p = placed[r["event_id"]]
        y = geo["row_y"][p["row"]]
        notes.append({"x": p["date"], "y": y, "xref": "x", "yref": "y", "showarrow": False,
                      "xanchor": p["anchor"], "yanchor": "bottom", "text": plot_text(p["text"]),
                      "font": {"size": LANDMARK_FONT, "color": "#000000"},
                      "bgcolor": "rgba(255,255,255,0.9)", "borderpad": 1, "name": f"landmark:{p['event_id']}",
                      "hovertext": plot_text(r["title"]) + " (" + plot_text(r["when"]) + ")"})
        leaders.append({"type": "line", "xref": "x", "yref": "y", "x0": p["date"], "x1": p["date"],
                        "y0": r["_y"], "y1": y, "layer": "above",
                        "line": {"color": style.GREY, "width": 1, "dash": "dot"}})
        ring["x"].append(p["date"])
        ring["y"].append(r["_y"])
    trace = go.Scatter(x=ring["x"], y=ring["y"], mode="markers", name="Landmark (named above)",
                       meta="landmarks", hoverinfo="skip",
                       marker={"symbol": "circle-open", "size": 18, "color": "#000000",
                               "line": {"width": 1.5, "color": "#000000"}})
    return notes, leaders, ([trace] if ring["x"] else [])


def _event_traces(ev) -> list:
    import plotly.graph_objects as go

    traces = []
    for status in ("settled", "provisional"):
        part = ev[ev["status"] == status]
        if part.empty:
            continue
        traces.append(go.Scatter(
            x=[d.date().isoformat() for d in part["start"]], y=list(part["_y"]),
            mode="markers", name=STATUS_NAMES[status], meta="events",
            customdata=list(part["event_id"]),
            hovertext=list(part["hover"]), hovertemplate="%{hovertext}<extra></extra>",
            marker={"symbol": STATUS_SYMBOLS[status], "color": STATUS_COLOURS[status],
                    "size": 11 if status == "provisional" else 9,
                    "line": {"width": 2 if status == "provisional" else 0.5,
                             "color": STATUS_COLOURS[status]}},
        ))
    return traces


def _tick_text(label: str) -> str:
    """A row name on the y axis, in two lines when long."""
    lines = layout.wrap_to(label, TICK_FONT, MARGIN["l"] - 30) or [label]
    return "<br>".join(plot_text(t) for t in lines)


def _draw_timeline(fig, ev, eras, x_range) -> None:
    """(Re)draw the timeline into ``fig`` in place: era bands and lane, events, landmarks."""
    cats = _category_order(ev)
    lane = len(cats)
    bands = _era_bands(eras, x_range)
    shapes = [{"type": "rect", "xref": "x", "yref": "paper", "x0": b["a"].isoformat(),
               "x1": b["b"].isoformat(), "y0": 0, "y1": 1, "fillcolor": b["fill"], "opacity": 0.12,
               "line": {"width": 0}, "layer": "below"} for b in bands]
    bar, annotations = _lane_traces_and_labels(bands, lane, x_range)
    traces = [bar]
    placed = []
    if len(ev):
        ys = [cats.index(c) + off if c in cats else -1
              for c, off in zip(ev["category"], _offsets(ev))]
        ev = ev.assign(_y=ys)
        placed = landmark_layout(ev, x_range)  # once per redraw: the rows and the labels use it
    rows = 1 + max((p["row"] for p in placed), default=-1)
    geo = _y_geometry(lane, rows)
    if len(ev):
        traces += _event_traces(ev)
        notes, leaders, ring = _landmark_parts(ev, placed, geo)
        annotations += notes
        shapes += leaders
        traces += ring
    ticks = list(range(lane + 1)) + ([(geo["base"] + geo["top"]) / 2] if rows else [])
    yaxis = {"tickvals": ticks,
             "ticktext": [_tick_text(CATEGORY_LABELS.get(c, c)) for c in cats] + [_tick_text(ERA_LANE)]
             + (["Landmarks"] if rows else []),
             "range": [_BOTTOM, geo["top"]], "zeroline": False, "tickfont": {"size": TICK_FONT}}
    xaxis = {"type": "date", "range": list(x_range)}
    layout_ = fig.layout
    with fig.batch_update():
        fig.data = ()
        fig.add_traces(traces)
        # A redraw mostly keeps the bands and axes: re-validating them was a third of its cost.
        if [sh.to_plotly_json() for sh in layout_.shapes] != shapes:
            layout_.shapes = shapes
        layout_.annotations = annotations
        if not _has(layout_.yaxis, yaxis):
            fig.update_yaxes(**yaxis)
        if not _has(layout_.xaxis, xaxis):
            fig.update_xaxes(**xaxis)


def _has(axis, props: dict) -> bool:
    """Whether the layout ``axis`` already has every value in ``props`` (lists as lists)."""
    for k, v in props.items():
        got = axis[k]
        if isinstance(got, tuple):
            got = list(got)
        if got != v:
            return False
    return True


def timeline_summary(ev, total: int | None = None) -> str:
    """One line saying what the timeline shows (for screen readers and paper)."""
    if ev.empty:
        return "No events to show."
    first, last = ev["start"].min().year, max(date_end(d) for d in ev["date"]).year
    prov = ev[ev["status"] == "provisional"]
    line = (f"{len(ev)} events" + (f" of {total}" if total is not None and total != len(ev) else "")
            + f" from {first} to {last}, in {ev['era'].nunique()} eras")
    if len(prov):
        latest = max(zip(prov["as_of"], prov["as_of_precision"]), key=lambda t: date_start(t[0]))
        line += (f"; {len(prov)} still provisional (open diamonds, last checked as late as "
                 f"{format_date(*latest)})")
    return line + "."


def timeline_figure(events=None, eras=None, data_dir=None):
    """The whole timeline: era bands (who commissioned what), events by kind, sources in hover.

    ``events``/``eras`` default to the full tables (any subset of events may be passed).
    Returns ``(figure, one-line summary)``; each call returns a new figure object.
    """
    if events is None and eras is None:
        return _cached_figure(("timeline", _key(data_dir)),
                              lambda: _timeline_figure(None, None, data_dir))
    return _timeline_figure(events, eras, data_dir)


def _timeline_figure(events, eras, data_dir):
    import plotly.graph_objects as go

    from ..data import load_eras

    ev = _ensure_enriched(events, data_dir)
    er = load_eras(data_dir) if eras is None else eras
    full = events_frame(data_dir) if events is not None else ev
    first = int(full["start"].min().year) if len(full) else int(_x_range(full, er)[0][:4]) + 2
    last = int(_x_range(full, er)[1][:4])
    fig = go.Figure()
    style.apply(fig, f"Joined-up care {first} to {last}: every reform and switch, by era",
                x_title="Year (dates known only to the month or year are plotted at its start)",
                y_title="Kind of event", height=HEIGHT)
    fig.update_layout(hovermode="closest", hoverlabel={"align": "left"}, bargap=0,
                      legend={"orientation": "h", "y": -0.13, "x": 0}, margin=MARGIN)
    _draw_timeline(fig, ev, er, _x_range(full, er))
    return fig, timeline_summary(ev)


def eras_table_html(data_dir=None) -> str:
    """The eras and who commissioned general practice and community care in each (static)."""
    from ..data import load_eras

    rows = []
    for era in load_eras(data_dir).to_dict("records"):
        start = format_date(era["start"], era["start_precision"])
        end = format_date(era["end"], era["end_precision"]) if isinstance(era["end"], str) and era["end"] else "continuing"
        rows.append(f"<tr><td>{esc(era['label'])}</td><td>{esc(start)}</td><td>{esc(end)}</td>"
                    f"<td>{esc(era['gp_commissioner'])}</td><td>{esc(era['community_commissioner'])}</td>"
                    f"<td>{esc(source_marks([era['source_ids']] if isinstance(era['source_ids'], str) else era['source_ids'], data_dir))}</td></tr>")
    return align_cells('<table class="juc-table"><caption>The eras: who commissioned what</caption><thead><tr>'
                       "<th>Era</th><th>From</th><th>To</th><th>General practice commissioned by</th>"
                       "<th>Community and hospital care commissioned by</th><th>Sources</th></tr></thead><tbody>"
                       + "".join(rows) + "</tbody></table>")


def show_eras(data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(eras_table_html(data_dir)))


def show_timeline(data_dir=None) -> None:
    """Notebook cell: the timeline with its one-line summary."""
    style.show(*timeline_figure(data_dir=data_dir))
