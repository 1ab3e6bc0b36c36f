"""Every notebook in JupyterLab, as a trainee sees it, in headless chromium.

For each notebook: open it, Run > Run All Cells through the menus, wait for the kernel,
then check that no output shows an error, every plotly figure is drawn with data, every
widget is a rendered widget (not its text), and one interaction changes what is shown;
no request leaves 127.0.0.1. A screenshot of each notebook goes to
test-artifacts/screenshots/ and the selection-to-redraw times to
test-artifacts/browser-timings.json.
"""

from __future__ import annotations

import time

import pytest

from helpers import catalogue

from . import artifacts, axe, harness, pages
from .interactions import HARNESS, INTERACTIONS, notebooks_to_test, skip_if_not_written

pytestmark = pytest.mark.browser

SCOPE = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"


def test_every_catalogued_notebook_has_an_interaction_entry():
    missing = [n for n in notebooks_to_test() if n not in INTERACTIONS]
    assert not missing, f"add these notebooks to INTERACTIONS in tests/browser/interactions.py: {missing}"


def open_and_run(page, lab, notebook: str, workspace: str, want: pages.Expected | None = None) -> float:
    """Open a notebook in its own workspace, run all cells from the Run menu, wait for the kernel.

    Returns the seconds from clicking Run All Cells to every cell having run.
    """
    page.goto(lab.url(notebook, workspace))
    return run_all_cells(page, want)


def run_all_cells(page, want: pages.Expected | None = None) -> float:
    """On a notebook page that is loading or loaded: wait for the kernel, Run All Cells,
    wait until every cell has run and the figures and widgets are drawn; the seconds taken."""
    page.wait_for_selector(f"{SCOPE} .jp-Cell", timeout=60_000)
    # The kernel is ready when the status bar names it and says Idle.
    page.wait_for_function(
        "() => { const t = (document.querySelector('#jp-main-statusbar') || {}).textContent || '';"
        " return !/No Kernel/.test(t) && /\\|\\s*Idle/.test(t); }", timeout=90_000)
    prompts = f"{SCOPE} .jp-CodeCell .jp-InputPrompt"
    started = None
    for attempt in range(3):
        page.click('.lm-MenuBar-itemLabel:text-is("Run")')
        page.click('.lm-Menu-itemLabel:text-is("Run All Cells")')
        started = time.monotonic()
        try:  # the run has begun once any prompt shows [*] or a number
            page.wait_for_function(
                f"() => [...document.querySelectorAll('{prompts}')].some(e => /\\[(\\*|\\d+)\\]/.test(e.textContent))",
                timeout=10_000)
            break
        except Exception:
            if attempt == 2:
                raise
    page.wait_for_function(
        f"() => {{ const p = [...document.querySelectorAll('{prompts}')].map(e => e.textContent.trim());"
        " return p.length > 0 && p.every(x => /^\\[\\d+\\]:$/.test(x)); }", timeout=180_000)
    took = time.monotonic() - started
    page.wait_for_function(
        "() => /\\|\\s*Idle/.test((document.querySelector('#jp-main-statusbar') || {}).textContent || '')",
        timeout=60_000)
    # Let the mime renderers (plotly) and widget views finish drawing.
    if want is not None:
        page.wait_for_function(pages.COUNTS_REACHED_JS, arg=[SCOPE, want.figures, want.widgets],
                               timeout=30_000)
    page.wait_for_function(pages.ALL_DRAWN_JS, arg=SCOPE, timeout=30_000)
    return took


@pytest.fixture(scope="module")
def lab_page(browser, lab_server):
    from .conftest import LAB_VIEWPORT, guarded_context

    g = guarded_context(browser, viewport=LAB_VIEWPORT)
    page = g.context.new_page()
    yield page, g
    g.context.close()


@pytest.mark.parametrize("notebook", notebooks_to_test())
def test_notebook_runs_and_works_in_jupyterlab(notebook, lab_server, lab_page, browser):
    path = catalogue.NOTEBOOK_DIR / notebook
    skip_if_not_written(notebook)
    page, g = lab_page
    took = open_and_run(page, lab_server, notebook, f"w{notebook[:2]}", pages.expected(path))
    print(f"{notebook}: Run All Cells finished in {took:.1f} s")
    result = pages.check_notebook(page, SCOPE, path, INTERACTIONS[notebook], "jupyterlab", browser.version)
    artifacts.screenshot(page, "lab", notebook)
    artifacts.record_page_height(page, "lab", notebook, SCOPE)
    g.assert_no_external_requests()
    assert not result["problems"], "\n".join(result["problems"])
    axe.check_if_installed(page, "jupyterlab", notebook, axe.LAB_OURS)  # after the interactions


def test_harness_figure_and_redraw_in_jupyterlab(lab_server, lab_page, browser):
    """The checks themselves work on a figure: a static plotly figure and a dropdown redrawing one."""
    page, g = lab_page
    path = lab_server.root / "notebooks" / harness.NAME
    open_and_run(page, lab_server, harness.NAME, "harness", pages.Expected(figures=2, widgets=1))
    rep = pages.report(page, SCOPE)
    assert len(rep["plots"]) == 2 and all(p["drawn"] > 0 for p in rep["plots"]), rep["plots"]
    assert rep["widgetViews"] == 1 and rep["widgetViewsRendered"] == 1
    result = pages.check_notebook(page, SCOPE, path, HARNESS, "jupyterlab", browser.version)
    assert result["interactions"][0]["changed"] == "figure"
    assert not result["problems"], "\n".join(result["problems"])
    g.assert_no_external_requests()


def test_keyboard_reaches_and_operates_the_start_here_dropdown(lab_server, lab_page):
    """Tab from the cell above the widget reaches the dropdown; the keyboard changes the table."""
    page, g = lab_page
    open_and_run(page, lab_server, "00_start_here.ipynb", "keyboard", pages.Expected(figures=0, widgets=1))
    select = page.locator(f"{SCOPE} .widget-dropdown select").first
    # Start from the cell just above the widget's cell, as a reader moving down the page would.
    select.evaluate("s => s.closest('.jp-Cell').previousElementSibling.setAttribute('data-juc-start', '1')")
    page.locator(f"{SCOPE} [data-juc-start] .jp-InputArea").first.click()
    # In JupyterLab's command mode a bare arrow key moves between cells, so a keyboard user
    # opens the menu with Alt+Down, moves with the arrows and chooses with Enter.
    result = pages.keyboard_operates(page, SCOPE, ".widget-dropdown select", open_keys=["Alt+ArrowDown"],
                                     choose_keys=["ArrowDown", "Enter"], max_tabs=12)
    artifacts.record_timing("jupyterlab", "00_start_here.ipynb", "keyboard: Tab to the kind dropdown, Alt+Down, Down, Enter",
                            f"{result['tabs']} Tab presses -> redrawn {result['kind']}", [result["ms"]])
    g.assert_no_external_requests()
