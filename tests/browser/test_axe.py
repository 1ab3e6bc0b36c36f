"""axe-core (WCAG 2.0 and 2.1, levels A and AA): the checker itself.

Every notebook is checked on the three routes by the tests that already open it: JupyterLab
(test_lab.py, after Run All Cells and its interactions), the presenter (test_present.py) and
the offline pages (test_export_offline.py). A violation in what the notebooks show fails; one
in JupyterLab's or Voila's own chrome fails too unless tests/browser/axe.py lists it as an
exception, with the reason. Findings: test-artifacts/axe/<route>.json.
"""

from __future__ import annotations

import json
import re

import pytest

from . import axe
from .conftest import guarded_context

pytestmark = pytest.mark.browser

# Every notebook is checked where it is already opened and exercised, so no page loads twice:
# tests/browser/test_lab.py (JupyterLab), test_present.py (the presenter) and
# test_export_offline.py (the offline pages) call axe.check_if_installed on each. Here: the
# checker itself.


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
