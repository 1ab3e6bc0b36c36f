"""One escaping function for every string from the data that goes into a plotly figure.

Plotly draws some HTML (``<b>``, ``<a href>``, ``<span style>``) and decodes ``&amp;``, ``&lt;``,
``&gt;`` and numeric entities, but shows ``&quot;`` literally. Markup in the data must therefore
arrive escaped, and no ``&quot;`` may reach a figure. These tests put hostile text into copies of
the tables behind the timeline, the structure diagrams, the lineage Sankey and notebook 09's lanes,
then read every string in each figure.
"""

from __future__ import annotations

import csv
import io

import pytest

from helpers import data, structure, timeline
from helpers.display import plot_text
from helpers.now.arrangements import arrangements_figure
from helpers.patch import lineage

HOSTILE = '<b>bold</b> "quoted" & <a href="https://example.org">link</a> <span style="color:red">red</span>'
RAW_MARKUP = ("<b>bold", "<a href", '<span style="color:red"')  # the markup HOSTILE carries


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _strings(v)


def _assert_escaped(fig):
    if isinstance(fig, tuple):  # (figure, summary) from the helpers that return both
        fig = fig[0]
    texts = list(_strings(fig.to_plotly_json()))
    joined = "\n".join(texts)
    assert "&quot;" not in joined, "plotly would show &quot; literally"
    for raw in RAW_MARKUP:
        assert raw not in joined, f"data markup {raw!r} reached the figure unescaped"
    assert plot_text("<b>bold</b>") in joined  # the hostile text is shown, as text


def _rewrite(path, column, rows_to_change=1, value=HOSTILE, where=None):
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    changed = 0
    for r in rows:
        if changed < rows_to_change and (where is None or where(r)):
            r[column] = value
            changed += 1
    assert changed, f"no row to change in {path.name}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(autouse=True)
def fresh_caches():
    data.clear_cache()
    timeline.clear_cache()
    yield
    data.clear_cache()
    timeline.clear_cache()


def test_plot_text_escapes_markup_and_writes_quotes_as_numeric_entities():
    assert plot_text(HOSTILE).count("&#34;") == 6
    assert "&quot;" not in plot_text(HOSTILE) and "<" not in plot_text(HOSTILE)
    assert plot_text(None) == "" and plot_text("a & b") == "a &amp; b"


def test_timeline_hovers_and_lanes_escape_the_data(data_copy):
    _rewrite(data_copy / "events.csv", "title", rows_to_change=3)
    _rewrite(data_copy / "events.csv", "summary", rows_to_change=3)
    _rewrite(data_copy / "eras.csv", "label")
    _assert_escaped(timeline.timeline_figure(data_dir=data_copy))


def test_counts_hovers_escape_the_data(data_copy):
    _rewrite(data_copy / "org_counts.csv", "note", rows_to_change=5)
    _rewrite(data_copy / "sources.csv", "title", rows_to_change=400)
    fig = timeline.counts_figure(data_dir=data_copy)
    _assert_escaped(fig)


def test_structure_labels_and_hovers_escape_the_data(data_copy):
    _rewrite(data_copy / "structures.csv", "label", where=lambda r: r["era"] == "icss")
    _rewrite(data_copy / "structures.csv", "description", where=lambda r: r["era"] == "icss")
    _rewrite(data_copy / "structure_links.csv", "label", rows_to_change=200)
    _assert_escaped(structure.structure_figure("icss", data_dir=data_copy))
    _assert_escaped(structure.compare_eras("ccgs", "icss", data_dir=data_copy))


def test_lineage_labels_and_hovers_escape_the_data(data_copy):
    _rewrite(data_copy / "derived" / "ccgs.csv", "name", rows_to_change=300)
    _rewrite(data_copy / "derived" / "icbs.csv", "icb_name", rows_to_change=50)
    for icb in (None, "QE1"):
        fig, _summary = lineage.lineage_figure(icb, folder=data_copy / "derived")
        _assert_escaped(fig)


def test_practice_lanes_escape_the_data(data_copy):
    _rewrite(data_copy / "practice_arrangements.csv", "detail", rows_to_change=50)
    _rewrite(data_copy / "practice_arrangements.csv", "label", rows_to_change=1)
    _assert_escaped(arrangements_figure(data_dir=data_copy))
