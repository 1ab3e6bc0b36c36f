"""The learning-log store (helpers.arguments.log) and how WhereDoYouStand uses it.

Every test runs with the current folder, HOME and the Binder variables under its own tmp_path
(autouse fixture), so nothing is written anywhere else.
"""

from __future__ import annotations

import base64
import builtins
import datetime as dt
import errno
import html
import io
import json
import os
import random
import re
import stat
from pathlib import Path

import pytest

from helpers import arguments as A
from helpers import data as D
from helpers.arguments import log
from tests.test_arguments_widgets import HOSTILE, make_data

TODAY = dt.date(2026, 11, 22)
ENTRY = "2026-11-22-where-i-stand-stakeholder-arguments.md"
DRAFT = Path("learning-log") / ".drafts" / "where-i-stand-stakeholder-arguments.json"
TEMP_VARS = ("BINDER_LAUNCH_HOST", "BINDER_REPO_URL", "BINDER_REQUEST", "JUPYTERHUB_USER")


@pytest.fixture(autouse=True)
def notebooks(tmp_path, monkeypatch) -> Path:
    """The folder the notebook runs in (the current folder); HOME beside it; not Binder."""
    nb = tmp_path / "notebooks"
    nb.mkdir()
    (tmp_path / "home").mkdir()
    monkeypatch.chdir(nb)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in TEMP_VARS:
        monkeypatch.delenv(name, raising=False)
    return nb


@pytest.fixture
def synth(tmp_path):
    D.clear_cache()
    folder = make_data(tmp_path / "data")
    yield folder
    D.clear_cache()


def stand(synth, **kw) -> A.WhereDoYouStand:
    return A.WhereDoYouStand(data_dir=synth, today=TODAY, **kw)


def type_some(w: A.WhereDoYouStand, text: str = "I read the LMC response.") -> None:
    w.read.value = text
    w.think.value = "Local decisions matter."
    w.will.value = "Ask my trainer."
    w.answer("q1", "Disagree", comment="Too far")
    w.place(-1.5, 0.5)


def link_text(status: str) -> str:
    """The Markdown that the status's download link would give."""
    m = re.search(r'<a download="([^"]+)" href="data:text/markdown;charset=utf-8;base64,([A-Za-z0-9+/=]+)">', status)
    assert m, status
    return base64.b64decode(m.group(2)).decode("utf-8")


# --------------------------------------------------------------------------
# The default folder, and a confirmed save
# --------------------------------------------------------------------------

def test_default_folder_is_beside_the_notebooks_and_the_status_gives_full_paths(synth, notebooks):
    w = stand(synth)
    folder = notebooks / "learning-log"
    assert w.folder.value == A.DEFAULT_LOG_FOLDER == "learning-log"
    assert f"<code>{folder}</code>" in w.status.value and "beside the notebooks" in w.status.value
    type_some(w)
    w.save_button.click()
    saved = folder / ENTRY
    assert saved.read_text(encoding="utf-8") == w.markdown()
    assert saved.is_absolute() and f"<code>{saved}</code>" in w.status.value
    assert "Saved and checked" in w.status.value and "Not saved" not in w.status.value
    assert "download" not in w.status.value  # a lasting folder needs no download link
    assert not (notebooks / DRAFT).exists()  # confirmed, so the draft has gone
    w.folder.value = "elsewhere"
    assert f"<code>{notebooks / 'elsewhere'}</code>" in w.status.value


def test_save_returns_the_absolute_path_and_never_overwrites(synth, notebooks, monkeypatch):
    w = stand(synth)
    first = w.save("relative/log")
    assert first == notebooks / "relative" / "log" / ENTRY and first.is_absolute()
    assert w.path_for("relative/log").name == ENTRY.replace(".md", "-2.md")
    # a file that appears between choosing the name and opening it (mode 'x') is left alone
    taken = notebooks / "relative" / "log" / ENTRY.replace(".md", "-2.md")
    real = log.next_free_path
    calls = []

    def racing(folder, base, suffix=".md"):
        if not calls:
            calls.append(1)
            path = real(folder, base, suffix)
            path.write_text("someone else's file")
            return path
        return real(folder, base, suffix)

    monkeypatch.setattr(log, "next_free_path", racing)
    second = w.save("relative/log")
    assert taken.read_text() == "someone else's file"
    assert second.name == ENTRY.replace(".md", "-3.md") and second.read_text(encoding="utf-8") == w.markdown()


# --------------------------------------------------------------------------
# Every failure says so, in words, and keeps the draft
# --------------------------------------------------------------------------

def _fake_open(monkeypatch, when, action):
    """Make log's ``open`` misbehave for calls where ``when(path, mode)`` holds."""
    def fake(path, mode="r", *args, **kwargs):
        if when(str(path), mode):
            return action(path, mode, *args, **kwargs)
        return builtins.open(path, mode, *args, **kwargs)
    monkeypatch.setattr(log, "open", fake, raising=False)


def _read_only(tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if os.access(folder, os.W_OK):  # root ignores permissions: refuse the write as the OS would
        def refuse(path, mode, *a, **k):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        _fake_open(monkeypatch, lambda p, m: "x" in m and p.startswith(str(folder)), refuse)
    return str(folder)


def _disk_full(tmp_path, monkeypatch):
    class Full(io.StringIO):
        def write(self, s):
            raise OSError(errno.ENOSPC, "No space left on device")

    def opened(path, mode, *a, **k):
        builtins.open(path, mode, *a, **k).close()  # the file exists, then the write fails
        return Full()
    _fake_open(monkeypatch, lambda p, m: "x" in m, opened)
    return str(tmp_path / "full")


def _read_back_differs(tmp_path, monkeypatch):
    _fake_open(monkeypatch, lambda p, m: m == "r" and p.endswith(".md"), lambda *a, **k: io.StringIO("changed"))
    return str(tmp_path / "flaky")


def _read_back_fails(tmp_path, monkeypatch):
    def fail(path, *a, **k):
        raise OSError(errno.EIO, "Input/output error")
    _fake_open(monkeypatch, lambda p, m: m == "r" and p.endswith(".md"), fail)
    return str(tmp_path / "flaky")


def _a_file(tmp_path, monkeypatch):
    (tmp_path / "blocker").write_text("a file, not a folder")
    return str(tmp_path / "blocker")


def _under_a_file(tmp_path, monkeypatch):
    (tmp_path / "blocker").write_text("a file, not a folder")
    return str(tmp_path / "blocker" / "log")


FAILURES = {
    "unknown user after ~": (lambda t, m: "~learning-log", ["no such user", "~/learning-log"]),
    "NUL byte in the name": (lambda t, m: "learning\0log", ["NUL character"]),
    "a file, not a folder": (_a_file, ["is a file, not a folder", "blocker"]),
    "a file in the path": (_under_a_file, ["is a file, not a folder"]),
    "read-only folder": (_read_only, ["not allowed to write", "read-only"]),
    "disk full": (_disk_full, ["the disk is full"]),
    "read back differs": (_read_back_differs, ["reading it back gave different text", "not confirmed"]),
    "read back fails": (_read_back_fails, ["could not be read back", "not confirmed"]),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_every_failed_save_says_not_saved_with_a_reason_and_keeps_the_draft(case, synth, notebooks, tmp_path, monkeypatch):
    make_folder, reasons = FAILURES[case]
    w = stand(synth)
    type_some(w)
    draft = notebooks / DRAFT
    kept = draft.read_text(encoding="utf-8")
    w.folder.value = make_folder(tmp_path, monkeypatch)
    try:
        w.save_button.click()
        status = html.unescape(w.status.value)
        assert "Not saved:" in status and "Saved and checked" not in status
        for words in reasons:
            assert words in status, (words, status)
        assert "Traceback" not in status
        assert draft.exists() and json.loads(draft.read_text())["fields"]["read"] == "I read the LMC response."
        assert json.loads(kept)["fields"]["think"] == json.loads(draft.read_text())["fields"]["think"]
        assert f"<code>{draft}</code>" in w.status.value  # says where the draft is
        assert link_text(w.status.value) == w.markdown()  # the entry can still be downloaded
        with pytest.raises(log.LogSaveError) as err:
            w.save()
        assert err.value.reason and all(words in err.value.reason for words in reasons)
    finally:
        locked = tmp_path / "locked"
        if locked.exists():
            locked.chmod(stat.S_IRWXU)
    if case == "disk full":
        assert not list((tmp_path / "full").glob("*.md"))  # the half-written file is removed


def test_an_unexpected_error_is_still_reported_in_words(synth, monkeypatch):
    w = stand(synth)
    type_some(w)

    def broken(*a, **k):
        raise RuntimeError("the clock stopped")
    monkeypatch.setattr(log, "save_entry", broken)
    w.save_button.click()
    assert "Not saved:" in w.status.value and "the clock stopped" in w.status.value
    assert link_text(w.status.value) == w.markdown()


# --------------------------------------------------------------------------
# Drafts
# --------------------------------------------------------------------------

def test_draft_is_kept_as_you_type_and_restored_after_a_kernel_restart(synth, notebooks):
    w = stand(synth)
    type_some(w, "Line one\n\nLine <two> & three")
    w.comments["q2"].value = "Not sure yet"
    draft = notebooks / DRAFT
    assert draft.exists() and not [p for p in draft.parent.iterdir() if p != draft]  # no temp files left
    fields = json.loads(draft.read_text(encoding="utf-8"))["fields"]
    assert fields["read"] == "Line one\n\nLine <two> & three" and fields["choices"]["q1"] == "Disagree"

    again = stand(synth)  # a re-run cell or a restarted kernel: a new widget, the same draft
    assert again.read.value == "Line one\n\nLine <two> & three"
    assert (again.think.value, again.will.value) == ("Local decisions matter.", "Ask my trainer.")
    assert again.choices["q1"].value == "Disagree" and again.comments["q1"].value == "Too far"
    assert again.comments["q2"].value == "Not sure yet"
    assert (again.x.value, again.y.value) == (-1.5, 0.5)
    assert "Restored your unsaved draft" in again.status.value and str(draft) in again.status.value
    assert "<strong>You:</strong> Disagree (Too far)" in again.result.value  # the comparison redrawn
    assert again.markdown() == w.markdown()

    again.save_button.click()
    assert "Saved and checked" in again.status.value and not draft.exists()
    fresh = stand(synth)
    assert fresh.read.value == "" and fresh.choices["q1"].value == A.CHOICES[0]
    assert "Restored" not in fresh.status.value


def test_draft_values_that_no_longer_fit_are_skipped(synth, notebooks):
    draft = notebooks / DRAFT
    draft.parent.mkdir(parents=True)
    draft.write_text(json.dumps({"version": 1, "updated": "then", "fields": {
        "read": "kept", "think": 42, "x": "far left", "y": 9, "folder": None,
        "choices": {"q1": "Maybe?", "q2": "Agree", "gone": "Agree"}, "comments": ["not", "a", "dict"]}}))
    w = stand(synth)
    assert w.read.value == "kept" and w.think.value == "" and (w.x.value, w.y.value) == (0, 0)
    assert w.choices["q1"].value == A.CHOICES[0] and w.choices["q2"].value == "Agree"
    assert w.folder.value == "learning-log" and "Restored" in w.status.value


@pytest.mark.parametrize("content", [b"{not json", b"", b"\xff\xfe\x00 not utf-8", b"[1, 2]",
                                     b'{"version": 99, "fields": {}}', b'{"version": 1, "fields": "x"}'])
def test_a_corrupt_draft_is_set_aside_not_deleted_and_the_widget_still_works(content, synth, notebooks):
    draft = notebooks / DRAFT
    draft.parent.mkdir(parents=True)
    draft.write_bytes(content)
    w = stand(synth)  # must not raise
    assert "could not be restored" in w.status.value
    aside = [p for p in draft.parent.iterdir() if p.name.startswith(draft.name + ".unreadable-")]
    assert len(aside) == 1 and aside[0].read_bytes() == content and str(aside[0]) in w.status.value
    assert not draft.exists() and w.read.value == ""
    w.read.value = "a new start"
    assert json.loads(draft.read_text())["fields"]["read"] == "a new start"
    assert aside[0].read_bytes() == content  # never written over


def test_a_draft_that_is_a_folder_is_set_aside(synth, notebooks):
    draft = notebooks / DRAFT
    draft.mkdir(parents=True)
    w = stand(synth)
    assert "could not be restored" in w.status.value and not draft.exists()


def test_draft_write_is_atomic_and_a_failed_write_keeps_the_old_draft(tmp_path, monkeypatch):
    path = log.draft_path(tmp_path, "entry")
    log.write_draft(path, {"read": "first"})
    assert log.read_draft(path)["fields"] == {"read": "first"}

    def broken_replace(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")
    with monkeypatch.context() as m, pytest.raises(OSError):
        m.setattr(log.os, "replace", broken_replace)
        log.write_draft(path, {"read": "second"})
    assert log.read_draft(path)["fields"] == {"read": "first"}
    assert [p.name for p in path.parent.iterdir()] == ["entry.json"]  # the temp file is gone
    log.delete_draft(path)
    log.delete_draft(path)  # already gone: fine
    assert log.read_draft(path) is None


def test_a_draft_that_cannot_be_written_is_said_once_and_typing_goes_on(synth, monkeypatch):
    w = stand(synth)

    def refuse(path, fields):
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(log, "write_draft", refuse)
    w.read.value = "typing"
    w.read.value = "typing more"
    assert "not being kept as a draft" in w.status.value and w.read.value == "typing more"


# --------------------------------------------------------------------------
# Binder and other temporary homes
# --------------------------------------------------------------------------

@pytest.mark.parametrize("env, expected", [
    ({}, False),
    ({"BINDER_LAUNCH_HOST": "https://mybinder.org/"}, True),
    ({"BINDER_REPO_URL": "https://github.com/x/y"}, True),
    ({"BINDER_REQUEST": "v2/gh/x/y/main"}, True),
    ({"BINDER_REPO_URL": ""}, False),
    ({"JUPYTERHUB_USER": "trainee", "HOME": "/tmp/home/trainee"}, True),
    ({"JUPYTERHUB_USER": "trainee", "HOME": "/tmp"}, True),
    ({"JUPYTERHUB_USER": "trainee", "HOME": "/home/trainee"}, False),
    ({"JUPYTERHUB_USER": "trainee", "HOME": "/tmpfoo/trainee"}, False),
    ({"HOME": "/tmp/home/x"}, False),
])
def test_temporary_home_detection(env, expected, monkeypatch):
    for name in (*TEMP_VARS, "HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", "/home/nobody")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert log.temporary_home() is expected
    assert log.temporary_home(dict(env)) is expected


def test_on_binder_the_widget_warns_and_offers_a_download(synth, notebooks, tmp_path, monkeypatch):
    monkeypatch.setenv("BINDER_REPO_URL", "https://github.com/example/joined-up-care")
    w = stand(synth)
    assert "vanish when the session ends" in w.status.value and "<a download" not in w.status.value
    type_some(w, f"Typed {HOSTILE} and **bold**")
    w.save_button.click()
    saved = notebooks / "learning-log" / ENTRY
    assert "Saved and checked" in w.status.value and "vanish" in w.status.value
    assert f'<a download="{ENTRY}"' in w.status.value
    assert link_text(w.status.value) == saved.read_text(encoding="utf-8") == w.markdown()
    # and when the save fails, the download is there all the same
    type_some(w, "second entry")
    (tmp_path / "blocker").write_text("x")
    w.folder.value = str(tmp_path / "blocker")
    w.save_button.click()
    assert "Not saved" in w.status.value and "vanish" in w.status.value
    assert link_text(w.status.value) == w.markdown() and "second entry" in link_text(w.status.value)


def test_download_link_escapes_the_name_and_round_trips_any_text():
    text = "# é “quotes” <b>&amp;\n" + HOSTILE
    link = log.download_link(text, 'a"b<c>.md')
    assert link.startswith('<a download="a&quot;b&lt;c&gt;.md" href="data:text/markdown;charset=utf-8;base64,')
    assert link_text(link) == text


# --------------------------------------------------------------------------
# Markdown: text stays text
# --------------------------------------------------------------------------

NASTY = ["# heading", "> quote", "- item", "+ item", "* item", "1. item", "2) item", "---", "***", "___",
         "===", "<script>x</script>", "&amp;", "&lt;b&gt;", "**bold**", "_em_", "[link](http://x)",
         "![img](http://x.png)", "`code`", "```\nfenced\n```", "~~~", "\n\n# injected", "|table|",
         "| a | b |\n|---|---|\n| 1 | 2 |", "    indented code", "\tTabbed", "line\n===", "line\n---",
         "<!-- comment -->", "<div>block</div>", "[x]: http://evil", "[^1]", "\\# not a heading",
         "trailing backslash \\", "two spaces  \nbreak", "$x^2$ maths", "~~strike~~", "<http://auto>",
         "a & b < c > d", "#hashtag #", "Q1. question ##", "\r\n# windows", "\u2028# separator", "\x00nul",
         "🙂 – “quotes” — ‘single’", HOSTILE]
MARKER = re.compile(r"^ {0,3}(#{1,6}(\s|$)|>|[-+*](\s|$)|\d{1,9}[.)](\s|$)|(-[ \t]*){3,}$|(\*[ \t]*){3,}$"
                    r"|(_[ \t]*){3,}$|=+[ \t]*$|\||```|~~~|<|\[[^\]]*\]:|\t| {4})")


def structure(doc: str) -> list[str]:
    """Every line that Markdown reads as structure (heading, quote, list, rule, table, fence,
    HTML, code): its marker and its indentation, in order, with each quote line's content
    looked into as well. A trainee's own lines (plain paragraphs) contribute nothing."""
    out = []
    for line in doc.split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        body = line[indent:]
        if indent >= 4 and body:
            out.append(f"{indent}:indented code")
        while True:
            m = MARKER.match(body)
            if not m:
                break
            out.append(f"{indent}:{m.group(0).strip() or 'code'}")
            if not body.startswith(">"):
                break
            body = body[1:].lstrip(" ")
    return out


def _entry_with(synth, text: str) -> str:
    w = A.WhereDoYouStand(data_dir=synth, today=TODAY, drafts=False)
    w.read.value = w.think.value = w.will.value = text
    w.answer("q1", "Agree", comment=text)
    w.answer("q2", "Disagree", comment=text)
    return w.markdown()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    D.clear_cache()
    folder = make_data(tmp_path_factory.mktemp("baseline") / "data")
    doc = _entry_with(folder, "plain words")
    D.clear_cache()
    return doc


@pytest.mark.parametrize("text", NASTY)
def test_what_a_trainee_types_cannot_change_the_documents_structure(text, synth, baseline):
    doc = _entry_with(synth, text)
    assert structure(doc) == structure(baseline)
    assert [line for line in doc.split("\n") if line.startswith("#")] == \
        [line for line in baseline.split("\n") if line.startswith("#")]
    # Markdown text, not HTML: no entity appears unless the trainee typed it (3 boxes, 2 comments)
    for entity in ("&lt;", "&gt;", "&amp;", "&quot;", "&#"):
        assert doc.count(entity) == baseline.count(entity) + 5 * text.count(entity), entity
    # and each line typed is there, escaped so that un-escaping gives it back
    for line in text.splitlines():
        if line.strip():
            assert unescape(log.md_line(line)) == line.strip()
            assert log.md_line(line) in doc


def unescape(md: str) -> str:
    """CommonMark's backslash escapes undone (any ASCII punctuation after a backslash)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", md)


def _random_strings(n: int = 300) -> list[str]:
    rng = random.Random(20201126)
    pieces = [*NASTY, "\n", "\n\n", " ", "  ", "\\", "<", ">", "&", "*", "_", "`", "#", "|", "[", "]",
              "(", ")", "!", "-", "+", "=", "~", "$", "1.", "10)", "word", "é", "\t"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(n)]


def test_escaped_text_round_trips_for_many_adversarial_strings():
    for text in _random_strings():
        for raw in text.splitlines():
            assert unescape(log.md_line(raw)) == raw.strip(), repr(raw)
        assert "\n" not in log.md_inline(text)
        assert unescape(log.md_inline(text)) == " ".join(text.split())
        quote = log.md_quote(text, indent="  ")
        assert all(line.startswith("  >") for line in quote.split("\n")), repr(text)
        block = log.md_block(text)
        assert all(not MARKER.match(line) for line in block.split("\n")), repr(text)
        assert "\n\n\n" not in block and not block.startswith("\n") and not block.endswith("\n")


def _render(text: str, ast: bool):
    mistune = pytest.importorskip("mistune")
    md = mistune.create_markdown(renderer="ast" if ast else "html", escape=False,
                                 plugins=["strikethrough", "table", "math"])
    return md(text)


def _kinds(tokens) -> list[str]:
    out = []
    for t in tokens:
        out.append(t["type"])
        out += _kinds(t.get("children", []) or [])
    return out


@pytest.mark.parametrize("text", NASTY)
def test_a_markdown_renderer_shows_the_text_as_typed(text):
    """With a real parser (mistune, if installed): the escaped text is paragraphs of plain text,
    a quote stays one blockquote, and raw HTML comes out as literal characters."""
    allowed = {"paragraph", "text", "softbreak", "blank_line", "block_quote"}
    for md in (log.md_block(text), log.md_inline(text), log.md_quote(text)):
        kinds = _kinds(_render(md, ast=True))
        assert set(kinds) <= allowed, (md, kinds)
    assert _kinds(_render(log.md_quote(text), ast=True)).count("block_quote") == 1
    rendered = _render(log.md_block(text), ast=False)
    assert "<script" not in rendered and "<div" not in rendered and "<!--" not in rendered
    shown = html.unescape(re.sub(r"</?p>", "", rendered))
    assert " ".join(shown.split()) == " ".join(text.split())


def test_the_saved_entry_renders_with_the_same_outline_whatever_was_typed(synth, baseline):
    def outline(doc):
        tokens = _render(doc, ast=True)
        return [(t["type"], t.get("attrs", {}).get("level")) for t in tokens if t["type"] != "paragraph"
                and t["type"] != "blank_line"], sorted(set(_kinds(tokens)))
    for text in ["\n\n# injected\n> quote\n- item\n<script>x</script>", "|a|b|\n|-|-|\n|1|2|", "---\n```"]:
        doc = _entry_with(synth, text)
        assert outline(doc) == outline(baseline)
        assert "<script>" not in _render(doc, ast=False)


def test_quotes_from_the_sources_stay_inside_their_blockquote(synth):
    from helpers.arguments.stand import _md_quote

    text = _entry_with(synth, "x")
    assert "  Direct quote:\n\n  > “No.”\n" in text
    assert "&lt;" not in text and "&amp;" not in text and "\\<script\\>" in text  # from the data
    assert _md_quote(f"“Quote {HOSTILE}”", "  ") == "  > “Quote \\<script\\>alert(1)\\</script\\> \\& \" '”"
    quote = log.md_quote("first line\n\n# not a heading\n- not a list\n> not nested", indent="  ")
    assert quote == "  > first line\n  >\n  > \\# not a heading\n  > \\- not a list\n  > \\> not nested"


def test_a_draft_survives_a_real_new_process(synth, notebooks):
    """A kernel restart is a new Python process: the draft written here is restored there."""
    import subprocess
    import sys

    w = stand(synth)
    type_some(w, "Typed before the kernel died")
    code = ("import datetime as dt; from helpers import arguments as A; "
            f"w = A.WhereDoYouStand(data_dir={str(synth)!r}, today=dt.date(2026, 11, 22)); "
            "print(repr(w.read.value)); print('Restored your unsaved draft' in w.status.value)")
    out = subprocess.run([sys.executable, "-c", code], cwd=notebooks, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["'Typed before the kernel died'", "True"]
