"""What a trainee does in each notebook: the interaction the browser tests perform.

One entry per notebook in helpers/catalogue.py (a test fails when a notebook has none). A
notebook that is not written yet is skipped with a reason; once it exists, its interaction
must be on the page and must change what is shown. An empty tuple would mark a notebook
with no widget at all (none so far).
"""

from __future__ import annotations

import pytest

from helpers import catalogue

from .pages import Interaction

QUIZ = Interaction("answer a quiz question", "radio", None, then_click=r"^check$")


def _era(theme_what: str = "choose a theme") -> tuple[Interaction, ...]:
    return (Interaction(theme_what, "select", r"^theme"), QUIZ)


INTERACTIONS: dict[str, tuple[Interaction, ...]] = {
    "00_start_here.ipynb": (Interaction("choose a kind of source", "select", r"^kind"),),
    "01_timeline.ipynb": (Interaction("filter the timeline by era", "select", r"^era"),
                          Interaction("switch the counts to a log scale", "switch", r"log scale"), QUIZ),
    "02_fundholding_pcgs_pcts.ipynb": _era(),
    "03_ccgs.ipynb": _era(),
    "04_pioneers_vanguards_stps.ipynb": _era(),
    "05_primary_care_networks.ipynb": _era(),
    "06_integrated_care_systems.ipynb": _era(),
    "09_general_practice_now.ipynb": _era(),
    "07_stakeholder_arguments.ipynb": (Interaction("choose a theme", "select", r"^theme"), QUIZ),
    "08_your_patch.ipynb": (Interaction("choose an ICB", "select", r"^icb"),
                            Interaction("type a practice code", "text", r"^practice", text="A81001"),
                            Interaction("choose a PCN snapshot date", "toggle", r"^date"), QUIZ),
    "10_practise.ipynb": (Interaction("choose a notebook to practise", "select", r"^notebook"), QUIZ),
}
HARNESS = (Interaction("choose how many bars", "select", r"^bars"),)


def notebooks_to_test() -> list[str]:
    """Every catalogued notebook (written or not) and any other notebook in notebooks/."""
    names = [nb.file for nb in catalogue.NOTEBOOKS]
    extra = sorted(p.name for p in catalogue.NOTEBOOK_DIR.glob("*.ipynb") if p.name not in names)
    return names + extra


def skip_if_not_written(notebook: str) -> None:
    if not (catalogue.NOTEBOOK_DIR / notebook).exists():
        whats = " and ".join(i.what for i in INTERACTIONS.get(notebook, ())) or "run it"
        pytest.skip(f"{notebook} is not written yet; when it is, the test will {whats} "
                    "and check that the page changes")
