"""The events joined with their sources (cached per data folder), and the figure cache."""

from __future__ import annotations

import functools
from pathlib import Path

from ..display import plot_lines, plot_text
from .dates import date_end, date_start, format_date
from .labels import CATEGORY_LABELS


# --------------------------------------------------------------------------
# Data, enriched for display (read once per data folder, cached)
# --------------------------------------------------------------------------

def _key(data_dir) -> str:
    from ..data import DATA_DIR, on_clear

    on_clear(clear_cache)  # data.clear_cache() forgets these caches too (imported late: keeps import cheap)
    return str(Path(data_dir if data_dir is not None else DATA_DIR).resolve())


@functools.cache
def _cached_events(key: str):
    from ..data import load_eras, load_events, load_sources

    return _enrich_events(load_events(key), load_eras(key), load_sources(key))


@functools.cache
def _cached_sources(key: str) -> dict[str, dict]:
    from ..data import load_sources

    return {r["source_id"]: r for r in load_sources(key).to_dict("records")}


#: Built figures for the full tables, as plotly dicts, keyed by (figure, data folder, option).
_FIGURES: dict[tuple, tuple[dict, str]] = {}


def _cached_figure(key: tuple, build):
    """A fresh figure object each call; the full-data figure is built (and validated) once."""
    import plotly.graph_objects as go

    from ..style import figure_scale

    key = (*key, figure_scale())  # the presenter's labels are laid out for its scale
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
    return plot_lines(text, width)


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
             f"{plot_text(r['when'])} · {plot_text(r['category_label'])}",
             _wrap(r["summary"]),
             "<i>Sources:</i> " + _wrap("; ".join(r["source_titles"]), 64)]
    if r["status"] == "provisional":
        lines.append(f"<i>Provisional, as of {plot_text(r['as_of_text'])}</i>")
    return "<br>".join(lines)


def events_frame(data_dir=None):
    """Every event with display columns added (start, when, labels, sources, hover), by date."""
    return _cached_events(_key(data_dir)).copy()


def _ensure_enriched(events, data_dir=None):
    if events is None:
        return events_frame(data_dir)
    if "hover" in events.columns:
        return events
    from ..data import load_eras, load_sources

    return _enrich_events(events, load_eras(data_dir), load_sources(data_dir))


def _x_range(ev, eras) -> tuple[str, str]:
    """From January two years before the first event's year (so the first era's band is wide
    enough to name) to the end of the last event's year."""
    first = min(ev["start"]).year if len(ev) else 1990
    last = max(date_end(d) for d in ev["date"]).year if len(ev) else 2026
    return f"{first - 2}-01-01", f"{last}-12-31"
