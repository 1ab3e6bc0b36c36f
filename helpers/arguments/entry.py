"""LogEntry: the save box every reflection in the collection shares.

A reflection widget (where do you stand, the end of each notebook) subclasses :class:`LogEntry`
and supplies ``LOG_NAME``, :meth:`markdown`, :meth:`draft_fields`, :meth:`_apply_draft` and
:meth:`_draft_controls`. This class gives it the folder field, the Save button and the status
line, saving through the learning-log store (:mod:`.log`: exclusive create, read back), keeping
what the trainee types as a draft until it is saved, and a download link where files are
temporary. A failed save always says why and keeps the draft.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..display import esc
from . import log
from .log import LogSaveError

# Beside the notebooks (the current folder when run from one), so JupyterLab's file browser shows it.
DEFAULT_LOG_FOLDER = "learning-log"
TEMPORARY_WARNING = ("<strong>This session is temporary</strong> (Binder, or a hub whose home folder is "
                     "under /tmp): files saved here vanish when the session ends. After saving, use the "
                     "download link that appears here and keep the entry on your own computer.")


class LogEntry:
    """The shared save box (folder, Save, status, drafts) of a learning-log entry."""

    LOG_NAME = "learning-log-entry"
    today: dt.date | None = None

    def _init_store(self, folder: str, drafts: bool, save_label: str = "Save learning-log entry") -> None:
        """Call first in ``__init__``: the folder field, the Save button, the status line."""
        import ipywidgets as w

        self.base_dir = Path(os.getcwd())  # a relative folder is beside the notebooks, fixed now
        self.temporary = log.temporary_home()
        self._message, self._draft_note, self._link, self._last_draft = "", "", "", None
        self.folder = w.Text(value=folder, description="Save in:", layout=w.Layout(width="520px"))
        self.save_button = w.Button(description=save_label, button_style="primary",
                                    icon="save", layout=w.Layout(width="240px"))
        self.status = w.HTML()
        self.draft_file = self._draft_location(folder) if drafts else None

    def _start_store(self) -> None:
        """Call once the controls exist: restore a draft, then keep one as the trainee types."""
        self._restore_draft()
        for control in self._draft_controls():
            control.observe(self._draft_changed, names="value")
        self.folder.observe(lambda _change: self._show(self._where_message()), names="value")
        self.save_button.on_click(self._save_clicked)

    # -- what a subclass supplies -------------------------------------------------------------
    def markdown(self) -> str:
        raise NotImplementedError

    def draft_fields(self) -> dict:
        raise NotImplementedError

    def _apply_draft(self, fields: dict) -> None:
        raise NotImplementedError

    def _draft_controls(self) -> list:
        raise NotImplementedError

    # -- saving ---------------------------------------------------------------------------------
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
