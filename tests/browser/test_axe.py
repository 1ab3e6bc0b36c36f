"""axe-core (WCAG 2.0 and 2.1, levels A and AA) on every notebook, on the three routes.

JupyterLab (the notebook run with Run All Cells, widgets live), the presenter (Voila) and the
offline export pages (file://, network cut). One page load per notebook per route; the servers
are the module-scoped ones of conftest.py. A violation in what the notebooks show fails the
test; one in JupyterLab's or Voila's own chrome fails too unless tests/browser/axe.py lists it
as an exception, with the reason. Findings: test-artifacts/axe/<route>.json.
"""

from __future__ import annotations

import json
import re

import pytest

from helpers import catalogue

from . import axe, pages
from .conftest import guarded_context
from .interactions import notebooks_to_test, skip_if_not_written

pytestmark = pytest.mark.browser

#: What the notebooks show in JupyterLab: markdown and outputs (not the code editors).
LAB_OURS = ".jp-NotebookPanel .jp-MarkdownOutput, .jp-NotebookPanel .jp-OutputArea"
PRESENT_OURS = "#rendered_cells"
EXPORT_OURS = "body"


@pytest.fixture(scope="module")
def axe_js():
    return axe.axe_script()


@pytest.fixture(scope="module")
def page_for(browser):
    made = []

    def make(**kw):
        g = guarded_context(browser, **kw)
        made.append(g)
        return g, g.context.new_page()

    yield make
    for g in made:
        g.context.close()


@pytest.fixture(scope="module")
def lab_tab(page_for, lab_server, axe_js):
    return page_for()


@pytest.fixture(scope="module")
def presenter_tab(page_for, voila_server, axe_js):
    return page_for()


@pytest.fixture(scope="module")
def exported(page_for, tmp_path_factory, axe_js):
    from helpers.publish import export

    out = tmp_path_factory.mktemp("axe-export")
    export.build(out, quiet=True)
    g, page = page_for(allow_file=True)
    return out, g, page


@pytest.mark.parametrize("notebook", notebooks_to_test())
def test_axe_in_jupyterlab(notebook, lab_server, lab_tab):
    from .test_lab import open_and_run

    skip_if_not_written(notebook)
    g, page = lab_tab
    open_and_run(page, lab_server, notebook, f"axe{notebook[:2]}",
                 pages.expected(catalogue.NOTEBOOK_DIR / notebook))
    axe.check(page, "jupyterlab", notebook, LAB_OURS)
    g.assert_no_external_requests()


@pytest.mark.parametrize("notebook", notebooks_to_test())
def test_axe_in_the_presenter(notebook, voila_server, presenter_tab):
    from .test_present import open_presenter

    skip_if_not_written(notebook)
    g, page = presenter_tab
    open_presenter(page, voila_server, notebook, pages.expected(catalogue.NOTEBOOK_DIR / notebook))
    axe.check(page, "voila", notebook, PRESENT_OURS)
    g.assert_no_external_requests()


@pytest.mark.parametrize("notebook", notebooks_to_test())
def test_axe_on_the_offline_pages(notebook, exported):
    skip_if_not_written(notebook)
    out, g, page = exported
    page.goto((out / notebook.replace(".ipynb", ".html")).as_uri())
    page.wait_for_function(pages.ALL_DRAWN_JS, arg="body", timeout=30_000)
    axe.check(page, "export", notebook, EXPORT_OURS)
    g.assert_no_external_requests()


def test_axe_finds_what_it_should(page_for, tmp_path, axe_js):
    """The check itself: a page with low-contrast text and an unlabelled input fails, and an
    exception never covers a node in our content."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
                   '<div id="ours"><p style="color:#aaa;background:#fff">faint</p><input type="text"></div>'
                   '<div id="chrome"><input type="checkbox"></div></main></body></html>')
    g, page = page_for(allow_file=True)
    page.goto(bad.as_uri())
    found = axe.run(page, "#ours")
    rules = {v["rule"]: [n["ours"] for n in v["nodes"]] for v in found}
    assert rules.get("color-contrast") == [True], rules
    assert sorted(rules.get("label", [])) == [False, True], rules
    sorted_ = axe.sort(found, (axe.Exception_("label", r"input", "test"),))
    assert [(f["rule"], f["ours"]) for f in sorted_["excepted"]] == [("label", False)]
    assert {(f["rule"], f["ours"]) for f in sorted_["failures"]} == {("color-contrast", True), ("label", True)}


def test_without_axe_core_the_checks_skip_or_fail_under_require_browser(monkeypatch, tmp_path):
    """npm missing (no node_modules/): skip with how to install it; with REQUIRE_BROWSER=1 (CI), fail."""
    monkeypatch.setattr(axe, "AXE_JS", tmp_path / "axe.min.js")
    monkeypatch.delenv("REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"axe-core is not installed .*npm ci --ignore-scripts"):
        axe.axe_script()
    monkeypatch.setenv("REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="REQUIRE_BROWSER=1 but axe-core is not installed"):
        axe.axe_script()
    (tmp_path / "axe.min.js").write_text("/*! axe v4.0.0 */")
    want = json.loads((axe.ROOT / "package.json").read_text())["dependencies"]["axe-core"]
    with pytest.raises(pytest.fail.Exception, match=f"is not axe-core {re.escape(want)}"):
        axe.axe_script()
    monkeypatch.setattr(axe, "AXE_JS", axe.ROOT / "node_modules" / "axe-core" / "axe.min.js")
    if axe.AXE_JS.exists():
        assert axe.axe_script() == axe.AXE_JS
