"""No internal code on screen: what the notebooks show names sources by title, publisher and
date, voices by name and groups by their labels; the ids and keys are for the data and tests.

Read from every stored output (HTML with its tags and attributes removed, and plain text where
there is no HTML), in every notebook.
"""

from __future__ import annotations

import csv
import html
import re

import nbformat
import pytest

from helpers.publish import nbtools

DATA = nbtools.ROOT / "data"
NOTEBOOKS = [p for p in nbtools.notebook_paths() if p.parent == nbtools.NOTEBOOKS]


def _column(table: str, column: str) -> set[str]:
    with (DATA / table).open(encoding="utf-8") as f:
        return {r[column] for r in csv.DictReader(f) if r[column]}


def internal_codes() -> set[str]:
    """Source, argument and stakeholder ids and group keys: every one with a - or _ in it."""
    codes = (_column("sources.csv", "source_id") | _column("arguments.csv", "argument_id")
             | _column("stakeholders.csv", "stakeholder_id") | _column("stakeholders.csv", "group"))
    return {c for c in codes if re.search(r"[-_]", c)}


def shown_text(nb) -> str:
    """What a reader can see: the outputs' text, and the hover texts of their figures."""
    import json

    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {})
            text = data.get("text/html") or ("" if data else out.get("text", "")) or data.get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            if data.get("text/html"):
                text = html.unescape(re.sub(r"<[^>]*>", " ", text))
            parts.append(text)
            for mime in ("application/vnd.plotly.v1+json", "application/vnd.juc.plotly-compact"):
                if mime in data:
                    spec = data[mime]
                    spec = json.loads("".join(spec)) if isinstance(spec, (str, list)) else spec
                    parts += [html.unescape(re.sub(r"<[^>]*>", " ", t)) for t in _figure_text(spec)]
    return "\n".join(parts)


SHOWN_KEYS = {"text", "hovertext", "title", "name", "ticktext", "label", "hovertemplate"}


def _figure_text(node, key=None):
    """The strings of a plotly spec that reach the screen (texts, hovers, titles, names, labels);
    not ``customdata``, ``meta`` or ``ids``, which the figure keeps for its code."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _figure_text(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _figure_text(v, key)
    elif isinstance(node, str) and key in SHOWN_KEYS:
        yield node


def test_the_check_finds_a_code():
    assert {"hf-nav-nhscca-1990", "think_tanks_and_evidence", "geddes-05"} <= internal_codes()
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": '<p data-source="hf-nav-nhscca-1990">The Act <small>[hf-nav-nhscca-1990]</small></p>'})]
    nb.cells = [cell]
    words = set(re.findall(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)+", shown_text(nb)))
    assert words & internal_codes() == {"hf-nav-nhscca-1990"}  # the text, not the attribute


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_no_internal_code_is_shown(path):
    words = set(re.findall(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)+", shown_text(nbformat.read(path, as_version=4))))
    found = sorted(words & internal_codes())
    assert not found, f"{path.name} shows internal codes: {found[:15]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_the_notebook_text_cites_sources_by_name(path):
    """The prose names sources "(Publisher, year)", never by an id in backticks."""
    nb = nbformat.read(path, as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    found = sorted(set(re.findall(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)+", prose)) & internal_codes())
    assert not found, f"{path.name} prose shows internal codes: {found[:15]}"
