"""The offline export (python3 run.py export): pages that need no network, one per notebook, and
an index; by default sharing one plotly.js and one copy of JupyterLab's styles beside them, or,
with --single-file, each carrying everything."""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from helpers import style, catalogue
from helpers.publish import export, nbtools


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    return out, export.build(out, quiet=True)


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    """Two single-file pages made by the command line: 07 (a figure) and 00 (none)."""
    out = tmp_path_factory.mktemp("single")
    assert export.main(["--single-file", "--out", str(out), "07", "00"]) == 0
    return out


def lab_css(name: str) -> str:
    env = export.exporter().environment
    return env.loader.get_source(env, name)[0]


def stored_figures(path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum(export.PLOTLY_MIME in o.get("data", {}) or style.COMPACT_PLOTLY_MIME in o.get("data", {})
               for c in nb.cells if c.cell_type == "code"
               for o in c.outputs)


def test_one_page_per_notebook_and_an_index(built):
    out, pages = built
    names = {p.name for p in pages}
    for path in export.notebooks():
        assert f"{path.stem}.html" in names
    index = (out / "index.html").read_text()
    for path in export.notebooks():
        assert f'href="{path.stem}.html"' in index


def test_pages_load_nothing_from_the_network(built, single):
    out, pages = built
    for page in [*pages, *single.glob("*.html")]:
        text = page.read_text()
        # nothing fetched: no external scripts, stylesheets, images, frames or module imports
        assert not re.search(r"<(script|img|iframe|source|video|audio)[^>]+src=[\"']?(https?:)?//", text, re.I), page.name
        assert not re.search(r"<link[^>]+href=[\"']?(https?:)?//", text, re.I), page.name
        assert not re.search(r"import\(\s*[\"']https?://", text), page.name
        assert not re.search(r"@import\s+(url\()?[\"']?https?://", text), page.name


def soup(text: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html.parser")


def loaded_files(text: str) -> list[str]:
    """Every file a page loads: script src and stylesheet href."""
    page = soup(text)
    return ([t["src"] for t in page.select("script[src]")]
            + [t["href"] for t in page.select("link[href]") if "stylesheet" in t.get("rel", [])])


def test_pages_load_only_the_shared_files_written_beside_them(built):
    out, pages = built
    assert sorted(export.shared_files()) == ["jupyterlab-index.css", "jupyterlab-theme-light.css", "plotly.min.js"]
    assert (out / export.SHARED_JS).read_bytes() == export.plotly_js_file().read_bytes()
    for name, file in export.SHARED_CSS.items():
        assert (out / file).read_text() == lab_css(name)
    for page in pages:
        loaded = loaded_files(page.read_text())
        assert set(loaded) <= set(export.shared_files()), f"{page.name} loads {loaded}"
        for file in loaded:
            assert (page.parent / file).is_file(), f"{page.name}: {file} not beside it"
    assert set(loaded_files((out / "01_timeline.html").read_text())) == set(export.shared_files())


def test_shared_files_are_not_repeated_in_the_pages(built):
    """The point of sharing: no page carries plotly.js or JupyterLab's styles, so each is small."""
    out, pages = built
    banner = export.plotly_js()[:60]
    css = [lab_css(name)[-300:] for name in export.SHARED_CSS]
    for page in pages:
        text = page.read_text()
        assert banner not in text, page.name
        assert not any(c in text for c in css), page.name
        assert page.stat().st_size < 1_000_000, f"{page.name}: {page.stat().st_size} bytes"
    folder = sum(p.stat().st_size for p in out.iterdir())
    assert folder < 2 * export.plotly_js_file().stat().st_size, f"export folder: {folder} bytes"


def test_plotly_js_loaded_once_in_pages_with_figures_and_every_figure_drawn(built):
    out, _ = built
    for path in export.notebooks():
        text = (out / f"{path.stem}.html").read_text()
        figures = stored_figures(path)
        assert text.count(f'id="{export.PLOTLY_MARK}"') == (1 if figures else 0), path.name
        assert text.count(f'src="{export.SHARED_JS}"') == (1 if figures else 0), path.name
        assert text.count("Plotly.newPlot(") == figures, path.name
        # every figure says so in its place if plotly.js did not load
        assert text.count("if(!window.Plotly){jucShared.figureMissing(") == figures, path.name


def test_a_shared_page_carries_a_hidden_notice_for_missing_shared_files(built):
    out, _ = built
    text = (out / "07_stakeholder_arguments.html").read_text()
    notice = soup(text).select_one("#juc-missing")
    assert notice is not None, "no notice for a missing shared file"
    assert notice.has_attr("hidden") and notice["role"] == "alert"
    words = " ".join(notice.get_text().split())
    assert "python3 run.py export --single-file 07" in words
    assert "same folder as this page" in words
    page = soup(text)
    for file in export.shared_files():
        tag = page.select_one(f'[src="{file}"], [href="{file}"]')
        assert tag["onerror"] == f"jucShared.note('{file}')", file
    assert 'href="index.html"' in text


def test_single_file_pages_carry_everything_and_nothing_else_is_written(single):
    assert sorted(p.name for p in single.iterdir()) == ["00_start_here.html", "07_stakeholder_arguments.html"]
    banner = export.plotly_js()[:60]
    for name, figures in (("07_stakeholder_arguments.html", 1), ("00_start_here.html", 0)):
        text = (single / name).read_text()
        assert loaded_files(text) == [], name
        assert text.count(banner) == figures, name
        assert text.count(f'id="{export.PLOTLY_MARK}"') == figures, name
        assert text.count("Plotly.newPlot(") == figures, name
        for css in export.SHARED_CSS:
            assert lab_css(css)[-300:] in text, f"{name}: {css} not inside"
        assert 'id="juc-missing"' not in text and 'href="index.html"' not in text, name
        assert "Single-file offline copy" in text, name


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
    payload = out.split("var s=", 1)[1].split(";if(!window.Plotly)", 1)[0]
    assert json.loads(payload.replace("<\\/", "</")) == spec


def test_relink_points_notebook_links_to_pages():
    assert export.relink("see [the timeline](01_timeline.ipynb#top)") == "see [the timeline](01_timeline.html#top)"
    assert export.relink('<a href="07_stakeholder_arguments.ipynb">') == '<a href="07_stakeholder_arguments.html">'
    assert export.relink("[data](../data/README.md)") == "[data](../data/README.md)"


def test_widget_description_reads_the_class_docstring():
    assert export.widget_description("sources_view.SourcesBrowser()").startswith("Search the sources by word and kind")
    assert export.widget_description("not a call at all (") == ""
    assert export.widget_description("nosuchmodule.Thing()") == ""
