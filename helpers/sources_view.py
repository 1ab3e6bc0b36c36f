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


#: How many sources the browser lists at once; typing narrows the list.
SHOWN = 15


def find_sources(text: str = "", kind: str = ALL, data_dir=None):
    """The sources of ``kind`` whose title, publisher or date contains ``text`` (any case), by date."""
    from .data import load_sources

    df = load_sources(data_dir)
    if kind != ALL:
        df = df[df["kind"] == kind]
    words = str(text or "").strip().casefold().split()
    if words:
        hay = (df["title"].fillna("") + " " + df["publisher"].fillna("") + " " + df["date"].fillna("")).str.casefold()
        for word in words:
            hay_mask = hay.str.contains(word, regex=False)
            df, hay = df[hay_mask], hay[hay_mask]
    return df.sort_values(["date", "title"])


def sources_html(kind: str = ALL, text: str = "", limit: int | None = SHOWN, data_dir=None) -> str:
    """The matching sources as a table (title, publisher, date, kind, address), at most ``limit`` rows."""
    df = find_sources(text, kind, data_dir)
    what = "" if kind == ALL else f" of kind {KIND_LABELS.get(kind, kind)}"
    if df.empty:
        said = f" matches “{esc(text.strip())}”" if str(text or "").strip() else " is listed"
        return f"<p>No source{esc(what)}{said}.</p>"
    rows = df.to_dict("records")
    for r in rows:
        r["kind_label"] = KIND_LABELS.get(r["kind"], r["kind"])
    shown = rows if limit is None else rows[:limit]
    caption = f"Sources{what}: {len(rows)}"
    if len(shown) < len(rows):
        caption += f", the first {len(shown)} by date shown; type a word to narrow the list"
    return html_table(shown, [("title", "Title"), ("publisher", "Publisher"), ("date", "Date"),
                              ("kind_label", "Kind"), ("url", "Address")], caption=caption)


def summary_html(data_dir=None) -> str:
    """The sources in numbers, by kind: the fixed view of the browser (a page, not a list of hundreds)."""
    counts = counts_by_kind(data_dir)
    rows = [{"kind": KIND_LABELS[k], "n": n} for k, n in counts.items()]
    table = html_table(rows, [("kind", "Kind of source"), ("n", "Sources")],
                       caption=f"{sum(counts.values())} sources by kind")
    return (table + "<p>Every notebook ends with the references it cites; the whole list, with addresses, "
            "is <code>data/sources.csv</code>.</p>")


class SourcesBrowser(ShownOnce):
    """Search the sources by word and kind; the list redraws in place, a few rows at a time.

    Where widgets cannot run, its output shows the sources in numbers by kind.
    """

    def __init__(self, data_dir=None):
        import ipywidgets as w

        self.data_dir = data_dir
        kinds = [(KIND_LABELS[k], k) for k in counts_by_kind(data_dir)]
        self.kind = w.Dropdown(options=[(ALL, ALL), *kinds], value=ALL, description="Kind:",
                               layout=w.Layout(width="520px"))
        self.text = w.Text(value="", placeholder="a word from a title, a publisher or a year",
                           description="Search:", continuous_update=True, layout=w.Layout(width="520px"))
        self.table = w.HTML(sources_html(ALL, "", SHOWN, data_dir))
        self.kind.observe(self._changed, names="value")
        self.text.observe(self._changed, names="value")
        self.widget = w.VBox([self.kind, self.text, self.table])

    def _changed(self, change=None) -> None:
        self.table.value = sources_html(self.kind.value, self.text.value, SHOWN, self.data_dir)

    def fixed_html(self) -> str:
        return summary_html(self.data_dir)


def show_sources(data_dir=None):
    """Static table of every source."""
    from IPython.display import HTML, display

    display(HTML(sources_html(ALL, "", None, data_dir)))
