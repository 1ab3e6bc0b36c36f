"""The stakeholder voices of a notebook's period, and the 2020 consultation questions."""

from __future__ import annotations

from ..display import esc
from .notebooks import notebook


# --------------------------------------------------------------------------
# Voices
# --------------------------------------------------------------------------

def voices(nb: str, data_dir=None):
    """The stakeholder argument explorer (helpers.arguments) filtered to the notebook's period."""
    from ..arguments import ArgumentExplorer

    spec = notebook(nb)
    if spec.voices_era:
        return ArgumentExplorer(era=spec.voices_era, data_dir=data_dir)
    return ArgumentExplorer(years=spec.voices_years, data_dir=data_dir)


def voices_summary(nb: str, data_dir=None) -> str:
    from ..arguments import era_summary

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


def consultation_question_lines(data_dir=None) -> list[str]:
    """The questions of NHS England's November 2020 consultation, as themes.csv gives them."""
    from ..data import load_themes

    themes = load_themes(data_dir)
    rows = themes[themes["origin"] == "nhse_consultation_2020"]
    return [f"{i}. {q} [{s}]" for i, (q, s) in enumerate(zip(rows["question"], rows["source_id"]), start=1)]
