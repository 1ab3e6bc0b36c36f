"""Self-check quizzes over ``data/quiz.csv``: one question at a time, with cited feedback.

:class:`Quiz` holds the logic (plain Python, tested without a browser): the questions of one
notebook in file order, :meth:`Quiz.answer` marks an option and returns a :class:`Result`
whose feedback names the event (date, title) and the source (title, publisher, date, address)
behind the answer, the score (first answer to each question counts), and :meth:`Quiz.next`.
:class:`QuizWidget` puts radio buttons, a Check button, the feedback and the score round it;
the arrow keys choose an answer and Enter checks it (:mod:`helpers.a11y`).
Everything shown from data is HTML-escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import a11y
from .display import ShownOnce, esc


@dataclass(frozen=True)
class Result:
    """What checking one answer gives back."""

    question_id: str
    chosen: str
    correct: bool
    answer: str
    feedback: str  # the question's own feedback text (plain)
    event_text: str  # "1 April 2013: CCGs and NHS England take over commissioning" or ""
    source_text: str  # "Title. Publisher, date. https://..."
    html: str  # the whole feedback, escaped, for the widget

    @property
    def citation(self) -> str:
        parts = []
        if self.event_text:
            parts.append(f"Event: {self.event_text}.")
        parts.append(f"Source: {self.source_text}")
        return " ".join(parts)


def _options(text: str) -> list[str]:
    return [o.strip() for o in str(text).split("|")]


class Quiz:
    """The questions for one notebook, in file order, and the score so far."""

    #: The notebook quizzes are the short self-checks; the exam-style questions are practised in notebook 10.
    STYLE = "check"

    def __init__(self, notebook: str = "01_timeline", data_dir=None, questions: list[dict] | None = None):
        """The self-checks of ``notebook``, or the rows of quiz.csv given as ``questions``."""
        from .data import load_quiz, load_sources
        from .timeline import events_frame, format_date

        if questions is None:
            q = load_quiz(data_dir)
            q = q[q["notebook"].isin([notebook, f"{notebook}.ipynb"]) & (q["style"] == self.STYLE)]
            questions = q.to_dict("records")
        if not questions:
            raise ValueError(f"quiz.csv has no self-check questions for notebook {notebook!r}")
        self.notebook = notebook
        self.questions = questions
        self._sources = load_sources(data_dir).set_index("source_id")
        self._events = events_frame(data_dir).set_index("event_id")
        self._format_date = format_date
        self.index = 0
        self.results: dict[str, Result] = {}  # first answer to each question

    # -- state ------------------------------------------------------------
    @property
    def current(self) -> dict:
        return self.questions[self.index]

    @property
    def options(self) -> list[str]:
        return _options(self.current["options"])

    @property
    def score(self) -> int:
        return sum(r.correct for r in self.results.values())

    @property
    def answered(self) -> int:
        return len(self.results)

    @property
    def finished(self) -> bool:
        return self.answered == len(self.questions)

    def score_text(self) -> str:
        return f"Score: {self.score} of {self.answered} answered ({len(self.questions)} questions)."

    # -- citations --------------------------------------------------------
    def event_text(self, row: dict) -> str:
        eid = row.get("event_id")
        if not isinstance(eid, str) or not eid or eid not in self._events.index:
            return ""
        e = self._events.loc[eid]
        return f"{e['when']}: {e['title']}"

    def source_text(self, row: dict) -> str:
        s = self._sources.loc[row["source_id"]]
        when = self._format_date(s["date"], s["date_precision"])
        url = s["url"] if isinstance(s["url"], str) and s["url"] else ""
        return f"{s['title']}. {s['publisher']}, {when}." + (f" {url}" if url else "")

    def _source_html(self, row: dict) -> str:
        s = self._sources.loc[row["source_id"]]
        when = self._format_date(s["date"], s["date_precision"])
        url = s["url"] if isinstance(s["url"], str) and s["url"] else ""
        link = f' <a href="{esc(url)}" target="_blank" rel="noopener">{esc(url)}</a>' if url else ""
        return f"{esc(s['title'])}. {esc(s['publisher'])}, {esc(when)}.{link}"

    # -- actions ------------------------------------------------------------
    def answer(self, option) -> Result:
        """Mark ``option`` for the current question. Only the first answer counts for the score."""
        row = self.current
        if option is None or str(option).strip() == "":
            raise ValueError("choose an answer first")
        if str(option).strip() not in self.options:
            raise ValueError(f"{option!r} is not one of this question's options")
        chosen = str(option).strip()
        right = row["answer"].strip()
        correct = chosen == right
        event = self.event_text(row)
        verdict = ("<strong>Right.</strong>" if correct else
                   f"<strong>Not quite.</strong> The answer is <strong>{esc(right)}</strong>.")
        # line-height: an HTML widget's lines are as tall as a control (28px): double-spaced
        html = [f'<div class="juc-feedback" style="line-height:1.4"><p>{verdict} {esc(row["feedback"])}</p>']
        if event:
            html.append(f"<p><em>Event:</em> {esc(event)}</p>")
        html.append(f"<p><em>Source:</em> {self._source_html(row)}</p></div>")
        result = Result(row["question_id"], chosen, correct, right, row["feedback"], event,
                        self.source_text(row), "".join(html))
        self.results.setdefault(row["question_id"], result)
        return result

    def next(self) -> dict:
        """Move to the next question (back to the first after the last); returns it."""
        self.index = (self.index + 1) % len(self.questions)
        return self.current

    def restart(self) -> None:
        self.index = 0
        self.results.clear()


class QuizWidget(ShownOnce):
    """A self-check: question, radio options, Check, cited feedback, score, Next."""

    def __init__(self, notebook: str = "01_timeline", data_dir=None):
        import ipywidgets as w

        self.quiz = Quiz(notebook, data_dir)
        self.question = w.HTML()
        self.choices = w.RadioButtons(options=[], value=None, layout=w.Layout(width="auto"))
        self.check = w.Button(description="Check", button_style="primary")
        self.next_button = w.Button(description="Next question")
        self.feedback = w.HTML()
        self.score = w.HTML()
        self.check.on_click(lambda b: self.on_check())
        self.next_button.on_click(lambda b: self.on_next())
        self.widget = w.VBox([self.question, self.choices, w.HBox([self.check, self.next_button]),
                              self.feedback, self.score])
        # the arrow keys choose an answer and Enter checks it, inside JupyterLab too
        a11y.mark(self.widget, keys=[self.choices], enter=self.check)
        self._show_question()

    def _show_question(self) -> None:
        q = self.quiz
        self.question.value = (f"<p><strong>Question {q.index + 1} of {len(q.questions)}.</strong> "
                               f"{esc(q.current['question'])}</p>")
        self.choices.options = q.options
        self.choices.value = None
        self.feedback.value = ""
        self.score.value = f"<p>{esc(q.score_text())}</p>"

    def on_check(self):
        """Check the selected option; show cited feedback and the score. Returns the Result."""
        if self.choices.value is None:
            self.feedback.value = "<p>Choose an answer first.</p>"
            return None
        result = self.quiz.answer(self.choices.value)
        self.feedback.value = result.html
        self.score.value = f"<p>{esc(self.quiz.score_text())}</p>"
        if self.quiz.finished:
            self.score.value += (f"<p><strong>All done: {self.quiz.score} of "
                                 f"{len(self.quiz.questions)} right first time.</strong></p>")
        return result

    def on_next(self) -> None:
        self.quiz.next()
        self._show_question()

    def fixed_html(self) -> str:
        """Where widgets cannot run: every question, the answers folded away."""
        return quiz_html(self.quiz)


def questions_html(notebook: str = "01_timeline", data_dir=None) -> str:
    """Every question with its options, answers folded away: the static version of the quiz."""
    return quiz_html(Quiz(notebook, data_dir))


def quiz_html(quiz: Quiz) -> str:
    """:func:`questions_html` for a quiz already loaded."""
    items = []
    for row in quiz.questions:
        opts = "".join(f"<li>{esc(o)}</li>" for o in _options(row["options"]))
        event = quiz.event_text(row)
        cite = (f"Event: {esc(event)}. " if event else "") + f"Source: {quiz._source_html(row)}"
        items.append(f"<li><p>{esc(row['question'])}</p><ul>{opts}</ul><details><summary>Answer"
                     f"</summary><p><strong>{esc(row['answer'])}</strong>. {esc(row['feedback'])}</p>"
                     f"<p>{cite}</p></details></li>")
    return f'<ol class="juc-quiz">{"".join(items)}</ol>'


def show_questions(notebook: str = "01_timeline", data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(questions_html(notebook, data_dir)))
