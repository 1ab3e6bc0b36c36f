"""The timeline, 1990 to 2026: figures and widgets for notebook ``01_timeline``.

Everything shown comes from ``data/`` (events, eras, sources, org_counts, glossary):

- :func:`timeline_figure`: the eras as shaded bands (with who commissioned general practice and
  community care in each) and every event as a marker, by kind of event; provisional events are
  open diamonds. Returns ``(figure, one-line summary)``.
- :func:`counts_figure` and :class:`CountsView`: how many bodies of each type existed, as step
  lines, with the big switches marked, and a log-scale toggle that changes the same figure.
- :class:`TimelineExplorer`: filters by kind, era and free text; updates one figure in place and
  lists the matching events with their sources; a drop-down opens one event with its sources.
- :func:`what_repeats`: events whose words show integration and GP-led commissioning coming back
  again and again, found by the keyword rules in :data:`REPEAT_THEMES` (shown to the reader).
- static helpers for the notebook: the eras table, the glossary, solutions computed from the
  data, the "accurate as of" line and the list of source ids for the references.

Dates are shown at the precision of the data ("April 2013", "2013", "26 November 2020"); a date
known only to the month or year is plotted at the start of that period, but no hover text or
label shows more than the data holds.

Importing this module is cheap: pandas, plotly and ipywidgets are imported inside functions, and
the tables are read (once, cached) by :mod:`helpers.data` when first needed.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import textwrap
from pathlib import Path

from . import style
from .display import esc

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

#: Readable names for event categories, bottom to top on the timeline's y axis.
CATEGORY_LABELS = {
    "legislation": "Legislation",
    "white_paper": "White paper",
    "consultation": "Consultation",
    "review": "Review",
    "policy": "Policy and plans",
    "guidance": "Guidance",
    "announcement": "Announcement",
    "programme": "Programme",
    "funding": "Funding",
    "contract": "GP contract",
    "organisation": "Bodies created, merged or abolished",
}

#: Readable names for org_counts.org_type (plural, as a legend reads).
ORG_LABELS = {
    "regional_health_authorities": "Regional health authorities",
    "district_health_authorities": "District health authorities",
    "family_health_services_authorities": "Family health services authorities",
    "health_authorities": "Health authorities",
    "gp_fundholders": "GP fundholders",
    "gp_fundholding_practices": "GP fundholding practices",
    "gp_fundholders_population_share": "Population share with a fundholding GP (%)",
    "primary_care_groups": "Primary care groups (PCGs)",
    "primary_care_trusts": "Primary care trusts (PCTs)",
    "strategic_health_authorities": "Strategic health authorities (SHAs)",
    "clinical_commissioning_groups": "Clinical commissioning groups (CCGs)",
    "ccgs_with_delegated_primary_care": "CCGs with delegated primary care commissioning",
    "commissioning_support_units": "Commissioning support units",
    "nhs_england_regions": "NHS England regions",
    "nhs_england_area_teams": "NHS England area teams",
    "health_and_wellbeing_boards": "Health and wellbeing boards",
    "integration_pioneers": "Integration pioneers",
    "vanguards": "New care model vanguards",
    "sustainability_and_transformation_partnerships": "STP footprints and partnerships",
    "integrated_care_systems": "Integrated care systems (ICSs)",
    "integrated_care_boards": "Integrated care boards (ICBs)",
    "icb_clusters": "ICB clusters (shared leadership teams)",
    "primary_care_networks": "Primary care networks (PCNs)",
}

#: Events (by id) marked as big switches on the counts figure besides the start of each era.
#: Only ids live here: their dates and titles are read from events.csv.
SWITCH_EVENT_IDS = ("devolution-day-2002",)

#: The keyword rules behind "what repeats": a theme, what it means, and the words that put an
#: event in it when they appear in its title or summary (case-insensitive).
REPEAT_THEMES = (
    ("integration", "Joining up health and care (integration)",
     ("integrat", "joined up", "joined-up", "joining up", "join up", "joining health",
      "joint commissioning", "pooled", "pooling")),
    ("gp_led", "GP-led commissioning",
     ("fundhold", "total purchasing", "primary care group", "practice-based commissioning",
      "indicative commissioning budget", "consortia of gp", "clinical commissioning group",
      "co-commission", "delegated commissioning", "ccgs")),
)

ALL = "all"
STATUS_SYMBOLS = {"settled": "circle", "provisional": "diamond-open"}
STATUS_COLOURS = {"settled": style.OKABE_ITO[0], "provisional": style.OKABE_ITO[5]}
STATUS_NAMES = {"settled": "Settled", "provisional": "Provisional (still changing)"}
ERA_LANE = "Era: who commissioned"
NOT_COUNTS = ("gp_fundholders_population_share",)  # percentages, not counts of bodies


# --------------------------------------------------------------------------
# Dates at their precision
# --------------------------------------------------------------------------

def _part_precision(part: str) -> str:
    return {4: "year", 7: "month", 10: "day"}[len(part)]


def _format_part(part: str) -> str:
    bits = [int(b) for b in part.split("-")]
    if len(bits) == 1:
        return f"{bits[0]}"
    if len(bits) == 2:
        return f"{MONTHS[bits[1] - 1]} {bits[0]}"
    return f"{bits[2]} {MONTHS[bits[1] - 1]} {bits[0]}"


def format_date(value, precision) -> str:
    """A date as a reader would write it, never more precise than the data.

    ``("2013-04-01", "day")`` → "1 April 2013"; ``("2013-04", "month")`` → "April 2013";
    ``("2013", "year")`` → "2013"; ``("2020-11-26/2021-01-08", "range")`` → "between
    26 November 2020 and 8 January 2021". Empty values give "".
    """
    if value is None or not isinstance(value, str) or not value:
        return ""
    if precision == "range" or "/" in value:
        a, b = value.split("/")
        return f"between {_format_part(a)} and {_format_part(b)}"
    expected = {"day": 10, "month": 7, "year": 4}.get(precision)
    if expected is not None and len(value) != expected:
        raise ValueError(f"{value!r} does not have precision {precision!r}")
    return _format_part(value)


def _part_start(part: str) -> _dt.date:
    bits = [int(b) for b in part.split("-")] + [1, 1]
    return _dt.date(bits[0], bits[1], bits[2])


def _part_end(part: str) -> _dt.date:
    bits = [int(b) for b in part.split("-")]
    if len(bits) == 3:
        return _dt.date(*bits)
    if len(bits) == 2:
        nxt = _dt.date(bits[0] + (bits[1] == 12), bits[1] % 12 + 1, 1)
        return nxt - _dt.timedelta(days=1)
    return _dt.date(bits[0], 12, 31)


def date_start(value: str) -> _dt.date:
    """First day of the period a date (or range) covers: where it is plotted."""
    return _part_start(value.split("/")[0])


def date_end(value: str) -> _dt.date:
    """Last day of the period a date (or range) covers."""
    return _part_end(value.split("/")[-1])


# --------------------------------------------------------------------------
# Data, enriched for display (read once per data folder, cached)
# --------------------------------------------------------------------------

def _key(data_dir) -> str:
    from .data import DATA_DIR

    return str(Path(data_dir if data_dir is not None else DATA_DIR).resolve())


@functools.cache
def _cached_events(key: str):
    from .data import load_eras, load_events, load_sources

    return _enrich_events(load_events(key), load_eras(key), load_sources(key))


@functools.cache
def _cached_sources(key: str) -> dict[str, dict]:
    from .data import load_sources

    return {r["source_id"]: r for r in load_sources(key).to_dict("records")}


#: Built figures for the full tables, as plotly dicts, keyed by (figure, data folder, option).
_FIGURES: dict[tuple, tuple[dict, str]] = {}


def _cached_figure(key: tuple, build):
    """A fresh figure object each call; the full-data figure is built (and validated) once."""
    import plotly.graph_objects as go

    if key not in _FIGURES:
        fig, summary = build()
        _FIGURES[key] = (fig.to_dict(), summary)
        return fig, summary
    spec, summary = _FIGURES[key]
    return go.Figure(spec, _validate=False), summary  # plotly's own output: already valid


def clear_cache() -> None:
    """Forget enriched tables and built figures (call after editing data, with
    :func:`helpers.data.clear_cache`)."""
    _cached_events.cache_clear()
    _cached_sources.cache_clear()
    _FIGURES.clear()


def _wrap(text: str, width: int = 72) -> str:
    """Escape ``text`` and break it into lines for a hover box."""
    return "<br>".join(esc(line) for line in textwrap.wrap(str(text), width)) or ""


def _source_line(row) -> str:
    when = format_date(row["date"], row["date_precision"])
    return f"{row['title']} ({row['publisher']}, {when})"


def _enrich_events(events, eras, sources):
    """Add display columns: start date, formatted date, labels, sources, hover text."""
    import pandas as pd

    ev = events.copy()
    src = sources.set_index("source_id")
    era_labels = dict(zip(eras["era_id"], eras["label"]))
    ev["start"] = pd.to_datetime([date_start(d).isoformat() for d in ev["date"]])
    ev["when"] = [format_date(d, p) for d, p in zip(ev["date"], ev["date_precision"])]
    ev["as_of_text"] = [format_date(d, p) if isinstance(d, str) and d else ""
                        for d, p in zip(ev["as_of"], ev["as_of_precision"])]
    ev["category_label"] = [CATEGORY_LABELS.get(c, c.replace("_", " ").capitalize())
                            for c in ev["category"]]
    ev["era_label"] = [era_labels.get(e, e) for e in ev["era"]]
    ev["source_titles"] = [tuple(src.loc[s, "title"] for s in ids) for ids in ev["source_ids"]]
    ev["sources_text"] = ["; ".join(_source_line(src.loc[s].to_dict() | {"source_id": s}) for s in ids)
                          for ids in ev["source_ids"]]
    ev["hover"] = [_hover(r) for r in ev.to_dict("records")]
    return ev.sort_values(["start", "event_id"], kind="stable").reset_index(drop=True)


def _hover(r: dict) -> str:
    lines = [f"<b>{_wrap(r['title'], 60)}</b>",
             f"{esc(r['when'])} · {esc(r['category_label'])}",
             _wrap(r["summary"]),
             "<i>Sources:</i> " + _wrap("; ".join(r["source_titles"]), 64)]
    if r["status"] == "provisional":
        lines.append(f"<i>Provisional, as of {esc(r['as_of_text'])}</i>")
    return "<br>".join(lines)


def events_frame(data_dir=None):
    """Every event with display columns added (start, when, labels, sources, hover), by date."""
    return _cached_events(_key(data_dir)).copy()


def _ensure_enriched(events, data_dir=None):
    if events is None:
        return events_frame(data_dir)
    if "hover" in events.columns:
        return events
    from .data import load_eras, load_sources

    return _enrich_events(events, load_eras(data_dir), load_sources(data_dir))


def _x_range(ev, eras) -> tuple[str, str]:
    """From January of the first event's year to the end of the last event's year."""
    first = min(ev["start"]).year if len(ev) else 1990
    last = max(date_end(d) for d in ev["date"]).year if len(ev) else 2026
    return f"{first - 1}-10-01", f"{last}-12-31"


# --------------------------------------------------------------------------
# The timeline figure
# --------------------------------------------------------------------------

def _category_order(ev) -> list[str]:
    from .data import EVENT_CATEGORIES

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
        f"{esc(start)} to {esc(end)}",
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
        bar["text"].append(esc(era["label"]))
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
        annotations.append({"text": esc(message), "xref": "paper", "yref": "paper", "x": 0.5,
                            "y": 0.5, "showarrow": False, "font": {"size": 16},
                            "bgcolor": "#ffffff", "bordercolor": style.GREY, "borderpad": 6})
    yaxis = {"tickvals": list(range(lane + 1)),
             "ticktext": [CATEGORY_LABELS.get(c, c) for c in cats] + [ERA_LANE],
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

    from .data import load_eras

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
    from .data import load_eras

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


# --------------------------------------------------------------------------
# Event lists and details (escaped HTML)
# --------------------------------------------------------------------------

def _sources_for(ids, data_dir=None) -> list[dict]:
    src = _cached_sources(_key(data_dir))
    return [src[s] for s in ids]


def _source_html(s: dict) -> str:
    when = format_date(s["date"], s["date_precision"])
    url = s.get("url") if isinstance(s.get("url"), str) else ""
    link = f' <a href="{esc(url)}" target="_blank" rel="noopener">{esc(url)}</a>' if url else ""
    return f"{esc(s['title'])}. {esc(s['publisher'])}, {esc(when)}.{link}"


def events_table_html(ev, data_dir=None, caption: str = "") -> str:
    """Matching events with their sources as an escaped HTML table."""
    return _events_table([_event_row(r, data_dir) for r in ev.to_dict("records")], caption)


def _event_row(r: dict, data_dir=None) -> str:
    status = "settled" if r["status"] == "settled" else f"provisional, as of {r['as_of_text']}"
    srcs = "<br>".join(_source_html(s) for s in _sources_for(r["source_ids"], data_dir))
    return (f"<tr><td>{esc(r['when'])}</td><td><strong>{esc(r['title'])}</strong><br>"
            f"{esc(r['summary'])}</td><td>{esc(r['category_label'])}</td>"
            f"<td>{esc(status)}</td><td>{srcs}</td></tr>")


def _events_table(rows: list[str], caption: str = "") -> str:
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return (f'<table class="juc-table">{cap}<thead><tr><th>Date</th><th>Event</th><th>Kind</th>'
            "<th>Status</th><th>Sources</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def event_detail_html(event_id: str, data_dir=None) -> str:
    """One event in full: date, kind, era, status, summary and every source with its link."""
    ev = events_frame(data_dir).set_index("event_id")
    if event_id not in ev.index:
        return f"<p>No event called <code>{esc(event_id)}</code>.</p>"
    r = ev.loc[event_id]
    status = ("Settled" if r["status"] == "settled"
              else f"Provisional: still changing, as of {r['as_of_text']}")
    items = "".join(f"<li>{_source_html(s)}</li>" for s in _sources_for(r["source_ids"], data_dir))
    return (f'<div class="juc-event"><h4>{esc(r["title"])}</h4>'
            f"<p><strong>{esc(r['when'])}</strong> · {esc(r['category_label'])} · "
            f"{esc(r['era_label'])} · {esc(status)}</p><p>{esc(r['summary'])}</p>"
            f"<p>Sources:</p><ol>{items}</ol></div>")


# --------------------------------------------------------------------------
# The explorer widget
# --------------------------------------------------------------------------

def _show_in(out, bundle: dict) -> None:
    """Make an ``Output`` widget show exactly ``bundle`` (replacing what it showed), by state."""
    out.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)


class TimelineExplorer:
    """Filter the timeline by kind, era and free text; one figure is updated in place.

    The logic is in plain methods (:meth:`filter_events`, :meth:`update`,
    :meth:`show_event`) so tests can drive it without a browser. ``figure`` is a single
    ``plotly.graph_objects.Figure`` whose traces are replaced on every update; it is shown in
    one ``Output`` widget whose ``outputs`` are replaced in place (:meth:`bundle` is what it
    holds: the figure, or the "No events match ..." message).

    Why not a ``FigureWidget``: it needs the ``anywidget`` package, which the collection does
    not install. Why set ``Output.outputs`` rather than ``with out: display(...)``: displaying
    into an ``Output`` while a cell runs makes nbclient (so ``nbtools execute`` and Voila)
    stall until its timeout now and then (jupyter/nbclient#312: it sends the widget's state on
    the shell channel while it waits on that channel); and an IPython display handle updated
    from a widget callback is not redrawn by JupyterLab (the update has no cell to go to).
    """

    def __init__(self, data_dir=None):
        import ipywidgets as w

        from .data import load_eras

        self.data_dir = data_dir
        self.events = events_frame(data_dir)
        self.eras = load_eras(data_dir)
        self.x_range = _x_range(self.events, self.eras)
        # Built once per widget, so a filter change does no per-event pandas or HTML work
        # (bench: the list, the drop-down and the details were over a third of an update).
        ids = list(self.events["event_id"])
        self._rows = dict(zip(ids, (_event_row(r, data_dir) for r in self.events.to_dict("records"))))
        self._labels = {r.event_id: f"{r.when}: {r.title}" for r in self.events.itertuples()}
        self._details: dict[str, str] = {}
        self._bundles: dict[tuple, dict] = {}  # matched event ids -> the figure's bundle
        self.figure, self.summary = timeline_figure(data_dir=data_dir)
        present = [c for c in _category_order(self.events) if c in set(self.events["category"])]
        self.category = w.SelectMultiple(
            options=[(CATEGORY_LABELS.get(c, c), c) for c in present], value=tuple(present),
            rows=min(len(present), 11), description="Kinds:",
            layout=w.Layout(width="360px"))
        self.era = w.Dropdown(options=[("All eras", ALL)] + list(zip(self.eras["label"], self.eras["era_id"])),
                              value=ALL, description="Era:", layout=w.Layout(width="420px"))
        self.text = w.Text(value="", placeholder="words in the title or summary",
                           description="Search:", layout=w.Layout(width="420px"))
        self.reset = w.Button(description="Show everything", tooltip="Clear every filter")
        self.status = w.HTML()
        self.out = w.Output(layout=w.Layout(min_height="200px"))
        self.pick = w.Dropdown(options=[], description="Open:", layout=w.Layout(width="760px"))
        self.detail = w.HTML()
        self.table = w.HTML(layout=w.Layout(max_height="420px", overflow="auto"))
        self.matches = self.events
        self._all_drawn = True  # timeline_figure has just drawn every event
        self.shown = ""  # "figure" or the no-match message: what the output area holds
        self._quiet = False
        for control in (self.category, self.era, self.text):
            control.observe(self._changed, names="value")
        self.pick.observe(lambda change: self.show_event(change["new"]), names="value")
        self.reset.on_click(lambda b: self.clear())
        hint = w.HTML("<small>Hold Ctrl (Cmd on a Mac) to pick several kinds. "
                      "Hover over a marker for its summary and sources.</small>")
        self.widget = w.VBox([
            w.HBox([self.category, w.VBox([self.era, self.text, self.reset, hint])]),
            self.status, self.out, self.pick, self.detail, self.table,
        ])
        self.update()

    # -- logic -------------------------------------------------------------
    def filter_events(self, category=None, era=None, text=None):
        """Events matching every filter given (``None``/``"all"`` means no filter).

        ``category``: one category or several (an empty selection matches nothing);
        ``era``: an era id or label; ``text``: words that must all appear in the title or
        summary, case-insensitive, matched literally (no patterns).
        """
        import pandas as pd

        ev = self.events
        mask = pd.Series(True, index=ev.index)
        if category is not None and category != ALL:
            cats = {category} if isinstance(category, str) else set(category)
            mask &= ev["category"].isin(cats)
        if era not in (None, "", ALL):
            mask &= (ev["era"] == era) | (ev["era_label"] == era)
        words = str(text or "").casefold().split()
        if words:
            hay = (ev["title"] + " " + ev["summary"]).str.casefold()
            for word in words:
                mask &= hay.str.contains(word, regex=False)
        return ev[mask]

    def describe(self) -> str:
        """The current filters in words."""
        parts = []
        cats = tuple(self.category.value)
        if len(cats) != len(self.category.options):
            parts.append("kind " + (" or ".join(CATEGORY_LABELS.get(c, c) for c in cats)
                                    if cats else "(none selected)"))
        if self.era.value != ALL:
            parts.append("era " + dict((v, k) for k, v in self.era.options)[self.era.value])
        if self.text.value.strip():
            parts.append(f'text "{self.text.value.strip()}"')
        return ", ".join(parts) if parts else "no filter"

    def update(self):
        """Apply the widgets' filters: redraw the same figure, the list and the drop-down."""
        matches = self.filter_events(category=tuple(self.category.value), era=self.era.value,
                                     text=self.text.value)
        self.matches = matches
        total = len(self.events)
        if matches.empty:
            message = f"No events match {self.describe()}."
            if not self.category.value:
                message += " Choose at least one kind of event."
            _draw_timeline(self.figure, matches, self.eras, self.x_range, message)
            self.status.value = f"<p><strong>{esc(message)}</strong></p>"
            self.table.value = f"<p>{esc(message)} Try fewer or shorter words, or “Show everything”.</p>"
            self.pick.options = []
            self.detail.value = ""
            self._render(message)
            self._all_drawn = False
        else:
            if not (self._all_drawn and len(matches) == total):
                _draw_timeline(self.figure, matches, self.eras, self.x_range)
            self.summary = timeline_summary(matches, total)
            self.status.value = (f"<p><strong>{len(matches)} of {total} events</strong> "
                                 f"({esc(self.describe())}). {esc(self.summary)}</p>")
            ids = list(matches["event_id"])
            self.table.value = _events_table([self._rows[e] for e in ids],
                                             caption=f"Matching events ({len(matches)})")
            self.pick.options = [(self._labels[e], e) for e in ids]
            self.pick.value = ids[0]
            self.show_event(self.pick.value)
            self._all_drawn = len(matches) == total
            self._render(None)
        return matches

    def show_event(self, event_id) -> str:
        """Show one event with its sources under the figure; returns the HTML."""
        if event_id and event_id not in self._details:
            self._details[event_id] = event_detail_html(event_id, self.data_dir)
        self.detail.value = self._details[event_id] if event_id else ""
        return self.detail.value

    def clear(self) -> None:
        """Remove every filter."""
        self._quiet = True
        try:
            self.text.value = ""
            self.era.value = ALL
            self.category.value = tuple(v for _, v in self.category.options)
        finally:
            self._quiet = False
        self.update()

    def _changed(self, change=None) -> None:
        if not self._quiet:
            self.update()

    # -- display -----------------------------------------------------------
    def bundle(self) -> dict:
        """What the figure's place shows now: the figure, or the no-match message."""
        if self.shown != "figure":
            return {"text/html": f'<p class="juc-empty" style="padding:2em;border:1px solid '
                                 f'{style.GREY}"><strong>{esc(self.shown)}</strong></p>',
                    "text/plain": self.shown}
        return style.figure_bundle(self.figure)

    def _render(self, message: str | None) -> None:
        self.shown = message or "figure"
        if message:
            _show_in(self.out, self.bundle())
            return
        # The figure shows exactly these events (its JSON lists "annotations" once it has had one).
        key = (tuple(self.matches["event_id"]), "annotations" in (getattr(self.figure.layout, "_props", None) or ()))
        if key not in self._bundles:
            self._bundles[key] = self.bundle()
        _show_in(self.out, dict(self._bundles[key]))

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


# --------------------------------------------------------------------------
# Organisation counts
# --------------------------------------------------------------------------

def counts_frame(org_counts=None, data_dir=None):
    """org_counts with display columns, and a flag where sources give several rows for a date."""
    import pandas as pd

    from .data import load_org_counts, load_sources

    oc = (load_org_counts(data_dir) if org_counts is None else org_counts).copy()
    oc = oc[~oc["org_type"].isin(NOT_COUNTS)].reset_index(drop=True)
    src = load_sources(data_dir).set_index("source_id")
    oc["order"] = range(len(oc))
    oc["start"] = pd.to_datetime([date_start(d).isoformat() for d in oc["as_of"]])
    oc["when"] = [format_date(d, p) for d, p in zip(oc["as_of"], oc["as_of_precision"])]
    oc["label"] = [ORG_LABELS.get(t, t.replace("_", " ").capitalize()) for t in oc["org_type"]]
    oc["source_text"] = [_source_line(src.loc[s].to_dict()) for s in oc["source_id"]]
    group = oc.groupby(["org_type", "as_of"])["count"]
    oc["rows_on_date"] = group.transform("size")
    oc["counts_on_date"] = group.transform("nunique")
    oc["first_on_date"] = ~oc.duplicated(["org_type", "as_of"])
    return oc.sort_values(["org_type", "start", "order"], kind="stable").reset_index(drop=True)


def _count_hover(r: dict) -> str:
    lines = [f"<b>{esc(r['label'])}: {int(r['count']):,}</b>", f"as of {esc(r['when'])}",
             "<i>Source:</i> " + _wrap(r["source_text"], 64)]
    if r["rows_on_date"] > 1:
        lines.append("<i>" + ("Sources disagree on this date: each figure is shown"
                              if r["counts_on_date"] > 1 else
                              "Several sources give this figure for this date") + "</i>")
    note = r.get("note")
    if isinstance(note, str) and note:
        lines.append("<i>Note:</i> " + _wrap(note, 64))
    return "<br>".join(lines)


def switch_dates(data_dir=None) -> list[dict]:
    """The big switches: the start of every era after the first, plus :data:`SWITCH_EVENT_IDS`.

    Each item: ``x`` (ISO start), ``label`` (date at its precision), ``hover`` (what switched).
    """
    from .data import load_eras

    eras = load_eras(data_dir)
    out = []
    for era in eras.to_dict("records")[1:]:
        out.append({"x": date_start(era["start"]).isoformat(),
                    "label": format_date(era["start"], era["start_precision"]),
                    "hover": f"Start of the era: {era['label']}", "id": era["era_id"]})
    ev = events_frame(data_dir).set_index("event_id")
    for eid in SWITCH_EVENT_IDS:
        if eid in ev.index:
            r = ev.loc[eid]
            out.append({"x": date_start(r["date"]).isoformat(), "label": r["when"],
                        "hover": r["title"], "id": eid})
    return sorted(out, key=lambda s: s["x"])


def counts_figure(org_counts=None, log: bool = False, data_dir=None):
    """How many bodies of each type existed: step lines, big switches marked. ``(fig, summary)``.

    One line per org_type through the first-listed count on each date; where sources give
    other counts for the same body and date, those are extra markers (×) in the same colour.
    Every point's hover names its source and note. Each call returns a new figure object.
    """
    if org_counts is None:
        return _cached_figure(("counts", _key(data_dir), bool(log)),
                              lambda: _counts_figure(None, log, data_dir))
    return _counts_figure(org_counts, log, data_dir)


def _counts_figure(org_counts, log, data_dir):
    import plotly.graph_objects as go

    oc = counts_frame(org_counts, data_dir)
    dashes = ("solid", "dash", "dot", "dashdot")
    types = list(dict.fromkeys(oc.sort_values(["start", "order"])["org_type"]))
    groups = {t: g for t, g in oc.groupby("org_type", sort=False)}
    traces = []
    for i, org_type in enumerate(types):
        rows = groups[org_type].to_dict("records")
        colour = style.colour(i)
        main = [r for r in rows if r["first_on_date"]]
        extra = [r for r in rows if not r["first_on_date"]]
        label = main[0]["label"]
        traces.append(dict(
            type="scatter", x=[r["start"].date().isoformat() for r in main],
            y=[int(r["count"]) for r in main], mode="lines+markers",
            line={"shape": "hv", "color": colour, "dash": dashes[(i // 8) % 4]},
            marker={"color": colour, "size": 7}, name=label, legendgroup=org_type, meta=org_type,
            hovertext=[_count_hover(r) for r in main], hovertemplate="%{hovertext}<extra></extra>"))
        if extra:
            traces.append(dict(
                type="scatter", x=[r["start"].date().isoformat() for r in extra],
                y=[int(r["count"]) for r in extra], mode="markers",
                marker={"color": colour, "size": 12, "symbol": "x-thin-open",
                        "line": {"width": 2, "color": colour}},
                name=f"{label}: another source", legendgroup=org_type, showlegend=False,
                meta=f"{org_type}:other-sources", hovertext=[_count_hover(r) for r in extra],
                hovertemplate="%{hovertext}<extra></extra>"))
    switches = switch_dates(data_dir)
    shapes = [{"type": "line", "xref": "x", "yref": "paper", "x0": s["x"], "x1": s["x"], "y0": 0,
               "y1": 1, "line": {"color": style.GREY, "width": 1.5, "dash": "dot"}} for s in switches]
    notes = [{"x": s["x"], "xref": "x", "yref": "paper", "y": 1.0 if k % 2 == 0 else 0.95,
              "text": esc(s["label"]), "hovertext": esc(s["hover"]), "showarrow": False,
              "xanchor": "left", "yanchor": "bottom", "font": {"size": 11}}
             for k, s in enumerate(switches)]
    first, last = oc["start"].min().year, max(date_end(d) for d in oc["as_of"]).year
    fig = go.Figure(data=traces, layout={
        "shapes": shapes, "annotations": notes, "hovermode": "closest",
        "hoverlabel": {"align": "left"}, "yaxis": {"type": "log" if log else "linear"},
        "legend": {"font": {"size": 11}, "title": {"text": "Click to hide or show"}}})
    style.apply(fig, f"How many bodies of each kind, {first} to {last}",
                x_title="Date of the count (a count known only to the month or year is plotted at its start)",
                y_title="Number of bodies (log scale)" if log else "Number of bodies", height=640)
    fig.update_layout(margin={"t": 90})
    multi = oc[oc["rows_on_date"] > 1][["org_type", "as_of"]].drop_duplicates()
    disagree = oc[(oc["rows_on_date"] > 1) & (oc["counts_on_date"] > 1)][["org_type", "as_of"]].drop_duplicates()
    summary = (f"{len(oc)} dated counts of {len(types)} kinds of body from {first} to {last}; "
               f"dotted lines mark the {len(switches)} big switches; on {len(multi)} dates more than "
               f"one source gives a count (extra sources are × markers) and on {len(disagree)} of "
               "them the sources disagree.")
    return fig, summary


class CountsView:
    """The counts figure with a log-scale toggle that changes the same figure in place."""

    def __init__(self, data_dir=None):
        import ipywidgets as w

        self.data_dir = data_dir
        self.figure, self.summary = counts_figure(data_dir=data_dir)
        self.log = w.ToggleButton(value=False, description="Log scale", icon="",
                                  tooltip="A log scale shows the small counts (regions, pioneers) "
                                          "beside the big ones (fundholders, PCNs)")
        self.out = w.Output()
        self.log.observe(lambda change: self.set_log(change["new"]), names="value")
        self.widget = w.VBox([self.log, self.out])
        self._render()

    def set_log(self, on: bool) -> None:
        """Switch the y axis between linear and log scale (same figure)."""
        with self.figure.batch_update():
            self.figure.update_yaxes(type="log" if on else "linear",
                                     title_text="Number of bodies (log scale)" if on else "Number of bodies")
        if self.log.value != bool(on):
            self.log.value = bool(on)
        self._render()

    def _render(self) -> None:
        _show_in(self.out, style.figure_bundle(self.figure))

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def show_counts(data_dir=None) -> None:
    """Notebook cell: the counts figure (linear scale) with its one-line summary."""
    style.show(*counts_figure(data_dir=data_dir))


def show_disagreements(data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(disagreements_html(data_dir)))


def disagreements_html(data_dir=None) -> str:
    """Every date where sources give different counts, each figure with its source and note."""
    oc = counts_frame(data_dir=data_dir)
    rows = oc[(oc["rows_on_date"] > 1) & (oc["counts_on_date"] > 1)]
    body = "".join(
        f"<tr><td>{esc(r['label'])}</td><td>{esc(r['when'])}</td><td>{int(r['count']):,}</td>"
        f"<td>{esc(r['source_text'])}</td><td>{esc(r['note'])}</td></tr>"
        for r in rows.to_dict("records"))
    return ('<table class="juc-table"><caption>Where sources disagree (same body, same date)</caption>'
            "<thead><tr><th>Body</th><th>As of</th><th>Count</th><th>Source</th><th>Note</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


# --------------------------------------------------------------------------
# What repeats
# --------------------------------------------------------------------------

def repeats_frame(data_dir=None):
    """Events whose title or summary contains a theme's words (:data:`REPEAT_THEMES`).

    One row per (theme, event) with the words that matched and the decade.
    """
    import pandas as pd

    ev = events_frame(data_dir)
    rows = []
    for theme_id, theme_label, words in REPEAT_THEMES:
        for r in ev.to_dict("records"):
            hay = f"{r['title']} {r['summary']}".casefold()
            hits = [w for w in words if w in hay]
            if hits:
                rows.append({"theme": theme_id, "theme_label": theme_label, "event_id": r["event_id"],
                             "start": r["start"], "when": r["when"], "title": r["title"],
                             "decade": f"{r['start'].year // 10 * 10}s", "words": ", ".join(hits),
                             "hover": r["hover"], "status": r["status"]})
    return pd.DataFrame(rows, columns=["theme", "theme_label", "event_id", "start", "when", "title",
                                       "decade", "words", "hover", "status"])


def repeats_by_decade(data_dir=None):
    """Number of matching events per theme and decade (a table of counts from the data)."""
    rf = repeats_frame(data_dir)
    table = rf.pivot_table(index="decade", columns="theme_label", values="event_id",
                           aggfunc="count", fill_value=0)
    return table.reindex(columns=[t[1] for t in REPEAT_THEMES], fill_value=0)


def what_repeats(data_dir=None):
    """The two themes that come back again and again, as lanes of events over time.

    Returns ``(figure, one-line summary)``. The matching rule is shown in the notebook
    (:func:`repeats_rules_html`); every marker is an event from events.csv.
    """
    import plotly.graph_objects as go

    rf = repeats_frame(data_dir)
    fig = go.Figure()
    labels = [t[1] for t in REPEAT_THEMES]
    for i, (theme_id, label, _) in enumerate(REPEAT_THEMES):
        part = rf[rf["theme"] == theme_id]
        fig.add_trace(go.Scatter(
            x=[d.date().isoformat() for d in part["start"]], y=[label] * len(part), mode="markers",
            name=label, meta=theme_id, customdata=list(part["event_id"]),
            marker={"color": style.colour(i + 1), "size": 12, "opacity": 0.8,
                    "symbol": [STATUS_SYMBOLS[s] for s in part["status"]],
                    "line": {"width": 1.5, "color": style.colour(i + 1)}},
            hovertext=list(part["hover"]), hovertemplate="%{hovertext}<extra></extra>"))
    style.apply(fig, "What repeats: joining up care and GP-led commissioning, decade after decade",
                x_title="Year", y_title="Theme", height=330)
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1])
    fig.update_layout(showlegend=False, hovermode="closest", hoverlabel={"align": "left"},
                      margin={"l": 320})
    parts = []
    for theme_id, label, _ in REPEAT_THEMES:
        part = rf[rf["theme"] == theme_id]
        if len(part):
            parts.append(f"{label}: {len(part)} events in {part['decade'].nunique()} decades "
                         f"({part['start'].min().year} to {part['start'].max().year})")
        else:
            parts.append(f"{label}: no events")
    return fig, "Events whose words match each theme. " + "; ".join(parts) + "."


def repeats_rules_html() -> str:
    """The keyword rules, so a reader can check (and argue with) the grouping."""
    items = "".join(f"<li><strong>{esc(label)}</strong>: {', '.join(f'“{esc(w)}”' for w in words)}</li>"
                    for _, label, words in REPEAT_THEMES)
    return ("<p>An event joins a theme when its title or summary contains any of these words "
            f"(ignoring case):</p><ul>{items}</ul>")


def repeats_html(data_dir=None) -> str:
    """The matching events, theme by theme and decade by decade, with the words that matched."""
    rf = repeats_frame(data_dir)
    by_decade = repeats_by_decade(data_dir)
    head = "".join(f"<th>{esc(c)}</th>" for c in by_decade.columns)
    counts = "".join(f"<tr><td>{esc(d)}</td>" + "".join(f"<td>{int(v)}</td>" for v in row) + "</tr>"
                     for d, row in zip(by_decade.index, by_decade.to_numpy()))
    out = [repeats_rules_html(),
           f'<table class="juc-table"><caption>Matching events per decade</caption><thead><tr>'
           f"<th>Decade</th>{head}</tr></thead><tbody>{counts}</tbody></table>"]
    for theme_id, label, _ in REPEAT_THEMES:
        part = rf[rf["theme"] == theme_id]
        out.append(f"<h4>{esc(label)} ({len(part)} events)</h4><ul>")
        for decade, group in part.groupby("decade", sort=True):
            items = "; ".join(f"{esc(r.when)}: {esc(r.title)}" for r in group.itertuples())
            out.append(f"<li><strong>{esc(decade)}</strong>: {items}</li>")
        out.append("</ul>")
    return "".join(out)


def show_repeats(data_dir=None) -> None:
    """Notebook cell: the "what repeats" figure with its summary."""
    style.show(*what_repeats(data_dir))


def show_repeats_list(data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(repeats_html(data_dir)))


# --------------------------------------------------------------------------
# Glossary, "accurate as of", solutions and references
# --------------------------------------------------------------------------

def glossary_html(data_dir=None) -> str:
    """Every glossary term with its expansion, definition, years and source (escaped)."""
    from .data import load_glossary

    g = load_glossary(data_dir).sort_values("term", key=lambda s: s.str.casefold())
    body = "".join(
        f'<tr id="term-{esc(r["term_id"])}"><td><strong>{esc(r["term"])}</strong></td>'
        f"<td>{esc(r['expansion'])}</td><td>{esc(r['definition'])}</td><td>{esc(r['years'])}</td>"
        f"<td><code>{esc(r['source_id'])}</code></td></tr>" for r in g.to_dict("records"))
    return (f'<table class="juc-table"><caption>Glossary ({len(g)} terms)</caption><thead><tr>'
            "<th>Term</th><th>Stands for</th><th>Meaning</th><th>Years</th><th>Source</th></tr>"
            f"</thead><tbody>{body}</tbody></table>")


def show_glossary(data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(f'<details><summary>Open the glossary</summary>{glossary_html(data_dir)}</details>'))


def accuracy_line(data_dir=None) -> str:
    """When the facts were checked, and the latest 'as of' date of anything still provisional."""
    from . import ACCURATE_AS_OF

    ev = events_frame(data_dir)
    prov = ev[ev["status"] == "provisional"]
    line = f"Facts checked against their sources as of {format_date(ACCURATE_AS_OF, 'day')}."
    if len(prov):
        latest = max(prov.to_dict("records"), key=lambda r: (date_start(r["as_of"]), r["start"]))
        line += (f" {len(prov)} events are still provisional; the most recently checked "
                 f"(\u201c{latest['title']}\u201d) was last confirmed as of {latest['as_of_text']}.")
    return line


from .display import Rich as _Rich  # noqa: E402  (HTML with a plain-text twin)


def _solution(lines: list[str]) -> _Rich:
    html = ("<details><summary>Solution</summary><ul>"
            + "".join(f"<li>{esc(l)}</li>" for l in lines) + "</ul></details>")
    return _Rich(html, "Solution:\n" + "\n".join(f"- {l}" for l in lines))


def solution(name: str, data_dir=None) -> _Rich:
    """A folded solution computed from the data (``name`` from :data:`SOLUTIONS`)."""
    if name not in SOLUTIONS:
        raise KeyError(f"no solution called {name!r}; solutions: {', '.join(SOLUTIONS)}")
    return _solution(SOLUTIONS[name](data_dir))


def _sol_switches(data_dir=None) -> list[str]:
    from .data import load_eras

    eras = load_eras(data_dir).to_dict("records")
    lines = [f"{len(eras) - 1} switches: the eras change "
             + ", ".join(format_date(e["start"], e["start_precision"]) for e in eras[1:]) + "."]
    for e in eras:
        lines.append(f"{e['label']} (from {format_date(e['start'], e['start_precision'])}): "
                     f"general practice: {e['gp_commissioner']}; community and hospital care: "
                     f"{e['community_commissioner']}.")
    return lines


def _sol_gp_led(data_dir=None) -> list[str]:
    rf = repeats_frame(data_dir)
    part = rf[rf["theme"] == "gp_led"]
    lines = [f"{len(part)} events mention GP-led commissioning, in "
             f"{part['decade'].nunique()} decades: " + ", ".join(sorted(part["decade"].unique())) + "."]
    for decade, group in part.groupby("decade", sort=True):
        first = group.iloc[0]
        lines.append(f"{decade}: first was {first['when']}: {first['title']}.")
    return lines


def _sol_provisional(data_dir=None) -> list[str]:
    ev = events_frame(data_dir)
    prov = ev[ev["status"] == "provisional"]
    lines = [f"{len(prov)} events are provisional:"]
    lines += [f"{r['when']}: {r['title']} (as of {r['as_of_text']})" for r in prov.to_dict("records")]
    return lines


def _sol_disagree(data_dir=None) -> list[str]:
    oc = counts_frame(data_dir=data_dir)
    rows = oc[(oc["rows_on_date"] > 1) & (oc["counts_on_date"] > 1)]
    lines = [f"{len(rows[['org_type', 'as_of']].drop_duplicates())} dates where sources give different counts:"]
    for (label, when), group in rows.groupby(["label", "when"], sort=False):
        figures = "; ".join(f"{int(c):,} ({s})" for c, s in zip(group["count"], group["source_id"]))
        lines.append(f"{label}, {when}: {figures}.")
    return lines


def _sol_peak(data_dir=None) -> list[str]:
    oc = counts_frame(data_dir=data_dir)
    lines = []
    for org_type in ("primary_care_trusts", "clinical_commissioning_groups", "integrated_care_boards"):
        rows = oc[oc["org_type"] == org_type]
        if rows.empty:
            continue
        top = rows.loc[rows["count"].astype(int).idxmax()]  # the earliest row with the largest count
        last = rows.iloc[-1]
        lines.append(f"{top['label']}: largest count {int(top['count']):,} (first given as of "
                     f"{top['when']}, {top['source_id']}); latest count {int(last['count']):,} "
                     f"({last['when']}, {last['source_id']}).")
    return lines


SOLUTIONS = {
    "switches": _sol_switches,
    "gp_led": _sol_gp_led,
    "provisional": _sol_provisional,
    "disagree": _sol_disagree,
    "peaks": _sol_peak,
}


#: The curriculum statement the notebook's objectives cite (shown first in the references).
CURRICULUM_SOURCE = "rcgp-curriculum-organisations-2019"


def source_ids_used(data_dir=None, notebook: str = "01_timeline") -> list[str]:
    """Every source behind what the timeline notebook shows, in order of first use.

    The curriculum statement, events (by date), then eras, org_counts, the glossary and the
    notebook's quiz questions.
    """
    from .data import DATA_DIR, load_eras, load_glossary, load_quiz, load_sources

    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    ids: list[str] = []
    if CURRICULUM_SOURCE in set(load_sources(data_dir)["source_id"]):
        ids.append(CURRICULUM_SOURCE)
    for t in events_frame(data_dir)["source_ids"]:
        ids.extend(t)
    for t in load_eras(data_dir)["source_ids"]:
        ids.extend(t)
    if (folder / "org_counts.csv").exists():
        ids.extend(counts_frame(data_dir=data_dir).sort_values("start")["source_id"])
    if (folder / "glossary.csv").exists():
        ids.extend(load_glossary(data_dir)["source_id"])
    if (folder / "quiz.csv").exists():
        q = load_quiz(data_dir)
        ids.extend(q[q["notebook"] == notebook]["source_id"])
    return list(dict.fromkeys(ids))


def show_references(data_dir=None) -> None:
    """Notebook cell: the references for everything the timeline notebook shows."""
    from .display import show_references as _show

    _show(source_ids_used(data_dir), data_dir)
