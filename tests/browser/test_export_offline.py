"""The offline export in a browser with the network cut: every figure still draws.

The pages are built into a temporary folder and opened from file://; every other request
(http, https, websockets) is blocked and recorded, and any attempt fails the test.
"""

from __future__ import annotations

import pytest

from helpers.publish import export

from . import artifacts, pages
from .conftest import guarded_context

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def offline(browser, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    built = export.build(out, quiet=True)
    g = guarded_context(browser, allow_file=True)
    page = g.context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield out, built, page, g, errors
    g.context.close()


def test_every_exported_page_draws_its_figures_offline(offline):
    out, built, page, g, errors = offline
    assert built, "nothing was exported"
    problems = []
    for path in export.notebooks():
        target = out / f"{path.stem}.html"
        want = pages.expected(path)
        page.goto(target.as_uri())
        page.wait_for_function(pages.ALL_DRAWN_JS, arg="body", timeout=30_000)
        plots = page.evaluate(pages.REPORT_JS, "body")["plots"]
        if len(plots) != want.figures:
            problems.append(f"{target.name}: {want.figures} figures stored, {len(plots)} drawn")
        problems += [f"{target.name}: figure {i} ({p['title']!r}) has no drawn data"
                     for i, p in enumerate(plots) if not (p["traces"] and p["drawn"])]
        problems += [f"{target.name}: {p}" for p in pages.outward_buttons(page, "body")]
        notes = page.locator(".juc-widget-note").count()
        if notes != want.widgets:
            problems.append(f"{target.name}: {want.widgets} widgets, {notes} notes in their place")
        print(f"{target.name}: {len(plots)} figures drawn offline, {notes} widget notes")
        artifacts.screenshot(page, "export", path.name)
    page.goto((out / "index.html").as_uri())
    links = page.locator("a[href$='.html']").count()
    assert links == len(export.notebooks()), f"index links {links} pages"
    artifacts.screenshot(page, "export", "index")
    assert not errors, f"JavaScript errors: {errors[:5]}"
    g.assert_no_external_requests()
    assert not problems, "\n".join(problems)


def test_the_network_guard_catches_a_page_that_reaches_out(browser, tmp_path):
    """The guard itself works: a page asking for a remote image is caught and blocked."""
    page_file = tmp_path / "leaky.html"
    page_file.write_text('<img alt="x" src="https://example.org/x.png"><script src="http://127.0.0.1:9/x.js"></script>')
    g = guarded_context(browser, allow_file=True)
    try:
        page = g.context.new_page()
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        assert any("example.org" in u for u in g.external)
        assert any("127.0.0.1:9" in u for u in g.external)  # offline means not even localhost
        with pytest.raises(AssertionError):
            g.assert_no_external_requests()
    finally:
        g.context.close()
