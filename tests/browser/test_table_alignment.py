"""In real JupyterLab, the collection's tables show prose left-aligned and numbers right-aligned.

JupyterLab's own CSS right-aligns every output table cell; the cells' style attributes
(``display.align_cells``) must win, even in a notebook that has not been run (untrusted
outputs go through JupyterLab's sanitiser). One small notebook: 00, as committed, not run.
"""

from __future__ import annotations

import pytest

from .conftest import guarded_context


@pytest.fixture
def page(browser):
    g = guarded_context(browser)
    yield g.context.new_page()
    g.context.close()


def test_route_table_prose_left_numbers_right_in_jupyterlab(lab_server, page):
    page.goto(lab_server.url("00_start_here.ipynb", "align"))
    table = page.locator(".jp-OutputArea-output table.juc-table", has_text="One hour").first
    table.wait_for(timeout=60000)
    prose = table.locator("tbody tr").first.locator("td").nth(3)  # "What to do"
    minutes = table.locator("tbody tr").first.locator("td").nth(4)
    assert prose.evaluate("e => getComputedStyle(e).textAlign") == "left"
    assert minutes.evaluate("e => getComputedStyle(e).textAlign") == "right"
    heading = table.locator("thead th").nth(3)
    assert heading.evaluate("e => getComputedStyle(e).textAlign") == "left"
