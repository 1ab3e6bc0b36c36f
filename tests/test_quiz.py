"""The self-check quiz (helpers.quiz), driven from Python without a browser."""

from __future__ import annotations

import pytest

from helpers import data, quiz, timeline
from helpers.display import esc

from . import timeline_data


@pytest.fixture
def synth(tmp_path):
    return timeline_data.write(tmp_path / "data")


def test_real_questions_load_and_every_answer_is_an_option():
    q = quiz.Quiz("01_timeline")
    rows = data.load_quiz()
    own = rows[rows["notebook"] == "01_timeline"]
    # the notebook's quiz is its short self-check; its exam-style questions are practised in 10
    assert len(q.questions) == (own["style"] == "check").sum() > 0
    assert (own["style"] == "sba").sum() > 0
    assert {r["question_id"] for r in q.questions} == set(own.loc[own["style"] == "check", "question_id"])
    for row in q.questions:
        assert row["answer"] in quiz._options(row["options"])


def test_right_answer_on_real_data_cites_event_and_source():
    w = quiz.QuizWidget("01_timeline")
    row = w.quiz.current
    w.choices.value = row["answer"]
    result = w.on_check()
    assert result.correct and result.chosen == row["answer"]
    assert "<strong>Right.</strong>" in w.feedback.value
    source = data.load_sources().set_index("source_id").loc[row["source_id"]]
    assert esc(source["title"]) in w.feedback.value and esc(source["publisher"]) in w.feedback.value
    assert esc(timeline.format_date(source["date"], source["date_precision"])) in w.feedback.value
    if isinstance(source["url"], str) and source["url"]:
        assert f'href="{esc(source["url"])}"' in w.feedback.value
    if isinstance(row["event_id"], str) and row["event_id"]:
        ev = timeline.events_frame().set_index("event_id").loc[row["event_id"]]
        assert f"{ev['when']}: {ev['title']}" == result.event_text
        assert esc(result.event_text) in w.feedback.value
        assert result.citation.startswith(f"Event: {ev['when']}: {ev['title']}. Source: {source['title']}.")
    assert "Score: 1 of 1 answered" in w.score.value


def test_wrong_answer_on_real_data_gives_the_answer_and_the_citation():
    w = quiz.QuizWidget("01_timeline")
    row = w.quiz.current
    wrong = [o for o in w.choices.options if o != row["answer"]][0]
    w.choices.value = wrong
    result = w.on_check()
    assert not result.correct and result.answer == row["answer"]
    assert "Not quite." in w.feedback.value and f"The answer is <strong>{esc(row['answer'])}</strong>" in w.feedback.value
    assert "<em>Source:</em>" in w.feedback.value
    assert "Score: 0 of 1 answered" in w.score.value


def test_only_the_first_answer_counts_and_next_moves_on(synth):
    q = quiz.Quiz("01_timeline", synth)
    assert [r["question_id"] for r in q.questions] == ["q1", "q2"]  # other notebooks' questions left out
    assert not q.answer("Month-only event").correct
    assert q.answer("Fundholding pilot").correct  # a second try shows feedback ...
    assert q.score == 0 and q.answered == 1  # ... but the first answer is the one scored
    q.next()
    assert q.current["question_id"] == "q2"
    assert q.answer("Provisional bill").correct
    assert q.score == 1 and q.finished
    q.next()
    assert q.current["question_id"] == "q1"  # wraps round
    q.restart()
    assert q.score == 0 and q.answered == 0 and q.index == 0


def test_feedback_and_question_are_escaped(synth):
    w = quiz.QuizWidget("01_timeline", data_dir=synth)
    assert "<script>" not in w.question.value and "&lt;script&gt;alert(1)&lt;/script&gt;" in w.question.value
    assert "&quot;quoted&quot;" in w.question.value
    w.choices.value = "Fundholding pilot"
    result = w.on_check()
    assert result.correct
    html = w.feedback.value
    assert "The pilot came first &amp; so on." in html
    assert "Source A &lt;b&gt;bold&lt;/b&gt;. Publisher &amp; Co, April 2013." in html
    assert 'href="https://example.org/a?x=1&amp;y=2"' in html
    assert "<em>Event:</em> 1996: Fundholding pilot begins" in html
    assert result.source_text == "Source A <b>bold</b>. Publisher & Co, April 2013. https://example.org/a?x=1&y=2"


def test_question_without_event_cites_the_source_only(synth):
    w = quiz.QuizWidget("01_timeline", data_dir=synth)
    w.on_next()
    assert "Question 2 of 2" in w.question.value and w.choices.value is None
    w.choices.value = "Second era switch"
    result = w.on_check()
    assert not result.correct and result.event_text == ""
    assert "<em>Event:</em>" not in w.feedback.value
    assert result.citation == "Source: Source C. Publisher C, 26 November 2020."  # no address known
    assert "All done: 0 of 2" not in w.score.value  # q1 not answered yet


def test_check_without_a_choice_asks_for_one(synth):
    w = quiz.QuizWidget("01_timeline", data_dir=synth)
    assert w.on_check() is None
    assert w.feedback.value == "<p>Choose an answer first.</p>"
    assert w.quiz.answered == 0


def test_answer_rejects_options_that_are_not_offered(synth):
    q = quiz.Quiz("01_timeline", synth)
    with pytest.raises(ValueError, match="not one of"):
        q.answer("<script>")
    with pytest.raises(ValueError, match="choose an answer"):
        q.answer(None)


def test_a_notebook_without_questions_fails_clearly(synth):
    with pytest.raises(ValueError, match="no self-check questions for notebook 'nope'"):
        quiz.Quiz("nope", synth)


def test_static_questions_fold_the_answers(synth):
    html = quiz.questions_html("01_timeline", synth)
    assert html.count("<details><summary>Answer</summary>") == 2
    assert "<script>" not in html and "Not in this notebook" not in html
    real = quiz.questions_html("01_timeline")
    assert real.count("<details>") == len(quiz.Quiz("01_timeline").questions)
