"""The sources table, for reading and for the start-here widget demo."""

from __future__ import annotations

from .display import ShownOnce, esc, html_table

KIND_LABELS = {
    "legislation": "Acts of Parliament",
    "government": "Government (Department of Health and Social Care, GOV.UK)",
    "nhs": "NHS bodies (NHS England and predecessors)",
    "parliament": "Parliament (Hansard, Commons Library, committees)",
    "audit": "Audit bodies (National Audit Office)",
    "think_tank": "Think tanks (King's Fund, Nuffield Trust, Health Foundation)",
    "academic": "Academic studies and evaluations",
    "professional_body": "Professional bodies (BMA, RCGP, LMCs)",
    "press": "Press (news and opinion)",
    "official_data": "Official data (ODS, NHS Digital, ONS)",
    "source_document": "The five source documents of the stakeholder debate",
}

ALL = "All kinds"


def counts_by_kind(data_dir=None) -> dict[str, int]:
    from .data import load_sources

    counts = load_sources(data_dir)["kind"].value_counts()
    return {k: int(counts[k]) for k in KIND_LABELS if k in counts}


def summary_line(data_dir=None) -> str:
    counts = counts_by_kind(data_dir)
    total = sum(counts.values())
    parts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items())
    return f"{total} sources: {parts}."


def sources_html(kind: str = ALL, data_dir=None) -> str:
    from .data import load_sources

    df = load_sources(data_dir)
    if kind != ALL:
        df = df[df["kind"] == kind]
    if df.empty:
        return f"<p>No sources of kind {esc(kind)}.</p>"
    rows = df.sort_values(["date", "source_id"]).to_dict("records")
    return html_table(
        rows,
        [("source_id", "id"), ("title", "Title"), ("publisher", "Publisher"), ("date", "Date"),
         ("kind", "Kind"), ("url", "Address")],
        caption=f"Sources ({len(rows)})" + ("" if kind == ALL else f": {KIND_LABELS.get(kind, kind)}"),
    )


class SourcesBrowser(ShownOnce):
    """A dropdown of source kinds and the matching sources, updated in place.

    Where widgets cannot run, its output shows the table for the chosen kind (all sources).
    """

    def __init__(self, data_dir=None):
        import ipywidgets as w

        self.data_dir = data_dir
        kinds = list(counts_by_kind(data_dir))
        self.kind = w.Dropdown(options=[ALL, *kinds], value=ALL, description="Kind:",
                               layout=w.Layout(width="420px"))
        self.table = w.HTML(sources_html(ALL, data_dir))
        self.kind.observe(self._changed, names="value")
        self.widget = w.VBox([self.kind, self.table])

    def _changed(self, change=None) -> None:
        self.table.value = sources_html(self.kind.value, self.data_dir)

    def fixed_html(self) -> str:
        return sources_html(self.kind.value, self.data_dir)


def show_sources(data_dir=None):
    """Static table of every source (the default before the widget)."""
    from IPython.display import HTML, display

    display(HTML(sources_html(ALL, data_dir)))
