"""The learning-log store: save an entry, keep a draft, warn where files are temporary.

Plain functions with no ipywidgets in them, so that any reflection box can reuse them:

- :func:`save_entry` writes a Markdown entry with exclusive create (never overwrites), reads
  it back and raises :class:`LogSaveError` (a reason in words) unless the text on disk is
  exactly the text written.
- :func:`write_draft`, :func:`read_draft`, :func:`set_aside`, :func:`delete_draft` keep what a
  trainee has typed in ``<log folder>/.drafts/<name>.json`` (written atomically).
- :func:`temporary_home` tells whether files vanish with the session (Binder, a hub whose home
  is under /tmp); :func:`download_link` is the way out: the entry as a ``data:`` link.
- :func:`md_inline`, :func:`md_block`, :func:`md_quote` write text as Markdown *text*: every
  character that Markdown (or raw HTML, or JupyterLab's ``$`` maths) would read as syntax is
  backslash-escaped, so what a trainee or a source wrote cannot change the document's structure.
"""

from __future__ import annotations

import base64
import datetime as dt
import errno
import json
import os
import re
import tempfile
from pathlib import Path

from ..display import esc

DRAFTS_DIR = ".drafts"
DRAFT_VERSION = 1
BINDER_VARS = ("BINDER_LAUNCH_HOST", "BINDER_REPO_URL", "BINDER_REQUEST")
MAX_NUMBERED = 10_000


class LogSaveError(Exception):
    """The entry was not saved (or not confirmed); ``reason`` says why, in words."""

    def __init__(self, reason: str, path: Path | None = None):
        super().__init__(reason)
        self.reason = reason
        self.path = path


class DraftError(Exception):
    """A draft file exists but cannot be read back as a draft."""


# --------------------------------------------------------------------------
# Markdown text
# --------------------------------------------------------------------------

# Everywhere: backslash, code, emphasis, links, raw HTML and autolinks, headings (and a heading's
# closing #s), tables, strikethrough, entities, maths.
_INLINE = re.compile(r"([\\`*_\[\]<>#|~&$])")
_IMAGE = re.compile(r"!(?=\\\[)")
# At the start of a line: list items, setext underlines, ordered-list numbers.
_LINE_MARK = re.compile(r"^([-+=])")
_NUMBERED = re.compile(r"^(\d+)([.)])")


def _as_text(value) -> str:
    return "" if value is None else str(value)


def md_line(text) -> str:
    """One line of text, escaped so that Markdown shows it as typed, wherever it stands."""
    line = _INLINE.sub(r"\\\1", _as_text(text).strip())
    line = _IMAGE.sub(r"\\!", line)
    line = _LINE_MARK.sub(r"\\\1", line)
    return _NUMBERED.sub(r"\1\\\2", line)


def md_inline(text) -> str:
    """Text for one line (a heading, a list item): line breaks become spaces, then escaped."""
    return md_line(" ".join(_as_text(text).split()))


def md_block(text) -> str:
    """Text as paragraphs: each line escaped, leading indentation dropped (no code blocks),
    runs of blank lines kept as one paragraph break."""
    out: list[str] = []
    for raw in _as_text(text).splitlines():
        line = md_line(raw)
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


_AUTOLINK = re.compile(r"https?://[^\s<>\\`]+")


def md_url(url) -> str:
    """A web address as an autolink when it can be one (no escapes inside), else as escaped text."""
    url = _as_text(url).strip()
    return f"<{url}>" if _AUTOLINK.fullmatch(url) else md_inline(url)


def md_quote(text, indent: str = "") -> str:
    """A blockquote: every line (blank ones too) carries the ``>`` so nothing leaks out of it."""
    lines = md_block(text).split("\n")
    return "\n".join(f"{indent}> {line}" if line else f"{indent}>" for line in lines)


# --------------------------------------------------------------------------
# Saving an entry
# --------------------------------------------------------------------------

def resolve_folder(folder, base_dir=None) -> Path:
    """The absolute folder that ``folder`` names (``~`` expanded, relative to ``base_dir`` or
    the current folder); :class:`LogSaveError` if no folder can have that name."""
    text = os.fspath(folder) if isinstance(folder, os.PathLike) else _as_text(folder)
    if "\0" in text:
        raise LogSaveError("the folder name contains a NUL character (an invisible null byte, "
                           "usually from a copy and paste), which no folder name may contain")
    if not text.strip():
        raise LogSaveError("no folder was given")
    if text.startswith("~"):
        expanded = os.path.expanduser(text)
        if expanded.startswith("~"):
            user, _, rest = text[1:].replace("\\", "/").partition("/")
            if user:
                raise LogSaveError(f"'{text}' means a folder in the home of a user called '{user}', and there "
                                   f"is no such user here (did you mean '~/{user}{'/' + rest if rest else ''}'?)")
            raise LogSaveError(f"'{text}' starts with '~' (your home folder), but this computer "
                               "does not say where your home folder is")
        text = expanded
    path = Path(text)
    if not path.is_absolute():
        path = Path(base_dir if base_dir is not None else os.getcwd()) / path
    return Path(os.path.abspath(path))


def describe_os_error(exc: OSError, where: Path) -> str:
    """What went wrong, in words a trainee can act on."""
    code = exc.errno
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return f"you are not allowed to write in {where} (the folder is read-only or belongs to someone else)"
    if code == errno.EROFS:
        return f"{where} is on a disk that is read-only"
    if isinstance(exc, NotADirectoryError) or code == errno.ENOTDIR:
        return f"part of the path {where} is a file, not a folder"
    if isinstance(exc, FileExistsError):
        return f"{where} is a file, not a folder"
    if code == errno.ENOSPC:
        return "the disk is full"
    if code == getattr(errno, "EDQUOT", None):
        return "your share of the disk (quota) is used up"
    if code == errno.ENAMETOOLONG:
        return f"the name {where} is too long for this computer"
    if isinstance(exc, FileNotFoundError):
        return f"{where} does not exist and could not be created"
    return f"the computer refused: {exc.strerror or exc} ({where})"


def prepare_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if absent; :class:`LogSaveError` if it cannot be."""
    try:
        if folder.exists() and not folder.is_dir():
            raise LogSaveError(f"{folder} is a file, not a folder; choose another folder name", folder)
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LogSaveError(describe_os_error(exc, folder), folder) from exc
    except ValueError as exc:
        raise LogSaveError(f"the folder name {folder!r} is not allowed here ({exc})", folder) from exc


def next_free_path(folder: Path, base: str, suffix: str = ".md") -> Path:
    """``folder/base.md``, or ``base-2.md``, ``base-3.md``, ... whichever does not exist yet."""
    candidate = Path(folder) / f"{base}{suffix}"
    n = 2
    while os.path.lexists(candidate):
        candidate = Path(folder) / f"{base}-{n}{suffix}"
        n += 1
    return candidate


def write_exclusive(folder: Path, base: str, text: str) -> Path:
    """Write ``text`` to a new file in ``folder`` (mode 'x': never overwrite; a name taken
    meanwhile moves on to the next number); flushed to disk before returning."""
    for _ in range(MAX_NUMBERED):
        path = next_free_path(folder, base)
        try:
            fh = open(path, "x", encoding="utf-8", newline="")
        except FileExistsError:
            continue
        except OSError as exc:
            raise LogSaveError(describe_os_error(exc, folder), path) from exc
        except ValueError as exc:
            raise LogSaveError(f"the file name {path} is not allowed here ({exc})", path) from exc
        try:
            with fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        except (OSError, ValueError) as exc:
            _remove_quietly(path)  # ours (mode 'x'), and incomplete
            reason = (describe_os_error(exc, path) if isinstance(exc, OSError)
                      else f"the entry contains characters that cannot be written as UTF-8 ({exc})")
            raise LogSaveError(reason, path) from exc
        return path
    raise LogSaveError(f"every file name from {base}.md to {base}-{MAX_NUMBERED}.md is taken in {folder}")


def confirm_written(path: Path, text: str) -> None:
    """Read ``path`` back; :class:`LogSaveError` unless it holds exactly ``text``."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            back = fh.read()
    except (OSError, ValueError) as exc:
        raise LogSaveError(f"the entry was written to {path} but could not be read back to check it "
                           f"({exc}), so the save is not confirmed", path) from exc
    if back != text:
        raise LogSaveError(f"the entry was written to {path} but reading it back gave different text "
                           f"({len(back)} characters instead of {len(text)}), so the save is not confirmed", path)


def save_entry(folder, base: str, text: str, base_dir=None) -> Path:
    """Save ``text`` as a new Markdown file in ``folder``, read it back, return its absolute path.
    Every failure (and an unconfirmed read-back) is a :class:`LogSaveError` with a reason."""
    target = resolve_folder(folder, base_dir)
    prepare_folder(target)
    path = write_exclusive(target, base, text)
    confirm_written(path, text)
    return path


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# --------------------------------------------------------------------------
# Drafts
# --------------------------------------------------------------------------

def draft_path(folder: Path, name: str) -> Path:
    return Path(folder) / DRAFTS_DIR / f"{name}.json"


def write_draft(path: Path, fields: dict) -> None:
    """Write the draft atomically (a temporary file beside it, then ``os.replace``): a reader
    sees the old draft or the new one, never half of one. Raises OSError or ValueError."""
    payload = {"version": DRAFT_VERSION, "updated": dt.datetime.now().isoformat(timespec="seconds"),
               "fields": fields}
    text = json.dumps(payload, ensure_ascii=True, indent=1, sort_keys=True)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # no fsync: a draft must survive a kernel restart (the OS keeps the write), and typing
        # must stay quick; the saved entry itself is fsynced and read back.
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        _remove_quietly(Path(tmp))
        raise


def read_draft(path: Path) -> dict | None:
    """The draft at ``path`` (its ``fields`` and ``updated``), None if there is none;
    :class:`DraftError` if a file is there but is not a readable draft."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise DraftError(f"the file could not be read ({exc})") from exc
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise DraftError(f"the file is not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("version") != DRAFT_VERSION or not isinstance(data.get("fields"), dict):
        raise DraftError("the file is not a draft in the form this widget writes")
    return data


def set_aside(path: Path) -> Path | None:
    """Rename an unreadable draft to ``<name>.unreadable-<time>`` (kept, never deleted, and
    no longer in the way); the new path, or None if it could not be renamed."""
    path = Path(path)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1, MAX_NUMBERED):
        target = path.with_name(f"{path.name}.unreadable-{stamp}" + (f"-{n}" if n > 1 else ""))
        if os.path.lexists(target):
            continue
        try:
            os.rename(path, target)
        except OSError:
            return None
        return target
    return None


def delete_draft(path: Path) -> None:
    """Remove the draft (after a confirmed save). Raises OSError if it is there and cannot go."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


# --------------------------------------------------------------------------
# Temporary sessions and the download link
# --------------------------------------------------------------------------

def temporary_home(environ=None) -> bool:
    """True where saved files vanish with the session: Binder (any of ``BINDER_VARS`` set), or
    a JupyterHub whose home folder is under /tmp."""
    env = os.environ if environ is None else environ
    if any(env.get(name) for name in BINDER_VARS):
        return True
    if not env.get("JUPYTERHUB_USER"):
        return False
    home = env.get("HOME") or os.path.expanduser("~")
    tmp_roots = {"/tmp", os.path.realpath("/tmp")}
    for candidate in {os.path.abspath(home), os.path.realpath(home)}:
        if any(candidate == root or candidate.startswith(root.rstrip("/") + "/") for root in tmp_roots):
            return True
    return False


def download_link(text: str, filename: str, label: str = "Download the entry") -> str:
    """An HTML link that downloads ``text`` as ``filename`` (a ``data:`` URI: nothing is sent
    anywhere; the browser makes the file from the page itself)."""
    payload = base64.b64encode(text.encode("utf-8", errors="replace")).decode("ascii")
    return (f'<a download="{esc(filename)}" '
            f'href="data:text/markdown;charset=utf-8;base64,{payload}">{esc(label)}</a>')
