"""Tutor guide and answers, and the trainee version, are generated from the notebooks and current."""

from __future__ import annotations

import re

import nbformat
import pytest

from helpers.publish import nbtools, trainee, tutor

GUIDE = tutor.GUIDE.read_text(encoding="utf-8")


def test_tutor_answers_and_guide_are_current():
    assert tutor.stale() == [], "run `python -m helpers.publish.tutor` (and commit notebooks/tutor/)"


def test_trainee_version_has_not_drifted():
    assert trainee.drift() == [], "run `python -m helpers.publish.trainee` (and commit trainee/)"


def test_every_exercise_has_a_question_and_an_answer():
    total = 0
    for path in tutor.notebook_paths():
        for s in tutor.solutions(path):
            total += s.kind == "exercise"
            assert s.answer.strip(), f"{path.name} cell {s.cell}: empty solution"
            if s.kind == "exercise":
                assert s.question.strip(), f"{path.name} cell {s.cell}: no exercise text found"
    answers = tutor.ANSWERS.read_text(encoding="utf-8")
    assert answers.count("\n### Exercise ") == total


@pytest.mark.parametrize("path", tutor.notebook_paths(), ids=lambda p: p.name)
def test_trainee_notebook_has_no_solutions_and_keeps_everything_else(path):
    full = nbformat.read(path, as_version=4)
    mine = nbformat.read(trainee.TRAINEE / path.name, as_version=4)
    nbformat.validate(mine)
    text = nbformat.writes(mine)
    assert not re.search(r"<summary>[^<]*solution", text, re.I), "a solution is still there"
    assert len(mine.cells) == len(full.cells)
    for a, b in zip(full.cells, mine.cells):
        if b.cell_type == "markdown" and trainee.NOTE in b.source and a.source != b.source:
            continue  # a solution was replaced
        assert a.source == b.source
    problems = [p for p in nbtools.check(mine, path.name) if "widget" not in p]
    assert problems == []


def test_the_guide_has_a_60_and_a_90_minute_plan_whose_timings_add_up():
    plans = re.findall(r"^## Session plan: (\d+) minutes.*?\n(.*?)(?=^## )", GUIDE, re.S | re.M)
    assert [int(m) for m, _ in plans] == [60, 90]
    for minutes, body in plans:
        rows = re.findall(r"^\| (\d+):(\d\d) \| (\d+) \|", body, re.M)
        assert sum(int(r[2]) for r in rows) == int(minutes)
        clock = 0
        for h, m, length in rows:  # each section starts when the previous one ends
            assert int(h) * 60 + int(m) == clock
            clock += int(length)


def test_the_guide_ties_prompts_to_every_debate_theme():
    from helpers import data

    themes = data.load_themes()
    for label in themes[themes["origin"] == "debate"]["label"]:
        assert f"| {label} |" in GUIDE


def _toy_notebook():
    nb = nbformat.v4.new_notebook()
    md = nbformat.v4.new_markdown_cell(
        "## Exercises\nIntro.\n\n**Exercise 1: one.** Why?\n\n<details><summary>Solution</summary>\n\nBecause **A**.\n</details>\n\n"
        "**Exercise 2.** How?\n\n<details><summary>Solution</summary>\n\nLike *this*.\n</details>")
    q = nbformat.v4.new_markdown_cell("**Exercise 3: computed.** How many?")
    code = nbformat.v4.new_code_cell("m.solution('x')", execution_count=1)
    code.outputs = [nbformat.v4.new_output("execute_result", execution_count=1, data={
        "text/html": "<details><summary>Show the solution</summary><ul><li>3 of <code>x</code></li></ul></details>",
        "text/plain": "x"})]
    quiz = nbformat.v4.new_code_cell("quiz.show_questions('x')", execution_count=2)
    quiz.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": '<ol class="juc-quiz"><li><p>Q?</p><ul><li>a</li><li>b</li></ul><details><summary>Answer</summary>'
                     "<p><strong>b</strong>. Quiz feedback.</p></details></li></ol>", "text/plain": "q"})]
    after = nbformat.v4.new_code_cell("print(1)", execution_count=3)
    nb.cells = [md, q, code, quiz, after]
    return nb


def test_solutions_are_found_in_markdown_and_in_outputs(tmp_path):
    path = tmp_path / "toy.ipynb"
    nbformat.write(_toy_notebook(), path)
    found = tutor.solutions(path)
    assert [(s.kind, s.question.split("**")[1] if s.question else "") for s in found] == [
        ("exercise", "Exercise 1: one."), ("exercise", "Exercise 2."), ("exercise", "Exercise 3: computed."),
        ("self-check", "")]
    assert found[0].answer == "Because **A**."
    assert found[2].answer == "- 3 of `x`"
    assert "1. Q?\n   - a\n   - b" in found[3].answer and "**Answer:** **b**. Quiz feedback." in found[3].answer


def test_trainee_notebook_removes_solutions_and_renumbers():
    out = trainee.trainee_notebook(_toy_notebook())
    text = nbformat.writes(out)
    assert "Because" not in text and "3 of" not in text and "Show the solution" not in text
    assert out.cells[0].source.count(trainee.NOTE) == 2 and "**Exercise 2.** How?" in out.cells[0].source
    assert out.cells[2].cell_type == "markdown" and out.cells[2].source == trainee.NOTE
    assert "Answer" in text  # the self-check stays
    assert [c.execution_count for c in out.cells if c.cell_type == "code"] == [1, 2]


def test_html_to_markdown_handles_the_collections_outputs():
    md = tutor.html_to_markdown('<p>See <a href="https://x.org/a">the Act</a> &amp; <em>more</em>.</p>'
                                "<ol><li>one<ul><li>nested</li></ul></li><li>two</li></ol>")
    assert md == "See [the Act](https://x.org/a) & *more*.\n\n1. one\n   - nested\n2. two"
