"""The presenter route (``python3 run.py present``): Voilà with the juc_present template.

Every notebook renders code-hidden with no error, figures drawn and widgets live; one
interaction per notebook changes what is shown; the start-here dropdown works from the
keyboard; the page is sized for a projector; nothing is fetched from beyond 127.0.0.1.
At start-up the command prints one line (address, Ctrl+C, the log's path) and Voilà's own
messages go to the log; a presenter that cannot start says why, with the end of the log.
"""

from __future__ import annotations

import os
import time

import pytest

from helpers import catalogue

from . import artifacts, axe, harness, pages
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
def presenter_scale() -> float:
    """This file's presenter runs as on a 1080p projector: ``--scale 1.6`` (PRESENTER_VIEWPORT)."""
    from .conftest import PRESENTER_SCALE

    return PRESENTER_SCALE


@pytest.fixture(scope="module")
def presenter_page(browser, voila_server):
    from .conftest import PRESENTER_VIEWPORT, guarded_context

    g = guarded_context(browser, viewport=PRESENTER_VIEWPORT)
    page = g.context.new_page()
    yield page, g
    g.context.close()


@pytest.mark.parametrize("notebook", notebooks_to_test())
def test_notebook_works_in_the_presenter_view(notebook, voila_server, presenter_page, browser, presenter_scale):
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
    artifacts.screenshot(page, "present", notebook, full_page=True)
    artifacts.record_page_height(page, "present", notebook, SCOPE, scale=presenter_scale)
    g.assert_no_external_requests()
    assert not result["problems"], "\n".join(result["problems"])
    axe.check_if_installed(page, "voila", notebook, axe.PRESENT_OURS)


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


#: Visible widget labels, buttons and toggles whose text does not fit their box, and the
#: on-screen size of each control's text (its font size times the zoom of its ancestors).
CONTROLS_JS = r"""() => {
  const els = [...document.querySelectorAll('#rendered_cells .widget-label, #rendered_cells .jupyter-button,'
      + ' #rendered_cells .widget-dropdown select')].filter(e => e.offsetParent && e.textContent.trim());
  const zoom = e => { let z = 1; for (let a = e; a; a = a.parentElement) z *= parseFloat(getComputedStyle(a).zoom) || 1; return z; };
  return {cut: els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim().slice(0, 40)),
          sizes: els.map(e => parseFloat(getComputedStyle(e).fontSize) * zoom(e))};
}"""


def test_presenter_scale_enlarges_the_widgets_without_cutting_their_labels(voila_server, presenter_page,
                                                                          presenter_scale):
    """--scale (1.6 here, PRESENTER_SCALE) must enlarge menus, buttons and their labels as well as
    the prose, and no label may be cut short ("The…", "Gro…")."""
    page, g = presenter_page
    open_presenter(page, voila_server, "07_stakeholder_arguments.ipynb",
                   pages.expected(catalogue.NOTEBOOK_DIR / "07_stakeholder_arguments.ipynb"))
    found = page.evaluate(CONTROLS_JS)
    assert found["sizes"], "no widget controls found"
    assert not found["cut"], f"labels cut short in the presenter: {found['cut']}"
    scale = presenter_scale
    assert min(found["sizes"]) >= 13 * scale - 0.5, f"controls' text {min(found['sizes']):.1f}px at scale {scale}"
    artifacts.screenshot(page, "present-scale", "07_stakeholder_arguments.ipynb")
    g.assert_no_external_requests()


# ---------------------------------------------------------------- start-up output (no browser needed)

def _start_presenter(tmp_path, port: int | None = None):
    """``python -m helpers.publish.present 01 --no-browser`` in its own process group, like a terminal."""
    import subprocess
    import sys

    from .conftest import ROOT, free_port

    port, log = port or free_port(), tmp_path / "present.log"
    proc = subprocess.Popen([sys.executable, "-m", "helpers.publish.present", "01", "--no-browser",
                             f"--port={port}", f"--log={log}"], cwd=ROOT, text=True,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    return proc, port, log


def _first_line(proc, timeout: float = 90) -> str:
    import select

    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, f"no start-up line within {timeout:.0f} s"
    return proc.stdout.readline()


def test_presenter_start_up_prints_one_line_and_logs_the_rest(tmp_path):
    """A tutor sees one line (address, how to stop, where the log is); Voilà's notices go to the log."""
    import os
    import signal
    import urllib.request

    from helpers.publish import present

    proc, port, log = _start_presenter(tmp_path)
    try:
        line = _first_line(proc)
        url = present.url_for(port, present.find_notebook("01"))
        assert line == present.startup_line(present.find_notebook("01"), url, log) + "\n"
        assert url in line and "Ctrl+C" in line and str(log) in line
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:
            assert r.status == 200  # the address printed is being served
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl+C in the terminal reaches the whole group
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0
    assert out == "" and err == "", f"more than the one line on the terminal:\n{out}\n{err}"
    text = log.read_text()
    assert "Voilà is running at" in text and f"127.0.0.1:{port}" in text
    assert "DeprecationWarning" in text  # the warnings that used to reach the terminal
    try:  # and the server is gone
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
        raise AssertionError("Voilà still answers after Ctrl+C")
    except OSError:
        pass


def test_presenter_stopped_by_sigterm_stops_voila(tmp_path):
    """A process manager, a hub or a test stops the presenter with SIGTERM: Voilà (its child)
    must stop with it, not stay behind holding the port and its kernels."""
    import signal
    import urllib.request

    proc, port, log = _start_presenter(tmp_path)
    try:
        _first_line(proc)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as r:
            assert r.status == 200
        proc.send_signal(signal.SIGTERM)  # to the presenter alone, not its process group
        proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 128 + signal.SIGTERM
    deadline = time.monotonic() + 15
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
        except OSError:
            break  # the server is gone
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)  # the orphan, so the test leaves nothing behind
            raise AssertionError("Voilà still answers after the presenter was sent SIGTERM")
        time.sleep(0.5)


def test_presenter_that_cannot_start_says_why_with_the_end_of_its_log(tmp_path):
    """Port taken: Voilà exits; the tutor is told, with the log's last lines, and the status is 1."""
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        proc, _, log = _start_presenter(tmp_path, taken.getsockname()[1])
        out, err = proc.communicate(timeout=90)
    finally:
        taken.close()
    assert proc.returncode == 1 and out == ""
    assert err.startswith("The presenter did not start: Voilà stopped with exit status"), err
    assert str(log) in err
    assert log.read_text().strip().splitlines()[-1] in err  # the end of the log is shown


def test_presenter_log_defaults_to_the_temporary_folder():
    import tempfile
    from pathlib import Path

    from helpers.publish import present

    assert present.log_path(8866) == Path(tempfile.gettempdir()) / "joined-up-care-present-8866.log"


FIGURE_TEXT_JS = r"""() => [...document.querySelectorAll('#rendered_cells .js-plotly-plot')].map(plot => {
  const box = plot.getBoundingClientRect();
  const sizes = [...plot.querySelectorAll('svg text')].filter(t => t.textContent.trim())
      .map(t => parseFloat(getComputedStyle(t).fontSize));
  const legend = plot.querySelector('.legend');
  const lb = legend ? legend.getBoundingClientRect() : null;
  return {title: ((plot._fullLayout || {}).title || {}).text, font: (plot._fullLayout || {}).font.size,
          smallest: Math.min(...sizes), texts: sizes.length,
          legendInside: !lb || (lb.left >= box.left - 1 && lb.right <= box.right + 1)};
})"""


def test_presenter_scale_enlarges_the_figures_text(voila_server, presenter_page):
    """The figures' text follows --scale too (the kernels get it as JUC_FIGURE_SCALE): every
    text drawn in a figure is at least the collection's smallest type (11 px) times the scale,
    and the key to the structure diagrams stays inside its figure."""
    from helpers.publish import present

    page, g = presenter_page
    notebook = "05_primary_care_networks.ipynb"
    open_presenter(page, voila_server, notebook, pages.expected(catalogue.NOTEBOOK_DIR / notebook))
    scale = present.DEFAULT_SCALE
    figures = page.evaluate(FIGURE_TEXT_JS)
    assert len(figures) >= 3, figures
    for f in figures:
        assert f["font"] >= 14 * scale - 0.01, f
        assert f["texts"] and f["smallest"] >= 11 * scale - 0.5, f
        assert f["legendInside"], f"{f['title']}: the key runs out of the figure"
    artifacts.screenshot(page, "present-figure-scale", notebook)
    g.assert_no_external_requests()
