"""The notebooks of the collection, in teaching order.

The start-here map and the README's list are built from this one list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


@dataclass(frozen=True)
class Notebook:
    file: str  # file name in notebooks/
    title: str
    period: str
    promise: str  # one line: what the trainee will be able to say afterwards
    minutes: int  # self-study time

    @property
    def path(self) -> Path:
        return NOTEBOOK_DIR / self.file

    @property
    def exists(self) -> bool:
        return self.path.exists()


NOTEBOOKS: tuple[Notebook, ...] = (
    Notebook("00_start_here.ipynb", "Start here", "—",
             "How the collection works, where its facts come from and how to use it.", 15),
    Notebook("01_timeline.ipynb", "The timeline, 1990 to 2027", "1990–2027",
             "Every reform in one sourced, interactive view.", 30),
    Notebook("02_fundholding_pcgs_pcts.ipynb", "Fundholding, PCGs and PCTs", "1990–2013",
             "The internal market, GP fundholding, primary care groups and trusts.", 40),
    Notebook("03_ccgs.ipynb", "Clinical commissioning groups", "2010–2022",
             "The 2012 Act, CCGs, and who commissioned general practice.", 40),
    Notebook("04_pioneers_vanguards_stps.ipynb", "Pioneers, vanguards and STPs", "2013–2019",
             "The integration pledge, pioneers, new care models and STPs.", 40),
    Notebook("05_primary_care_networks.ipynb", "Primary care networks", "2019–",
             "The 2019 contract deal and what PCNs are and are not.", 35),
    Notebook("06_integrated_care_systems.ipynb", "Integrated care systems", "2020–2026",
             "ICBs, ICPs, place and neighbourhood, and the 2025–26 changes.", 45),
    Notebook("07_stakeholder_arguments.ipynb", "Who argued what", "2012–2026",
             "The stakeholder arguments, side by side, and where you stand.", 45),
    Notebook("08_your_patch.ipynb", "Your patch", "2012–2026",
             "The real organisations behind the story in your area, from official data.", 30),
    Notebook("09_general_practice_now.ipynb", "General practice now", "2025–2027",
             "What is changing for a practice: contract, access, neighbourhoods, commissioning.", 45),
    Notebook("10_practise.ipynb", "Practise and log your learning", "1990–2027",
             "Exam-style questions from every notebook, your score by capability, and the 2025 curriculum map.", 30),
)


def by_file(name: str) -> Notebook:
    for nb in NOTEBOOKS:
        if nb.file == name or nb.file == f"{name}.ipynb":
            return nb
    raise KeyError(f"no notebook called {name!r}")


def map_html(relative_to: str = "") -> str:
    """The collection map as an HTML table with links (for 00_start_here)."""
    from .display import align_cells, esc

    rows = []
    for i, nb in enumerate(NOTEBOOKS):
        name = f'<a href="{esc(relative_to + nb.file)}">{esc(nb.title)}</a>'
        rows.append(
            f"<tr><td>{i:02d}</td><td>{name}</td><td>{esc(nb.period)}</td>"
            f"<td>{esc(nb.promise)}</td><td>{nb.minutes}</td></tr>"
        )
    return align_cells(
        '<table class="juc-table"><caption>The collection, in teaching order</caption>'
        "<thead><tr><th>#</th><th>Notebook</th><th>Period</th><th>What you will learn</th>"
        "<th>Minutes</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def show_map() -> None:
    from IPython.display import HTML, display

    display(HTML(map_html()))
