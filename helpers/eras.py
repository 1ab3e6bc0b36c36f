"""Shared code for the five era notebooks (02 to 06).

Every function reads the tables in ``data/`` (and the derived tables in ``data/derived/``)
and returns a frame, a string or HTML; nothing about the NHS is written here. A notebook can
be named in full (``"03_ccgs"``), with its file name or by its number (``"03"``).

    era_events("03")          # the notebook's events from events.csv (enriched by helpers.timeline)
    era_counts("02")          # the org_counts.csv rows the notebook talks about
    ccg_mergers()             # CCGs on each 1 April, 2013-2022 (derived from ODS files)
    evidence_table("04")      # evidence.csv rows: finding, limits and source
    practice_view("pcns")     # practice_view.csv rows for one structure era
    voices("06")              # the stakeholder argument explorer filtered to the notebook's period
    notebook_sources("05")    # every source id the notebook shows, for its references

Display helpers (``show_*``) wrap these for notebook cells; each has a plain counterpart that
tests call without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from .display import esc


@dataclass(frozen=True)
class EraNotebook:
    notebook: str               # e.g. "03_ccgs"
    structure_eras: tuple       # era ids in structure_eras.csv, in order
    window: tuple[str, str]     # ISO dates: events from .. to (inclusive)
    topics: tuple[str, ...]     # words; an event in the window is shown if its id or title has one
    org_types: tuple[str, ...]  # org_counts.csv types the notebook shows
    voices_era: str | None      # timeline era for the argument explorer, or
    voices_years: tuple[int, int] | None  # a window of years


NOTEBOOKS: dict[str, EraNotebook] = {
    nb.notebook: nb for nb in (
        EraNotebook(
            "02_fundholding_pcgs_pcts", ("internal_market", "pcgs", "pcts"),
            ("1990-01-01", "2013-03-31"), (),
            ("regional_health_authorities", "district_health_authorities",
             "family_health_services_authorities", "gp_fundholding_practices", "gp_fundholders",
             "health_authorities", "primary_care_groups", "primary_care_trusts",
             "strategic_health_authorities"),
            "pcgs_pcts", None),
        EraNotebook(
            "03_ccgs", ("ccgs",), ("2010-01-01", "2022-07-01"),
            ("equity", "forum", "listening", "hsca", "health and social care act", "nhscb",
             "commissioning board", "switch", "area-team", "hwb", "cocommissioning",
             "co-commissioning", "ccg", "hca-2022", "icbs-live"),
            ("clinical_commissioning_groups", "nhs_england_area_teams",
             "health_and_wellbeing_boards", "ccgs_with_delegated_primary_care",
             "commissioning_support_units"),
            None, (2010, 2022)),
        EraNotebook(
            "04_pioneers_vanguards_stps", ("stps",), ("2013-01-01", "2019-12-31"),
            ("shared-commitment", "pioneer", "bcf", "better care", "fyfv", "forward view",
             "vanguard", "stp", "sustainability", "acs", "accountable care", "ics",
             "integrated care system", "long-term-plan"),
            ("integration_pioneers", "vanguards", "sustainability_and_transformation_partnerships",
             "integrated_care_systems", "health_and_wellbeing_boards"),
            None, (2013, 2019)),
        EraNotebook(
            "05_primary_care_networks", ("pcns",), ("2019-01-01", "2026-12-31"),
            ("gp-contract", "gp contract", "long-term-plan", "pcn", "primary care network",
             "fuller", "icbs-live", "ten-year-plan"),
            ("primary_care_networks",),
            None, (2019, 2026)),
        EraNotebook(
            "06_integrated_care_systems", ("icss",), ("2020-01-01", "2026-12-31"),
            ("integrating-care", "next steps", "white-paper", "white paper", "health-care-bill",
             "hca-2022", "icb", "ics", "fuller", "hewitt", "nhse", "nhs england", "ten-year",
             "10 year", "health-bill", "mackey", "blueprint", "cluster", "merger"),
            ("integrated_care_systems", "integrated_care_boards", "icb_clusters",
             "sustainability_and_transformation_partnerships"),
            None, (2020, 2026)),
    )
}


def notebook(nb: str) -> EraNotebook:
    """The era notebook ``nb`` ("03", "03_ccgs" or "03_ccgs.ipynb"); unknown names raise ValueError."""
    key = str(nb).strip().removesuffix(".ipynb")
    for name, spec in NOTEBOOKS.items():
        if key == name or key == name[:2]:
            return spec
    raise ValueError(f"unknown era notebook {nb!r}; choose one of: {', '.join(NOTEBOOKS)}")


# --------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------

def era_events(nb: str, data_dir=None):
    """The notebook's events: dated within its window and, where the notebook shares its years
    with another, matching one of its topic words in the event id or title. Sorted by date."""
    from . import timeline

    spec = notebook(nb)
    ev = timeline.events_frame(data_dir)
    start = ev["date"].map(lambda d: timeline.date_start(d).isoformat())
    inside = (start >= spec.window[0]) & (start <= spec.window[1])
    if spec.topics:
        hay = (ev["event_id"] + " " + ev["title"]).str.casefold()
        topical = hay.map(lambda text: any(word in text for word in spec.topics))
        inside &= topical
    out = ev[inside].copy()
    out["_start"] = start[inside]
    return out.sort_values("_start", kind="stable").drop(columns="_start").reset_index(drop=True)


def provisional_events(nb: str, data_dir=None):
    """The notebook's events still marked provisional, with their 'as of' date."""
    ev = era_events(nb, data_dir)
    return ev[ev["status"] == "provisional"].reset_index(drop=True)


def events_html(nb: str, data_dir=None) -> str:
    from . import timeline

    ev = era_events(nb, data_dir)
    spec = notebook(nb)
    caption = f"Events for this notebook ({len(ev)}), {spec.window[0][:4]} to {spec.window[1][:4]}, from events.csv"
    return timeline.events_table_html(ev, data_dir, caption=caption)


def show_events(nb: str, data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(events_html(nb, data_dir)))


def era_timeline(nb: str, data_dir=None):
    """The timeline figure filtered to the notebook's events: (figure, one-line summary)."""
    from . import timeline

    return timeline.timeline_figure(events=era_events(nb, data_dir), data_dir=data_dir)


def show_era_timeline(nb: str, data_dir=None) -> None:
    from .style import show

    fig, summary = era_timeline(nb, data_dir)
    show(fig, summary)


def provisional_lines(nb: str, data_dir=None) -> list[str]:
    """One line per provisional event: date, title and the date its status was last checked."""
    from . import timeline

    lines = []
    for r in provisional_events(nb, data_dir).itertuples(index=False):
        as_of = timeline.format_date(r.as_of, r.as_of_precision)
        lines.append(f"{r.when}: {r.title} (provisional, as of {as_of}; {'; '.join(r.source_ids)})")
    return lines


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

    from . import timeline
    from .data import load_org_counts

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
    return [f"{r.body}, {r._1}: {r.count} [{r.source}]" for r in frame.itertuples(index=False)]


def count_of(org_type: str, source_id: str | None = None, data_dir=None):
    """The latest count of ``org_type`` in org_counts.csv (optionally from one source)."""
    from . import timeline
    from .data import load_org_counts

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
    (derived from the ODS CCG file by ``python -m helpers.derive``)."""
    from . import ods

    frame = ods.load_ccg_counts(folder).copy()
    frame["change"] = frame["count"].diff().fillna(0).astype(int)
    return frame[["as_of", "count", "opened", "closed", "change"]]


def ccg_mergers_figure(folder=None):
    """Bars: CCGs open on each 1 April, with the closures that year in the hover text."""
    import plotly.graph_objects as go

    from .style import OKABE_ITO, apply

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
    from .style import show

    show(ccg_mergers_figure(folder), ccg_mergers_summary(folder))


def ccg_merger_lines(folder=None) -> list[str]:
    lines = []
    for r in ccg_mergers(folder).itertuples(index=False):
        change = f"{r.change:+d}" if r.change else "no change"
        lines.append(f"{r.as_of}: {r.count} CCGs ({r.opened} opened, {r.closed} closed; {change})")
    return lines


def derived_attribution(table: str, folder=None) -> str:
    """The licence attribution line for a derived table (printed wherever its figures appear)."""
    from . import ods

    meta = ods.load_metadata(folder).set_index("table")
    return str(meta.loc[table, "attribution"])


def derived_sources(table: str, folder=None) -> list[str]:
    from . import ods

    meta = ods.load_metadata(folder).set_index("table")
    value = meta.loc[table, "source_ids"]
    parts = value if isinstance(value, tuple) else str(value).split(";")
    return [p for p in parts if p]


# --------------------------------------------------------------------------
# Programme lists (notebook 04) and co-commissioning (notebook 03)
# --------------------------------------------------------------------------

def pioneers_table(data_dir=None):
    from .data import load_pioneers

    frame = load_pioneers(data_dir)
    return frame.sort_values(["wave", "name"], kind="stable").reset_index(drop=True)


def pioneer_lines(data_dir=None) -> list[str]:
    from . import timeline

    lines = []
    frame = pioneers_table(data_dir)
    for wave, group in frame.groupby("wave", sort=True):
        when = timeline.format_date(group.iloc[0]["announced"], group.iloc[0]["announced_precision"])
        lines.append(f"Wave {wave} ({when}, {len(group)} areas): " + "; ".join(group["name"]))
    return lines


def vanguard_lines(data_dir=None) -> list[str]:
    from . import timeline
    from .data import load_vanguard_types

    frame = load_vanguard_types(data_dir)
    lines = [f"{r.label}: {r.count} (chosen {timeline.format_date(r.announced, r.announced_precision)})"
             for r in frame.itertuples(index=False)]
    lines.append(f"Total: {int(frame['count'].sum())} vanguards")
    return lines


def cocommissioning_lines(data_dir=None) -> list[str]:
    from . import timeline
    from .data import load_cocommissioning

    frame = load_cocommissioning(data_dir)
    return [f"{timeline.format_date(r.as_of, r.as_of_precision)}, {r.level}: {r.count} CCGs "
            f"[{r.source_id}] {r.note if isinstance(r.note, str) else ''}".rstrip()
            for r in frame.itertuples(index=False)]


# --------------------------------------------------------------------------
# What changed for a practice
# --------------------------------------------------------------------------

ASPECT_LABELS = {
    "contract_holder": "Who held the practice's contract",
    "answers_to": "Who the practice answered to",
    "money": "How money reached the practice",
    "gp_voice": "Where GP voices sat",
}


def practice_view(era: str, data_dir=None):
    """practice_view.csv rows for one structure era, in the order of ``ASPECT_LABELS``."""
    from .data import load_practice_view
    from .structure import era_info

    era_info(era, data_dir)  # an unknown era raises a clear error
    frame = load_practice_view(data_dir)
    frame = frame[frame["era"] == era].copy()
    frame["_o"] = frame["aspect"].map(list(ASPECT_LABELS).index)
    return frame.sort_values("_o").drop(columns="_o").reset_index(drop=True)


def practice_view_html(eras, data_dir=None) -> str:
    """A table with one column per era and one row per aspect, each cell cited."""
    from .structure import era_info

    eras = [eras] if isinstance(eras, str) else list(eras)
    infos = [era_info(e, data_dir) for e in eras]
    views = {e: practice_view(e, data_dir).set_index("aspect") for e in eras}
    head = "".join(f"<th>{esc(i.label)} ({esc(i.years)})</th>" for i in infos)
    body = []
    for aspect, label in ASPECT_LABELS.items():
        cells = []
        for e in eras:
            v = views[e]
            if aspect in v.index:
                r = v.loc[aspect]
                cells.append(f"<td>{esc(r['text'])} <small>[{esc('; '.join(r['source_ids']))}]</small></td>")
            else:
                cells.append("<td>(not recorded)</td>")
        body.append(f"<tr><th>{esc(label)}</th>{''.join(cells)}</tr>")
    cap = "What changed for a GP practice (practice_view.csv)"
    return (f'<table class="juc-table"><caption>{esc(cap)}</caption><thead><tr><th></th>{head}</tr>'
            f"</thead><tbody>{''.join(body)}</tbody></table>")


def show_practice_view(eras, data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(practice_view_html(eras, data_dir)))


# --------------------------------------------------------------------------
# Evidence
# --------------------------------------------------------------------------

TYPE_LABELS = {
    "evaluation": "Evaluation", "review": "Review of evidence", "audit": "Audit",
    "inquiry": "Inquiry or review", "study": "Study", "commentary": "Commentary",
}


def evidence_table(nb: str, data_dir=None):
    """evidence.csv rows for the notebook, with each source's publisher and date added."""
    from .data import load_evidence, load_sources

    spec = notebook(nb)
    ev = load_evidence(data_dir)
    ev = ev[ev["notebook"] == spec.notebook].reset_index(drop=True)
    sources = load_sources(data_dir).set_index("source_id")
    ev["publisher"] = [sources.loc[s, "publisher"] for s in ev["source_id"]]
    ev["date"] = [sources.loc[s, "date"] for s in ev["source_id"]]
    ev["title"] = [sources.loc[s, "title"] for s in ev["source_id"]]
    return ev


def evidence_html(nb: str, data_dir=None) -> str:
    frame = evidence_table(nb, data_dir)
    rows = []
    for r in frame.itertuples(index=False):
        rows.append(
            f"<tr><td><strong>{esc(r.topic)}</strong><br><small>{esc(TYPE_LABELS[r.evidence_type])}</small></td>"
            f"<td>{esc(r.finding)}</td><td>{esc(r.limits)}</td>"
            f"<td>{esc(r.title)} ({esc(r.publisher)}, {esc(r.date)}) <code>[{esc(r.source_id)}]</code></td></tr>")
    return ('<table class="juc-table"><caption>What the evidence found, and its limits (evidence.csv)'
            "</caption><thead><tr><th>Topic</th><th>Finding</th><th>Limits</th><th>Source</th></tr>"
            "</thead><tbody>" + "".join(rows) + "</tbody></table>")


def show_evidence(nb: str, data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(evidence_html(nb, data_dir)))


def evidence_summary(nb: str, data_dir=None) -> str:
    frame = evidence_table(nb, data_dir)
    kinds = frame["evidence_type"].value_counts()
    parts = [f"{TYPE_LABELS[k].lower()} {n}" for k, n in kinds.items()]
    return f"{len(frame)} pieces of evidence (by type: " + ", ".join(parts) + ")."


# --------------------------------------------------------------------------
# Voices
# --------------------------------------------------------------------------

def voices(nb: str, data_dir=None):
    """The stakeholder argument explorer (helpers.arguments) filtered to the notebook's period."""
    from .arguments import ArgumentExplorer

    spec = notebook(nb)
    if spec.voices_era:
        return ArgumentExplorer(era=spec.voices_era, data_dir=data_dir)
    return ArgumentExplorer(years=spec.voices_years, data_dir=data_dir)


def voices_summary(nb: str, data_dir=None) -> str:
    from .arguments import era_summary

    spec = notebook(nb)
    if spec.voices_era:
        return era_summary(era=spec.voices_era, data_dir=data_dir)
    return era_summary(years=spec.voices_years, data_dir=data_dir)


def show_voices(nb: str, data_dir=None) -> None:
    """A static list of the period's voices (readable without a kernel), then the explorer."""
    from IPython.display import HTML, display

    explorer = voices(nb, data_dir)
    display(HTML(f"<p><strong>{esc(voices_summary(nb, data_dir))}</strong></p>" + explorer.render()))
    display(explorer.widget)


# --------------------------------------------------------------------------
# References
# --------------------------------------------------------------------------

def notebook_sources(nb: str, extra=(), data_dir=None) -> list[str]:
    """Every source id behind what the notebook shows: its structure diagrams, practice view,
    evidence, events and counts (plus ``extra``), without repeats, in that order."""
    from .structure import era_sources

    spec = notebook(nb)
    ids: list[str] = []
    for era in spec.structure_eras:
        ids += era_sources(era, data_dir)
        for group in practice_view(era, data_dir)["source_ids"]:
            ids += list(group)
    ids += list(evidence_table(nb, data_dir)["source_id"])
    for group in era_events(nb, data_dir)["source_ids"]:
        ids += list(group)
    ids += list(era_counts(nb, data_dir)["source"])
    ids += list(extra)
    return list(dict.fromkeys(ids))


def show_references(nb: str, extra=(), data_dir=None) -> None:
    from .display import show_references as _show

    _show(notebook_sources(nb, extra, data_dir), data_dir)


# --------------------------------------------------------------------------
# Rich outputs: HTML for the notebook, plain text for nbval and text exports
# --------------------------------------------------------------------------

from .display import Rich  # noqa: E402  (HTML with a plain-text twin)


def events_panel(nb: str, data_dir=None) -> Rich:
    ev = era_events(nb, data_dir)
    text = "\n".join(
        f"{r.when}: {r.title}" + ("" if r.status == "settled" else f" (provisional, as of {r.as_of_text})")
        for r in ev.itertuples(index=False))
    return Rich(events_html(nb, data_dir), text)


def practice_view_panel(eras, data_dir=None) -> Rich:
    eras_list = [eras] if isinstance(eras, str) else list(eras)
    lines = []
    for era in eras_list:
        for r in practice_view(era, data_dir).itertuples(index=False):
            lines.append(f"{era} / {ASPECT_LABELS[r.aspect]}: {r.text} [{'; '.join(r.source_ids)}]")
    return Rich(practice_view_html(eras_list, data_dir), "\n".join(lines))


def evidence_panel(nb: str, data_dir=None) -> Rich:
    frame = evidence_table(nb, data_dir)
    text = "\n".join(f"{r.topic} ({r.evidence_type}): {r.finding} Limits: {r.limits} [{r.source_id}]"
                     for r in frame.itertuples(index=False))
    return Rich(evidence_html(nb, data_dir), evidence_summary(nb, data_dir) + "\n" + text)


def bodies_panel(era: str, data_dir=None) -> Rich:
    """The bodies of one era's diagram with what each did and its sources (structures.csv)."""
    from .data import load_structures
    from .structure import era_info

    info = era_info(era, data_dir)
    nodes = load_structures(data_dir)
    nodes = nodes[nodes["era"] == era]
    rows = "".join(
        f"<tr><td><strong>{esc(r.label)}</strong></td><td>{esc(r.layer)}</td><td>{esc(r.description)}</td>"
        f"<td><code>{esc('; '.join(r.source_ids))}</code></td></tr>" for r in nodes.itertuples(index=False))
    html = (f'<table class="juc-table"><caption>{esc(info.label)} ({esc(info.years)}): the bodies in the '
            "diagram (structures.csv)</caption><thead><tr><th>Body</th><th>Level</th><th>What it did</th>"
            f"<th>Sources</th></tr></thead><tbody>{rows}</tbody></table>")
    text = "\n".join(f"{r.label} ({r.layer}): {r.description} [{'; '.join(r.source_ids)}]"
                     for r in nodes.itertuples(index=False))
    return Rich(html, text)


def relationships_panel(era: str, data_dir=None) -> Rich:
    """The era's relationships as a table (who commissions, funds, holds contracts with, answers to whom)."""
    from .structure import era_info, structure_table

    info = era_info(era, data_dir)
    table = structure_table(era, data_dir)
    rows = "".join(
        f"<tr><td>{esc(r['from'])}</td><td>{esc(r['relationship'])}</td><td>{esc(r['to'])}</td>"
        f"<td>{esc(r['what'])}</td><td><code>{esc(r['sources'])}</code></td></tr>"
        for r in table.to_dict("records"))
    html = (f'<table class="juc-table"><caption>{esc(info.label)} ({esc(info.years)}): every relationship '
            "in the diagram (structure_links.csv)</caption><thead><tr><th>From</th><th>Relationship</th>"
            f"<th>To</th><th>What</th><th>Sources</th></tr></thead><tbody>{rows}</tbody></table>")
    text = "\n".join(f"{r['from']} | {r['relationship']} | {r['to']}: {r['what']} [{r['sources']}]"
                     for r in table.to_dict("records"))
    return Rich(html, text)


def folded(lines, title: str = "Solution") -> Rich:
    """A solution folded in <details>, built from lines computed from the data."""
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    html = f"<details><summary>{esc(title)}</summary><ul>{items}</ul></details>"
    return Rich(html, f"{title}:\n" + "\n".join(f"- {line}" for line in lines))


def consultation_question_lines(data_dir=None) -> list[str]:
    """The questions of NHS England's November 2020 consultation, as themes.csv gives them."""
    from .data import load_themes

    themes = load_themes(data_dir)
    rows = themes[themes["origin"] == "nhse_consultation_2020"]
    return [f"{i}. {q} [{s}]" for i, (q, s) in enumerate(zip(rows["question"], rows["source_id"]), start=1)]


# --------------------------------------------------------------------------
# Lines for exercise solutions (computed from the data)
# --------------------------------------------------------------------------

def relationship_lines(era: str, relation: str, data_dir=None) -> list[str]:
    """'X <verb> Y: what' for every link of one kind in one era."""
    from .structure import RELATION_STYLE, era_info, structure_table

    info = era_info(era, data_dir)
    if relation not in RELATION_STYLE:
        raise ValueError(f"unknown relationship {relation!r}; choose one of: {', '.join(RELATION_STYLE)}")
    verb = RELATION_STYLE[relation]["verb"]
    table = structure_table(era, data_dir)
    table = table[table["relationship"] == verb]
    return [f"{info.years}: {r['from']} | {verb} | {r['to']}: {r['what']}" for r in table.to_dict("records")]


def aspect_lines(eras, aspects, data_dir=None) -> list[str]:
    """practice_view.csv text for the given eras and aspects, one line each, with sources."""
    from .structure import era_info

    lines = []
    for era in ([eras] if isinstance(eras, str) else eras):
        info = era_info(era, data_dir)
        view = practice_view(era, data_dir).set_index("aspect")
        for aspect in ([aspects] if isinstance(aspects, str) else aspects):
            r = view.loc[aspect]
            lines.append(f"{info.years}, {ASPECT_LABELS[aspect].lower()}: {r['text']} [{'; '.join(r['source_ids'])}]")
    return lines


def org_type_lines(org_type: str, data_dir=None) -> list[str]:
    """Every org_counts.csv row for one kind of body, in date order, with source and note."""
    from . import timeline
    from .data import load_org_counts

    counts = load_org_counts(data_dir)
    rows = counts[counts["org_type"] == org_type].copy()
    if rows.empty:
        raise KeyError(f"no org_counts rows for {org_type!r}")
    rows["_s"] = rows["as_of"].map(lambda d: timeline.date_start(d).isoformat())
    out = []
    for r in rows.sort_values("_s", kind="stable").itertuples(index=False):
        note = f" ({r.note})" if isinstance(r.note, str) and r.note else ""
        out.append(f"{timeline.format_date(r.as_of, r.as_of_precision)}: {r.count} [{r.source_id}]{note}")
    return out


def key_events(event_ids, data_dir=None) -> Rich:
    """Chosen events from events.csv, in date order, with their dates and sources."""
    from . import timeline

    ev = timeline.events_frame(data_dir).set_index("event_id")
    missing = [e for e in event_ids if e not in ev.index]
    if missing:
        raise KeyError(f"no such event(s) in events.csv: {', '.join(missing)}")
    rows = ev.loc[list(event_ids)].reset_index()
    rows["_s"] = rows["date"].map(lambda d: timeline.date_start(d).isoformat())
    rows = rows.sort_values("_s", kind="stable")
    lines = [f"{r.when}: {r.title}" + ("" if r.status == "settled" else f" (provisional, as of {r.as_of_text})")
             + f" [{'; '.join(r.source_ids)}]" for r in rows.itertuples(index=False)]
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    return Rich(f'<ul class="juc-key-events">{items}</ul>', "\n".join(lines))


def pioneer_note_lines(data_dir=None) -> list[str]:
    """Where the announcing sources name a pioneer differently (pioneers.csv notes)."""
    frame = pioneers_table(data_dir)
    return [f"{r.name}: {r.note}" for r in frame.itertuples(index=False) if isinstance(r.note, str) and r.note]


# --------------------------------------------------------------------------
# Policy figures and PCN sizes (notebooks 05 and 06)
# --------------------------------------------------------------------------

def policy_figure(figure_id: str, data_dir=None) -> dict:
    """One row of policy_figures.csv as a dict (KeyError naming the known ids if absent)."""
    from .data import load_policy_figures

    frame = load_policy_figures(data_dir).set_index("figure_id")
    if figure_id not in frame.index:
        raise KeyError(f"no policy figure {figure_id!r}; known: {', '.join(frame.index)}")
    row = frame.loc[figure_id].to_dict()
    row["figure_id"] = figure_id
    return row


def policy_figure_lines(figure_ids, data_dir=None) -> list[str]:
    from . import timeline

    lines = []
    for fid in figure_ids:
        r = policy_figure(fid, data_dir)
        high = r["high"]
        value = f"{r['low']:,}" + (f" to {int(high):,}" if high is not None and str(high) != "<NA>" else "")
        when = timeline.format_date(r["set_on"], r["set_on_precision"])
        lines.append(f"{r['label']}: {value} {r['unit']} ({when}) [{'; '.join(r['source_ids'])}]")
    return lines


def pcn_sizes(as_of: str = "2022-05-01", folder=None):
    """Registered patients per PCN on one snapshot date (derived from ODS and NHS Digital files)."""
    from . import ods

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

    from .style import GREY, OKABE_ITO, apply

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
    from .style import show

    show(pcn_sizes_figure(as_of, folder, data_dir), pcn_size_summary(as_of, folder, data_dir))
