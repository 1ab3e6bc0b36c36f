"""How many bodies of each type existed: step lines with the big switches marked (CountsView)."""

from __future__ import annotations

from .. import style
from . import count_panels
from ..display import ShownOnce, align_cells, esc, plot_text
from ..plot_in_place import PlotViews
from .dates import date_end, date_start, format_date
from .events import _cached_figure, _key, _source_line, _wrap, events_frame
from .labels import NOT_COUNTS, ORG_LABELS, SWITCH_EVENT_IDS


# --------------------------------------------------------------------------
# Organisation counts
# --------------------------------------------------------------------------

def counts_frame(org_counts=None, data_dir=None):
    """org_counts with display columns, and a flag where sources give several rows for a date."""
    import pandas as pd

    from ..data import load_org_counts, load_sources

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
    lines = [f"<b>{plot_text(r['label'])}: {int(r['count']):,}</b>", f"as of {plot_text(r['when'])}",
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
    from ..data import load_eras

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


def _line_traces(org_type, rows, colour, dash, axis) -> list[dict]:
    """One org_type's step line through its first-listed counts, and × markers for the other
    sources' counts on the same dates (same colour), on y axis ``axis``."""
    main = [r for r in rows if r["first_on_date"]]
    extra = [r for r in rows if not r["first_on_date"]]
    label = main[0]["label"]
    out = [dict(
        type="scatter", x=[r["start"].date().isoformat() for r in main], yaxis=axis,
        y=[int(r["count"]) for r in main], mode="lines+markers",
        line={"shape": "hv", "color": colour, "dash": dash},
        marker={"color": colour, "size": 7}, name=label, legendgroup=org_type, meta=org_type,
        showlegend=False, hovertext=[_count_hover(r) for r in main],
        hovertemplate="%{hovertext}<extra></extra>")]
    if extra:
        out.append(dict(
            type="scatter", x=[r["start"].date().isoformat() for r in extra], yaxis=axis,
            y=[int(r["count"]) for r in extra], mode="markers",
            marker={"color": colour, "size": 12, "symbol": "x-thin-open", "line": {"width": 2, "color": colour}},
            name=f"{label}: another source", legendgroup=org_type, showlegend=False,
            meta=f"{org_type}:other-sources", hovertext=[_count_hover(r) for r in extra],
            hovertemplate="%{hovertext}<extra></extra>"))
    return out


def panel_parts(oc, types, x_range, log: bool):
    """Traces, y axes and annotations (panel names, end-of-line labels) of every panel."""
    panels = count_panels.panels_for(types)
    groups = {t: g for t, g in oc.groupby("org_type", sort=False)}
    traces, axes, notes = [], {}, []
    doms = count_panels.domains(len(panels))
    for i, (title, members) in enumerate(panels):
        axis = count_panels.axis_name(i, len(panels))
        ends, values = [], []
        for j, org_type in enumerate(members):
            rows = groups[org_type].to_dict("records")
            colour = style.colour(j)
            traces += _line_traces(org_type, rows, colour, ("solid", "dash")[j % 2], axis)
            last = [r for r in rows if r["first_on_date"]][-1]
            ends.append({"org_type": org_type, "label": last["label"], "colour": colour,
                         "x": last["start"].date().isoformat(), "y": int(last["count"])})
            values += [int(v) for v in groups[org_type]["count"]]
        rng = count_panels.y_range(values, log)
        axes[axis] = {"domain": list(doms[i]), "range": rng, "type": "log" if log else "linear",
                      "title": {"text": "Number (log scale)" if log else "Number"},
                      "rangemode": "tozero"}
        for n in count_panels.end_labels(ends, x_range, rng, log):
            notes.append({**n, "yref": axis})
        notes.append({"text": f"<b>{plot_text(title)}</b>", "xref": "paper", "yref": "paper", "x": 0,
                      "y": doms[i][1], "xanchor": "left", "yanchor": "bottom", "yshift": 4,
                      "showarrow": False, "font": {"size": 13}, "name": f"panel:{i}"})
    return traces, axes, notes


def _counts_figure(org_counts, log, data_dir):
    import plotly.graph_objects as go

    oc = counts_frame(org_counts, data_dir)
    types = list(dict.fromkeys(oc.sort_values(["start", "order"])["org_type"]))
    first, last = oc["start"].min().year, max(date_end(d) for d in oc["as_of"]).year
    x_range = [f"{first - 1}-07-01", f"{last}-12-31"]
    traces, axes, notes = panel_parts(oc, types, x_range, log)
    switches = switch_dates(data_dir)
    shapes = [{"type": "line", "xref": "x", "yref": "paper", "x0": s["x"], "x1": s["x"], "y0": 0,
               "y1": 1, "line": {"color": style.GREY, "width": 1.5, "dash": "dot"}} for s in switches]
    notes += [{"x": s["x"], "xref": "x", "yref": "paper", "y": 1.0, "yshift": 44 if k % 2 == 0 else 26,
               "text": plot_text(s["label"]), "hovertext": plot_text(s["hover"]), "showarrow": False,
               "xanchor": "left", "yanchor": "bottom", "font": {"size": 11}, "name": f"switch:{s['id']}"}
              for k, s in enumerate(switches)]
    n = len(count_panels.panels_for(types))
    fig = go.Figure(data=traces, layout={
        "shapes": shapes, "annotations": notes, "hovermode": "closest", "showlegend": False,
        "hoverlabel": {"align": "left"}, **{("yaxis" + a[1:]): v for a, v in axes.items()},
        "xaxis": {"anchor": "y", "range": x_range, "type": "date"}})
    style.apply(fig, f"How many bodies of each kind, {first} to {last}, by tier",
                x_title="Date of the count (a count known only to the month or year is plotted at its start)",
                height=count_panels.figure_height(n))
    fig.update_layout(margin=count_panels.MARGIN)
    multi = oc[oc["rows_on_date"] > 1][["org_type", "as_of"]].drop_duplicates()
    disagree = oc[(oc["rows_on_date"] > 1) & (oc["counts_on_date"] > 1)][["org_type", "as_of"]].drop_duplicates()
    summary = (f"{len(oc)} dated counts of {len(types)} kinds of body from {first} to {last}, in {n} "
               f"panels by tier, each line named at its end; dotted lines mark the {len(switches)} big "
               f"switches; on {len(multi)} dates more than one source gives a count (extra sources are "
               f"× markers) and on {len(disagree)} of them the sources disagree.")
    return fig, summary


class CountsView(ShownOnce):
    """The counts figure with a log-scale toggle. Both scales are drawn once as the page opens
    (:class:`~helpers.plot_in_place.PlotViews`); the toggle shows the other one: a scale switch
    in place costs plotly a full redraw of every panel (``bench/NOTES.md``)."""

    def __init__(self, data_dir=None):
        import ipywidgets as w

        self.data_dir = data_dir
        self._figure, self.summary = counts_figure(data_dir=data_dir)
        self._drawn = self._shown = False  # log scale drawn into ``_figure``, and on screen
        self.log = w.ToggleButton(value=False, description="Log scale", icon="",
                                  tooltip="A log scale shows the small counts (regions, pioneers) "
                                          "beside the big ones (fundholders, PCNs)")
        log_figure, _ = counts_figure(log=True, data_dir=data_dir)
        self.plot = PlotViews({False: style.figure_bundle(self._figure),
                               True: style.figure_bundle(log_figure)}, shown=False)
        self.log.observe(lambda change: self.set_log(change["new"]), names="value")
        self.widget = w.VBox([w.HTML(style.summary_html(self.summary)), self.log, self.plot.widget])

    @property
    def out(self):
        """The ``Output`` holding the scale on screen."""
        return self.plot.out

    def set_log(self, on: bool) -> None:
        """Show every panel on a log (or linear) scale: the other drawn plot is made visible, and
        :attr:`figure` (the Python figure) switches its axes and moves its end-of-line labels."""
        if self.log.value != bool(on):
            self.log.value = bool(on)  # the observer calls back here
            return
        self._shown = bool(on)
        self._render()

    def _draw(self, on: bool) -> None:
        if self._drawn == on:
            return
        fresh, _ = counts_figure(log=on, data_dir=self.data_dir)
        with self._figure.batch_update():
            spec = fresh.layout.to_plotly_json()
            self._figure.update_layout({k: v for k, v in spec.items() if k.startswith("yaxis")})
            self._figure.layout.annotations = fresh.layout.annotations
        self._drawn = on

    @property
    def figure(self):
        """The one figure, on the scale shown (brought up to date when read)."""
        self._draw(self._shown)
        return self._figure

    def _render(self) -> None:
        self.plot.show(self._shown)

    def fixed_html(self) -> str:
        """Where widgets cannot run: the figure's one-line summary (the figure follows)."""
        return style.summary_html(self.summary)

    def fixed_figure(self):
        """The figure on a linear scale, as the view opens."""
        return counts_figure(data_dir=self.data_dir)[0]


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
    return align_cells('<table class="juc-table"><caption>Where sources disagree (same body, same date)</caption>'
                       "<thead><tr><th>Body</th><th>As of</th><th>Count</th><th>Source</th><th>Note</th></tr></thead>"
                       f"<tbody>{body}</tbody></table>")
