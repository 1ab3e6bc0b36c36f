"""The learning-log entry at the end of every notebook, ready for a training portfolio.

:class:`NotebookReflection` asks for the time spent (as the trainee states it), which of the
notebook's curriculum capabilities the trainee covered (those ``curriculum.csv`` maps its
objectives to, all ticked to begin with) and the reflection itself, and saves a Markdown entry
that pastes cleanly into a portfolio's learning log: date, notebook, time, capabilities,
reflection. It shares the save box of the other reflections (:class:`..arguments.entry.LogEntry`):
the file is written beside the notebooks, read back, never overwritten, a draft is kept while
typing, and nothing leaves the computer.
"""

from __future__ import annotations

import datetime as dt

from ..arguments import log
from ..arguments.entry import DEFAULT_LOG_FOLDER, LogEntry
from ..display import ShownOnce, esc

PROMPTS = (
    ("learned", "What I learned", "What did you learn, or see differently, from this notebook?"),
    ("practice", "How it applies to my practice", "Where will you meet this in your practice or training?"),
    ("next", "What I will do next", "What will you read, ask or do next (for example at your next tutorial)?"),
)


class NotebookReflection(ShownOnce, LogEntry):
    """Write a learning-log entry for this notebook (time spent, capabilities, reflection) and save it."""

    def __init__(self, notebook: str, folder: str = DEFAULT_LOG_FOLDER, data_dir=None,
                 today: dt.date | None = None, drafts: bool = True):
        import ipywidgets as w
        from ..catalogue import by_file
        from .curriculum import capabilities_covered, notebook_name

        self.notebook = notebook_name(notebook)
        self.title = by_file(self.notebook).title
        self.today = today
        self.LOG_NAME = f"{self.notebook.replace('_', '-')}-reflection"
        self._init_store(folder, drafts)
        self.minutes = w.Text(description="Time spent:", placeholder="for example 45 minutes",
                              layout=w.Layout(width="420px"), style={"description_width": "110px"})
        self.capabilities = {c: w.Checkbox(value=True, description=c, indent=False, layout=w.Layout(width="auto"))
                             for c in capabilities_covered(self.notebook, data_dir)}
        self.boxes = {key: w.Textarea(placeholder=hint, layout=w.Layout(width="90%", height="70px"))
                      for key, _label, hint in PROMPTS}
        labelled = []
        for key, label, _hint in PROMPTS:  # a label that stays when the trainee types
            labelled += [w.HTML(f"<p><strong>{esc(label)}</strong></p>"), self.boxes[key]]
        caps = (list(self.capabilities.values()) if self.capabilities else
                [w.HTML("<p>This notebook is not yet mapped to the curriculum.</p>")])
        self.widget = w.VBox([
            w.HTML(f"<p><strong>Learning-log entry: {esc(self.title)}</strong></p>"), self.minutes,
            w.HTML("<p><strong>Curriculum capabilities covered</strong> (RCGP, 2025; untick any you did not)</p>"),
            *caps, *labelled, w.HBox([self.folder, self.save_button]), self.status,
        ])
        self._start_store()
        self._show(self._where_message())

    # -- the entry --------------------------------------------------------------------------------
    def chosen_capabilities(self) -> list[str]:
        return [c for c, box in self.capabilities.items() if box.value]

    def markdown(self) -> str:
        """The entry as Markdown: every value the trainee typed is escaped as text."""
        today = self.today or dt.date.today()
        caps = self.chosen_capabilities()
        lines = [f"# Learning log: {log.md_inline(self.title)}", "",
                 f"- Date: {today.isoformat()}",
                 f"- Notebook: {self.notebook[:2]} {log.md_inline(self.title)} (Joined-up care, explained)",
                 f"- Time spent: {log.md_inline(self.minutes.value.strip()) or '(not stated)'}",
                 "- Curriculum capabilities covered (RCGP curriculum, 2025): "
                 + ("; ".join(log.md_inline(c) for c in caps) if caps else "(none chosen)"), ""]
        for key, label, _hint in PROMPTS:
            lines += [f"## {label}", "", log.md_block(self.boxes[key].value) or "(not written)", ""]
        lines += ["_Written in the notebook and saved on this computer only._", ""]
        return "\n".join(lines)

    # -- drafts -----------------------------------------------------------------------------------
    def _draft_controls(self) -> list:
        return [self.minutes, self.folder, *self.boxes.values(), *self.capabilities.values()]

    def draft_fields(self) -> dict:
        return {"minutes": self.minutes.value, "folder": self.folder.value,
                "boxes": {k: b.value for k, b in self.boxes.items()},
                "capabilities": {c: b.value for c, b in self.capabilities.items()}}

    def _apply_draft(self, fields: dict) -> None:
        """Put back each value that still fits its control (a capability may have gone since)."""
        for key, box in (("minutes", self.minutes), ("folder", self.folder)):
            if isinstance(fields.get(key), str):
                box.value = fields[key]
        for key, controls, ok in (("boxes", self.boxes, lambda v: isinstance(v, str)),
                                  ("capabilities", self.capabilities, lambda v: isinstance(v, bool))):
            saved = fields.get(key) if isinstance(fields.get(key), dict) else {}
            for name, v in saved.items():
                if name in controls and ok(v):
                    controls[name].value = v

    def fixed_html(self) -> str:
        """What a reader without a kernel sees: the entry's headings, to copy by hand."""
        caps = "".join(f"<li>{esc(c)}</li>" for c in self.capabilities) or "<li>(not yet mapped)</li>"
        heads = "".join(f"<li>{esc(label)}: {esc(hint)}</li>" for _key, label, hint in PROMPTS)
        return (f"<p><strong>Learning-log entry: {esc(self.title)}</strong>. Run the notebook to write and "
                "save it here (it stays on your computer); or copy these headings into your portfolio.</p>"
                "<p>Date; notebook; time spent; curriculum capabilities covered (RCGP, 2025):</p>"
                f"<ul>{caps}</ul><p>Your reflection:</p><ul>{heads}</ul>")


def show_reflection(notebook: str, folder: str = DEFAULT_LOG_FOLDER) -> NotebookReflection:
    """The last cell of every notebook."""
    return NotebookReflection(notebook, folder)
