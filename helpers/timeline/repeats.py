"""What repeats: events whose words show integration and GP-led commissioning coming back."""

from __future__ import annotations

from .. import style
from ..display import align_cells, esc
from .events import events_frame
from .labels import REPEAT_THEMES, STATUS_SYMBOLS


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
           align_cells(f'<table class="juc-table"><caption>Matching events per decade</caption><thead><tr>'
                       f"<th>Decade</th>{head}</tr></thead><tbody>{counts}</tbody></table>")]
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
