"""What to check before teaching: the provisional facts whose ``review_by`` day has come.

Every provisional row (events, practice arrangements, the 2026 ICB footprints and the ODS
successions) carries ``as_of`` (when it was last checked) and ``review_by`` (when to check it
again). :func:`due` lists those whose ``review_by`` is on or before a given day, grouped by the
notebook that teaches them. Time passing is never an error: ``python3 run.py review`` prints the
list and exits 0; notebook 00 shows the same list when it runs.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from .display import esc

#: Notebooks whose whole subject is a table (the era notebooks are found from their windows).
TABLE_NOTEBOOKS = {"practice_arrangements": "09_general_practice_now",
                   "icb_footprints_2026": "08_your_patch", "icb_changes_2026": "08_your_patch"}


@dataclass(frozen=True)
class Check:
    table: str
    row_id: str
    what: str
    notebooks: tuple[str, ...]
    as_of: str
    review_by: str
    sources: tuple[str, ...]  # "title (publisher, date)"


def _event_notebooks(date: str) -> tuple[str, ...]:
    from .eras.notebooks import NOTEBOOKS

    day = date.split("/")[0]
    day = (day + "-01-01")[:10] if len(day) < 10 else day
    found = [nb for nb, spec in NOTEBOOKS.items() if spec.window[0] <= day <= spec.window[1]]
    # the newest notebook whose window holds the event teaches it; the others (and the timeline) show it too
    return tuple(found[-1:] + found[:-1][::-1] + ["01_timeline"])


def _source_texts(ids, sources) -> tuple[str, ...]:
    from .timeline.events import _source_line

    return tuple(_source_line(sources[sid]) if sid in sources else sid for sid in ids)


def provisional_checks(data_dir=None) -> list[Check]:
    """Every provisional row with its review day, oldest review day first."""
    from . import data
    from .data import ods

    sources = {r["source_id"]: r for r in data.load_sources(data_dir).to_dict("records")}
    out: list[Check] = []
    for r in data.load_events(data_dir).to_dict("records"):
        if r["status"] == "provisional":
            out.append(Check("events", r["event_id"], r["title"], _event_notebooks(r["date"]), r["as_of"],
                             r["review_by"], _source_texts(r["source_ids"], sources)))
    for r in data.load_practice_arrangements(data_dir).to_dict("records"):
        if r["status"] == "provisional":
            out.append(Check("practice_arrangements", r["row_id"], r["label"], (TABLE_NOTEBOOKS["practice_arrangements"],),
                             r["as_of"], r["review_by"], _source_texts(r["source_ids"], sources)))
    for r in data.load_icb_footprints_2026(data_dir).to_dict("records"):
        if r["status"] == "provisional":
            out.append(Check("icb_footprints_2026", r["successor_code"], f"What ICB {r['successor_code']} covers",
                             (TABLE_NOTEBOOKS["icb_footprints_2026"],), r["as_of"], r["review_by"],
                             _source_texts(r["source_ids"], sources)))
    changes = ods.load_icb_changes_2026(None if data_dir is None else _derived(data_dir))
    for (as_of, review_by), part in changes.groupby(["as_of", "review_by"]):
        out.append(Check("icb_changes_2026", "all", f"The {len(part)} ICB successions ODS records for 1 April 2026",
                         (TABLE_NOTEBOOKS["icb_changes_2026"],), as_of, review_by,
                         _source_texts(["ods-succ-2026"], sources)))
    return sorted(out, key=lambda c: (c.review_by, c.table, c.row_id))


def _derived(data_dir):
    from pathlib import Path

    return Path(data_dir) / "derived"


def due(today: _dt.date | str | None = None, data_dir=None) -> list[Check]:
    """The provisional rows whose review day is on or before ``today`` (default: the computer's date)."""
    day = (today if isinstance(today, str) else (today or _dt.date.today()).isoformat())
    return [c for c in provisional_checks(data_dir) if c.review_by <= day]


def by_notebook(checks: list[Check]) -> dict[str, list[Check]]:
    """The checks under the notebook that teaches them (the first of ``notebooks``), each once."""
    groups: dict[str, list[Check]] = {}
    for c in checks:
        groups.setdefault(c.notebooks[0], []).append(c)
    return dict(sorted(groups.items()))


def _also(c: Check) -> str:
    return f"; also shown in {', '.join(n[:2] for n in c.notebooks[1:])}" if len(c.notebooks) > 1 else ""


def review_lines(today=None, data_dir=None) -> list[str]:
    """The list as plain text, grouped by notebook."""
    day = str(today or _dt.date.today())
    checks = due(day, data_dir)
    if not checks:
        return [f"Nothing to check on {day}: every provisional fact is within its review date."]
    lines = [f"{len(checks)} provisional fact(s) to check again on {day} (review date passed):"]
    for nb, items in by_notebook(checks).items():
        lines.append("")
        lines.append(f"{nb} ({len(items)})")
        for c in items:
            lines.append(f"  - {c.what} [{c.table}: {c.row_id}]; last checked {c.as_of}, review by {c.review_by}{_also(c)}")
            lines += [f"      source: {s}" for s in c.sources]
    return lines


def review_html(today=None, data_dir=None) -> str:
    """The same list for notebook 00: a summary line and the rows folded under each notebook."""
    day = str(today or _dt.date.today())
    checks = due(day, data_dir)
    if not checks:
        return f"<p>Nothing to check on {esc(day)}: every provisional fact is within its review date.</p>"
    parts = [f"<p><strong>{len(checks)} provisional fact(s)</strong> are due to be checked again on "
             f"{esc(day)}. Before you teach a notebook, check its rows against their sources.</p>"]
    for nb, items in by_notebook(checks).items():
        rows = "".join(
            f"<li>{esc(c.what)}: last checked {esc(c.as_of)}, review by {esc(c.review_by)}{esc(_also(c))}."
            f"<br><small>{esc('; '.join(c.sources))}</small></li>" for c in items)
        parts.append(f"<details><summary>{esc(nb)}: {len(items)}</summary><ul>{rows}</ul></details>")
    return "".join(parts)


def show_review(today=None, data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(review_html(today, data_dir)))
