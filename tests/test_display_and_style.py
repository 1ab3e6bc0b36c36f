from __future__ import annotations

import plotly.graph_objects as go
import pytest

from helpers import catalogue, display, sources_view, style


def test_esc_escapes_hostile_text():
    assert display.esc('<script>alert("x")</script> & \'q\'') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;")


def test_html_table_escapes_cells_and_links_addresses():
    html = display.html_table([{"a": "<b>", "u": "https://example.org/?a=1&b=2"}], [("a", "A"), ("u", "U")])
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert '<a href="https://example.org/?a=1&amp;b=2"' in html


def test_references_in_order_without_repeats_and_unknown_id_fails():
    html = display.references(["seed-redding-2012", "seed-reeve-2013", "seed-redding-2012"])
    assert html.count("<li") == 2
    assert html.index("seed-redding-2012") < html.index("seed-reeve-2013")
    with pytest.raises(KeyError, match="no-such-id"):
        display.references(["no-such-id"])


def test_style_apply_and_check():
    fig = go.Figure(go.Scatter(x=[1], y=[1], marker={"color": "#ff0000"}, name="red"))
    assert "no title" in style.check_figure(fig)
    style.apply(fig, "A title", "x label", "y label")
    assert style.check_figure(fig) == ["trace 'red' uses colour #ff0000 outside the palette"]
    fig.data[0].marker.color = style.colour(0)
    assert style.check_figure(fig) == []
    with pytest.raises(ValueError):
        style.apply(go.Figure(), "")


def test_sources_browser_filters_in_place():
    b = sources_view.SourcesBrowser()
    before = b.table
    b.kind.value = "source_document"
    assert b.table is before
    assert b.table.value.count("<tr>") == 1 + 5  # header + the five documents
    b.kind.value = sources_view.ALL
    assert b.table.value.count("<tr>") == 1 + sources_view.SHOWN  # a few rows at a time, not hundreds
    assert "type a word to narrow the list" in b.table.value
    b.text.value = "pulse 2013"  # every word must match: the publisher and the year
    assert b.table is before and 0 < b.table.value.count("<td style=\"text-align:left\">Pulse</td>") == b.table.value.count("<tr>") - 1
    b.text.value = "no such source, surely"
    assert b.table.value == "<p>No source matches “no such source, surely”.</p>"


def test_sources_search_is_plain_text_and_shows_no_internal_ids():
    rows = sources_view.find_sources("(.*")  # a regex would match everything; plain text matches nothing
    assert rows.empty
    html = sources_view.sources_html(text="Health Foundation")
    assert "hf-nav-" not in html and "think_tank" not in html
    assert "Think tanks" in html


def test_catalogue_map_links_every_notebook():
    html = catalogue.map_html()
    for nb in catalogue.NOTEBOOKS:
        assert f'href="{nb.file}"' in html


def _plotly_outputs():
    import nbformat

    for path in sorted(catalogue.NOTEBOOK_DIR.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for out in cell.get("outputs", []):
                spec = out.get("data", {}).get("application/vnd.plotly.v1+json")
                if spec is not None:
                    yield path.name, spec


def test_no_figure_offers_a_button_that_uploads_it():
    """plotly.js 3 shows "Share chart..." (an upload to Plotly Cloud) unless told not to."""
    spec = style.figure_bundle(go.Figure(layout={"title": {"text": "t"}}))["application/vnd.plotly.v1+json"]
    assert "sendChartToCloud" in spec["layout"]["modebar"]["remove"]
    assert spec["config"]["showSendToCloud"] is False and spec["config"]["showEditInChartStudio"] is False
    seen = 0
    for name, spec in _plotly_outputs():
        seen += 1
        assert "sendChartToCloud" in spec["layout"].get("modebar", {}).get("remove", []), name
        assert spec.get("config", {}).get("showSendToCloud") is False, name
    assert seen > 10


def test_html_table_left_aligns_prose_and_right_aligns_numbers():
    import re

    from helpers import catalogue, routes
    from helpers.display import html_table

    table = html_table(
        [{"what": "Who held the contract", "n": "1,234", "pct": "12.5%", "link": "https://example.org/a"},
         {"what": "7 CCGs merged", "n": "42", "pct": "", "link": ""},
         {"what": "1991", "n": "7", "pct": "", "link": ""}],
        [("what", "What"), ("n", "Count"), ("pct", "Share"), ("link", "Source")])
    cells = re.findall(r"<(td|th)(\s[^>]*)?>(.*?)</\1>", table)
    assert cells and all('style="text-align:' in attrs for _, attrs, _ in cells)
    aligned = {re.sub(r"<[^>]+>", "", inner): attrs for _, attrs, inner in cells}
    for prose in ("What", "Count", "Who held the contract", "7 CCGs merged", "https://example.org/a", "1991"):
        assert "text-align:left" in aligned[prose], prose
    for number in ("1,234", "42", "12.5%"):
        assert "text-align:right" in aligned[number], number
    # the other tables of notebook 00 go through the same rule
    for html in (catalogue.map_html(), routes.one_hour_html(), routes.full_route_html()):
        for tag, attrs, inner in re.findall(r"<(td|th)(\s[^>]*)?>(.*?)</\1>", html):
            text = re.sub(r"<[^>]+>", "", inner)
            if text and not text.replace(",", "").isdigit():
                assert "text-align:left" in attrs, (tag, text)


def _stored_tables():
    """Every ``juc-table`` in the stored HTML outputs of notebooks/ and trainee/:
    (notebook, caption, table HTML)."""
    import re

    import nbformat

    table = re.compile(r'<table\b[^>]*class="[^"]*\bjuc-table\b[^"]*"[^>]*>.*?</table>', re.S)
    folders = (catalogue.NOTEBOOK_DIR, catalogue.NOTEBOOK_DIR.parent / "trainee")
    for path in sorted(p for folder in folders for p in folder.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for out in cell.get("outputs", []):
                html = out.get("data", {}).get("text/html")
                for t in table.findall("".join(html) if isinstance(html, list) else html or ""):
                    cap = re.search(r"<caption>(.*?)</caption>", t, re.S)
                    yield f"{path.parent.name}/{path.name}", (cap.group(1) if cap else t)[:70], t


def test_every_stored_table_aligns_its_prose_cells():
    """JupyterLab right-aligns every output cell: each prose cell of each table a notebook shows
    carries its own text-align (display.align_cells), as stored in the .ipynb (no kernel run)."""
    import html
    import re

    from helpers.display import _NUMBER, _YEAR

    tables, bad = 0, {}
    for name, caption, t in _stored_tables():
        tables += 1
        for _, attrs, inner in re.findall(r"<(td|th)(\s[^>]*)?>(.*?)</\1>", t, re.S):
            text = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
            if text and not (_NUMBER.match(text) and not _YEAR.match(text)) and "text-align" not in (attrs or ""):
                bad.setdefault((name, caption), text[:40])
    assert tables > 40
    assert not bad, bad


def test_presenter_css_left_aligns_the_collection_tables():
    from helpers.publish import present  # noqa: F401  (the template ships with the presenter)
    from pathlib import Path

    import helpers

    template = (Path(helpers.__file__).parent / "publish" / "jupyter_data" / "voila" / "templates"
                / "juc_present" / "index.html.j2").read_text(encoding="utf-8")
    assert ".jp-RenderedHTMLCommon table.juc-table td" in template
    assert "text-align: left" in template
