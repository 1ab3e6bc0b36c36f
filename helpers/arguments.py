"""Stakeholder arguments: who argued what, side by side, and where a trainee stands.

Four widgets over ``stakeholders.csv``, ``themes.csv``, ``arguments.csv`` and ``positions.csv``:

``ArgumentExplorer``   choose a theme (every voice on it, side by side) or a voice (all its
                       arguments); filter by era and by stakeholder group. Era notebooks reuse it
                       with one call, e.g. ``ArgumentExplorer(years=(2013, 2019))`` or
                       ``ArgumentExplorer(era="ccgs")``.
``VoiceComparison``    two voices on every theme they both address, and the themes only one does.
``PositionMap``        the placed voices on two named axes, justification on hover, a group filter
                       that updates the same figure in place.
``WhereDoYouStand``    the trainee answers the four questions of NHS England's November 2020
                       consultation and places themself on the two axes, compares their answers
                       with the LMC's and other voices', and saves a learning-log entry (Markdown)
                       in a folder on their own machine.

All logic lives in plain methods (``render()``, ``compare()``, ``set_group()``, ``markdown()``,
``save()``) that tests call without a browser. Every text that comes from the data is
HTML-escaped (``helpers.display.esc``) wherever it is rendered. A claim that an article reports
(``speech = reported``) is never shown as a quote: no quotation marks, no blockquote.

Dates are shown at their own precision. To place an argument in an era each argument gets one
anchor day (``date_anchor``): a year or a month is placed by its middle, a window (an undated
reader comment posted on or after its story, a response written while a consultation was open)
by its start. So each argument sits in exactly one era.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from . import style
from .display import esc

ALL = "__all__"

GROUP_LABELS = {
    "gp_representatives": "GP representatives",
    "commissioners": "Commissioners",
    "national_bodies": "National bodies",
    "government": "Government",
    "patient_and_voluntary": "Patient and voluntary sector",
    "think_tanks_and_evidence": "Think tanks and evidence",
    "frontline_gps": "Front-line GPs (anonymous readers)",
}
# Okabe-Ito colours, one per group (yellow left out: too faint on white), and a marker shape
# per group so the map does not rely on colour alone.
GROUP_COLOURS = dict(zip(GROUP_LABELS, (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")))
GROUP_SYMBOLS = dict(zip(GROUP_LABELS, (
    "circle", "square", "diamond", "triangle-up", "cross", "x", "star")))

CONSULTATION_ORIGIN = "nhse_consultation_2020"
CHOICES = ("Not answered", "Agree", "Not sure", "Disagree")

AXES = {
    "x": {"title": "Where decisions should sit", "low": "practice / place", "high": "national / system"},
    "y": {"title": "How services should join up", "low": "collaboration",
          "high": "organisational integration"},
}

DEFAULT_LOG_FOLDER = "~/learning-log"

CSS = """<style>
.juc-args{font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4}
.juc-args .juc-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:10px;margin:6px 0 14px}
.juc-args .juc-card{border:1px solid #999;border-left:6px solid var(--juc-group,#999);border-radius:4px;padding:6px 10px}
.juc-args .juc-card h4{margin:2px 0}
.juc-args .juc-meta{color:#444;font-size:12px;margin:0 0 4px}
.juc-args .juc-arg{border-top:1px dotted #bbb;padding-top:4px;margin-top:4px}
.juc-args blockquote.juc-quote{margin:4px 0;padding:2px 8px;border-left:3px solid #0072B2;font-style:italic}
.juc-args .juc-reported{margin:4px 0;color:#444}
.juc-args .juc-label{font-style:normal;font-weight:bold;font-size:12px}
.juc-args .juc-message{padding:8px;border:1px solid #E69F00;border-radius:4px}
.juc-args table.juc-table th,.juc-args table.juc-table td{text-align:left;vertical-align:top}
</style>"""


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------

def _part_window(part: str) -> tuple[dt.date, dt.date]:
    bits = [int(p) for p in part.split("-")]
    if len(bits) == 1:
        return dt.date(bits[0], 1, 1), dt.date(bits[0], 12, 31)
    if len(bits) == 2:
        start = dt.date(bits[0], bits[1], 1)
        nxt = dt.date(bits[0] + (bits[1] == 12), bits[1] % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    day = dt.date(*bits)
    return day, day


def date_window(value: str, precision: str) -> tuple[dt.date, dt.date]:
    """The first and last day a date of this precision can mean."""
    if precision == "range":
        a, b = value.split("/")
        return _part_window(a)[0], _part_window(b)[1]
    return _part_window(value)


def date_anchor(value: str, precision: str) -> dt.date:
    """The single day used to place an argument in an era.

    A day is itself; a month or a year is placed by its middle; a window (``range``: an undated
    reader comment "on or after" its story, a response written while a consultation was open)
    by its start, the earliest day the words can have been written.
    """
    start, end = date_window(value, precision)
    if precision == "range":
        return start
    return start + (end - start) / 2


def _format_part(part: str) -> str:
    bits = [int(p) for p in part.split("-")]
    if len(bits) == 1:
        return str(bits[0])
    if len(bits) == 2:
        return dt.date(bits[0], bits[1], 1).strftime("%B %Y")
    d = dt.date(*bits)
    return f"{d.day} {d.strftime('%B %Y')}"


def format_date(value: str, precision: str) -> str:
    """A date in words, never more precise than its precision ('2013', 'May 2013', ...)."""
    if precision == "range":
        a, b = value.split("/")
        return f"some time between {_format_part(a)} and {_format_part(b)}"
    return _format_part(value)


# --------------------------------------------------------------------------
# Periods (eras, or year windows)
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    period_id: str
    label: str
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def years_period(years) -> Period:
    first, last = (int(y) for y in years)
    if last < first:
        raise ValueError(f"years {years!r}: the window ends before it starts")
    label = str(first) if first == last else f"{first}–{last}"
    return Period(f"years-{first}-{last}", label, dt.date(first, 1, 1), dt.date(last, 12, 31))


# --------------------------------------------------------------------------
# The data, joined once per widget
# --------------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(value)
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _records(frame) -> list[dict]:
    return [{k: (v if isinstance(v, tuple) else _text(v)) for k, v in row.items()}
            for row in frame.to_dict("records")]


@dataclass
class ArgumentData:
    """The four tables joined: plain lists and dicts, so filtering is cheap."""

    arguments: list[dict]
    stakeholders: dict[str, dict]
    themes: dict[str, dict]
    sources: dict[str, dict]
    positions: list[dict]
    periods: list[Period]
    from_eras: bool

    # -- look-ups -----------------------------------------------------------------------------
    def voice_label(self, sid: str) -> str:
        s = self.stakeholders[sid]
        label = s["name"]
        if s.get("kind") == "anonymous" and s.get("role"):
            label = f"{label}: {s['role']}"
        return label

    def voices(self) -> list[str]:
        """Stakeholders who make at least one argument, by group then name."""
        speaking = {a["stakeholder_id"] for a in self.arguments}
        order = list(GROUP_LABELS)
        return sorted((s for s in self.stakeholders if s in speaking),
                      key=lambda s: (order.index(self.stakeholders[s]["group"])
                                     if self.stakeholders[s]["group"] in order else len(order),
                                     self.stakeholders[s]["name"].lower(), s))

    def groups(self) -> list[str]:
        present = {self.stakeholders[s]["group"] for s in self.voices()}
        return [g for g in GROUP_LABELS if g in present] + sorted(present - set(GROUP_LABELS))

    def period(self, period_id: str) -> Period:
        for p in self.periods:
            if p.period_id == period_id:
                return p
        raise KeyError(period_id)

    def documents(self) -> list[dict]:
        """The source documents the arguments come from (sources with a seed file first)."""
        used = {a["source_id"] for a in self.arguments}
        return [s for sid, s in self.sources.items() if sid in used]

    def documents_span(self) -> tuple[int, int] | None:
        docs = self.documents()
        if not docs:
            return None
        windows = [date_window(d["date"], d["date_precision"]) for d in docs]
        return min(w[0] for w in windows).year, max(w[1] for w in windows).year


_CACHE: dict[tuple, ArgumentData] = {}
_FILES = ("sources.csv", "stakeholders.csv", "themes.csv", "arguments.csv", "positions.csv", "eras.csv")


def load_argument_data(data_dir=None) -> ArgumentData:
    """Load and join the argument tables (validated by ``helpers.data``).

    The joined result is cached per data folder and reused while none of its files changes
    (size and modification time), so the widgets of one notebook share one copy.
    """
    from . import data as D

    folder = Path(data_dir) if data_dir is not None else D.DATA_DIR
    stamp = [str(folder.resolve())]
    for name in _FILES:
        try:
            st = (folder / name).stat()
            stamp.append((name, st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            stamp.append((name, None))
    key = tuple(stamp)
    if key not in _CACHE:
        _CACHE.clear()  # keep one folder's data: tests point at many small folders
        _CACHE[key] = _load_argument_data(folder)
    return _CACHE[key]


def _load_argument_data(folder: Path) -> ArgumentData:
    from . import data as D

    sources = {r["source_id"]: r for r in _records(D.load("sources", folder))}
    stakeholders = {r["stakeholder_id"]: r for r in _records(D.load("stakeholders", folder))}
    themes = {r["theme_id"]: r for r in _records(D.load("themes", folder))}
    arguments = []
    for r in _records(D.load("arguments", folder)):
        r["mid"] = date_anchor(r["date"], r["date_precision"])
        r["when"] = format_date(r["date"], r["date_precision"])
        arguments.append(r)
    positions: list[dict] = []
    if "positions" in D.TABLES and (folder / D.TABLES["positions"].file).exists():
        positions = _records(D.load("positions", folder))
    from_eras = "eras" in D.TABLES and (folder / D.TABLES["eras"].file).exists()
    periods: list[Period] = []
    if from_eras:
        for e in _records(D.load("eras", folder)):
            start = date_window(e["start"], e["start_precision"])[0]
            if e.get("end"):
                end = date_window(e["end"], e["end_precision"])[1]
                span = f"{start.year}–{end.year}"
            else:
                end, span = dt.date.max, f"{start.year} onwards"
            periods.append(Period(e["era_id"], f"{e['label']} ({span})", start, end))
    else:  # no eras table: one period per calendar year in which an argument falls
        for year in sorted({a["mid"].year for a in arguments}):
            periods.append(years_period((year, year)))
    return ArgumentData(arguments, stakeholders, themes, sources, positions, periods, from_eras)


# --------------------------------------------------------------------------
# Rendering pieces (all escaped)
# --------------------------------------------------------------------------

def _wrap(body: str) -> str:
    return f'{CSS}<div class="juc-args">{body}</div>'


def message_html(text: str) -> str:
    return _wrap(f'<p class="juc-message" role="status">{esc(text)}</p>')


def source_html(source: dict, when: str = "") -> str:
    title = esc(source.get("title", ""))
    url = source.get("url", "")
    if url.startswith(("http://", "https://")):
        title = f'<a href="{esc(url)}" target="_blank" rel="noopener">{title}</a>'
    else:
        title = f"{title} (no public address)"
    bits = [title, esc(source.get("publisher", ""))]
    if when:
        bits.append(esc(when))
    return '<span class="juc-source">Source: ' + ", ".join(b for b in bits if b) + "</span>"


def words_html(arg: dict) -> str:
    """The speaker's words: a marked direct quote, or a note that the article reports the claim."""
    if arg["speech"] == "direct" and arg.get("quote"):
        return ('<blockquote class="juc-quote"><span class="juc-label">Direct quote: </span>'
                f'“{esc(arg["quote"])}”</blockquote>')
    return '<p class="juc-reported"><em>Reported by the article, not a direct quote.</em></p>'


def argument_html(data: ArgumentData, arg: dict, with_theme: bool = False) -> str:
    source = data.sources.get(arg["source_id"], {"title": arg["source_id"]})
    theme = ""
    if with_theme:
        t = data.themes.get(arg["theme_id"], {})
        theme = f'<p class="juc-meta"><strong>{esc(t.get("label", arg["theme_id"]))}</strong></p>'
    return (
        f'<div class="juc-arg" data-argument="{esc(arg["argument_id"])}" data-speech="{esc(arg["speech"])}">'
        f"{theme}"
        f'<p class="juc-meta">Date: {esc(arg["when"])}</p>'
        f'<p><strong>Position (our words):</strong> {esc(arg["stance"])}</p>'
        f"{words_html(arg)}"
        f'<p class="juc-meta">{source_html(source)}</p>'
        "</div>"
    )


def voice_header_html(data: ArgumentData, sid: str) -> str:
    s = data.stakeholders[sid]
    bits = [b for b in (s.get("role"), s.get("organisation")) if b and b != s["name"]]
    meta = esc(" · ".join(bits)) if bits else ""
    group = esc(GROUP_LABELS.get(s["group"], s["group"]))
    return (f'<h4>{esc(s["name"])}</h4>'
            + (f'<p class="juc-meta">{meta}</p>' if meta else "")
            + f'<p class="juc-meta">Group: {group}</p>')


def voice_card_html(data: ArgumentData, sid: str, args: list[dict], with_theme: bool = False) -> str:
    colour = GROUP_COLOURS.get(data.stakeholders[sid]["group"], style.GREY)
    body = "".join(argument_html(data, a, with_theme) for a in args)
    return (f'<div class="juc-card" data-voice="{esc(sid)}" style="--juc-group:{colour}">'
            f"{voice_header_html(data, sid)}{body}</div>")


def theme_header_html(data: ArgumentData, theme_id: str) -> str:
    t = data.themes[theme_id]
    origin = ""
    if t.get("origin") == CONSULTATION_ORIGIN:
        origin = (' <span class="juc-meta">(NHS England consultation, November 2020: '
                  "the question's own wording)</span>")
    return f'<h3>{esc(t["label"])}</h3><p><strong>Question:</strong> {esc(t["question"])}{origin}</p>'


def _by_voice(data: ArgumentData, args: list[dict]) -> dict[str, list[dict]]:
    order = {sid: i for i, sid in enumerate(data.voices())}
    out: dict[str, list[dict]] = {}
    for a in sorted(args, key=lambda a: (order.get(a["stakeholder_id"], 1e9), a["mid"], a["argument_id"])):
        out.setdefault(a["stakeholder_id"], []).append(a)
    return out


def theme_html(data: ArgumentData, theme_id: str, args: list[dict]) -> str:
    """Every voice's position on one theme, side by side (one card per voice)."""
    cards = "".join(voice_card_html(data, sid, items) for sid, items in _by_voice(data, args).items())
    return f'<section data-theme="{esc(theme_id)}">{theme_header_html(data, theme_id)}<div class="juc-cards">{cards}</div></section>'


def voice_html(data: ArgumentData, sid: str, args: list[dict]) -> str:
    """All of one voice's arguments, grouped by theme."""
    theme_order = list(data.themes)
    parts = [voice_header_html(data, sid)]
    by_theme: dict[str, list[dict]] = {}
    for a in sorted(args, key=lambda a: (theme_order.index(a["theme_id"]), a["mid"], a["argument_id"])):
        by_theme.setdefault(a["theme_id"], []).append(a)
    for tid, items in by_theme.items():
        parts.append(f'<section data-theme="{esc(tid)}">{theme_header_html(data, tid)}'
                     + "".join(argument_html(data, a) for a in items) + "</section>")
    return f'<div class="juc-card" data-voice="{esc(sid)}">' + "".join(parts) + "</div>"


def _n(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _count_line(args: list[dict]) -> str:
    voices = {a["stakeholder_id"] for a in args}
    direct = sum(a["speech"] == "direct" for a in args)
    return (f"{_n(len(args), 'argument')} from {_n(len(voices), 'voice')} "
            f"({_n(direct, 'direct quote')}, {len(args) - direct} reported by the article).")


# --------------------------------------------------------------------------
# Explorer
# --------------------------------------------------------------------------

class ArgumentExplorer:
    """Choose a theme or a voice; filter by era (or a year window) and by group.

    ``era`` is an era id from ``eras.csv`` (or a period id when there is no eras table);
    ``years=(first, last)`` presets a window of calendar years instead. ``theme``, ``voice``
    and ``group`` preset the other menus.
    """

    def __init__(self, theme=None, voice=None, era=None, years=None, group=None, data_dir=None):
        import ipywidgets as w

        self.data = load_argument_data(data_dir)
        d = self.data
        periods = list(d.periods)
        chosen = resolve_period(d, era, years)
        preset = chosen.period_id if chosen else ALL
        if chosen is not None and years is not None:
            periods.append(chosen)
        self._periods = {p.period_id: p for p in periods}
        for name, value, known in (("theme", theme, d.themes), ("voice", voice, d.stakeholders)):
            if value not in (None, ALL) and value not in known:
                raise ValueError(f"unknown {name} {value!r}")
        if group not in (None, ALL) and group not in GROUP_LABELS:
            raise ValueError(f"unknown group {group!r}; groups: {', '.join(GROUP_LABELS)}")
        if theme is None:
            theme = ALL if (preset != ALL or voice is not None) else next(iter(d.themes), ALL)

        self.theme = w.Dropdown(
            options=[("All themes", ALL)] + [(t["label"], tid) for tid, t in d.themes.items()],
            value=theme, description="Theme:", layout=w.Layout(width="460px"),
            style={"description_width": "70px"})
        self.voice = w.Dropdown(
            options=[("All voices", ALL)] + _unique_labels([(d.voice_label(s), s) for s in d.voices()]),
            value=voice or ALL, description="Voice:", layout=w.Layout(width="460px"),
            style={"description_width": "70px"})
        era_word = "Era" if d.from_eras else "Year"
        self.period = w.Dropdown(
            options=[(f"All {era_word.lower()}s", ALL)] + [(p.label, p.period_id) for p in periods],
            value=preset, description=f"{era_word}:", layout=w.Layout(width="460px"),
            style={"description_width": "70px"})
        self.group = w.Dropdown(
            options=[("All groups", ALL)] + [(GROUP_LABELS.get(g, g), g) for g in GROUP_LABELS],
            value=group or ALL, description="Group:", layout=w.Layout(width="460px"),
            style={"description_width": "70px"})
        self.output = w.HTML(self.render())
        for control in (self.theme, self.voice, self.period, self.group):
            control.observe(self._changed, names="value")
        self.widget = w.VBox([w.HBox([self.theme, self.voice]), w.HBox([self.period, self.group]),
                              self.output])

    # -- plain methods (tests call these) -----------------------------------------------------
    def in_period(self, period_id: str = None) -> list[dict]:
        pid = self.period.value if period_id is None else period_id
        if pid == ALL:
            return list(self.data.arguments)
        p = self._periods[pid]
        return [a for a in self.data.arguments if p.contains(a["mid"])]

    def rows(self) -> list[dict]:
        """The arguments the current menus select."""
        out = self.in_period()
        if self.theme.value != ALL:
            out = [a for a in out if a["theme_id"] == self.theme.value]
        if self.voice.value != ALL:
            out = [a for a in out if a["stakeholder_id"] == self.voice.value]
        if self.group.value != ALL:
            out = [a for a in out if self.data.stakeholders[a["stakeholder_id"]]["group"] == self.group.value]
        return out

    def render(self) -> str:
        d = self.data
        pid = self.period.value
        if pid != ALL and not self.in_period(pid):
            return message_html(no_voice_message(d, self._periods[pid]))
        args = self.rows()
        if not args:
            return message_html("No argument in the sources matches this choice ("
                                + self._describe() + "). Choose 'All' in one of the menus to widen it.")
        note = ""
        if pid != ALL:
            note = (f'<p class="juc-meta">{esc(self._periods[pid].label)}: arguments are placed in '
                    "an era by their date: a date known only to the year by the middle of that year, "
                    "an undated comment or response by the earliest day it can have been written.</p>")
        head = f'<p class="juc-meta" role="status">{esc(_count_line(args))}</p>{note}'
        if self.voice.value != ALL:
            return _wrap(head + voice_html(d, self.voice.value, args))
        if self.theme.value != ALL:
            return _wrap(head + theme_html(d, self.theme.value, args))
        by_theme: dict[str, list[dict]] = {}
        for a in args:
            by_theme.setdefault(a["theme_id"], []).append(a)
        return _wrap(head + "".join(theme_html(d, tid, by_theme[tid]) for tid in d.themes if tid in by_theme))

    def _describe(self) -> str:
        parts = []
        for control in (self.theme, self.voice, self.period, self.group):
            if control.value != ALL:
                label = dict((v, k) for k, v in control.options)[control.value]
                parts.append(f"{control.description.rstrip(':').lower()}: {label}")
        return "; ".join(parts) or "no filter"

    def _changed(self, change=None) -> None:
        self.output.value = self.render()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def _unique_labels(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    counts: dict[str, int] = {}
    for label, _ in pairs:
        counts[label] = counts.get(label, 0) + 1
    return [(f"{label} [{value}]" if counts[label] > 1 else label, value) for label, value in pairs]


def no_voice_message(data: ArgumentData, period: Period) -> str:
    span = data.documents_span()
    docs = len(data.documents())
    written = (f"the {docs} source documents were written between {span[0]} and {span[1]}"
               if span else "there are no source documents yet")
    return (f"No voice in the source documents speaks to {period.label}: {written}, "
            "so they record no argument from this period.")


def resolve_period(data: ArgumentData, era=None, years=None) -> Period | None:
    """The period an era id or a ``years=(first, last)`` window names (None: no filter)."""
    if years is not None:
        return years_period(years)
    if era is None or era == ALL:
        return None
    try:
        return data.period(era)
    except KeyError:
        raise ValueError(f"unknown era {era!r}; choose one of: "
                         + ", ".join(p.period_id for p in data.periods)) from None


def era_summary(era=None, years=None, data_dir=None) -> str:
    """One sentence for an era notebook: how many voices and arguments fall in the era."""
    d = load_argument_data(data_dir)
    period = resolve_period(d, era, years)
    args = [a for a in d.arguments if period is None or period.contains(a["mid"])]
    if period is not None and not args:
        return no_voice_message(d, period)
    label = period.label if period else "all periods"
    return f"{label}: " + _count_line(args)


def era_lines(data_dir=None) -> list[str]:
    """One line per era (or per year, without an eras table): what the sources say in it."""
    d = load_argument_data(data_dir)
    return [era_summary(era=p.period_id, data_dir=data_dir) for p in d.periods]


# --------------------------------------------------------------------------
# Static defaults (shown before each widget)
# --------------------------------------------------------------------------

def theme_table_html(theme_id: str, data_dir=None) -> str:
    """Every voice's position on one theme as a plain table (the default before the explorer)."""
    d = load_argument_data(data_dir)
    if theme_id not in d.themes:
        raise KeyError(f"no theme {theme_id!r}")
    args = [a for a in d.arguments if a["theme_id"] == theme_id]
    rows = []
    for sid, items in _by_voice(d, args).items():
        s = d.stakeholders[sid]
        for a in items:
            src = d.sources.get(a["source_id"], {})
            words = (f'<blockquote class="juc-quote"><span class="juc-label">Direct quote: </span>“{esc(a["quote"])}”</blockquote>'
                     if a["speech"] == "direct" else
                     '<span class="juc-reported"><em>Reported by the article, not a direct quote.</em></span>')
            rows.append(
                f'<tr data-argument="{esc(a["argument_id"])}" data-speech="{esc(a["speech"])}">'
                f'<td><strong>{esc(s["name"])}</strong><br><span class="juc-meta">{esc(s.get("role", ""))}</span></td>'
                f'<td>{esc(GROUP_LABELS.get(s["group"], s["group"]))}</td><td>{esc(a["when"])}</td>'
                f'<td>{esc(a["stance"])}</td><td>{words}</td><td>{source_html(src)}</td></tr>')
    t = d.themes[theme_id]
    head = "".join(f"<th>{h}</th>" for h in ("Voice", "Group", "Date", "Position (our words)",
                                             "Their words", "Source"))
    return _wrap(
        f'<table class="juc-table"><caption>{esc(t["label"])}: {esc(t["question"])}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def show_theme_table(theme_id: str, data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(theme_table_html(theme_id, data_dir)))


def consultation_table_html(data_dir=None) -> str:
    """The consultation's questions with every voice's answer (the default before WhereDoYouStand)."""
    d = load_argument_data(data_dir)
    qs = [t["theme_id"] for t in consultation_questions(d)]
    return "".join(theme_table_html(tid, data_dir) for tid in qs)


def show_consultation_table(data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(consultation_table_html(data_dir)))


def voices_table_html(data_dir=None) -> str:
    """Every voice: who, role, group, how many arguments (direct / reported), which documents."""
    d = load_argument_data(data_dir)
    rows = []
    for sid in d.voices():
        s = d.stakeholders[sid]
        mine = [a for a in d.arguments if a["stakeholder_id"] == sid]
        direct = sum(a["speech"] == "direct" for a in mine)
        docs = sorted({a["source_id"] for a in mine})
        doc_text = "; ".join(f"{d.sources[x]['publisher']} ({x})" for x in docs if x in d.sources)
        rows.append(
            f'<tr data-voice="{esc(sid)}"><td>{esc(s["name"])}</td><td>{esc(s.get("role", ""))}</td>'
            f'<td>{esc(GROUP_LABELS.get(s["group"], s["group"]))}</td><td>{len(mine)}</td><td>{direct}</td>'
            f'<td>{esc(doc_text)}</td></tr>')
    head = "".join(f"<th>{h}</th>" for h in ("Voice", "Role (as the document gives it)", "Group",
                                             "Arguments", "Direct quotes", "Documents"))
    return _wrap(f'<table class="juc-table"><caption>Every voice in the source documents '
                 f"({len(rows)})</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def show_voices_table(data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(voices_table_html(data_dir)))


def quotes_html(argument_ids, data_dir=None) -> str:
    """Chosen direct quotes, each with its speaker, role, date and source (the 'voices' section).

    Fails loudly on an unknown id or on a reported claim (which has no quote to show).
    """
    d = load_argument_data(data_dir)
    by_id = {a["argument_id"]: a for a in d.arguments}
    items = []
    for aid in argument_ids:
        if aid not in by_id:
            raise KeyError(f"no argument {aid!r}")
        a = by_id[aid]
        if a["speech"] != "direct" or not a.get("quote"):
            raise ValueError(f"{aid!r} is a reported claim, not a quote")
        s = d.stakeholders[a["stakeholder_id"]]
        role = f", {esc(s['role'])}" if s.get("role") else ""
        theme = d.themes[a["theme_id"]]["label"]
        items.append(
            f'<div class="juc-arg" data-argument="{esc(aid)}" data-speech="direct">'
            f'<p class="juc-meta"><strong>{esc(theme)}</strong></p>'
            f'<blockquote class="juc-quote"><span class="juc-label">Direct quote: </span>“{esc(a["quote"])}”</blockquote>'
            f'<p class="juc-meta">{esc(s["name"])}{role} ({esc(GROUP_LABELS.get(s["group"], s["group"]))}), '
            f'{esc(a["when"])}. {source_html(d.sources.get(a["source_id"], {}))}</p></div>')
    return _wrap("".join(items))


def show_quotes(argument_ids, data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(quotes_html(argument_ids, data_dir)))


def source_limits(data_dir=None) -> dict:
    """Counts that describe what the sources are (for the 'limits of the sources' section)."""
    d = load_argument_data(data_dir)
    docs = d.documents()
    voices = d.voices()
    kinds = [d.stakeholders[s].get("kind", "") for s in voices]
    return {
        "documents": len(docs),
        "span": d.documents_span(),
        "publishers": sorted({x["publisher"] for x in docs}),
        "documents_by_publisher": {p: sum(x["publisher"] == p for x in docs)
                                   for p in sorted({x["publisher"] for x in docs})},
        "voices": len(voices),
        "people": kinds.count("person"),
        "organisations": kinds.count("organisation"),
        "anonymous": kinds.count("anonymous"),
        "themes": len(d.themes),
        "themes_addressed": len({a["theme_id"] for a in d.arguments}),
        "arguments": len(d.arguments),
        "direct": sum(a["speech"] == "direct" for a in d.arguments),
        "reported": sum(a["speech"] == "reported" for a in d.arguments),
        "single_voice_themes": [
            (t["label"], d.stakeholders[next(iter(v))]["name"])
            for tid, t in d.themes.items()
            if len(v := {a["stakeholder_id"] for a in d.arguments if a["theme_id"] == tid}) == 1],
        "arguments_by_group": {GROUP_LABELS.get(g, g): sum(d.stakeholders[a["stakeholder_id"]]["group"] == g
                                                           for a in d.arguments) for g in d.groups()},
    }


def limits_lines(data_dir=None) -> list[str]:
    """The limits of the sources, in sentences built from the counts."""
    c = source_limits(data_dir)
    span = f"{c['span'][0]} to {c['span'][1]}" if c["span"] else "no dates"
    by_pub = "; ".join(f"{n} from {p}" for p, n in c["documents_by_publisher"].items())
    by_group = "; ".join(f"{g}: {n}" for g, n in c["arguments_by_group"].items())
    single = "; ".join(f"{label} ({who})" for label, who in c["single_voice_themes"]) or "none"
    return [
        f"Documents: {c['documents']} ({by_pub}), written {span}.",
        f"Voices: {c['voices']} ({_n(c['people'], 'named person', 'named people')}, "
        f"{_n(c['organisations'], 'organisation')} speaking as such, "
        f"{_n(c['anonymous'], 'anonymous reader comment')}).",
        f"Arguments: {c['arguments']} on {c['themes_addressed']} of {c['themes']} questions "
        f"({_n(c['direct'], 'direct quote')}, {c['reported']} reported by the article).",
        f"Arguments by group: {by_group}.",
        f"Questions only one voice addresses: {single}.",
    ]


def cited_source_ids(data_dir=None) -> list[str]:
    """The documents the arguments cite, oldest first (for the reference list)."""
    d = load_argument_data(data_dir)
    docs = d.documents()
    docs.sort(key=lambda s: (date_window(s["date"], s["date_precision"])[0], s["source_id"]))
    return [s["source_id"] for s in docs]


# --------------------------------------------------------------------------
# Compare two voices
# --------------------------------------------------------------------------

def compare_voices(data: ArgumentData, a: str, b: str) -> dict[str, list[str]]:
    """Themes both voices address, and the themes only one of them does (in theme order)."""
    for sid in (a, b):
        if sid not in data.stakeholders:
            raise KeyError(f"no voice {sid!r}")
    ta = {x["theme_id"] for x in data.arguments if x["stakeholder_id"] == a}
    tb = {x["theme_id"] for x in data.arguments if x["stakeholder_id"] == b}
    order = list(data.themes)
    return {"shared": [t for t in order if t in ta & tb],
            "only_a": [t for t in order if t in ta - tb],
            "only_b": [t for t in order if t in tb - ta]}


def compare_html(data: ArgumentData, a: str, b: str) -> str:
    if a == b:
        return message_html("Choose two different voices to compare.")
    c = compare_voices(data, a, b)

    def cell(sid, tid):
        items = sorted((x for x in data.arguments if x["stakeholder_id"] == sid and x["theme_id"] == tid),
                       key=lambda x: (x["mid"], x["argument_id"]))
        return "".join(argument_html(data, x) for x in items)

    name_a, name_b = esc(data.voice_label(a)), esc(data.voice_label(b))
    parts = [f'<p class="juc-meta" role="status">{len(c["shared"])} question(s) both address; '
             f'{len(c["only_a"])} only {name_a} addresses; {len(c["only_b"])} only {name_b} addresses.</p>']
    if c["shared"]:
        rows = "".join(
            f'<tr data-theme="{esc(t)}"><td><strong>{esc(data.themes[t]["label"])}</strong><br>'
            f'{esc(data.themes[t]["question"])}</td><td>{cell(a, t)}</td><td>{cell(b, t)}</td></tr>'
            for t in c["shared"])
        parts.append(f'<table class="juc-table juc-shared"><caption>Questions both address</caption>'
                     f"<thead><tr><th>Question</th><th>{name_a}</th><th>{name_b}</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
    else:
        parts.append('<p class="juc-message">These two voices address no question in common.</p>')
    for key, sid, name in (("only_a", a, name_a), ("only_b", b, name_b)):
        if c[key]:
            items = "".join(f'<li data-theme="{esc(t)}"><strong>{esc(data.themes[t]["label"])}</strong>'
                            f'{cell(sid, t)}</li>' for t in c[key])
            parts.append(f'<h4>Only {name} addresses</h4><ul class="juc-only" data-voice="{esc(sid)}">{items}</ul>')
        else:
            parts.append(f'<h4>Only {name} addresses</h4><p data-voice="{esc(sid)}">No question that the other does not.</p>')
    return _wrap(f'<h3>{name_a} and {name_b}</h3>' + "".join(parts))


class VoiceComparison:
    """Two voices side by side on every theme they both address, and the themes only one does."""

    def __init__(self, a=None, b=None, data_dir=None):
        import ipywidgets as w

        self.data = load_argument_data(data_dir)
        voices = self.data.voices()
        if len(voices) < 2:
            raise ValueError("comparing needs at least two voices in arguments.csv")
        a = a or _busiest_voice(self.data)
        b = b or _closest_partner(self.data, a)
        options = _unique_labels([(self.data.voice_label(s), s) for s in voices])
        self.a = w.Dropdown(options=options, value=a, description="Voice A:", layout=w.Layout(width="460px"))
        self.b = w.Dropdown(options=options, value=b, description="Voice B:", layout=w.Layout(width="460px"))
        self.output = w.HTML(self.render())
        self.a.observe(self._changed, names="value")
        self.b.observe(self._changed, names="value")
        self.widget = w.VBox([w.HBox([self.a, self.b]), self.output])

    def compare(self) -> dict[str, list[str]]:
        return compare_voices(self.data, self.a.value, self.b.value)

    def render(self) -> str:
        return compare_html(self.data, self.a.value, self.b.value)

    def _changed(self, change=None) -> None:
        self.output.value = self.render()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def _busiest_voice(data: ArgumentData) -> str:
    counts: dict[str, int] = {}
    for x in data.arguments:
        counts[x["stakeholder_id"]] = counts.get(x["stakeholder_id"], 0) + 1
    return max(data.voices(), key=lambda s: (counts.get(s, 0), -data.voices().index(s)))


def _closest_partner(data: ArgumentData, a: str) -> str:
    others = [s for s in data.voices() if s != a]
    return max(others, key=lambda s: (len(compare_voices(data, a, s)["shared"]), -others.index(s)))


def show_comparison(a: str, b: str, data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(compare_html(load_argument_data(data_dir), a, b)))


# --------------------------------------------------------------------------
# Position map
# --------------------------------------------------------------------------

JITTER_RADIUS = 0.16


def placed_points(data: ArgumentData) -> list[dict]:
    """Each placed voice with its plotted position: voices at the same spot are spread evenly
    on a small circle around it (deterministic, in stakeholder order), so none hides another."""
    spots: dict[tuple[float, float], list[dict]] = {}
    for p in sorted(data.positions, key=lambda p: p["stakeholder_id"]):
        spots.setdefault((float(p["x"]), float(p["y"])), []).append(p)
    points = []
    for (x, y), group in spots.items():
        n = len(group)
        for i, p in enumerate(group):
            dx = dy = 0.0
            if n > 1:
                angle = math.pi / 4 + 2 * math.pi * i / n
                dx, dy = JITTER_RADIUS * math.cos(angle), JITTER_RADIUS * math.sin(angle)
            s = data.stakeholders[p["stakeholder_id"]]
            points.append({**p, "x": x, "y": y, "px": x + dx, "py": y + dy, "name": s["name"],
                           "role": s.get("role", ""), "group": s["group"], "shared_spot": n > 1})
    return points


def plotly_esc(value) -> str:
    """``esc`` for plotly's text and hover labels: plotly's SVG text decodes numeric entities
    and &amp;/&lt;/&gt; but shows ``&quot;`` literally, so the quote mark goes numeric."""
    return esc(value).replace("&quot;", "&#34;")


def _hover_lines(text: str, width: int = 70) -> str:
    return "<br>".join(plotly_esc(line) for line in textwrap.wrap(text, width)) or ""


def hover_text(data: ArgumentData, p: dict) -> str:
    src = data.sources.get(p["source_id"], {})
    role = f"<br>{_hover_lines(p['role'])}" if p.get("role") else ""
    shared = "<br><i>(shares this spot with another voice; spread slightly so both show)</i>" if p["shared_spot"] else ""
    return (
        f"<b>{plotly_esc(p['name'])}</b>{role}<br>{plotly_esc(GROUP_LABELS.get(p['group'], p['group']))}<br>"
        f"<br><b>{plotly_esc(AXES['x']['title'])}: {p['x']:+g}</b><br>{_hover_lines(p['justification_x'])}"
        f"<br><br><b>{plotly_esc(AXES['y']['title'])}: {p['y']:+g}</b><br>{_hover_lines(p['justification_y'])}"
        f"<br><br>Source: {_hover_lines(src.get('title', p['source_id']))}{shared}"
    )


def point_label(name: str, width: int = 18) -> str:
    """A short on-map label: a trailing bracket dropped, wrapped onto at most two lines."""
    short = re.sub(r"\s*\([^()]*\)$", "", name).strip() or name
    lines = textwrap.wrap(short, width)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
    return "<br>".join(plotly_esc(line) for line in lines)


def position_figure(data: ArgumentData | None = None, data_dir=None, widget: bool = False):
    """The position map: one trace per group (colour and shape), hover gives the justification."""
    import plotly.graph_objects as go

    data = data or load_argument_data(data_dir)
    points = placed_points(data)
    fig = go.Figure()
    for g in GROUP_LABELS:
        mine = [p for p in points if p["group"] == g]
        if not mine:
            continue
        fig.add_trace(go.Scatter(
            x=[p["px"] for p in mine], y=[p["py"] for p in mine], mode="markers+text",
            name=GROUP_LABELS[g], meta=g,
            text=[point_label(p["name"]) for p in mine],
            textposition=["bottom center" if p["py"] < p["y"] else "top center" for p in mine],
            textfont={"size": 11},
            hovertext=[hover_text(data, p) for p in mine],
            hovertemplate="%{hovertext}<extra></extra>",
            customdata=[p["stakeholder_id"] for p in mine],
            marker={"color": GROUP_COLOURS[g], "symbol": GROUP_SYMBOLS[g], "size": 13,
                    "line": {"width": 1, "color": "#ffffff"}},
        ))
    ticks = [-2, -1, 0, 1, 2]
    style.apply(fig, "Where the voices stand: decisions and joining up",
                f"{AXES['x']['title']} (−2 to +2)", f"{AXES['y']['title']} (−2 to +2)", height=580)
    fig.update_xaxes(range=[-2.7, 2.7], tickvals=ticks, zeroline=True, zerolinecolor=style.GREY,
                     ticktext=[f"−2<br>{AXES['x']['low']}", "−1", "0", "+1", f"+2<br>{AXES['x']['high']}"])
    fig.update_yaxes(range=[-2.7, 2.7], tickvals=ticks, zeroline=True, zerolinecolor=style.GREY,
                     ticktext=[f"{AXES['y']['low']} −2", "−1", "0", "+1",
                               "organisational<br>integration +2"])
    fig.update_layout(legend={"title": {"text": "Group"}}, hoverlabel={"align": "left"},
                      margin={"l": 150})
    if widget and _has_anywidget():
        return go.FigureWidget(fig)
    return fig


def _has_anywidget() -> bool:
    """plotly's FigureWidget needs ``anywidget`` (not in the lock). Checked without importing
    ``go.FigureWidget``, whose import pulls in plotly.io's renderers and nbformat."""
    import importlib.util

    return importlib.util.find_spec("anywidget") is not None


def position_summary(data: ArgumentData | None = None, group: str = ALL, data_dir=None) -> str:
    data = data or load_argument_data(data_dir)
    pts = [p for p in data.positions
           if group == ALL or data.stakeholders[p["stakeholder_id"]]["group"] == group]
    where = "" if group == ALL else f" ({GROUP_LABELS.get(group, group)})"
    if not pts:
        return f"No voices{where} are placed on the map."
    xs, ys = [float(p["x"]) for p in pts], [float(p["y"]) for p in pts]
    return (f"{_n(len(pts), 'voice')}{where} placed: {sum(x < 0 for x in xs)} towards decisions at "
            f"{AXES['x']['low']}, {sum(x > 0 for x in xs)} towards {AXES['x']['high']}, "
            f"{sum(x == 0 for x in xs)} in between; {sum(y < 0 for y in ys)} towards "
            f"{AXES['y']['low']}, {sum(y > 0 for y in ys)} towards {AXES['y']['high']}, "
            f"{sum(y == 0 for y in ys)} in between.")


def show_position_map(data_dir=None) -> None:
    """The static default: the map with its one-line summary."""
    data = load_argument_data(data_dir)
    style.show(position_figure(data), position_summary(data))


def _figure_bundle(fig) -> dict:
    bundle = getattr(style, "figure_bundle", None)
    if bundle is not None:
        return bundle(fig)
    import json

    return {"application/vnd.plotly.v1+json": json.loads(fig.to_json(validate=False)),
            "text/plain": f"[Interactive figure: {fig.layout.title.text}]"}


class PositionMap:
    """The position map with a group filter that updates the same figure in place.

    ``figure`` is one plotly figure whose traces are shown or hidden by the filter. It is a
    ``FigureWidget`` when ``anywidget`` is installed; otherwise (the collection's lock) a
    ``Figure`` shown in an ``Output`` widget whose ``outputs`` are replaced on each change.
    Setting ``outputs`` rather than ``with out: display(...)`` works from widget callbacks in
    JupyterLab and avoids an nbclient stall when a cell writes into an ``Output``
    (jupyter/nbclient#312), which would hold up ``nbtools execute`` and Voila.
    """

    def __init__(self, group=ALL, data_dir=None):
        import ipywidgets as w

        self.data = load_argument_data(data_dir)
        self.figure = position_figure(self.data, widget=True)
        self.is_figure_widget = isinstance(self.figure, w.DOMWidget)
        groups = [t.meta for t in self.figure.data]
        self.group = w.Dropdown(options=[("All groups", ALL)] + [(GROUP_LABELS[g], g) for g in groups],
                                value=ALL, description="Group:", layout=w.Layout(width="420px"))
        self.summary = w.HTML()
        self.out = None if self.is_figure_widget else w.Output()
        self.group.observe(self._changed, names="value")
        self.widget = w.VBox([self.group, self.summary, self.figure if self.is_figure_widget else self.out])
        self.set_group(group)

    def set_group(self, group: str) -> None:
        if group != ALL and group not in GROUP_LABELS:
            raise ValueError(f"unknown group {group!r}")
        if self.group.value != group:
            self.group.value = group  # observer calls back here
            return
        self._apply(group)

    def visible_voices(self) -> list[str]:
        return [sid for t in self.figure.data if t.visible is not False for sid in t.customdata]

    def _apply(self, group: str) -> None:
        with self.figure.batch_update():
            for t in self.figure.data:
                t.visible = group == ALL or t.meta == group
        text = position_summary(self.data, group)
        self.summary.value = f'<p class="juc-summary"><strong>In short:</strong> {esc(text)}</p>'
        self._redraw()

    def _redraw(self) -> None:
        if self.out is None:
            return
        self.out.outputs = ({"output_type": "display_data", "data": _figure_bundle(self.figure),
                             "metadata": {}},)

    def _changed(self, change=None) -> None:
        self._apply(self.group.value)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


# --------------------------------------------------------------------------
# Where do you stand
# --------------------------------------------------------------------------

def _md(text) -> str:
    """Text for Markdown: HTML-significant characters escaped so a renderer shows them as text."""
    return html.escape(_text(text), quote=False)


def _md_quote(text: str) -> str:
    return "\n".join(f"> {line}" for line in _md(text).splitlines() or [""])


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

    def __init__(self, folder: str = DEFAULT_LOG_FOLDER, data_dir=None, today: dt.date | None = None):
        import ipywidgets as w

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
        self.status = w.HTML(
            "<p><em>The entry is saved as a Markdown file on this computer only; nothing is sent anywhere.</em></p>")
        for control in [*self.choices.values(), *self.comments.values(), self.x, self.y]:
            control.observe(self._changed, names="value")
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
                    lines += ["", "  Direct quote:", "", "  " + _md_quote("“" + a["quote"] + "”").replace("\n", "\n  "), ""]
                else:
                    lines.append("  Reported by the article, not a direct quote.")
                lines.append(f"  Source: {_md(src.get('title', a['source_id']))} ({_md(src.get('publisher', ''))}) [{a['source_id']}]")
            lines.append("")
        lines += ["## Where I sit on the two axes", "",
                  f"- {AXES['x']['title']} ({AXES['x']['low']} −2 … {AXES['x']['high']} +2): {self.x.value:+g}",
                  f"- {AXES['y']['title']} ({AXES['y']['low']} −2 … {AXES['y']['high']} +2): {self.y.value:+g}", ""]
        near = self.nearest()
        if near:
            lines += ["The voices nearest to me on the map:", ""]
            for n, (p, dist) in enumerate(near, start=1):
                s = d.stakeholders[p["stakeholder_id"]]
                if p["source_id"] not in cited:
                    cited.append(p["source_id"])
                lines.append(f"{n}. **{_md(s['name'])}** at ({float(p['x']):+g}, {float(p['y']):+g}), "
                             f"distance {dist:.1f}. {_md(p['justification_x'])} {_md(p['justification_y'])} [{p['source_id']}]")
            lines.append("")
        lines += ["## Reflection", ""]
        for title, box in (("What I read", self.read), ("What I think", self.think), ("What I will do", self.will)):
            lines += [f"### {title}", "", _md(box.value.strip()) or "(not written)", ""]
        lines += ["## Sources cited", ""]
        for n, sid in enumerate(cited, start=1):
            src = d.sources.get(sid, {})
            when = format_date(src["date"], src["date_precision"]) if src.get("date") else ""
            url = f" {src['url']}" if src.get("url") else " (no public address)"
            lines.append(f"{n}. {_md(src.get('title', sid))}. {_md(src.get('publisher', ''))}, {_md(when)}.{_md(url)} [{sid}]")
        lines += ["", "_Positions are the collection's summaries in its own words; quotes are verbatim "
                  "from the documents cited._", ""]
        return "\n".join(lines)

    def path_for(self, folder) -> Path:
        """A new file name in ``folder``: date and slug, with -2, -3, ... rather than overwrite."""
        today = self.today or dt.date.today()
        base = f"{today.isoformat()}-{self.LOG_NAME}"
        folder = Path(folder).expanduser()
        candidate = folder / f"{base}.md"
        n = 2
        while candidate.exists():
            candidate = folder / f"{base}-{n}.md"
            n += 1
        return candidate

    def save(self, folder=None) -> Path:
        """Write the entry as Markdown in ``folder`` (created if absent). Never overwrites."""
        target = Path(folder if folder is not None else self.folder.value.strip() or DEFAULT_LOG_FOLDER).expanduser()
        target.mkdir(parents=True, exist_ok=True)
        text = self.markdown()
        while True:
            path = self.path_for(target)
            try:
                with open(path, "x", encoding="utf-8") as fh:  # 'x': fail rather than overwrite
                    fh.write(text)
                return path
            except FileExistsError:  # appeared since we looked: take the next number
                continue

    def _save_clicked(self, _button=None) -> None:
        try:
            path = self.save()
        except OSError as exc:
            self.status.value = f"<p><strong>Not saved:</strong> {esc(exc)}</p>"
            return
        self.status.value = (f"<p>Saved on this computer as <code>{esc(path)}</code>. "
                             "Nothing was sent anywhere.</p>")

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
