"""The offline export in a browser with the network cut: every figure still draws.

The pages are built into a temporary folder and opened from file://; every other request
(http, https, websockets) is blocked and recorded, and any attempt fails the test. Both
kinds of page are opened: the default folder, whose pages share plotly.min.js and
JupyterLab's styles beside them, and a single-file page alone in its folder; and a shared
page copied without its shared files says so instead of showing blank figures.
"""

from __future__ import annotations

import shutil

import pytest

from helpers.publish import export

from . import artifacts, axe, pages
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


#: the custom properties JupyterLab's two style sheets set on :root (index.css, theme-light.css)
STYLED_JS = """() => ['--jp-icon-add', '--jp-shadow-umbra-color'].map(
    v => getComputedStyle(document.documentElement).getPropertyValue(v).trim() !== '')"""
MISSING_JS = "() => window.jucShared.missing.slice().sort()"


def open_page(page, target, want) -> list[str]:
    """Open a page from file:// and check what it draws; returns the problems found."""
    page.goto(target.as_uri())
    page.wait_for_function(pages.ALL_DRAWN_JS, arg="body", timeout=30_000)
    plots = page.evaluate(pages.REPORT_JS, "body")["plots"]
    problems = []
    if len(plots) != want.figures:
        problems.append(f"{target.name}: {want.figures} figures stored, {len(plots)} drawn")
    problems += [f"{target.name}: figure {i} ({p['title']!r}) has no drawn data"
                 for i, p in enumerate(plots) if not (p["traces"] and p["drawn"])]
    problems += [f"{target.name}: {p}" for p in pages.outward_buttons(page, "body")]
    notes = page.locator(".juc-widget-note").count()
    if notes != want.widgets:
        problems.append(f"{target.name}: {want.widgets} widgets, {notes} notes in their place")
    if page.evaluate(STYLED_JS) != [True, True]:
        problems.append(f"{target.name}: JupyterLab's styles did not apply")
    if page.locator("#juc-missing").is_visible() or page.evaluate(MISSING_JS):
        problems.append(f"{target.name}: says a shared file is missing: {page.evaluate(MISSING_JS)}")
    print(f"{target.name}: {len(plots)} figures drawn offline, {notes} widget notes")
    return problems


def test_every_exported_page_draws_its_figures_offline(offline):
    out, built, page, g, errors = offline
    assert built, "nothing was exported"
    problems = []
    for path in export.notebooks():
        problems += open_page(page, out / f"{path.stem}.html", pages.expected(path))
        artifacts.screenshot(page, "export", path.name)
        try:
            axe.check_if_installed(page, "export", path.name, axe.EXPORT_OURS)
        except AssertionError as e:  # every page is checked; all findings are reported together
            problems.append(str(e))
    page.goto((out / "index.html").as_uri())
    links = page.locator("a[href$='.html']").count()
    assert links == len(export.notebooks()), f"index links {links} pages"
    artifacts.screenshot(page, "export", "index")
    assert not errors, f"JavaScript errors: {errors[:5]}"
    g.assert_no_external_requests()
    assert not problems, "\n".join(problems)


def test_a_single_file_page_works_alone_offline(offline, tmp_path):
    """--single-file 07: one page, alone in its folder, draws its figure with the network cut."""
    _, _, page, g, errors = offline
    assert export.main(["--single-file", "--out", str(tmp_path), "07"]) == 0
    (target,) = tmp_path.iterdir()  # nothing beside it
    path = export.notebooks(["07"])[0]
    problems = open_page(page, target, pages.expected(path))
    assert page.locator("#juc-missing").count() == 0
    artifacts.screenshot(page, "export", "single-file-07")
    assert not errors, f"JavaScript errors: {errors[:5]}"
    g.assert_no_external_requests()
    assert not problems, "\n".join(problems)


def test_a_page_without_its_shared_files_says_so(offline, tmp_path):
    """A shared page copied on its own names the missing files; each figure says it is not drawn."""
    out, _, page, g, errors = offline
    path = export.notebooks(["07"])[0]
    alone = tmp_path / path.with_suffix(".html").name
    shutil.copyfile(out / alone.name, alone)
    page.goto(alone.as_uri())
    page.wait_for_function(f"() => window.jucShared.missing.length === {len(export.shared_files())}",
                           timeout=15_000)
    assert page.evaluate(MISSING_JS) == sorted(export.shared_files())
    notice = page.locator("#juc-missing")
    assert notice.is_visible()
    text = " ".join(notice.inner_text().split())
    assert "Part of this page is missing." in text and export.SHARED_JS in text, text
    assert "python3 run.py export --single-file 07" in text, text
    figures = page.locator(".juc-figure")
    assert figures.count() == pages.expected(path).figures > 0
    for i in range(figures.count()):
        assert "This figure is not drawn" in figures.nth(i).inner_text()
        assert figures.nth(i).bounding_box()["height"] < 200  # a sentence, not an empty 320px box
    assert page.locator(".js-plotly-plot").count() == 0
    artifacts.screenshot(page, "export", "missing-shared-files-07")
    assert not errors, f"JavaScript errors: {errors[:5]}"
    g.assert_no_external_requests()


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


def test_the_exported_maps_draw_every_area_offline(offline):
    """Notebook 08's three maps, drawn from file:// with the network cut: every area of every
    layer, and no request for plotly's world map (which it fetches when a choropleth comes first)."""
    from helpers.data import ods

    out, built, page, g, errors = offline
    page.goto((out / "08_your_patch.html").as_uri())
    page.wait_for_function(pages.ALL_DRAWN_JS, arg="body", timeout=30_000)
    want = sum(len(ods.load_derived(t)) for t in ("map_ccgs_2021", "map_icbs_2022", "map_icbs_2026"))
    drawn = page.locator("path.choroplethlocation").count()
    assert drawn == want, f"{drawn} areas drawn offline, the three layers have {want}"
    assert "Contains OS data" in page.inner_text("body")
    g.assert_no_external_requests()
