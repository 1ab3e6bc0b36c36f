"""What each structure era meant for a practice (practice_view.csv)."""

from __future__ import annotations

from ..display import align_cells, esc
from ..display import source_marks


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
    from ..data import load_practice_view
    from ..structure import era_info

    era_info(era, data_dir)  # an unknown era raises a clear error
    frame = load_practice_view(data_dir)
    frame = frame[frame["era"] == era].copy()
    frame["_o"] = frame["aspect"].map(list(ASPECT_LABELS).index)
    return frame.sort_values("_o").drop(columns="_o").reset_index(drop=True)


def practice_view_html(eras, data_dir=None) -> str:
    """A table with one column per era and one row per aspect, each cell cited."""
    from ..structure import era_info

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
                cells.append(f"<td>{esc(r['text'])} <small>{esc(source_marks(r['source_ids'], data_dir))}</small></td>")
            else:
                cells.append("<td>(not recorded)</td>")
        body.append(f"<tr><th>{esc(label)}</th>{''.join(cells)}</tr>")
    cap = "What changed for a GP practice (practice_view.csv)"
    return align_cells(f'<table class="juc-table"><caption>{esc(cap)}</caption><thead><tr><th></th>{head}</tr>'
                       f"</thead><tbody>{''.join(body)}</tbody></table>")


def show_practice_view(eras, data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(practice_view_html(eras, data_dir)))


def aspect_lines(eras, aspects, data_dir=None) -> list[str]:
    """practice_view.csv text for the given eras and aspects, one line each, with sources."""
    from ..structure import era_info

    lines = []
    for era in ([eras] if isinstance(eras, str) else eras):
        info = era_info(era, data_dir)
        view = practice_view(era, data_dir).set_index("aspect")
        for aspect in ([aspects] if isinstance(aspects, str) else aspects):
            r = view.loc[aspect]
            lines.append(f"{info.years}, {ASPECT_LABELS[aspect].lower()}: {r['text']} {source_marks(r['source_ids'], data_dir)}")
    return lines
