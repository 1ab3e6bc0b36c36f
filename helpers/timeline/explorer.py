"""TimelineExplorer: filter the events, redraw one figure in place, open one event with its sources."""

from __future__ import annotations

from .. import style
from ..display import ShownOnce, align_cells, esc
from ..plot_in_place import PlotInPlace
from .dates import format_date
from .events import _cached_sources, _key, _x_range, events_frame
from .figure import _category_order, _draw_timeline, timeline_figure, timeline_summary
from .labels import ALL, CATEGORY_LABELS


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
    # line-height: in the explorer's HTML widget, lines are as tall as a control (28px)
    return align_cells(f'<table class="juc-table" style="line-height:1.4">{cap}<thead><tr><th>Date</th><th>Event</th><th>Kind</th>'
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

class TimelineExplorer(ShownOnce):
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

        from ..data import load_eras

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
        # matched event ids -> what the view shows (figure bundle, table, drop-down, summary), so
        # a view seen before costs no drawing at all (the presenter: redraw p95, bench/NOTES.md)
        self._views: dict[tuple, dict] = {}
        self._matches: dict[tuple, object] = {}  # filter values -> matching events
        self._figure, self.summary = timeline_figure(data_dir=data_dir)
        self._drawn = self._shown_ids = tuple(ids)  # the events drawn into ``_figure``, and on screen
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
        self.plot = PlotInPlace(w.Output(layout=w.Layout(min_height="200px")))
        self.out = self.plot.out  # the figure drawn first; later views change it (Plotly.react)
        self.pick = w.Dropdown(options=[], description="Open:", layout=w.Layout(width="760px"))
        self.detail = w.HTML()
        self.table = w.HTML(layout=w.Layout(max_height="420px", overflow="auto"))
        self.matches = self.events
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
            self.status, self.plot.widget, self.pick, self.detail, self.table,
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
        matches = self._filtered()
        self.matches = matches
        total = len(self.events)
        if matches.empty:
            message = f"No events match {self.describe()}."
            if not self.category.value:
                message += " Choose at least one kind of event."
            # said once, in the status line: no empty figure and no empty table under it
            self.status.value = (f"<p><strong>{esc(message)}</strong> Try fewer or shorter words, "
                                 "or “Show everything”.</p>")
            self.table.value = ""
            self.pick.options = []
            self.detail.value = ""
            self._render(message)
        else:
            view = self._view(matches)
            self.summary = view["summary"]
            self.status.value = (f"<p><strong>{len(matches)} of {total} events</strong> "
                                 f"({esc(self.describe())}). {esc(self.summary)}</p>")
            self.table.value = view["table"]
            self.pick.options = view["options"]
            self.pick.value = view["options"][0][1]
            self.show_event(self.pick.value)
            self._render(None, view["bundle"])
        return matches

    def _filtered(self):
        """:meth:`filter_events` for the widgets' values, once per distinct set of values."""
        key = (tuple(self.category.value), self.era.value, tuple(str(self.text.value or "").casefold().split()))
        if key not in self._matches:
            self._matches[key] = self.filter_events(category=key[0], era=key[1], text=self.text.value)
        return self._matches[key]

    def _view(self, matches) -> dict:
        """What the figure's place, the list and the drop-down show for ``matches`` (drawn once)."""
        ids = tuple(matches["event_id"])
        if ids not in self._views:
            self._draw(ids, matches)
            self._views[ids] = {
                "bundle": style.figure_bundle(self._figure),
                "summary": timeline_summary(matches, len(self.events)),
                "table": _events_table([self._rows[e] for e in ids], caption=f"Matching events ({len(ids)})"),
                "options": [(self._labels[e], e) for e in ids],
            }
        return self._views[ids]

    def _draw(self, ids: tuple, matches=None) -> None:
        """Redraw ``_figure`` in place to show the events ``ids`` (unless it shows them already)."""
        if ids != self._drawn:
            if matches is None:
                matches = self.events[self.events["event_id"].isin(ids)]
            _draw_timeline(self._figure, matches, self.eras, self.x_range)
            self._drawn = ids

    @property
    def figure(self):
        """The one figure (a ``plotly.graph_objects.Figure``), showing the events on screen.

        A view seen before is shown from its stored bundle; the figure object is brought up to
        date only when it is read."""
        self._draw(self._shown_ids)
        return self._figure

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
            return {}  # nothing: the status line says why
        return style.figure_bundle(self.figure)

    def _render(self, message: str | None, bundle: dict | None = None) -> None:
        self.shown = message or "figure"
        if message:
            self.plot.show({})
            return
        self._shown_ids = tuple(self.matches["event_id"])
        self.plot.show(bundle)

    def fixed_html(self) -> str:
        """Where widgets cannot run: the whole timeline's one-line summary (the figure follows)."""
        return style.summary_html(timeline_figure(data_dir=self.data_dir)[1])

    def fixed_figure(self):
        """The whole timeline, as the explorer opens with it."""
        return timeline_figure(data_dir=self.data_dir)[0]
