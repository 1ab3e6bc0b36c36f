"""A session plan as one notebook for the presenter: ``python3 run.py present --plan 60``.

The tutor guide's plans are data (``data/plans.csv``): each step names one notebook and the
sections of it to show, its minutes, what the tutor does and a question for the room. This
module checks a plan, picks the notebook the group chose for a step with options (``--choose``),
and writes the session notebook: one hidden set-up cell (the notebooks' imports, and the
working folder of the notebooks, so that a learning-log entry is saved where it always is), then
for each step a header (step k of n, its time and minutes, the question for the room, the
tutor's note folded) followed by the step's sections, copied from their notebook. The presenter's
template shows one step per screen (:mod:`.present`); JupyterLab shows the same notebook as one
page. The notebooks stay the single source: a section edited there is what the next session shows.

The notebook is written to ``notebooks/tutor/sessions/`` (not committed: made again at each
start), inside the folder the presenter serves, so that its links to the notebooks work.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .. import catalogue, data
from .nbtools import NOTEBOOKS, section

SESSIONS = NOTEBOOKS / "tutor" / "sessions"
READY_ENV = "JUC_SESSION_READY_FILE"  # set by the presenter: the last cell touches it when run
_IMPORT = re.compile(r"^(?:import \w|from [\w.]+ import )")
#: A link in a section's markdown to a file beside the notebooks: made relative to SESSIONS.
_RELATIVE_LINK = re.compile(r"(\]\(|href=\")(?!https?:|mailto:|#|/)")
UP = "../../"  # from SESSIONS back to notebooks/


@dataclass(frozen=True)
class Step:
    number: int
    of: int
    title: str
    minutes: int
    start: int  # minutes from the start of the session
    notebook: str  # file name without .ipynb
    sections: tuple[str, ...]
    what_you_do: str
    prompt: str
    options: tuple[str, ...]  # the notebooks a group may choose for this step ('' when fixed)

    @property
    def clock(self) -> str:
        return f"{self.start // 60}:{self.start % 60:02d}"


def plan_ids(data_dir=None) -> list[str]:
    return sorted(data.load_plans(data_dir)["plan"].unique(), key=int)


def plan_title(plan: str, data_dir=None) -> str:
    rows = _rows(plan, data_dir)
    return rows[0]["plan_title"]


def _rows(plan: str, data_dir=None) -> list[dict]:
    frame = data.load_plans(data_dir)
    rows = frame[frame["plan"] == str(plan)].to_dict("records")
    if not rows:
        raise KeyError(f"no plan {plan!r} in plans.csv; the plans are: {', '.join(plan_ids(data_dir))}")
    return rows


def problems(plan: str, data_dir=None, notebooks: Path = NOTEBOOKS) -> list[str]:
    """What is wrong with a plan as data: each problem names the step and what to fix."""
    rows = _rows(plan, data_dir)
    out = []
    if len({r["plan_title"] for r in rows}) > 1:
        out.append(f"plan {plan}: its rows give more than one plan_title")
    numbers = sorted({int(r["step"]) for r in rows})
    if numbers != list(range(1, len(numbers) + 1)):
        out.append(f"plan {plan}: steps {numbers} are not numbered 1 to {len(numbers)}")
    for n in numbers:
        at = [r for r in rows if int(r["step"]) == n]
        if len(at) > 1 and sorted(r["choice"] or "" for r in at).count("default") != 1:
            out.append(f"plan {plan}, step {n}: a step with options needs exactly one 'default' row")
        if len(at) > 1 and "" in [r["choice"] or "" for r in at]:
            out.append(f"plan {plan}, step {n}: every row of a step with options is 'default' or 'option'")
        if len({(r["title"], int(r["minutes"])) for r in at}) > 1:
            out.append(f"plan {plan}, step {n}: its options differ in title or minutes")
    total = sum(int(next(r for r in rows if int(r["step"]) == n)["minutes"]) for n in numbers)
    if total != int(plan):
        out.append(f"plan {plan}: its steps' minutes add up to {total}, not {plan}")
    read: dict[str, object] = {}  # each notebook read once, however many rows name it
    for r in rows:
        if r["notebook"] not in read:
            read[r["notebook"]] = _read(notebooks / f"{r['notebook']}.ipynb")
        missing = [h for h in _sections(r) if not section(read[r["notebook"]], h)]
        if missing:
            out.append(f"plan {plan}, step {r['step']}: {r['notebook']} has no section headed {missing}")
    return out


def _sections(row: dict) -> tuple[str, ...]:
    return tuple(s.strip() for s in row["sections"].split("|"))


def _read(path: Path):
    import nbformat

    return nbformat.read(path, as_version=4)


def steps(plan: str, choose: str | None = None, data_dir=None) -> list[Step]:
    """The plan's steps in order. ``choose`` (a notebook's number or name) replaces the default of
    every step that offers it; a ``choose`` that no step offers is an error that lists the options."""
    rows = _rows(plan, data_dir)
    numbers = sorted({int(r["step"]) for r in rows})
    chosen, offered = [], set()
    for n in numbers:
        at = [r for r in rows if int(r["step"]) == n]
        options = tuple(r["notebook"] for r in at) if len(at) > 1 else ()
        offered.update(options)
        pick = [r for r in at if choose and _matches(r["notebook"], choose)] if options else []
        chosen.append((pick or [r for r in at if (r["choice"] or "default") == "default"])[0] | {"options": options})
    if choose and not any(_matches(nb, choose) for nb in offered):
        names = ", ".join(nb[:2] for nb in sorted(offered)) or "none"
        raise KeyError(f"plan {plan} offers no choice of {choose!r}; its steps with a choice take: {names}")
    out, start = [], 0
    for r in chosen:
        out.append(Step(int(r["step"]), len(chosen), r["title"], int(r["minutes"]), start, r["notebook"],
                        _sections(r), r["what_you_do"], r["prompt"], r["options"]))
        start += int(r["minutes"])
    return out


def _matches(notebook: str, choose: str) -> bool:
    choose = choose.removesuffix(".ipynb")
    return notebook == choose or notebook[:2] == choose.zfill(2)


def header_markdown(step: Step, plan: str, title: str) -> str:
    """The top of a step's screen: where the session is, the question for the room, the tutor's note."""
    nb = catalogue.by_file(step.notebook)
    e = html.escape
    first = f"# {plan}-minute session: {title}\n\n" if step.number == 1 else ""
    return first + (
        f'<div class="juc-step" id="step-{step.number}" data-step="{step.number}" data-steps="{step.of}" '
        f'data-title="{e(step.title)}" data-start="{step.clock}" data-minutes="{step.minutes}">\n'
        f'<p class="juc-step-progress">Step {step.number} of {step.of}: <strong>{e(step.title)}</strong>'
        f" · from {step.clock} · {step.minutes} minutes planned · notebook {e(step.notebook[:2])}, "
        f"{e(nb.title)}</p>\n"
        f'<p class="juc-step-prompt"><strong>For the room:</strong> {e(step.prompt)}</p>\n'
        f'<details class="juc-step-note"><summary>Tutor\'s note</summary><p>{e(step.what_you_do)}</p>'
        "</details>\n</div>"
    )


def _setup_source(notebooks: list[str]) -> str:
    lines = ["import os", "", f"os.chdir({UP!r})  # the notebooks' folder, as in each notebook"]
    seen = set()
    for name in notebooks:
        for cell in _read(NOTEBOOKS / f"{name}.ipynb").cells:
            if cell.cell_type != "code":
                continue
            for line in cell.source.splitlines():
                if _IMPORT.match(line) and line not in seen:
                    seen.add(line)
                    lines.append(line)
    return "\n".join(lines)


def _copy(cell):
    import nbformat

    if cell.cell_type == "markdown":
        return nbformat.v4.new_markdown_cell(_RELATIVE_LINK.sub(lambda m: m.group(1) + UP, cell.source))
    return nbformat.v4.new_code_cell(cell.source)


def build(plan: str, choose: str | None = None, data_dir=None):
    """The session notebook of ``plan`` (see the module's docstring)."""
    import nbformat

    found = problems(plan, data_dir)
    if found:
        raise ValueError("plans.csv: " + "; ".join(found))
    chosen = steps(plan, choose, data_dir)
    title = plan_title(plan, data_dir)
    cells = [nbformat.v4.new_code_cell(_setup_source(list(dict.fromkeys(s.notebook for s in chosen))))]
    for step in chosen:
        nb = _read(NOTEBOOKS / f"{step.notebook}.ipynb")
        cells.append(nbformat.v4.new_markdown_cell(header_markdown(step, plan, title)))
        cells += [_copy(c) for h in step.sections for c in section(nb, h)]
    cells.append(nbformat.v4.new_code_cell("from helpers.publish import session\n\nsession.mark_ready()"))
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    out.metadata["juc_session"] = {"plan": plan, "choose": choose or "", "steps": len(chosen)}
    return out


def file_name(plan: str, choose: str | None = None) -> str:
    return f"plan-{plan}{'-' + choose.removesuffix('.ipynb')[:2].zfill(2) if choose else ''}.ipynb"


def write(plan: str, choose: str | None = None, folder: Path = SESSIONS, data_dir=None) -> Path:
    """Write the session notebook (made again each time: the notebooks are its source)."""
    import nbformat

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name(plan, choose)
    nbformat.write(build(plan, choose, data_dir), path)
    return path


def mark_ready() -> None:
    """The session notebook's last cell: tell the presenter that every cell has run."""
    target = os.environ.get(READY_ENV)
    if target:
        Path(target).write_text("ready\n", encoding="utf-8")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def plan_markdown(plan: str, data_dir=None) -> str:
    """The plan as the tutor guide's table (generated: ``python -m helpers.publish.tutor``)."""
    rows = [f"`python3 run.py present --plan {plan}` shows it one step per screen.", "",
            "| Time | Minutes | Step | What you do | For the room | Notebook: sections |",
            "|---|---|---|---|---|---|"]
    for s in steps(plan, data_dir=data_dir):
        where = f"{s.notebook[:2]}: " + "; ".join(s.sections)
        if s.options:
            others = ", ".join(nb[:2] for nb in s.options if nb != s.notebook)
            where += f" (or {others}: `--choose NN`)"
        rows.append(f"| {s.clock} | {s.minutes} | {_cell(s.title)} | {_cell(s.what_you_do)} | "
                    f"{_cell(s.prompt)} | {_cell(where)} |")
    return "\n".join(rows)
