"""The spine of notebook 09: who held, commissioned and oversaw a practice's contract, and at
what scale practices worked together, for each year from 1990 to 2027."""

from __future__ import annotations

import datetime as _dt

from .. import style
from ..display import Rich, esc, html_table, plot_text

FIRST_YEAR, LAST_YEAR = 1990, 2027

#: The figure's lanes, top to bottom, and their labels.
ASPECT_LABELS = {
    "contract_holder": "Holds the contract",
    "commissioner": "Commissions it",
    "accountable_to": "Oversees that body",
    "scale": "Practices work together as",
}


def arrangements(data_dir=None):
    """practice_arrangements.csv with each span's first and last day (open spans end in 2027)."""
    from ..data import load_practice_arrangements
    from ..timeline import date_end, date_start

    df = load_practice_arrangements(data_dir)
    df["first"] = [date_start(v) for v in df["start"]]
    df["last"] = [date_end(v) if v else _dt.date(LAST_YEAR, 12, 31) for v in df["end"]]
    return df


def in_force(df, day: _dt.date) -> dict[str, list[dict]]:
    """The rows of each aspect in force on ``day`` (several where they overlap, e.g. practice and PCN)."""
    out = {a: [] for a in ASPECT_LABELS}
    for r in df.to_dict("records"):
        if r["first"] <= day <= r["last"]:
            out[r["aspect"]].append(r)
    return out


def _cell(rows: list[dict]) -> str:
    if not rows:
        return "(not in the collection's sources)"
    return " + ".join(r["label"] + (" (provisional)" if r["status"] == "provisional" else "") for r in rows)


def year_rows(data_dir=None) -> list[dict]:
    """One row per year, 1990-2027: what was in force on 1 July of that year, aspect by aspect."""
    df = arrangements(data_dir)
    return [{"year": y, **{a: _cell(rows) for a, rows in in_force(df, _dt.date(y, 7, 1)).items()}}
            for y in range(FIRST_YEAR, LAST_YEAR + 1)]


def periods(data_dir=None) -> list[dict]:
    """The years grouped into periods in which nothing changed (the table beside the figure)."""
    out: list[dict] = []
    for row in year_rows(data_dir):
        key = tuple(row[a] for a in ASPECT_LABELS)
        if out and out[-1]["key"] == key:
            out[-1]["to"] = row["year"]
        else:
            out.append({"from": row["year"], "to": row["year"], "key": key,
                        **{a: row[a] for a in ASPECT_LABELS}})
    for p in out:
        p.pop("key")
        p["years"] = str(p["from"]) if p["from"] == p["to"] else f"{p['from']}–{p['to']}"
    return out


def periods_html(data_dir=None) -> str:
    columns = [("years", "Years (as on 1 July)"), *ASPECT_LABELS.items()]
    return html_table(periods(data_dir), columns, caption="The same data as the figure, as text")


def _slots(df) -> dict[str, int]:
    """A row for each span inside its lane, so overlapping spans (practice and PCN) do not cover each other."""
    slot: dict[str, int] = {}
    for aspect in ASPECT_LABELS:
        ends: list[_dt.date] = []
        for r in df[df["aspect"] == aspect].sort_values("first").to_dict("records"):
            free = next((i for i, e in enumerate(ends) if e < r["first"]), None)
            if free is None:
                ends.append(r["last"])
                free = len(ends) - 1
            else:
                ends[free] = r["last"]
            slot[r["row_id"]] = free
    return slot


def _colours(df) -> dict[str, str]:
    """One palette colour per body, the same in every lane (a PCT is the same colour wherever it appears)."""
    names = list(dict.fromkeys(df.sort_values("first")["label"]))
    return {n: style.OKABE_ITO[i % 7] for i, n in enumerate(names)}  # no black: labels sit on the bars


def _y_positions(df, slot) -> tuple[dict[str, float], list[float], list[str]]:
    """Each span's y (lanes top to bottom, sub-rows inside a lane) and the lanes' tick positions."""
    y_of, ticks, labels, y = {}, [], [], 0.0
    for aspect, label in ASPECT_LABELS.items():
        rows = df[df["aspect"] == aspect]
        n = max((slot[r] for r in rows["row_id"]), default=0) + 1
        for r in rows["row_id"]:
            y_of[r] = y - slot[r] * 0.8
        ticks.append(y - (n - 1) * 0.4)
        labels.append(label)
        y -= n * 0.8 + 0.6
    return y_of, ticks, labels


def arrangements_figure(data_dir=None):
    """(figure, summary): one bar per arrangement, labelled on the bar; provisional ones hatched."""
    import plotly.graph_objects as go

    df = arrangements(data_dir)
    slot, colours = _slots(df), _colours(df)
    y_of, ticks, tick_labels = _y_positions(df, slot)
    fig = go.Figure()
    for r in df.sort_values("first").to_dict("records"):
        provisional = r["status"] == "provisional"
        days = (r["last"] - r["first"]).days + 1
        text = r["label"] + (" (provisional)" if provisional else "")
        fig.add_trace(go.Bar(
            y=[y_of[r["row_id"]]], x=[days * 86_400_000], base=[r["first"].isoformat()], orientation="h",
            width=0.7, name=plot_text(text), showlegend=False, text=[plot_text(text)], textposition="inside",
            insidetextanchor="middle", textfont={"color": "#000000", "size": 12}, constraintext="none",
            marker={"color": colours[r["label"]], "line": {"color": "#000000", "width": 1},
                    "pattern": {"shape": "/" if provisional else "", "fgcolor": "#000000", "solidity": 0.15}},
            hovertext=[f"<b>{plot_text(text)}</b><br>{plot_text(r['start'])} to {plot_text(r['end'] or 'now')}<br>{plot_text(r['detail'])}"],
            hoverinfo="text",
        ))
    style.apply(fig, "Who held, commissioned and oversaw a practice's contract, 1990–2027",
                x_title="Year (hatched bars: provisional)", y_title="", height=560)
    fig.update_layout(barmode="overlay", margin={"l": 200, "r": 30, "t": 70, "b": 60})
    fig.update_xaxes(type="date", range=[f"{FIRST_YEAR}-01-01", f"{LAST_YEAR}-12-31"], dtick="M60",
                     tickformat="%Y")
    fig.update_yaxes(tickvals=ticks, ticktext=tick_labels, title_text="What the lane shows", showgrid=False,
                     zeroline=False)
    return fig, arrangements_summary(data_dir)


def arrangements_summary(data_dir=None) -> str:
    df = arrangements(data_dir)
    holders = list(dict.fromkeys(df[df["aspect"] == "contract_holder"].sort_values("first")["label"]))
    together = [r["label"] for r in in_force(df, _dt.date(LAST_YEAR, 7, 1))["scale"] if r["row_id"] != "scale-practice"]
    return (f"From {FIRST_YEAR} to {LAST_YEAR} a practice's contract has been held by {len(holders)} kinds of body in turn, "
            f"from the {holders[0].lower()} to the {holders[-1].lower()}; practices still hold their own contracts "
            f"but now also work together in {' and '.join(t.lower() for t in together)}.")


def show_arrangements(data_dir=None) -> None:
    """The figure with its summary, then the same data as a table (readable without the figure)."""
    from IPython.display import display

    fig, summary = arrangements_figure(data_dir)
    style.show(fig, summary)
    html = periods_html(data_dir)
    text = "\n".join(f"{p['years']}: " + "; ".join(f"{ASPECT_LABELS[a]}: {p[a]}" for a in ASPECT_LABELS)
                     for p in periods(data_dir))
    display(Rich(html, text))
