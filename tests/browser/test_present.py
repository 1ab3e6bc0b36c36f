"""The presenter route (``python3 run.py present``): Voilà with the juc_present template.

Every notebook renders code-hidden with no error, figures drawn and widgets live; one
interaction per notebook changes what is shown; the start-here dropdown works from the
keyboard; the page is sized for a projector; nothing is fetched from beyond 127.0.0.1.
"""

from __future__ import annotations

import time

import pytest

from helpers import catalogue

from . import artifacts, harness, pages
from .interactions import HARNESS, INTERACTIONS, notebooks_to_test, skip_if_not_written

pytestmark = pytest.mark.browser

SCOPE = "#rendered_cells"
LOAD_TIMEOUT_MS = 60_000


def open_presenter(page, base: str, notebook: str, want: pages.Expected | None = None) -> float:
    """Open a notebook in the presenter view; seconds until every cell ran and figures drew."""
    start = time.monotonic()
    page.goto(f"{base}/voila/render/{notebook}", wait_until="commit", timeout=30_000)
    try:
        page.wait_for_selector(SCOPE, state="visible", timeout=LOAD_TIMEOUT_MS)
    except Exception:
        raise AssertionError(
            f"{notebook}: the presenter page was not ready after {LOAD_TIMEOUT_MS // 1000} s. "
            "Voila runs every cell before it shows the page; a cell that displays into an Output "
            "widget while it runs (`with out: display(...)`) can stall it (jupyter/nbclient#312): "
            "set `out.outputs = (...)` instead, as helpers.timeline does.") from None
    if want is not None:  # widgets and figures render after the page shows
        page.wait_for_function(pages.COUNTS_REACHED_JS, arg=[SCOPE, want.figures, want.widgets],
                               timeout=30_000)
    page.wait_for_function(pages.ALL_DRAWN_JS, arg=SCOPE, timeout=30_000)
    return time.monotonic() - start


#: How many times a page showing "model not found" is reloaded before the test fails.
RELOADS = 3


@pytest.fixture(scope="module")
def presenter_page(browser, voila_server):
    from .conftest import guarded_context

    g = guarded_context(browser)
    page = g.context.new_page()
    yield page, g
    g.context.close()


@pytest.mark.parametrize("notebook", notebooks_to_test())
def test_notebook_works_in_the_presenter_view(notebook, voila_server, presenter_page, browser):
    skip_if_not_written(notebook)
    page, g = presenter_page
    path = catalogue.NOTEBOOK_DIR / notebook
    took = open_presenter(page, voila_server, notebook, pages.expected(path))
    print(f"{notebook}: presenter page ready in {took:.1f} s")
    # Voila restores the widgets from the kernel when the page opens and, when the kernel
    # takes over 4 s to answer (its widget manager's fixed time-out: a loaded machine),
    # falls back to a slower path that can miss some ("model not found"). A reload fixes
    # it; say so, and test the reloaded page (at most RELOADS times, then the check fails).
    for attempt in range(1, RELOADS + 1):
        if not any("model not found" in e for e in pages.report(page, SCOPE)["widgetErrors"]):
            break
        print(f"WARNING {notebook}: 'model not found' in the presenter view; reload {attempt} of {RELOADS}")
        took = open_presenter(page, voila_server, notebook, pages.expected(path))
    assert page.locator(f"{SCOPE} .jp-CodeCell .jp-InputArea-editor:visible, {SCOPE} .jp-CodeCell .jp-InputArea:visible").count() == 0, "code is visible"
    result = pages.check_notebook(page, SCOPE, path, INTERACTIONS[notebook], "voila", browser.version)
    artifacts.screenshot(page, "present", notebook)
    g.assert_no_external_requests()
    assert not result["problems"], "\n".join(result["problems"])


def test_presenter_harness_figure_redraws(voila_server, presenter_page, browser, tmp_path):
    page, g = presenter_page
    path = harness.write(tmp_path)
    open_presenter(page, voila_server, harness.NAME, pages.Expected(figures=2, widgets=1))
    rep = pages.report(page, SCOPE)
    assert len(rep["plots"]) == 2 and all(p["drawn"] > 0 for p in rep["plots"]), rep["plots"]
    result = pages.check_notebook(page, SCOPE, path, HARNESS, "voila", browser.version)
    assert result["interactions"][0]["changed"] == "figure"
    assert not result["problems"], "\n".join(result["problems"])
    g.assert_no_external_requests()


def test_presenter_start_here_dropdown_by_keyboard_and_large_type(voila_server, presenter_page):
    """Tab from the top of the page reaches the dropdown; a bare arrow key changes the table."""
    page, g = presenter_page
    open_presenter(page, voila_server, "00_start_here.ipynb", pages.Expected(figures=0, widgets=1))
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector("
                         "'#rendered_cells .jp-RenderedHTMLCommon p')).fontSize)")
    assert size >= 18, f"body text is {size}px: too small for a projector"
    caption = page.locator(f"{SCOPE} .jupyter-widgets caption").first
    before = caption.inner_text()
    page.locator("body").focus()
    result = pages.keyboard_operates(page, SCOPE, ".widget-dropdown select", choose_keys=["ArrowDown"])
    assert caption.inner_text() != before
    artifacts.record_timing("voila", "00_start_here.ipynb", "keyboard: Tab to the kind dropdown, ArrowDown",
                            f"{result['tabs']} Tab presses, ArrowDown -> redrawn {result['kind']}", [result["ms"]])
    g.assert_no_external_requests()
