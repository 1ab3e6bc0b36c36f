"""An era notebook's events, its provisional ones and its strip of the timeline."""

from __future__ import annotations

from ..display import esc
from ..display import Rich
from ..display import source_marks
from .notebooks import notebook


# --------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------

def era_events(nb: str, data_dir=None):
    """The notebook's events: dated within its window and, where the notebook shares its years
    with another, matching one of its topic words in the event id or title. Sorted by date."""
    from .. import timeline

    spec = notebook(nb)
    ev = timeline.events_frame(data_dir)
    start = ev["date"].map(lambda d: timeline.date_start(d).isoformat())
    inside = (start >= spec.window[0]) & (start <= spec.window[1])
    if spec.topics:
        hay = (ev["event_id"] + " " + ev["title"]).str.casefold()
        topical = hay.map(lambda text: any(word in text for word in spec.topics))
        inside &= topical
    out = ev[inside].copy()
    out["_start"] = start[inside]
    return out.sort_values("_start", kind="stable").drop(columns="_start").reset_index(drop=True)


def provisional_events(nb: str, data_dir=None):
    """The notebook's events still marked provisional, with their 'as of' date."""
    ev = era_events(nb, data_dir)
    return ev[ev["status"] == "provisional"].reset_index(drop=True)


def events_html(nb: str, data_dir=None) -> str:
    from .. import timeline

    ev = era_events(nb, data_dir)
    spec = notebook(nb)
    caption = f"Events for this notebook ({len(ev)}), {spec.window[0][:4]} to {spec.window[1][:4]}, from events.csv"
    return timeline.events_table_html(ev, data_dir, caption=caption)


def show_events(nb: str, data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(events_html(nb, data_dir)))


def era_timeline(nb: str, data_dir=None):
    """The timeline figure filtered to the notebook's events: (figure, one-line summary)."""
    from .. import timeline

    return timeline.timeline_figure(events=era_events(nb, data_dir), data_dir=data_dir)


def show_era_timeline(nb: str, data_dir=None) -> None:
    from ..style import show

    fig, summary = era_timeline(nb, data_dir)
    show(fig, summary)


def provisional_lines(nb: str, data_dir=None) -> list[str]:
    """One line per provisional event: date, title and the date its status was last checked."""
    from .. import timeline

    lines = []
    for r in provisional_events(nb, data_dir).itertuples(index=False):
        as_of = timeline.format_date(r.as_of, r.as_of_precision)
        lines.append(f"{r.when}: {r.title} (provisional, as of {as_of}) {source_marks(r.source_ids, data_dir)}")
    return lines


def key_events(event_ids, data_dir=None) -> Rich:
    """Chosen events from events.csv, in date order, with their dates and sources."""
    from .. import timeline

    ev = timeline.events_frame(data_dir).set_index("event_id")
    missing = [e for e in event_ids if e not in ev.index]
    if missing:
        raise KeyError(f"no such event(s) in events.csv: {', '.join(missing)}")
    rows = ev.loc[list(event_ids)].reset_index()
    rows["_s"] = rows["date"].map(lambda d: timeline.date_start(d).isoformat())
    rows = rows.sort_values("_s", kind="stable")
    lines = [f"{r.when}: {r.title}" + ("" if r.status == "settled" else f" (provisional, as of {r.as_of_text})")
             + f" {source_marks(r.source_ids, data_dir)}" for r in rows.itertuples(index=False)]
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    return Rich(f'<ul class="juc-key-events">{items}</ul>', "\n".join(lines))
