"""Execute, clean and check the collection's notebooks.

    python -m helpers.publish.nbtools execute [NOTEBOOK ...]   # all notebooks when none given
    python -m helpers.publish.nbtools check [NOTEBOOK ...]     # report problems, exit 1 if any

Executing runs each notebook once, top to bottom, in a fresh kernel (working
directory ``notebooks/``), then cleans it for committing: no saved widget
state, no execution timestamps, widget views replaced by a short text note
(a widget cannot show without a live kernel, and a stale view only shows an
error), and the standard kernelspec.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = "[Interactive widget: run the notebook (Run > Run All Cells) to use it.]"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def notebook_paths(names: list[str] | None = None) -> list[Path]:
    if names:
        return [Path(n).resolve() for n in names]
    return sorted(p for p in NOTEBOOKS.rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts and "sessions" not in p.relative_to(NOTEBOOKS).parts)


def section(nb, heading: str) -> list:
    """The cells from the ``## heading`` to the next ``##`` heading. A markdown cell holding
    more than one heading is cut at them, so every heading the tutor guide lists can be chosen."""
    import re

    from nbformat.v4 import new_markdown_cell

    cells, inside = [], False
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            if inside:
                cells.append(cell)
            continue
        for chunk in re.split(r"(?m)^(?=## )", cell.source):
            if chunk.startswith("## "):
                if inside:
                    return cells
                inside = chunk[3:].splitlines()[0].strip().casefold() == heading.casefold()
            if inside and chunk.strip():
                cells.append(new_markdown_cell(chunk))
    return cells


def clean(nb) -> None:
    """Strip widget state and execution noise in place."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.metadata.get("collapsed") is False:  # the default: noise in diffs
            del cell.metadata["collapsed"]
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data")
            if data and WIDGET_MIME in data:
                data.pop(WIDGET_MIME)
                data["text/plain"] = WIDGET_NOTE
            if "metadata" in out and WIDGET_MIME in out["metadata"]:
                out["metadata"].pop(WIDGET_MIME)


def execute(path: Path, timeout: int = 300) -> float:
    """Run one notebook in a fresh kernel, clean it and save it. Returns seconds taken."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    took = time.perf_counter() - start
    clean(nb)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return took


def check(nb, name: str = "notebook") -> list[str]:
    """Problems a trainee would meet opening this committed notebook."""
    problems = []
    counts = []
    if "widgets" in nb.metadata:
        problems.append(f"{name}: carries saved widget state (metadata.widgets)")
    for i, cell in enumerate(nb.cells):
        if "execution" in cell.metadata:
            problems.append(f"{name}: cell {i} carries execution timestamps")
        if cell.cell_type != "code":
            continue
        counts.append(cell.execution_count)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"{name}: cell {i} shows an error ({out.get('ename')})")
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                problems.append(f"{name}: cell {i} printed to stderr: {''.join(out.get('text', ''))[:200]!r}")
            if WIDGET_MIME in out.get("data", {}):
                problems.append(f"{name}: cell {i} keeps a widget view (re-run `python3 run.py execute`)")
    if counts and (None in counts or counts != list(range(1, len(counts) + 1))):
        problems.append(f"{name}: cells were not run once, top to bottom, in a fresh kernel "
                        f"(execution counts {counts})")
    return problems


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("execute", "check"):
        print(__doc__)
        return 2
    import nbformat

    status = 0
    for path in notebook_paths(argv[1:]):
        rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        if argv[0] == "execute":
            took = execute(path)
            print(f"executed {rel} in {took:.1f} s")
        problems = check(nbformat.read(path, as_version=4), str(rel))
        for p in problems:
            print("PROBLEM", p)
        status |= bool(problems)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
