"""WhereDoYouStand: the trainee's answers to the 2020 consultation, their place on the axes, the learning log."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from pathlib import Path

from ..display import esc
from . import log
from .cards import _wrap, quote_label, shown_quote, voice_card_html
from .dates import format_date
from .joins import ArgumentData, _text, load_argument_data
from .labels import AXES, CHOICES, CONSULTATION_ORIGIN
from .log import LogSaveError  # noqa: F401  (callers catch it from here too)


# Beside the notebooks (the current folder when run from one), so JupyterLab's file browser shows it.
DEFAULT_LOG_FOLDER = "learning-log"
TEMPORARY_WARNING = ("<strong>This session is temporary</strong> (Binder, or a hub whose home folder is "
                     "under /tmp): files saved here vanish when the session ends. After saving, use the "
                     "download link that appears here and keep the entry on your own computer.")


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


class WhereDoYouStand:
    """Answer the consultation's questions and place yourself on the two axes; compare with
    the voices in the sources; save a reflective learning-log entry as Markdown."""

    LOG_NAME = "where-i-stand-stakeholder-arguments"

    def __init__(self, folder: str = DEFAULT_LOG_FOLDER, data_dir=None, today: dt.date | None = None,
                 drafts: bool = True):
        import ipywidgets as w

        self.base_dir = Path(os.getcwd())  # a relative folder is beside the notebooks, fixed now
        self.temporary = log.temporary_home()
        self._message, self._draft_note, self._link, self._last_draft = "", "", "", None
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
        self.folder = w.Text(value=folder, description="Save in:", layout=w.Layout(width="520px"))
        self.save_button = w.Button(description="Save learning-log entry", button_style="primary",
                                    icon="save", layout=w.Layout(width="240px"))
        self.result = w.HTML()
        self.status = w.HTML()
        self.draft_file = self._draft_location(folder) if drafts else None
        self._restore_draft()
        for control in [*self.choices.values(), *self.comments.values(), self.x, self.y]:
            control.observe(self._changed, names="value")
        for control in self._draft_controls():
            control.observe(self._draft_changed, names="value")
        self.folder.observe(lambda _change: self._show(self._where_message()), names="value")
        self.save_button.on_click(self._save_clicked)
        intro = ("NHS England's consultation questions, November 2020" if self.is_consultation
                 else "Questions from the debate")
        self.widget = w.VBox([
            w.HTML(f"<h4>1. {esc(intro)}</h4>"), *rows,
            w.HTML("<h4>2. Where do you sit on the two axes of the map?</h4>"), axis_help, self.x, self.y,
            w.HTML("<h4>3. How your answers compare</h4>"), self.result,
            w.HTML("<h4>4. Reflect and save</h4>"), self.read, self.think, self.will,
            w.HBox([self.folder, self.save_button]), self.status,
        ])
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
                f'{float(p["y"]):+g}; distance {dist:.1f}): {esc(p["justification_x"])} {esc(p["justification_y"])}</li>'
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
                             f"distance {dist:.1f}. {_md(p['justification_x'])} {_md(p['justification_y'])} [{_md(p['source_id'])}]")
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

    def path_for(self, folder) -> Path:
        """A new file name in ``folder``: date and slug, with -2, -3, ... rather than overwrite."""
        return log.next_free_path(log.resolve_folder(folder, self.base_dir), self._base_name())

    def save(self, folder=None) -> Path:
        """Write the entry as Markdown in ``folder`` (created if absent; default: the folder
        field), never overwriting; read it back and return its absolute path. Raises
        :class:`LogSaveError` (with ``reason`` in words) if it is not saved or not confirmed.
        The draft is deleted only after the confirmed save."""
        return self._save_text(self.markdown(), folder)

    def _save_text(self, text: str, folder=None) -> Path:
        chosen = folder if folder is not None else (self.folder.value.strip() or DEFAULT_LOG_FOLDER)
        path = log.save_entry(chosen, self._base_name(), text, base_dir=self.base_dir)
        self._discard_draft()
        return path

    def _base_name(self) -> str:
        return f"{(self.today or dt.date.today()).isoformat()}-{self.LOG_NAME}"

    def _save_clicked(self, _button=None) -> None:
        text = path = None
        try:
            text = self.markdown()
            path = self._save_text(text)
        except LogSaveError as exc:
            reason = exc.reason
        except Exception as exc:  # a failed save must still say so, whatever the cause
            reason = f"something unexpected went wrong ({type(exc).__name__}: {exc})"
        if path is not None:
            return self._show(f"Saved and checked (read back from the disk, identical): <code>{esc(path)}</code>. "
                              "Nothing was sent anywhere.", log.download_link(text, path.name) if self.temporary else "")
        kept = (f" What you typed is kept as a draft in <code>{esc(self.draft_file)}</code>."
                if self.draft_file is not None and self.draft_file.exists() else "")
        self._show(f"<strong>Not saved:</strong> {esc(reason)}.{kept} Choose another folder and press Save again"
                   + (", or download the entry:" if text is not None else "."),
                   log.download_link(text, f"{self._base_name()}.md") if text is not None else "")

    def _where_message(self) -> str:
        try:
            folder = log.resolve_folder(self.folder.value.strip() or DEFAULT_LOG_FOLDER, self.base_dir)
        except LogSaveError as exc:
            return f"<strong>This folder cannot be used:</strong> {esc(exc.reason)}."
        drafts = " What you type is kept as a draft until you save." if self.draft_file is not None else ""
        return (f"The entry is saved as a Markdown file in <code>{esc(folder)}</code>"
                f"{' (beside the notebooks)' if folder.parent == self.base_dir else ''}; nothing is sent anywhere.{drafts}")

    def _show(self, message: str | None = None, link: str = "") -> None:
        if message is not None:
            self._message, self._link = message, link
        parts = [TEMPORARY_WARNING] if self.temporary else []
        parts += [p for p in (self._message, self._draft_note, self._link) if p]
        self.status.value = "".join(f"<p>{p}</p>" for p in parts)

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

    def _draft_location(self, folder) -> Path | None:
        try:
            return log.draft_path(log.resolve_folder(folder or DEFAULT_LOG_FOLDER, self.base_dir), self.LOG_NAME)
        except LogSaveError as exc:
            self._draft_note = f"What you type is not kept as a draft: {esc(exc.reason)}."
            return None

    def _restore_draft(self) -> None:
        if self.draft_file is None:
            return
        try:
            draft = log.read_draft(self.draft_file)
        except log.DraftError as exc:
            aside = log.set_aside(self.draft_file)
            if aside is None:  # keep it where it is, and do not write over it
                self.draft_file = None
            self._draft_note = (f"<strong>Your earlier draft could not be restored:</strong> {esc(exc)}. "
                                + (f"The file was kept as <code>{esc(aside)}</code>." if aside is not None else
                                   "It could not be moved aside, so it is left as it is and no new draft is kept."))
            return
        if draft is None:
            return
        self._apply_draft(draft["fields"])
        self._last_draft = self.draft_fields()
        self._draft_note = (f"Restored your unsaved draft (last changed {esc(draft.get('updated', '?'))}) "
                            f"from <code>{esc(self.draft_file)}</code>.")

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

    def _draft_changed(self, change=None) -> None:
        if self.draft_file is None:
            return
        fields = self.draft_fields()
        if fields == self._last_draft:
            return
        try:
            log.write_draft(self.draft_file, fields)
        except (OSError, ValueError) as exc:
            note = f"What you type is not being kept as a draft ({esc(exc)}); save or download the entry."
        else:
            self._last_draft, note = fields, ("" if self._draft_note.startswith("What you type") else self._draft_note)
        if note != self._draft_note:
            self._draft_note = note
            self._show()

    def _discard_draft(self) -> None:
        self._last_draft = self.draft_fields()
        if self.draft_file is None:
            return
        try:
            log.delete_draft(self.draft_file)
            self._draft_note = ""
        except OSError as exc:
            self._draft_note = f"The draft {esc(self.draft_file)} could not be removed ({esc(exc)})."

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
