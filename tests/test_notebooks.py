"""Every committed notebook is valid, clean and was run top to bottom."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from helpers import catalogue
from helpers.publish import nbtools

NOTEBOOKS = nbtools.notebook_paths()
IDS = [str(p.relative_to(nbtools.ROOT)) for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_valid_nbformat(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_clean_and_ran_in_order(path):
    nb = nbformat.read(path, as_version=4)
    assert nbtools.check(nb, path.name) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_imports_helpers_without_path_tricks(path):
    text = path.read_text(encoding="utf-8")
    assert "sys.path" not in text and "os.chdir" not in text
    nb = json.loads(text)
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert any(re.search(r"^\s*(from helpers|import helpers)", s, re.M) for s in sources)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_has_no_code_reading_files_directly(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not re.search(r"read_csv|open\(|read_excel", cell.source), cell.source


def test_catalogue_lists_every_notebook_and_existing_ones_are_in_it():
    listed = {nb.file for nb in catalogue.NOTEBOOKS}
    present = {p.name for p in nbtools.NOTEBOOKS.glob("*.ipynb")}
    assert present <= listed, f"notebooks missing from helpers/catalogue.py: {present - listed}"


def test_clean_strips_widget_state_and_views():
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    cell = nbformat.v4.new_code_cell("w", execution_count=1)
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00"}
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        nbtools.WIDGET_MIME: {"model_id": "abc", "version_major": 2, "version_minor": 0},
        "text/plain": "VBox()"})]
    nb.cells = [cell]
    assert len(nbtools.check(nb)) >= 3
    nbtools.clean(nb)
    assert nbtools.check(nb) == []
    assert cell.outputs[0]["data"] == {"text/plain": nbtools.WIDGET_NOTE}


def test_check_reports_errors_and_out_of_order_cells():
    nb = nbformat.v4.new_notebook()
    a = nbformat.v4.new_code_cell("1/0", execution_count=2)
    a.outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="", traceback=[])]
    nb.cells = [a, nbformat.v4.new_code_cell("x", execution_count=None)]
    found = " | ".join(nbtools.check(nb, "nb"))
    assert "shows an error (ZeroDivisionError)" in found and "not run once, top to bottom" in found
