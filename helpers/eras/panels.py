"""Folded panels with an HTML view and a plain-text twin (events, practice view, evidence, bodies)."""

from __future__ import annotations

from ..display import align_cells, esc
from ..display import Rich
from ..display import source_marks
from .events import era_events, events_html
from .evidence import evidence_html, evidence_summary, evidence_table
from .practice import ASPECT_LABELS, practice_view, practice_view_html


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
            lines.append(f"{era} / {ASPECT_LABELS[r.aspect]}: {r.text} {source_marks(r.source_ids, data_dir)}")
    return Rich(practice_view_html(eras_list, data_dir), "\n".join(lines))


def evidence_panel(nb: str, data_dir=None) -> Rich:
    frame = evidence_table(nb, data_dir)
    text = "\n".join(f"{r.topic} ({r.evidence_type}): {r.finding} Limits: {r.limits} {source_marks([r.source_id], data_dir)}"
                     for r in frame.itertuples(index=False))
    return Rich(evidence_html(nb, data_dir), evidence_summary(nb, data_dir) + "\n" + text)


def bodies_panel(era: str, data_dir=None) -> Rich:
    """The bodies of one era's diagram with what each did and its sources (structures.csv)."""
    from ..data import load_structures
    from ..structure import era_info

    info = era_info(era, data_dir)
    nodes = load_structures(data_dir)
    nodes = nodes[nodes["era"] == era]
    rows = "".join(
        f"<tr><td><strong>{esc(r.label)}</strong></td><td>{esc(r.layer)}</td><td>{esc(r.description)}</td>"
        f"<td>{esc(source_marks(r.source_ids, data_dir))}</td></tr>" for r in nodes.itertuples(index=False))
    html = align_cells(f'<table class="juc-table"><caption>{esc(info.label)} ({esc(info.years)}): the bodies in the '
                       "diagram (structures.csv)</caption><thead><tr><th>Body</th><th>Level</th><th>What it did</th>"
                       f"<th>Sources</th></tr></thead><tbody>{rows}</tbody></table>")
    text = "\n".join(f"{r.label} ({r.layer}): {r.description} {source_marks(r.source_ids, data_dir)}"
                     for r in nodes.itertuples(index=False))
    return Rich(html, text)


def relationships_panel(era: str, data_dir=None) -> Rich:
    """The era's relationships as a table (who commissions, funds, holds contracts with, answers to whom)."""
    from ..structure import era_info, structure_table

    info = era_info(era, data_dir)
    table = structure_table(era, data_dir)
    rows = "".join(
        f"<tr><td>{esc(r['from'])}</td><td>{esc(r['relationship'])}</td><td>{esc(r['to'])}</td>"
        f"<td>{esc(r['what'])}</td><td><code>{esc(r['sources'])}</code></td></tr>"
        for r in table.to_dict("records"))
    html = align_cells(f'<table class="juc-table"><caption>{esc(info.label)} ({esc(info.years)}): every relationship '
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


# --------------------------------------------------------------------------
# Lines for exercise solutions (computed from the data)
# --------------------------------------------------------------------------

def relationship_lines(era: str, relation: str, data_dir=None) -> list[str]:
    """'X <verb> Y: what' for every link of one kind in one era."""
    from ..structure import RELATION_STYLE, era_info, structure_table

    info = era_info(era, data_dir)
    if relation not in RELATION_STYLE:
        raise ValueError(f"unknown relationship {relation!r}; choose one of: {', '.join(RELATION_STYLE)}")
    verb = RELATION_STYLE[relation]["verb"]
    table = structure_table(era, data_dir)
    table = table[table["relationship"] == verb]
    return [f"{info.years}: {r['from']} | {verb} | {r['to']}: {r['what']}" for r in table.to_dict("records")]
