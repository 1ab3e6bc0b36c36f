"""The body counts an era notebook talks about, and the CCG mergers derived from ODS."""

from __future__ import annotations
from ..display import source_marks

from .notebooks import notebook


# --------------------------------------------------------------------------
# Counts
# --------------------------------------------------------------------------

_ACRONYMS = {"gp": "GP", "nhs": "NHS", "ccgs": "CCGs", "icb": "ICB", "icbs": "ICBs"}


def _label(org_type: str) -> str:
    words = [_ACRONYMS.get(w, w) for w in org_type.split("_")]
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def era_counts(nb: str, data_dir=None):
    """The org_counts.csv rows for the notebook's kinds of body, in order of type then date."""
    import pandas as pd

    from .. import timeline
    from ..data import load_org_counts

    spec = notebook(nb)
    counts = load_org_counts(data_dir)
    rows = counts[counts["org_type"].isin(spec.org_types)].copy()
    order = {t: i for i, t in enumerate(spec.org_types)}
    rows["_order"] = rows["org_type"].map(order)
    rows["_start"] = rows["as_of"].map(lambda d: timeline.date_start(d).isoformat())
    rows = rows.sort_values(["_order", "_start"], kind="stable")
    return pd.DataFrame({
        "body": [_label(t) for t in rows["org_type"]],
        "as of": [timeline.format_date(d, p) for d, p in zip(rows["as_of"], rows["as_of_precision"])],
        "count": list(rows["count"]),
        "source": list(rows["source_id"]),
        "note": [n if isinstance(n, str) else "" for n in rows["note"]],
    })


def counts_lines(nb: str, data_dir=None) -> list[str]:
    """The notebook's counts as plain lines (for cells whose output is checked)."""
    frame = era_counts(nb, data_dir)
    return [f"{r.body}, {r._1}: {r.count} {source_marks([r.source], data_dir)}" for r in frame.itertuples(index=False)]


def count_of(org_type: str, source_id: str | None = None, data_dir=None):
    """The latest count of ``org_type`` in org_counts.csv (optionally from one source)."""
    from .. import timeline
    from ..data import load_org_counts

    counts = load_org_counts(data_dir)
    rows = counts[counts["org_type"] == org_type]
    if source_id:
        rows = rows[rows["source_id"] == source_id]
    if rows.empty:
        raise KeyError(f"no org_counts row for {org_type!r}" + (f" from {source_id!r}" if source_id else ""))
    rows = rows.assign(_s=rows["as_of"].map(lambda d: timeline.date_start(d).isoformat()))
    return int(rows.sort_values("_s").iloc[-1]["count"])


def ccg_mergers(folder=None):
    """CCGs open on each 1 April 2013-2022, with openings and closures since the year before
    (derived from the ODS CCG file by ``python -m helpers.data.derive``)."""
    from ..data import ods

    frame = ods.load_ccg_counts(folder).copy()
    frame["change"] = frame["count"].diff().fillna(0).astype(int)
    return frame[["as_of", "count", "opened", "closed", "change"]]


def ccg_mergers_figure(folder=None):
    """Bars: CCGs open on each 1 April, with the closures that year in the hover text."""
    import plotly.graph_objects as go

    from ..style import OKABE_ITO, apply

    frame = ccg_mergers(folder)
    hover = [f"1 April {d[:4]}: {c} CCGs<br>{o} opened, {x} closed since the year before"
             for d, c, o, x in zip(frame["as_of"], frame["count"], frame["opened"], frame["closed"])]
    fig = go.Figure(go.Bar(x=[d[:4] for d in frame["as_of"]], y=frame["count"], name="CCGs on 1 April",
                           marker={"color": OKABE_ITO[0]}, hovertext=hover, hoverinfo="text",
                           text=frame["count"], textposition="outside"))
    apply(fig, "Clinical commissioning groups open on 1 April each year, 2013-2022",
          x_title="Year (1 April)", y_title="Number of CCGs", height=420)
    fig.update_yaxes(range=[0, int(frame["count"].max()) * 1.15])
    return fig


def ccg_mergers_summary(folder=None) -> str:
    frame = ccg_mergers(folder)
    first, last = frame.iloc[0], frame.iloc[-1]
    worst = frame.loc[frame["closed"].idxmax()]
    return (f"CCGs fell from {first['count']} on {first['as_of']} to {last['count']} on {last['as_of']}; "
            f"the most closures ({worst['closed']}) came on {worst['as_of']}.")


def show_ccg_mergers(folder=None) -> None:
    from ..style import show

    show(ccg_mergers_figure(folder), ccg_mergers_summary(folder))


def ccg_merger_lines(folder=None) -> list[str]:
    lines = []
    for r in ccg_mergers(folder).itertuples(index=False):
        change = f"{r.change:+d}" if r.change else "no change"
        lines.append(f"{r.as_of}: {r.count} CCGs ({r.opened} opened, {r.closed} closed; {change})")
    return lines


def derived_attribution(table: str, folder=None) -> str:
    """The licence attribution line for a derived table (printed wherever its figures appear)."""
    from ..data import ods

    meta = ods.load_metadata(folder).set_index("table")
    return str(meta.loc[table, "attribution"])


def derived_sources(table: str, folder=None) -> list[str]:
    from ..data import ods

    meta = ods.load_metadata(folder).set_index("table")
    value = meta.loc[table, "source_ids"]
    parts = value if isinstance(value, tuple) else str(value).split(";")
    return [p for p in parts if p]


def org_type_lines(org_type: str, data_dir=None) -> list[str]:
    """Every org_counts.csv row for one kind of body, in date order, with source and note."""
    from .. import timeline
    from ..data import load_org_counts

    counts = load_org_counts(data_dir)
    rows = counts[counts["org_type"] == org_type].copy()
    if rows.empty:
        raise KeyError(f"no org_counts rows for {org_type!r}")
    rows["_s"] = rows["as_of"].map(lambda d: timeline.date_start(d).isoformat())
    out = []
    for r in rows.sort_values("_s", kind="stable").itertuples(index=False):
        note = f" ({r.note})" if isinstance(r.note, str) and r.note else ""
        out.append(f"{timeline.format_date(r.as_of, r.as_of_precision)}: {r.count} {source_marks([r.source_id], data_dir)}{note}")
    return out
