"""Every plotly figure each notebook puts on screen when it opens, as the kernel sends it.

    python -m tests.notebook_figures OUT.json [NOTEBOOK ...]

Runs each notebook's code cells in one IPython shell (a fresh namespace per notebook, no kernel,
so it takes seconds) and writes ``{notebook: [[where, spec], ...]}``: ``where`` is ``"cell"``
for a figure a cell displays, ``"widget"`` for one a widget shows in its ``Output`` (in the
order the widgets were made). The presenter's type size comes from the environment
(``JUC_FIGURE_SCALE``), as in its kernels; tests/test_figure_scale.py runs this with and without.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIME = "application/vnd.plotly.v1+json"


def _plotly(outputs) -> list[dict]:
    return [o["data"][MIME] for o in outputs if MIME in (o.get("data") or {})]


def _instances() -> dict:
    """Every live widget by model id (``Widget.widgets`` is deprecated in ipywidgets 8)."""
    from ipywidgets.widgets import widget

    return widget._instances


def figures(path: Path, shell) -> list[list]:
    import ipywidgets
    from IPython.utils.capture import capture_output

    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    before = set(_instances())
    shell.user_ns.clear()
    shell.init_user_ns()
    found = []
    for cell in cells:
        with capture_output(display=True) as cap:
            result = shell.run_cell("".join(cell["source"]), store_history=False)
        result.raise_error()
        found += [["cell", spec] for spec in _plotly({"data": o.data} for o in cap.outputs)]
    for key, widget in list(_instances().items()):
        if key not in before and isinstance(widget, ipywidgets.Output):
            found += [["widget", spec] for spec in _plotly(widget.outputs)]
    return found


def main(argv: list[str]) -> int:
    import os

    from IPython.core.interactiveshell import InteractiveShell

    os.chdir(ROOT / "notebooks")  # as Voilà and JupyterLab run them
    paths = [Path(p).resolve() for p in argv[1:]] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    shell = InteractiveShell.instance()
    out = {p.name: figures(p, shell) for p in paths}
    Path(argv[0]).write_text(json.dumps(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
