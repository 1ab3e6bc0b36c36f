"""The policy figures (sizes the reforms intended) and the PCN size figure."""

from __future__ import annotations
from ..display import source_marks



# --------------------------------------------------------------------------
# Policy figures and PCN sizes (notebooks 05 and 06)
# --------------------------------------------------------------------------

def policy_figure(figure_id: str, data_dir=None) -> dict:
    """One row of policy_figures.csv as a dict (KeyError naming the known ids if absent)."""
    from ..data import load_policy_figures

    frame = load_policy_figures(data_dir).set_index("figure_id")
    if figure_id not in frame.index:
        raise KeyError(f"no policy figure {figure_id!r}; known: {', '.join(frame.index)}")
    row = frame.loc[figure_id].to_dict()
    row["figure_id"] = figure_id
    return row


def policy_figure_lines(figure_ids, data_dir=None) -> list[str]:
    from .. import timeline

    lines = []
    for fid in figure_ids:
        r = policy_figure(fid, data_dir)
        high = r["high"]
        value = f"{r['low']:,}" + (f" to {int(high):,}" if high is not None and str(high) != "<NA>" else "")
        when = timeline.format_date(r["set_on"], r["set_on_precision"])
        lines.append(f"{r['label']}: {value} {r['unit']} ({when}) {source_marks(r['source_ids'], data_dir)}")
    return lines


def pcn_sizes(as_of: str = "2022-05-01", folder=None):
    """Registered patients per PCN on one snapshot date (derived from ODS and NHS Digital files)."""
    from ..data import ods

    pcns = ods.load_pcns(folder)
    rows = pcns[(pcns["as_of"] == as_of) & pcns["registered_patients"].notna()]
    if rows.empty:
        raise ValueError(f"no PCN list sizes for {as_of!r}; snapshots with sizes: "
                         + ", ".join(sorted(set(pcns.loc[pcns['registered_patients'].notna(), 'as_of']))))
    return rows[["pcn_code", "pcn_name", "practices", "registered_patients"]].reset_index(drop=True)


def pcn_size_summary(as_of: str = "2022-05-01", folder=None, data_dir=None) -> str:
    sizes = pcn_sizes(as_of, folder)["registered_patients"].astype(int)
    rng = policy_figure("pcn-population", data_dir)
    low, high = int(rng["low"]), int(rng["high"])
    inside = int(((sizes >= low) & (sizes <= high)).sum())
    n = len(sizes)
    return (f"On {as_of}, {inside} of {n} PCNs with list sizes ({round(100 * inside / n)}%) had "
            f"{low:,} to {high:,} registered patients; {int((sizes < low).sum())} were smaller and "
            f"{int((sizes > high).sum())} larger (median {int(sizes.median()):,}).")


def pcn_sizes_figure(as_of: str = "2022-05-01", folder=None, data_dir=None):
    """Histogram of PCN registered populations with the intended range shaded."""
    import plotly.graph_objects as go

    from ..style import GREY, OKABE_ITO, apply

    sizes = pcn_sizes(as_of, folder)["registered_patients"].astype(int)
    rng = policy_figure("pcn-population", data_dir)
    fig = go.Figure(go.Histogram(x=sizes, xbins={"start": 0, "size": 5000}, name="PCNs",
                                 marker={"color": OKABE_ITO[0], "line": {"color": "#ffffff", "width": 1}},
                                 hovertemplate="%{x} patients: %{y} PCNs<extra></extra>"))
    fig.add_vrect(x0=int(rng["low"]), x1=int(rng["high"]), fillcolor=GREY, opacity=0.25, line_width=0,
                  annotation_text="intended range", annotation_position="top left")
    apply(fig, f"Registered patients per primary care network, {as_of}",
          x_title="Registered patients in the PCN (bins of 5,000)", y_title="Number of PCNs", height=420)
    return fig


def show_pcn_sizes(as_of: str = "2022-05-01", folder=None, data_dir=None) -> None:
    from ..style import show

    show(pcn_sizes_figure(as_of, folder, data_dir), pcn_size_summary(as_of, folder, data_dir))
