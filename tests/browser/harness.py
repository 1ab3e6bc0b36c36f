"""A small notebook that exercises what the real notebooks use (a figure shown with
helpers.style.show, and a dropdown that redraws a figure in an Output widget), so the
browser checks are proven on a figure even before every notebook exists.

It is written into the temporary copy the browser tests serve, never into notebooks/.
"""

from __future__ import annotations

from pathlib import Path

NAME = "zz_browser_harness.ipynb"

SETUP = '''import plotly.graph_objects as go
import ipywidgets as w
from helpers import style

def figure(n):
    fig = go.Figure(go.Bar(x=[f"item {i}" for i in range(n)], y=list(range(1, n + 1)), name="count"))
    return style.apply(fig, f"Harness figure with {n} bars", "Item", "Count", height=320)

style.show(figure(3), "A static figure with three bars.")'''

# The house pattern (helpers.timeline): replace the Output widget's outputs by state, never
# `with out: display(...)` while a cell runs (that stalls nbclient and Voila now and then).
WIDGET = '''choice = w.Dropdown(options=[2, 3, 4, 5, 6, 7], value=3, description="Bars:")
out = w.Output()
def redraw(change=None):
    out.outputs = ({"output_type": "display_data", "data": style.figure_bundle(figure(choice.value)), "metadata": {}},)
choice.observe(redraw, names="value")
redraw()
w.VBox([choice, out])'''


#: The keyboard and contrast checks (helpers.a11y) on the collection's own widgets, with a plain
#: RadioButtons and ToggleButtons (no helpers.a11y) beside them, which show what JupyterLab and
#: ipywidgets do by themselves.
A11Y_NAME = "zz_a11y_harness.ipynb"
A11Y_CELLS = [
    "import tempfile\nimport ipywidgets as w\nfrom helpers import arguments, patch, quiz",
    'w.RadioButtons(options=["plain one", "plain two", "plain three"], value=None, description="Plain:")',
    'quiz.QuizWidget("01_timeline")',
    "patch.PcnSizeView()",
    'w.ToggleButtons(options=["plain A", "plain B"], value="plain A")',
    "arguments.WhereDoYouStand(folder=tempfile.mkdtemp(), drafts=False)",
]


def _notebook(title: str, cells: list[str]):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}"), *map(nbformat.v4.new_code_cell, cells)]
    return nb


def write(folder: Path) -> Path:
    """Write the harness notebooks into ``folder``; returns the figure harness's path."""
    import nbformat

    nbformat.write(_notebook("Keyboard and contrast harness", A11Y_CELLS), folder / A11Y_NAME)
    path = folder / NAME
    nbformat.write(_notebook("Browser harness", [SETUP, WIDGET]), path)
    return path
