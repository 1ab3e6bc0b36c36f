"""What the evidence found, with its limits (evidence.csv)."""

from __future__ import annotations

from ..display import align_cells, esc
from .notebooks import notebook


# --------------------------------------------------------------------------
# Evidence
# --------------------------------------------------------------------------

TYPE_LABELS = {
    "evaluation": "Evaluation", "review": "Review of evidence", "audit": "Audit",
    "inquiry": "Inquiry or review", "study": "Study", "commentary": "Commentary",
}


def evidence_table(nb: str, data_dir=None):
    """evidence.csv rows for the notebook, with each source's publisher and date added."""
    from ..data import load_evidence, load_sources

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
            f"<td>{esc(r.title)} ({esc(r.publisher)}, {esc(r.date)}) </td></tr>")
    return align_cells('<table class="juc-table"><caption>What the evidence found, and its limits (evidence.csv)'
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
