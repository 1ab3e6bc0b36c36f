"""WhereDoYouStand: the trainee's answers to the 2020 consultation, their place on the axes, the learning log."""

from __future__ import annotations

import datetime as dt
import math
import re

from .. import a11y
from ..display import esc, publisher_year
from . import log
from .cards import _wrap, quote_label, shown_quote, voice_card_html
from .dates import format_date
from .joins import ArgumentData, _text, load_argument_data
from .labels import AXES, CHOICES, CONSULTATION_ORIGIN, without_ids
from .entry import DEFAULT_LOG_FOLDER, TEMPORARY_WARNING, LogEntry  # noqa: F401  (callers import them from here too)
from .log import LogSaveError  # noqa: F401  (callers catch it from here too)




# --------------------------------------------------------------------------
# Where do you stand
# --------------------------------------------------------------------------

def _md(text) -> str:
    """One line of Markdown text: shown as written, unable to change the document's structure."""
    return log.md_inline(_text(text))


def _md_quote(text: str, indent: str = "") -> str:
    return log.md_quote(_text(text), indent)


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].rstrip("-") or "entry"


def consultation_questions(data: ArgumentData) -> list[dict]:
    """The 2020 consultation's questions (by theme origin); if the data has none, the themes
    most voices address (up to four)."""
    qs = [t for t in data.themes.values() if t.get("origin") == CONSULTATION_ORIGIN]
    if qs:
        return qs
    counts = {tid: len({a["stakeholder_id"] for a in data.arguments if a["theme_id"] == tid})
              for tid in data.themes}
    order = list(data.themes)
    best = sorted(order, key=lambda t: (-counts[t], order.index(t)))[:4]
    return [data.themes[t] for t in order if t in best]


def _lmc_first_key(data: ArgumentData):
    def key(sid):
        s = data.stakeholders[sid]
        is_lmc = "local medical committee" in (s["name"] + " " + s.get("organisation", "")).lower()
        return (not is_lmc, data.voices().index(sid) if sid in data.voices() else 1e9)
    return key


class WhereDoYouStand(LogEntry):
    """Answer the consultation's questions and place yourself on the two axes; compare with
    the voices in the sources; save a reflective learning-log entry as Markdown."""

    LOG_NAME = "where-i-stand-stakeholder-arguments"

    def __init__(self, folder: str = DEFAULT_LOG_FOLDER, data_dir=None, today: dt.date | None = None,
                 drafts: bool = True):
        import ipywidgets as w

        self._init_store(folder, drafts)
        self.data = load_argument_data(data_dir)
        self.today = today
        self.questions = consultation_questions(self.data)
        self.is_consultation = bool(self.questions) and self.questions[0].get("origin") == CONSULTATION_ORIGIN
        self.choices: dict[str, w.ToggleButtons] = {}
        self.comments: dict[str, w.Text] = {}
        rows = []
        for i, q in enumerate(self.questions, start=1):
            tid = q["theme_id"]
            self.choices[tid] = w.ToggleButtons(options=list(CHOICES), value=CHOICES[0],
                                                style={"button_width": "110px"})
            self.comments[tid] = w.Text(placeholder="Why? (optional, one line)", layout=w.Layout(width="90%"))
            label = w.HTML(f"<p><strong>Q{i}.</strong> {esc(q['question'])}</p>")
            rows.append(w.VBox([label, self.choices[tid], self.comments[tid]]))
        self.x = w.FloatSlider(value=0, min=-2, max=2, step=0.5, readout_format="+.1f",
                               description="Decisions:", layout=w.Layout(width="520px"),
                               style={"description_width": "90px"})
        self.y = w.FloatSlider(value=0, min=-2, max=2, step=0.5, readout_format="+.1f",
                               description="Joining up:", layout=w.Layout(width="520px"),
                               style={"description_width": "90px"})
        axis_help = w.HTML(
            f"<p><strong>{esc(AXES['x']['title'])}:</strong> −2 {esc(AXES['x']['low'])} … +2 "
            f"{esc(AXES['x']['high'])}.<br><strong>{esc(AXES['y']['title'])}:</strong> −2 "
            f"{esc(AXES['y']['low'])} … +2 {esc(AXES['y']['high'])}.</p>")
        area = {"layout": w.Layout(width="90%", height="70px")}
        self.read = w.Textarea(placeholder="What I read (which arguments, which documents)", **area)
        self.think = w.Textarea(placeholder="What I think (and what changed my mind, if anything)", **area)
        self.will = w.Textarea(placeholder="What I will do (in practice, in my next tutorial, ...)", **area)
        self.result = w.HTML()
        self._start_store()
        for control in [*self.choices.values(), *self.comments.values(), self.x, self.y]:
            control.observe(self._changed, names="value")
        intro = ("NHS England's consultation questions, November 2020" if self.is_consultation
                 else "Questions from the debate")
        self.widget = w.VBox([
            w.HTML(f"<h4>1. {esc(intro)}</h4>"), *rows,
            w.HTML("<h4>2. Where do you sit on the two axes of the map?</h4>"), axis_help, self.x, self.y,
            w.HTML("<h4>3. How your answers compare</h4>"), self.result,
            w.HTML("<h4>4. Reflect and save</h4>"), self.read, self.think, self.will,
            w.HBox([self.folder, self.save_button]), self.status,
        ])
        a11y.mark(self.widget, toggles=self.choices.values())  # chosen answer 5:1, aria-pressed
        self._changed()
        self._show(self._where_message())

    # -- plain methods ------------------------------------------------------------------------
    def answer(self, theme_id: str, choice: str, comment: str | None = None) -> None:
        if theme_id not in self.choices:
            raise KeyError(f"{theme_id!r} is not one of the questions here")
        if choice not in CHOICES:
            raise ValueError(f"choose one of {CHOICES}")
        self.choices[theme_id].value = choice
        if comment is not None:
            self.comments[theme_id].value = comment

    def place(self, x: float, y: float) -> None:
        self.x.value, self.y.value = x, y

    def voices_on(self, theme_id: str) -> list[dict]:
        """Every argument on this question, the LMC's first."""
        key = _lmc_first_key(self.data)
        args = [a for a in self.data.arguments if a["theme_id"] == theme_id]
        return sorted(args, key=lambda a: (key(a["stakeholder_id"]), a["mid"], a["argument_id"]))

    def nearest(self, k: int = 3) -> list[tuple[dict, float]]:
        pts = [(p, math.hypot(float(p["x"]) - self.x.value, float(p["y"]) - self.y.value))
               for p in self.data.positions]
        pts.sort(key=lambda t: (round(t[1], 9), t[0]["stakeholder_id"]))
        return pts[:k]

    def compare_html(self) -> str:
        parts = []
        for i, q in enumerate(self.questions, start=1):
            tid = q["theme_id"]
            mine = self.choices[tid].value
            comment = self.comments[tid].value.strip()
            you = f"<strong>You:</strong> {esc(mine)}" + (f" ({esc(comment)})" if comment else "")
            cards = "".join(voice_card_html(self.data, sid, items)
                            for sid, items in _group_in_order(self.voices_on(tid)).items())
            if not cards:
                cards = '<p class="juc-meta">No voice in the sources answers this question.</p>'
            parts.append(f'<section data-theme="{esc(tid)}"><p><strong>Q{i}.</strong> {esc(q["question"])}</p>'
                         f'<p class="juc-you">{you}</p><div class="juc-cards">{cards}</div></section>')
        near = self.nearest()
        if near:
            items = "".join(
                f'<li data-voice="{esc(p["stakeholder_id"])}"><strong>{esc(self.data.stakeholders[p["stakeholder_id"]]["name"])}</strong>'
                f' ({esc(AXES["x"]["title"].lower())} {float(p["x"]):+g}, {esc(AXES["y"]["title"].lower())} '
                f'{float(p["y"]):+g}; distance {dist:.1f}): {esc(without_ids(p["justification_x"]))} {esc(without_ids(p["justification_y"]))}</li>'
                for p, dist in near)
            parts.append(f"<p><strong>On the map you placed yourself at</strong> ({self.x.value:+g}, "
                         f"{self.y.value:+g}). The voices nearest to you:</p><ol>{items}</ol>")
        else:
            parts.append('<p class="juc-meta">No voice is placed on the map yet.</p>')
        return _wrap("".join(parts))

    def markdown(self) -> str:
        today = self.today or dt.date.today()
        d = self.data
        cited: list[str] = []
        lines = ["# Learning log: where I stand on joined-up care", "",
                 f"- Date: {today.isoformat()}",
                 "- Notebook: 07_stakeholder_arguments (Joined-up care, explained)", ""]
        heading = ("My answers to NHS England's consultation questions (November 2020)"
                   if self.is_consultation else "My answers to questions from the debate")
        lines += [f"## {heading}", ""]
        for i, q in enumerate(self.questions, start=1):
            tid = q["theme_id"]
            lines += [f"### Q{i}. {_md(q['question'])}", "",
                      f"- My answer: {_md(self.choices[tid].value)}"]
            if self.comments[tid].value.strip():
                lines.append(f"- Why: {_md(self.comments[tid].value.strip())}")
            lines += ["", "How the voices in the sources answered:", ""]
            args = self.voices_on(tid)
            if not args:
                lines.append("- No voice in the sources answers this question.")
            for a in args:
                s = d.stakeholders[a["stakeholder_id"]]
                src = d.sources.get(a["source_id"], {})
                if a["source_id"] not in cited:
                    cited.append(a["source_id"])
                lines.append(f"- **{_md(s['name'])}** ({_md(a['when'])}). Position (our words): {_md(a['stance'])}")
                if a["speech"] == "direct" and a.get("quote"):
                    lines += ["", f"  {_md(quote_label(a, src))}:", "", _md_quote("“" + shown_quote(a) + "”", indent="  "), ""]
                else:
                    lines.append("  Reported by the article, not a direct quote.")
                lines.append(f"  Source: {_md(src.get('title', a['source_id']))} ({_md(src.get('publisher', ''))}) [{_md(a['source_id'])}]")
            lines.append("")
        lines += ["## Where I sit on the two axes", "",
                  *(f"- {_md(AXES[k]['title'])} ({_md(AXES[k]['low'])} −2 … {_md(AXES[k]['high'])} +2): {v:+g}"
                    for k, v in (("x", self.x.value), ("y", self.y.value))), ""]
        near = self.nearest()
        if near:
            lines += ["The voices nearest to me on the map:", ""]
            for n, (p, dist) in enumerate(near, start=1):
                s = d.stakeholders[p["stakeholder_id"]]
                if p["source_id"] not in cited:
                    cited.append(p["source_id"])
                lines.append(f"{n}. **{_md(s['name'])}** at ({float(p['x']):+g}, {float(p['y']):+g}), "
                             f"distance {dist:.1f}. {_md(without_ids(p['justification_x']))} {_md(without_ids(p['justification_y']))} [{_md(publisher_year(d.sources[p['source_id']]) if p['source_id'] in d.sources else p['source_id'])}]")
            lines.append("")
        lines += ["## Reflection", ""]
        for title, box in (("What I read", self.read), ("What I think", self.think), ("What I will do", self.will)):
            lines += [f"### {title}", "", log.md_block(box.value) or "(not written)", ""]
        lines += ["## Sources cited", ""]
        for n, sid in enumerate(cited, start=1):
            src = d.sources.get(sid, {})
            when = format_date(src["date"], src["date_precision"]) if src.get("date") else ""
            url = log.md_url(_text(src["url"])) if src.get("url") else "(no public address)"
            lines.append(f"{n}. {_md(src.get('title', sid))}. {_md(src.get('publisher', ''))}, {_md(when)}. {url} [{_md(sid)}]")
        lines += ["", "_Positions are the collection's summaries in its own words; quotes are verbatim "
                  "from the documents cited._", ""]
        return "\n".join(lines)

    # -- drafts ---------------------------------------------------------------------------------
    def _draft_controls(self) -> list:
        return [self.read, self.think, self.will, self.folder, self.x, self.y,
                *self.choices.values(), *self.comments.values()]

    def draft_fields(self) -> dict:
        """What the trainee has typed and chosen so far (what the draft file keeps)."""
        return {"read": self.read.value, "think": self.think.value, "will": self.will.value,
                "folder": self.folder.value, "x": self.x.value, "y": self.y.value,
                "choices": {t: c.value for t, c in self.choices.items()},
                "comments": {t: c.value for t, c in self.comments.items()}}

    def _apply_draft(self, fields: dict) -> None:
        """Put back each value that still fits its control (a question may have gone since)."""
        for key, box in (("read", self.read), ("think", self.think), ("will", self.will), ("folder", self.folder)):
            if isinstance(fields.get(key), str):
                box.value = fields[key]
        for key, slider in (("x", self.x), ("y", self.y)):
            v = fields.get(key)
            if isinstance(v, (int, float)) and not isinstance(v, bool) and slider.min <= v <= slider.max:
                slider.value = float(v)
        for key, controls, ok in (("choices", self.choices, lambda v: v in CHOICES),
                                  ("comments", self.comments, lambda v: True)):
            saved = fields.get(key) if isinstance(fields.get(key), dict) else {}
            for tid, v in saved.items():
                if tid in controls and isinstance(v, str) and ok(v):
                    controls[tid].value = v

    def _changed(self, change=None) -> None:
        self.result.value = self.compare_html()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def _group_in_order(args: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for a in args:
        out.setdefault(a["stakeholder_id"], []).append(a)
    return out

