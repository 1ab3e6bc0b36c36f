"""What changed: the facts a reader may have learned that the collection has since changed.

``data/changes.csv`` holds one dated row per change (a corrected date, a new stage of a bill, a
new count), naming the row it concerns, what it said before, what it says now and the sources.
This module reads it for three readers:

- :func:`since` and :class:`ChangesSince` (notebook 00): the changes on or after a day the reader
  picks, newest first;
- :func:`markdown` (``CHANGES.md`` at the root, written by ``python3 run.py changes``);
- :func:`stale`: the changes that no longer match the tables (the newest change to a cell must
  say what the cell says now; a removed row must be gone), which the tests keep empty.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .display import ShownOnce, esc

#: How each table's rows are named for a reader (never by their internal ids).
TABLE_LABELS = {
    "events": "Timeline event", "stakeholders": "A voice", "arguments": "An argument",
    "practice_view": "A practice's view of its era", "quiz": "A quiz question",
    "icb_footprints_2026": "An ICB from April 2026", "org_counts": "A count",
    "practice_arrangements": "A practice's arrangements now", "glossary": "A glossary term",
    "policy_figures": "A policy figure", "evidence": "An evidence summary",
}


@dataclass(frozen=True)
class Change:
    change_id: str
    changed_on: str
    kind: str
    table: str
    row_id: str
    column: str
    before: str
    after: str
    summary: str
    where: str  # what the row is, in words ("Timeline event: NHS Long Term Plan")
    sources: tuple[str, ...]  # "title (publisher, date)"


def _id_column(table: str) -> str:
    from .data import TABLES

    return TABLES[table].id_column


def _current(table: str, data_dir=None) -> dict[str, dict]:
    from . import data

    frame = data.load(table, data_dir)
    return {str(r[_id_column(table)]): r for r in frame.to_dict("records")}


def _as_text(value) -> str:
    if isinstance(value, tuple):
        return ";".join(value)
    return "" if value is None or value != value else str(value)


def _row_name(table: str, row: dict | None, row_id: str, data_dir=None) -> str:
    label = TABLE_LABELS.get(table, "A fact")
    if row is None:
        return f"{label} (since removed)"
    for col in ("title", "name", "label", "term", "footprint"):
        if row.get(col):
            return f"{label}: {row[col]}"
    if table == "arguments":
        who = _current("stakeholders", data_dir).get(row["stakeholder_id"], {}).get("name", "")
        return f"{label} by {who}" if who else label
    if table == "practice_view":
        return f"{label} ({row['era']}, {row['aspect'].replace('_', ' ')})"
    if table == "quiz":
        return f"{label}: {row['question']}"
    return label


def load_changes(data_dir=None) -> list[Change]:
    """Every change, newest first (in file order within a day)."""
    from . import data
    from .timeline.events import _source_line

    sources = {r["source_id"]: r for r in data.load_sources(data_dir).to_dict("records")}
    rows = data.load_changes(data_dir).to_dict("records")
    tables: dict[str, dict[str, dict]] = {}
    out = []
    for r in rows:
        current = tables.setdefault(r["table"], _current(r["table"], data_dir))
        out.append(Change(
            r["change_id"], r["changed_on"], r["kind"], r["table"], r["row_id"], _as_text(r["column"]),
            _as_text(r["before"]), _as_text(r["after"]), r["summary"],
            _row_name(r["table"], current.get(r["row_id"]), r["row_id"], data_dir),
            tuple(_source_line(sources[s]) for s in r["source_ids"]),
        ))
    order = {c.change_id: i for i, c in enumerate(out)}
    return sorted(out, key=lambda c: (c.changed_on, -order[c.change_id]), reverse=True)


def since(day: _dt.date | str, data_dir=None) -> list[Change]:
    """The changes made on or after ``day``, newest first."""
    day = day.isoformat() if isinstance(day, _dt.date) else str(day)
    return [c for c in load_changes(data_dir) if c.changed_on >= day]


def stale(data_dir=None) -> list[str]:
    """Problems, in words, where changes.csv no longer matches the tables (empty when it does)."""
    problems, seen = [], set()
    for c in load_changes(data_dir):  # newest first: only the newest change to a cell must match
        row = _current(c.table, data_dir).get(c.row_id)
        key = (c.table, c.row_id, c.column)
        if key in seen:
            continue
        seen.add(key)
        if c.kind == "removed":
            if row is not None:
                problems.append(f"{c.change_id}: {c.table} row {c.row_id!r} is said to be removed but is still there")
        elif row is None:
            problems.append(f"{c.change_id}: {c.table} has no row {c.row_id!r}")
        elif c.column and _as_text(row.get(c.column)) != c.after:
            problems.append(f"{c.change_id}: {c.table} row {c.row_id!r} column {c.column!r} now says "
                            f"{_as_text(row.get(c.column))[:80]!r}, not what the change gives as 'after'")
    return problems


# --------------------------------------------------------------------------
# Shown to readers
# --------------------------------------------------------------------------

def _nice_day(day: str) -> str:
    d = _dt.date.fromisoformat(day)
    return f"{d.day} {d:%B %Y}"


def _readable(value: str) -> str:
    """A before/after value as a reader sees it: a group key or a voice's id by its name."""
    from .arguments.labels import GROUP_LABELS
    from .data import load_stakeholders

    if value in GROUP_LABELS:
        return GROUP_LABELS[value]
    voices = load_stakeholders()
    return dict(zip(voices["stakeholder_id"], voices["name"])).get(value, value)


def _source_names(source_ids) -> str:
    """The sources by publisher and year; an id not in sources.csv (a check will say so) as given."""
    from .display import source_label

    out = []
    for sid in source_ids:
        try:
            out.append(source_label(sid))
        except KeyError:
            out.append(sid)
    return "; ".join(dict.fromkeys(out))


def changes_html(changes: list[Change], day: str | None = None) -> str:
    """The changes as an HTML list: a heading per day, the summary, the row, before and after."""
    if not changes:
        return (f"<p>Nothing has changed since {esc(_nice_day(day))}.</p>" if day
                else "<p>No changes are recorded.</p>")
    head = (f"<p><strong>{len(changes)} change(s)</strong> since {esc(_nice_day(day))}, newest first.</p>"
            if day else f"<p><strong>{len(changes)} change(s)</strong>, newest first.</p>")
    parts, current_day = [head], None
    for c in changes:
        if c.changed_on != current_day:
            if current_day is not None:
                parts.append("</ul>")
            parts.append(f"<h4>{esc(_nice_day(c.changed_on))}</h4><ul>")
            current_day = c.changed_on
        detail = ""
        if c.before or c.after:
            before = f"<br><em>Before:</em> {esc(_readable(c.before))}" if c.before else ""
            after = f"<br><em>Now:</em> {esc(_readable(c.after))}" if c.after else ""
            detail = f"<details><summary>Before and now</summary>{before}{after}</details>"
        parts.append(f"<li><strong>{esc(c.kind.capitalize())}.</strong> {esc(c.summary)}"
                     f"<br><small>{esc(c.where)}. Sources: {esc(_source_names(c.sources))}</small>{detail}</li>")
    parts.append("</ul>")
    return "".join(parts)


def markdown(data_dir=None) -> str:
    """CHANGES.md: every change, newest first, grouped by day."""
    from .arguments.log import md_inline

    lines = ["# What changed", "",
             "Every change to a fact a reader may have learned from the collection, newest first.",
             "Generated from `data/changes.csv` by `python3 run.py changes`; do not edit by hand.", ""]
    current_day = None
    for c in load_changes(data_dir):
        if c.changed_on != current_day:
            lines += ([""] if current_day else []) + [f"## {_nice_day(c.changed_on)}", ""]
            current_day = c.changed_on
        lines.append(f"- **{c.kind.capitalize()}.** {md_inline(c.summary)} ({md_inline(c.where)})")
        if c.before:
            lines.append(f"  - Before: {md_inline(c.before)}")
        if c.after:
            lines.append(f"  - Now: {md_inline(c.after)}")
        lines.append(f"  - Sources: {md_inline('; '.join(c.sources))}")
    return "\n".join(lines) + "\n"


class ChangesSince(ShownOnce):
    """Pick the day you last used the collection and see every fact changed since then."""

    def __init__(self, data_dir=None, day: _dt.date | None = None):
        import ipywidgets as w

        self.data_dir = data_dir
        self.all = load_changes(data_dir)
        first = min((c.changed_on for c in self.all), default=_dt.date.today().isoformat())
        self.picker = w.DatePicker(description="Changed since:", value=day or _dt.date.fromisoformat(first),
                                   style={"description_width": "110px"})
        self.output = w.HTML()
        self.picker.observe(self._changed, names="value")
        self.widget = w.VBox([self.picker, self.output])
        self._changed()

    def html(self, day: _dt.date | None) -> str:
        """What the list shows for ``day`` (None: the picker was cleared, so every change)."""
        if day is None:
            return changes_html(self.all)
        iso = day.isoformat()
        return changes_html([c for c in self.all if c.changed_on >= iso], iso)

    def _changed(self, change=None) -> None:
        self.output.value = self.html(self.picker.value)

    def fixed_html(self) -> str:
        """Where widgets cannot run: the whole list."""
        return changes_html(self.all)


def show_changes(data_dir=None) -> ChangesSince:
    """Notebook 00: the date picker and the changes since the day chosen."""
    return ChangesSince(data_dir)
