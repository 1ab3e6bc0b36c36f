"""Each notebook's learning objectives mapped to the 2025 RCGP curriculum, from ``curriculum.csv``.

The objectives are written once, in each notebook's "Learning objectives" cell;
:func:`notebook_objectives` reads them back so that the tests can hold ``curriculum.csv`` to
them word for word. Everything shown here comes from the tables: nothing is typed by hand.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..display import align_cells, esc

_OBJECTIVE = re.compile(r"^\s*\d+\.\s+(.*?)\s*$")
_END = re.compile(r"\s*(;\s*and|;|\.)$")  # the list's punctuation, not part of the objective


@dataclass(frozen=True)
class Mapping:
    objective: str
    capability: str  # the capability's 2025 title
    area: str
    topic_guide: str
    source_id: str


def notebook_name(notebook: str) -> str:
    """'04' or '04_pioneers_vanguards_stps(.ipynb)' -> '04_pioneers_vanguards_stps'."""
    from ..catalogue import NOTEBOOKS

    key = notebook.removesuffix(".ipynb")
    for nb in NOTEBOOKS:
        stem = nb.file.removesuffix(".ipynb")
        if key in (stem, stem[:2]):
            return stem
    raise KeyError(f"no notebook called {notebook!r}")


def notebook_objectives(path: Path) -> list[str]:
    """The numbered objectives under the notebook's 'Learning objectives' heading, as written."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        text = "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""
        if text.startswith("## Learning objectives"):
            found = [m.group(1) for m in map(_OBJECTIVE.match, text.splitlines()) if m]
            return [_END.sub("", o) for o in found]
    return []


def mappings(notebook: str, data_dir=None) -> list[Mapping]:
    """The notebook's rows of curriculum.csv with the capability and topic guide titles joined."""
    from .. import data

    name = notebook_name(notebook)
    caps = capability_names(data_dir)
    areas = data.load_capabilities(data_dir).set_index("capability_id")["area"]
    guides = data.load_topic_guides(data_dir).set_index("topic_guide_id")
    rows = data.load_curriculum(data_dir)
    rows = rows[rows["notebook"] == name]
    return [Mapping(r["objective"], caps[r["capability"]], areas[r["capability"]],
                    guides.loc[r["topic_guide"], "title"], r["source_id"]) for r in rows.to_dict("records")]


def capability_names(data_dir=None) -> dict[str, str]:
    """What each capability is called on screen: its 2025 title, or (where no page read shows the
    title) our short label, marked as such."""
    from .. import data

    caps = data.load_capabilities(data_dir)
    return {r["capability_id"]: r["title"] or f"{r['label'][0].upper()}{r['label'][1:]} (2025 title not confirmed)"
            for r in caps.to_dict("records")}


def capabilities_covered(notebook: str, data_dir=None) -> list[str]:
    """The capability titles the notebook's objectives map to, each once, in table order."""
    return list(dict.fromkeys(m.capability for m in mappings(notebook, data_dir)))


def _grouped(maps: list[Mapping]) -> dict[str, list[Mapping]]:
    out: dict[str, list[Mapping]] = {}
    for m in maps:
        out.setdefault(m.objective, []).append(m)
    return out


def objectives_html(notebook: str, data_dir=None) -> str:
    """A table: each objective, the capabilities it serves (with their area) and the topic guides."""
    from .. import data
    from ..timeline.events import _source_line

    maps = mappings(notebook, data_dir)
    if not maps:
        return "<p>This notebook's objectives are not yet mapped to the 2025 curriculum.</p>"
    rows = []
    for objective, items in _grouped(maps).items():
        caps = "<br>".join(f"{esc(m.capability)} <small>({esc(m.area)})</small>" for m in items)
        guides = "<br>".join(dict.fromkeys(esc(m.topic_guide) for m in items))
        rows.append(f'<tr><td class="juc-prose">{esc(objective)}</td><td class="juc-prose">{caps}</td>'
                    f'<td class="juc-prose">{guides}</td></tr>')
    sources = data.load_sources(data_dir).set_index("source_id")
    cited = "; ".join(_source_line(sources.loc[s].to_dict()) for s in dict.fromkeys(m.source_id for m in maps))
    return (align_cells('<table class="juc-table"><caption>This notebook and the RCGP curriculum (2025)</caption>'
                        "<thead><tr><th>Objective</th><th>Capability (area)</th><th>Topic guide</th></tr></thead>"
                        f"<tbody>{''.join(rows)}</tbody></table>") + "<p><small>From <code>data/curriculum.csv</code>; "
            f"curriculum: {esc(cited)}.</small></p>")


def show_objectives(notebook: str, data_dir=None) -> None:
    """The objectives cell of every notebook: the mapping to the 2025 curriculum."""
    from IPython.display import HTML, display

    display(HTML(objectives_html(notebook, data_dir)))


def map_markdown(data_dir=None) -> str:
    """The whole map as a Markdown table, for the tutor guide."""
    from ..arguments.log import md_inline
    from ..catalogue import NOTEBOOKS

    lines = ["| Notebook | Objective | Capability (area) | Topic guide |", "|---|---|---|---|"]
    for nb in NOTEBOOKS:
        stem = nb.file.removesuffix(".ipynb")
        for objective, items in _grouped(mappings(stem, data_dir)).items():
            caps = "; ".join(f"{m.capability} ({m.area})" for m in items)
            guides = "; ".join(dict.fromkeys(m.topic_guide for m in items))
            lines.append(f"| {stem[:2]} | {md_inline(objective)} | {md_inline(caps)} | {md_inline(guides)} |")
    return "\n".join(lines)


def map_html(data_dir=None) -> str:
    """The whole collection's map (notebook 10 and the tutor guide): one table per notebook, folded."""
    from ..catalogue import NOTEBOOKS

    parts = []
    for nb in NOTEBOOKS:
        stem = nb.file.removesuffix(".ipynb")
        if mappings(stem, data_dir):
            parts.append(f"<details><summary>{esc(stem[:2])} {esc(nb.title)}</summary>"
                         f"{objectives_html(stem, data_dir)}</details>")
    return "".join(parts)


def show_map(data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(map_html(data_dir)))


def curriculum_source_ids(notebook: str | None = None, data_dir=None) -> list[str]:
    """The curriculum documents behind the map, each once; for one notebook ("05"), only its own."""
    from .. import data

    caps, guides = data.load_capabilities(data_dir), data.load_topic_guides(data_dir)
    rows = data.load_curriculum(data_dir)
    if notebook is not None:
        rows = rows[rows["notebook"].str[:2] == notebook[:2]]
        caps = caps[caps["capability_id"].isin(rows["capability"])]
        guides = guides[guides["topic_guide_id"].isin(rows["topic_guide"])]
    return list(dict.fromkeys([*rows["source_id"], *caps["source_id"], *guides["source_id"]]))
