"""The offline export (python3 run.py export): self-contained pages, one per notebook, and an index."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from helpers import catalogue
from helpers.publish import export, nbtools


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    return out, export.build(out, quiet=True)


def stored_figures(path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(export.PLOTLY_MIME in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
               for o in c.outputs)


def test_one_page_per_notebook_and_an_index(built):
    out, pages = built
    names = {p.name for p in pages}
    for path in export.notebooks():
        assert f"{path.stem}.html" in names
    index = (out / "index.html").read_text()
    for path in export.notebooks():
        assert f'href="{path.stem}.html"' in index


def test_pages_are_self_contained(built):
    out, pages = built
    for page in pages:
        text = page.read_text()
        # nothing fetched: no external scripts, stylesheets, images, frames or module imports
        assert not re.search(r"<(script|img|iframe|source|video|audio)[^>]+src=[\"']?(https?:)?//", text, re.I), page.name
        assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", text, re.I), page.name
        assert not re.search(r"import\(\s*[\"']https?://", text), page.name
        assert not re.search(r"@import\s+(url\()?[\"']?https?://", text), page.name
        assert not re.search(r"<script[^>]+src=", text), f"{page.name} loads a script file"


def test_plotly_js_embedded_once_in_pages_with_figures_and_every_figure_drawn(built):
    out, _ = built
    banner = export.plotly_js()[:60]
    for path in export.notebooks():
        text = (out / f"{path.stem}.html").read_text()
        figures = stored_figures(path)
        assert text.count(f'id="{export.PLOTLY_MARK}"') == (1 if figures else 0), path.name
        assert text.count(banner) == (1 if figures else 0), path.name
        assert text.count("Plotly.newPlot(") == figures, path.name


def test_widgets_are_replaced_by_a_note_saying_what_they_do(built):
    out, _ = built
    for path in export.notebooks():
        nb = nbformat.read(path, as_version=4)
        widgets = [c for c in nb.cells if c.cell_type == "code"
                   and any(o.get("data", {}).get("text/plain") == nbtools.WIDGET_NOTE for o in c.outputs)]
        text = (out / f"{path.stem}.html").read_text()
        assert text.count('class="juc-widget-note"') == len(widgets), path.name
        assert nbtools.WIDGET_NOTE not in text
        for cell in widgets:
            desc = export.widget_description(cell.source)
            assert desc, f"{path.name}: no description found for the widget in {cell.source!r}"
            assert desc in export.html.unescape(text)


def test_code_is_hidden_and_notebook_links_point_to_pages(built):
    out, _ = built
    text = (out / "00_start_here.html").read_text()
    assert "from helpers import" not in text
    for nb in catalogue.NOTEBOOKS:
        assert f'href="{nb.file}"' not in text


def test_figure_html_escapes_closing_script_tags():
    spec = {"data": [{"type": "bar", "x": ["</script><script>alert(1)</script>"], "y": [1]}],
            "layout": {"title": {"text": "A & B"}}}
    out = export.figure_html(spec, 1)
    assert "</script><script>alert" not in out
    assert 'aria-label="A &amp; B"' in out
    payload = out.split("var s=", 1)[1].split(";Plotly.newPlot", 1)[0]
    assert json.loads(payload.replace("<\\/", "</")) == spec


def test_relink_points_notebook_links_to_pages():
    assert export.relink("see [the timeline](01_timeline.ipynb#top)") == "see [the timeline](01_timeline.html#top)"
    assert export.relink('<a href="07_stakeholder_arguments.ipynb">') == '<a href="07_stakeholder_arguments.html">'
    assert export.relink("[data](../data/README.md)") == "[data](../data/README.md)"


def test_widget_description_reads_the_class_docstring():
    assert export.widget_description("sources_view.SourcesBrowser()").startswith("Search the sources by word and kind")
    assert export.widget_description("not a call at all (") == ""
    assert export.widget_description("nosuchmodule.Thing()") == ""
