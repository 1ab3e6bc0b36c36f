"""Every source an era notebook shows, for its references section."""

from __future__ import annotations

from .counts import era_counts
from .events import era_events
from .evidence import evidence_table
from .notebooks import notebook
from .practice import practice_view


# --------------------------------------------------------------------------
# References
# --------------------------------------------------------------------------

def notebook_sources(nb: str, extra=(), data_dir=None) -> list[str]:
    """Every source id behind what the notebook shows: its structure diagrams, practice view,
    evidence, events and counts (plus ``extra``), without repeats, in that order."""
    from ..structure import era_sources

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
    from ..display import show_references as _show

    _show(notebook_sources(nb, extra, data_dir), data_dir)
