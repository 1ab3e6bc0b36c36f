"""The rest of notebook 01: glossary, the accurate-as-of line, solutions from the data, references."""

from __future__ import annotations

from pathlib import Path

from ..display import align_cells, esc
from ..display import Rich as _Rich
from ..display import source_label
from .counts import counts_frame
from .dates import date_start, format_date
from .events import events_frame
from .repeats import repeats_frame


# --------------------------------------------------------------------------
# Glossary, "accurate as of", solutions and references
# --------------------------------------------------------------------------

def glossary_html(data_dir=None) -> str:
    """Every glossary term with its expansion, definition, years and source (escaped)."""
    from ..data import load_glossary

    g = load_glossary(data_dir).sort_values("term", key=lambda s: s.str.casefold())
    body = "".join(
        f'<tr id="term-{esc(r["term_id"])}"><td><strong>{esc(r["term"])}</strong></td>'
        f"<td>{esc(r['expansion'])}</td><td>{esc(r['definition'])}</td><td>{esc(r['years'])}</td>"
        f"<td>{esc(source_label(r['source_id'], data_dir))}</td></tr>" for r in g.to_dict("records"))
    return align_cells(f'<table class="juc-table"><caption>Glossary ({len(g)} terms)</caption><thead><tr>'
                       "<th>Term</th><th>Stands for</th><th>Meaning</th><th>Years</th><th>Source</th></tr>"
                       f"</thead><tbody>{body}</tbody></table>")


def show_glossary(data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(f'<details><summary>Open the glossary</summary>{glossary_html(data_dir)}</details>'))


def accuracy_line(data_dir=None) -> str:
    """When the facts were checked, and the latest 'as of' date of anything still provisional."""
    from .. import ACCURATE_AS_OF

    ev = events_frame(data_dir)
    prov = ev[ev["status"] == "provisional"]
    line = f"Facts checked against their sources as of {format_date(ACCURATE_AS_OF, 'day')}."
    if len(prov):
        latest = max(prov.to_dict("records"), key=lambda r: (date_start(r["as_of"]), r["start"]))
        line += (f" {len(prov)} events are still provisional; the most recently checked "
                 f"(\u201c{latest['title']}\u201d) was last confirmed as of {latest['as_of_text']}.")
    return line


def _solution(lines: list[str]) -> _Rich:
    html = ("<details><summary>Solution</summary><ul>"
            + "".join(f"<li>{esc(l)}</li>" for l in lines) + "</ul></details>")
    return _Rich(html, "Solution:\n" + "\n".join(f"- {l}" for l in lines))


def solution(name: str, data_dir=None) -> _Rich:
    """A folded solution computed from the data (``name`` from :data:`SOLUTIONS`)."""
    if name not in SOLUTIONS:
        raise KeyError(f"no solution called {name!r}; solutions: {', '.join(SOLUTIONS)}")
    return _solution(SOLUTIONS[name](data_dir))


def _sol_switches(data_dir=None) -> list[str]:
    from ..data import load_eras

    eras = load_eras(data_dir).to_dict("records")
    lines = [f"{len(eras) - 1} switches: the eras change "
             + ", ".join(format_date(e["start"], e["start_precision"]) for e in eras[1:]) + "."]
    for e in eras:
        lines.append(f"{e['label']} (from {format_date(e['start'], e['start_precision'])}): "
                     f"general practice: {e['gp_commissioner']}; community and hospital care: "
                     f"{e['community_commissioner']}.")
    return lines


def _sol_gp_led(data_dir=None) -> list[str]:
    rf = repeats_frame(data_dir)
    part = rf[rf["theme"] == "gp_led"]
    lines = [f"{len(part)} events mention GP-led commissioning, in "
             f"{part['decade'].nunique()} decades: " + ", ".join(sorted(part["decade"].unique())) + "."]
    for decade, group in part.groupby("decade", sort=True):
        first = group.iloc[0]
        lines.append(f"{decade}: first was {first['when']}: {first['title']}.")
    return lines


def _sol_provisional(data_dir=None) -> list[str]:
    ev = events_frame(data_dir)
    prov = ev[ev["status"] == "provisional"]
    lines = [f"{len(prov)} events are provisional:"]
    lines += [f"{r['when']}: {r['title']} (as of {r['as_of_text']})" for r in prov.to_dict("records")]
    return lines


def _sol_disagree(data_dir=None) -> list[str]:
    oc = counts_frame(data_dir=data_dir)
    rows = oc[(oc["rows_on_date"] > 1) & (oc["counts_on_date"] > 1)]
    lines = [f"{len(rows[['org_type', 'as_of']].drop_duplicates())} dates where sources give different counts:"]
    for (label, when), group in rows.groupby(["label", "when"], sort=False):
        figures = "; ".join(f"{int(c):,} ({source_label(s, data_dir)})" for c, s in zip(group["count"], group["source_id"]))
        lines.append(f"{label}, {when}: {figures}.")
    return lines


def _sol_peak(data_dir=None) -> list[str]:
    oc = counts_frame(data_dir=data_dir)
    lines = []
    for org_type in ("primary_care_trusts", "clinical_commissioning_groups", "integrated_care_boards"):
        rows = oc[oc["org_type"] == org_type]
        if rows.empty:
            continue
        top = rows.loc[rows["count"].astype(int).idxmax()]  # the earliest row with the largest count
        last = rows.iloc[-1]
        lines.append(f"{top['label']}: largest count {int(top['count']):,} (first given as of "
                     f"{top['when']}, {source_label(top['source_id'], data_dir)}); latest count {int(last['count']):,} "
                     f"({last['when']}, {source_label(last['source_id'], data_dir)}).")
    return lines


SOLUTIONS = {
    "switches": _sol_switches,
    "gp_led": _sol_gp_led,
    "provisional": _sol_provisional,
    "disagree": _sol_disagree,
    "peaks": _sol_peak,
}


def source_ids_used(data_dir=None, notebook: str = "01_timeline") -> list[str]:
    """Every source behind what the timeline notebook shows, in order of first use.

    The curriculum documents its objectives map to, events (by date), then eras, org_counts,
    the glossary and the notebook's quiz questions.
    """
    from ..data import DATA_DIR, load_eras, load_glossary, load_quiz, load_sources

    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    ids: list[str] = []
    if (folder / "curriculum.csv").exists():
        from ..training.curriculum import curriculum_source_ids

        ids.extend(curriculum_source_ids(notebook, data_dir))
    for t in events_frame(data_dir)["source_ids"]:
        ids.extend(t)
    for t in load_eras(data_dir)["source_ids"]:
        ids.extend(t)
    if (folder / "org_counts.csv").exists():
        ids.extend(counts_frame(data_dir=data_dir).sort_values("start")["source_id"])
    if (folder / "glossary.csv").exists():
        ids.extend(load_glossary(data_dir)["source_id"])
    if (folder / "quiz.csv").exists():
        q = load_quiz(data_dir)
        ids.extend(q[q["notebook"] == notebook]["source_id"])
    return list(dict.fromkeys(ids))


def show_references(data_dir=None) -> None:
    """Notebook cell: the references for everything the timeline notebook shows."""
    from ..display import show_references as _show

    _show(source_ids_used(data_dir), data_dir)
