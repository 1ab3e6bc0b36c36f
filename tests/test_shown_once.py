"""Each view is shown once on every route (issue 16).

A table or quiz widget carries its own fixed view as the ``text/html`` of its output: JupyterLab
and the presenter draw the widget, a page without a kernel shows the fixed view. So the notebook
needs no separate static copy before it, and none may remain.
"""

import json
from pathlib import Path

import pytest

from helpers import arguments, data, patch, quiz, sources_view, style, training
from helpers.display import ShownOnce

ROOT = Path(__file__).resolve().parents[1]
WIDGET = "application/vnd.jupyter.widget-view+json"


def bundle(view):
    return view._repr_mimebundle_()


@pytest.mark.parametrize("make", [
    lambda: sources_view.SourcesBrowser(),
    lambda: arguments.ArgumentExplorer(theme="national-vs-local"),
    lambda: arguments.VoiceComparison("richard-vautrey", "david-geddes"),
    lambda: quiz.QuizWidget("01_timeline"),
    lambda: training.PractiseWidget(seed=1),
], ids=["sources", "explorer", "comparison", "quiz", "practise"])
def test_widget_output_carries_the_widget_and_its_fixed_view(make):
    view = make()
    assert isinstance(view, ShownOnce)
    b = bundle(view)
    assert WIDGET in b and b[WIDGET]["model_id"] == view.widget.model_id
    assert b["text/html"] == view.fixed_html() and len(b["text/html"]) > 200


@pytest.mark.parametrize("make, title", [
    (lambda: patch.LineageExplorer(), "From 211 CCGs (April 2013) to 42 ICBs (July 2022)"),
    (lambda: patch.PcnSizeView(), "PCN registered populations on 1 May 2022"),
], ids=["lineage", "pcn-sizes"])
def test_figure_widgets_of_08_carry_their_opening_figure(make, title):
    """Notebook 08 has no static copy before these widgets: each output carries the opening
    view's summary and figure (the same figure the widget draws first), shown where widgets cannot run."""
    view = make()
    b = bundle(view)
    assert isinstance(view, ShownOnce) and b[WIDGET]["model_id"] == view.widget.model_id
    shown = view.out.outputs[0]["data"]["application/vnd.plotly.v1+json"]
    fixed = json.loads(b[style.COMPACT_PLOTLY_MIME])
    assert fixed == json.loads(json.dumps(shown)) and fixed["layout"]["title"]["text"] == title
    assert b["text/html"] == style.summary_html(view.summary)
    view.choice.value = view.choice.options[1][1]  # another view on screen: the fixed one stays the opening one
    assert json.loads(bundle(view)[style.COMPACT_PLOTLY_MIME]) == fixed


def test_fixed_view_follows_the_current_choice():
    browser = sources_view.SourcesBrowser()
    # the sources' fixed view is their numbers by kind, whatever the menu says (a page, not 300 rows)
    assert bundle(browser)["text/html"] == sources_view.summary_html()
    assert "<td style=\"text-align:" in sources_view.summary_html() and "hf-nav" not in sources_view.summary_html()

    comparison = arguments.VoiceComparison("richard-vautrey", "david-geddes")
    first = bundle(comparison)["text/html"]
    comparison.b.value = "hugh-reeve"
    assert bundle(comparison)["text/html"] == comparison.render() != first


def test_practise_fixed_view_prints_every_exam_question_with_its_answer_folded():
    html = bundle(training.PractiseWidget(seed=1))["text/html"]
    bank = data.load_quiz()
    exam = bank[bank["style"] == "sba"]
    assert html.count("<details><summary>Answer") == len(exam) > 0
    for row in exam.head(5).itertuples():
        assert quiz.esc(row.question) in html
    assert quiz.esc(bank[bank["style"] == "check"].iloc[0]["question"]) not in html  # printed in its notebook


def _html_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for n, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html")
            if html:
                yield n, "".join(html) if isinstance(html, list) else html


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_no_notebook_shows_the_same_view_twice(path):
    # The saved notebooks keep a widget's fixed view (its text/html) and drop the live view,
    # so a static copy of the same table before or after the widget would show up as a repeat.
    seen = {}
    for n, html in _html_outputs(path):
        if len(html) < 500:  # short notes (a summary line, a widget hint) may repeat
            continue
        assert html not in seen, f"{path.name}: cells {seen[html]} and {n} show the same view"
        seen[html] = n
