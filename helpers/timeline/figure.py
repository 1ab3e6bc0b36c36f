"""The main timeline figure (eras as bands, events as markers) and the eras table."""

from __future__ import annotations

import datetime as _dt

from .. import style
from ..display import esc, plot_text
from .dates import date_end, date_start, format_date
from .events import _cached_figure, _ensure_enriched, _key, _wrap, _x_range, events_frame
from .labels import CATEGORY_LABELS, ERA_LANE, STATUS_COLOURS, STATUS_NAMES, STATUS_SYMBOLS


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


def _draw_timeline(fig, ev, eras, x_range, message: str | None = None) -> None:
    """(Re)draw the timeline into ``fig`` in place: bands, era lane, event markers."""
    import plotly.graph_objects as go

    cats = _category_order(ev)
    lane = len(cats)
    lo, hi = (_dt.date.fromisoformat(x) for x in x_range)
    bands, bar = [], {"base": [], "x": [], "text": [], "hover": [], "colour": []}
    for i, era in enumerate(eras.to_dict("records")):
        start = date_start(era["start"])
        end = date_end(era["end"]) if isinstance(era["end"], str) and era["end"] else hi
        a, b = max(start, lo), min(end + _dt.timedelta(days=1), hi)
        if b <= a:
            continue
        fill = style.OKABE_ITO[4] if i % 2 else style.GREY
        bands.append({"type": "rect", "xref": "x", "yref": "paper", "x0": a.isoformat(),
                      "x1": b.isoformat(), "y0": 0, "y1": 1, "fillcolor": fill, "opacity": 0.12,
                      "line": {"width": 0}, "layer": "below"})
        bar["base"].append(a.isoformat())
        bar["x"].append((b - a).days * 86_400_000)
        bar["text"].append(plot_text(era["label"]))
        bar["hover"].append(_era_hover(era))
        bar["colour"].append(fill)
    traces = [go.Bar(
        base=bar["base"], x=bar["x"], y=[lane] * len(bar["x"]), orientation="h", width=0.7,
        text=bar["text"], textposition="inside", insidetextanchor="middle",
        hovertext=bar["hover"], hovertemplate="%{hovertext}<extra></extra>",
        marker={"color": bar["colour"], "line": {"width": 1, "color": "#ffffff"}},
        name="Eras", showlegend=False, meta="eras",
    )]
    if len(ev):
        ys = [cats.index(c) + off if c in cats else -1
              for c, off in zip(ev["category"], _offsets(ev))]
        ev = ev.assign(_y=ys)
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
    annotations = []
    if message:
        annotations.append({"text": plot_text(message), "xref": "paper", "yref": "paper", "x": 0.5,
                            "y": 0.5, "showarrow": False, "font": {"size": 16},
                            "bgcolor": "#ffffff", "bordercolor": style.GREY, "borderpad": 6})
    yaxis = {"tickvals": list(range(lane + 1)),
             "ticktext": [plot_text(CATEGORY_LABELS.get(c, c)) for c in cats] + [ERA_LANE],
             "range": [-0.7, lane + 0.6], "zeroline": False}
    xaxis = {"type": "date", "range": list(x_range)}
    layout = fig.layout
    with fig.batch_update():
        fig.data = ()
        fig.add_traces(traces)
        # A redraw mostly keeps the bands and axes: re-validating them was a third of its cost.
        if [sh.to_plotly_json() for sh in layout.shapes] != bands:
            layout.shapes = bands
        layout.annotations = annotations
        if not _has(layout.yaxis, yaxis):
            fig.update_yaxes(**yaxis)
        if not _has(layout.xaxis, xaxis):
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
    first, last = (int(x[:4]) for x in _x_range(full, er))
    fig = go.Figure()
    style.apply(fig, f"Joined-up care {first + 1} to {last}: every reform and switch, by era",
                x_title="Year (dates known only to the month or year are plotted at its start)",
                y_title="Kind of event", height=620)
    fig.update_layout(hovermode="closest", hoverlabel={"align": "left"}, bargap=0,
                      uniformtext={"minsize": 10, "mode": "hide"},
                      legend={"orientation": "h", "y": -0.16, "x": 0},
                      margin={"l": 250})
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
                    f"<td><code>{esc(era['source_ids'])}</code></td></tr>")
    return ('<table class="juc-table"><caption>The eras: who commissioned what</caption><thead><tr>'
            "<th>Era</th><th>From</th><th>To</th><th>General practice commissioned by</th>"
            "<th>Community and hospital care commissioned by</th><th>Sources</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def show_eras(data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(eras_table_html(data_dir)))


def show_timeline(data_dir=None) -> None:
    """Notebook cell: the timeline with its one-line summary."""
    style.show(*timeline_figure(data_dir=data_dir))
