"""Practise for the exam: questions drawn from every notebook, the wrong ones asked again.

:class:`Practice` is the logic (plain Python, tested without a browser). It draws the questions
of ``quiz.csv`` (the exam-style ones and the notebooks' self-checks, or only some notebooks or
capabilities) in a shuffled order. A question answered wrong comes back a few questions later
(``gap``), and again until it is answered right: simple spaced repetition within a session. The
score counts first answers only, by notebook and by curriculum capability.
:class:`PractiseWidget` puts it on screen.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .. import a11y
from ..display import ShownOnce, align_cells, esc
from ..quiz import Quiz, Result


@dataclass
class Tally:
    right: int = 0  # right at the first answer
    answered: int = 0  # answered at least once
    total: int = 0  # questions in the session

    def text(self) -> str:
        return f"{self.right} of {self.answered} right first time ({self.total} in all)"


class Practice(Quiz):
    """The question bank in a session: shuffled, wrong answers repeated, scored by notebook and capability."""

    def __init__(self, notebooks=None, capabilities=None, styles=None, data_dir=None, seed=None, gap: int = 3):
        from .. import data
        from .curriculum import notebook_name

        q = data.load_quiz(data_dir)
        if notebooks:
            q = q[q["notebook"].isin([notebook_name(n) for n in notebooks])]
        if capabilities:
            q = q[q["capability"].isin(list(capabilities))]
        if styles:
            q = q[q["style"].isin(list(styles))]
        if q.empty:
            raise ValueError("no question in quiz.csv matches this choice")
        super().__init__("all", data_dir, questions=q.to_dict("records"))
        from .curriculum import capability_names

        self.capability_titles = capability_names(data_dir)
        self.gap = max(1, int(gap))
        self.rng = random.Random(seed)
        self.queue = list(range(len(self.questions)))
        self.rng.shuffle(self.queue)
        self.attempts: dict[str, int] = {}
        self.mastered: set[str] = set()  # answered right at least once
        self._last: Result | None = None

    # -- state ----------------------------------------------------------------------------------
    @property
    def index(self) -> int:  # the question on screen: the head of the queue
        return self.queue[0] if self.queue else 0

    @index.setter
    def index(self, value: int) -> None:  # Quiz.__init__ sets it; the queue decides
        pass

    @property
    def finished(self) -> bool:
        return not self.queue

    @property
    def to_repeat(self) -> int:
        """Questions answered wrong and not yet answered right."""
        return len(set(self.attempts) - self.mastered)

    def progress_text(self) -> str:
        left = len({self.questions[i]["question_id"] for i in self.queue} - set(self.attempts))
        return (f"{len(self.results)} answered, {self.to_repeat} to answer again, {left} not yet seen. "
                f"Score: {self.score} of {len(self.results)} right first time.")

    # -- actions --------------------------------------------------------------------------------
    def answer(self, option) -> Result:
        if self.finished:
            raise ValueError("the session is over: start again to practise more")
        result = super().answer(option)
        qid = result.question_id
        self.attempts[qid] = self.attempts.get(qid, 0) + 1
        if result.correct:
            self.mastered.add(qid)
        self._last = result
        return result

    def next(self) -> dict | None:
        """Move on. A question just answered wrong goes back ``gap`` places; returns the new one."""
        if not self.queue:
            return None
        head = self.queue.pop(0)
        last = self._last
        if last is not None and last.question_id == self.questions[head]["question_id"] and not last.correct:
            self.queue.insert(min(self.gap, len(self.queue)), head)
        elif last is None or last.question_id != self.questions[head]["question_id"]:
            self.queue.append(head)  # skipped without an answer: it waits at the end
        self._last = None
        return self.current if self.queue else None

    def restart(self) -> None:
        self.results.clear()
        self.attempts.clear()
        self.mastered.clear()
        self._last = None
        self.queue = list(range(len(self.questions)))
        self.rng.shuffle(self.queue)

    # -- scores ---------------------------------------------------------------------------------
    def score_by(self, key: str) -> dict[str, Tally]:
        """First-answer score per ``notebook`` or ``capability`` (in bank order)."""
        out: dict[str, Tally] = {}
        for q in self.questions:
            t = out.setdefault(q[key], Tally())
            t.total += 1
            r = self.results.get(q["question_id"])
            if r is not None:
                t.answered += 1
                t.right += r.correct
        return out

    def score_html(self) -> str:
        from ..catalogue import by_file

        def table(key: str, caption: str, name) -> str:
            rows = "".join(f'<tr><td class="juc-prose">{esc(name(k))}</td><td>{t.right}</td><td>{t.answered}</td>'
                           f"<td>{t.total}</td></tr>" for k, t in self.score_by(key).items())
            return align_cells(
                f'<table class="juc-table"><caption>{esc(caption)}</caption><thead><tr><th>{esc(key.capitalize())}'
                "</th><th>Right first time</th><th>Answered</th><th>Questions</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>")

        return (table("notebook", "Score by notebook", lambda k: f"{k[:2]} {by_file(k).title}")
                + table("capability", "Score by curriculum capability (RCGP, 2025)",
                        lambda k: self.capability_titles.get(k, k)))


class PractiseWidget(ShownOnce):
    """Practise exam-style questions from every notebook; the ones you get wrong come back."""

    ALL = "All"

    def __init__(self, data_dir=None, seed=None):
        import ipywidgets as w
        from .. import data
        from ..catalogue import NOTEBOOKS

        self.data_dir, self.seed = data_dir, seed
        bank = data.load_quiz(data_dir)
        from .curriculum import capability_names

        names = capability_names(data_dir)
        notebooks = [(f"{nb.file[:2]} {nb.title}", nb.file.removesuffix(".ipynb")) for nb in NOTEBOOKS
                     if nb.file.removesuffix(".ipynb") in set(bank["notebook"])]
        capabilities = [(t, c) for c, t in names.items() if c in set(bank["capability"])]
        layout = {"layout": w.Layout(width="420px"), "style": {"description_width": "90px"}}
        self.notebook = w.Dropdown(options=[(self.ALL, self.ALL), *notebooks], description="Notebook:", **layout)
        self.capability = w.Dropdown(options=[(self.ALL, self.ALL), *capabilities], description="Capability:", **layout)
        self.question = w.HTML()
        self.choices = w.RadioButtons(options=[], value=None, layout=w.Layout(width="auto"))
        self.check = w.Button(description="Check", button_style="primary")
        self.next_button = w.Button(description="Next question")
        self.feedback, self.progress, self.scores = w.HTML(), w.HTML(), w.HTML()
        self.check.on_click(lambda _b: self.on_check())
        self.next_button.on_click(lambda _b: self.on_next())
        for menu in (self.notebook, self.capability):
            menu.observe(lambda _c: self.start(), names="value")
        self.widget = w.VBox([w.HBox([self.notebook, self.capability]), self.question, self.choices,
                              w.HBox([self.check, self.next_button]), self.feedback, self.progress, self.scores])
        a11y.mark(self.widget, keys=[self.choices], enter=self.check)  # arrows choose, Enter checks
        self.start()

    def start(self) -> None:
        """A new session with the questions the menus choose."""
        nbs = None if self.notebook.value == self.ALL else [self.notebook.value]
        caps = None if self.capability.value == self.ALL else [self.capability.value]
        try:
            self.practice = Practice(nbs, caps, data_dir=self.data_dir, seed=self.seed)
        except ValueError:
            self.practice = None
        self._show_question()

    def _show_question(self) -> None:
        p = self.practice
        self.feedback.value = ""
        if p is None:
            self.question.value = "<p>No question matches both choices: choose another notebook or capability.</p>"
            self.choices.options, self.progress.value, self.scores.value = [], "", ""
            return
        if p.finished:
            self.question.value = (f"<p><strong>Session complete:</strong> every question answered right at least "
                                   f"once. {esc(p.progress_text())}</p>")
            self.choices.options = []
        else:
            q = p.current
            again = " (again)" if q["question_id"] in p.attempts else ""
            self.question.value = (f"<p><small>Notebook {esc(q['notebook'][:2])} · "
                                   f"{esc(p.capability_titles.get(q['capability'], q['capability']))}{esc(again)}</small></p>"
                                   f"<p>{esc(q['question'])}</p>")
            self.choices.options = p.options
            self.choices.value = None
        self.progress.value = f"<p>{esc(p.progress_text())}</p>"
        self.scores.value = p.score_html()

    def on_check(self) -> Result | None:
        p = self.practice
        if p is None or p.finished:
            return None
        if self.choices.value is None:
            self.feedback.value = "<p>Choose an answer first.</p>"
            return None
        result = p.answer(self.choices.value)
        self.feedback.value = result.html + ("" if result.correct else
                                             "<p>This question will come back in a few questions.</p>")
        self.progress.value = f"<p>{esc(p.progress_text())}</p>"
        self.scores.value = p.score_html()
        return result

    def on_next(self) -> None:
        if self.practice is not None:
            self.practice.next()
        self._show_question()

    def fixed_html(self) -> str:
        """Where widgets cannot run (a printed page, GitHub): every exam-style question, answers folded.

        The self-checks are printed in their own notebooks, and the bank in numbers is shown above.
        """
        return exam_questions_html(self.data_dir)


def exam_questions_html(data_dir=None) -> str:
    """The exam-style questions by notebook, each with its options and a folded answer and source."""
    from .. import data
    from ..catalogue import by_file
    from ..display import esc
    from ..quiz import quiz_html

    bank = data.load_quiz(data_dir)
    exam = bank[bank["style"] == "sba"]
    if exam.empty:
        return "<p>The question bank has no exam-style questions yet.</p>"
    parts = [f"<p>{len(exam)} exam-style questions, by notebook. Open <em>Answer</em> under a question "
             "to see the answer, why, and its source.</p>"]
    for notebook, rows in exam.groupby("notebook", sort=True):
        title = f"{notebook[:2]} {by_file(notebook).title}"
        parts.append(f"<h4>{esc(title)} ({len(rows)})</h4>")
        parts.append(quiz_html(Quiz(notebook, data_dir, questions=rows.to_dict("records"))))
    return "".join(parts)


def bank_html(data_dir=None) -> str:
    """The question bank in numbers: questions by notebook (self-checks and exam-style) and by capability."""
    from .. import data
    from ..catalogue import by_file

    bank = data.load_quiz(data_dir)
    from .curriculum import capability_names

    caps = data.load_capabilities(data_dir).set_index("capability_id")
    names = capability_names(data_dir)
    by_nb = bank.groupby(["notebook", "style"]).size().unstack(fill_value=0)
    rows = "".join(
        f'<tr><td class="juc-prose">{esc(nb[:2])} {esc(by_file(nb).title)}</td><td>{int(r.get("check", 0))}</td>'
        f'<td>{int(r.get("sba", 0))}</td></tr>' for nb, r in by_nb.iterrows())
    by_cap = bank.groupby("capability").size()
    cap_rows = "".join(f'<tr><td class="juc-prose">{esc(names[c])}</td>'
                       f'<td class="juc-prose">{esc(caps.loc[c, "area"])}</td><td>{int(n)}</td></tr>'
                       for c, n in by_cap.items())
    return (f"<p>{len(bank)} questions: {int((bank['style'] == 'sba').sum())} exam-style (a scenario and five "
            f"options) and {int((bank['style'] == 'check').sum())} self-checks from the notebooks.</p>"
            + align_cells(
                '<table class="juc-table"><caption>Questions by notebook</caption><thead><tr><th>Notebook</th>'
                f"<th>Self-checks</th><th>Exam-style</th></tr></thead><tbody>{rows}</tbody></table>"
                '<table class="juc-table"><caption>Questions by curriculum capability (RCGP, 2025)</caption><thead><tr>'
                f"<th>Capability</th><th>Area</th><th>Questions</th></tr></thead><tbody>{cap_rows}</tbody></table>"))


def show_bank(data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(bank_html(data_dir)))
